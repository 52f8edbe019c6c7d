import { CalendarSchema, ConfirmCalendarYearBodySchema, ImportCalendarYearBodySchema } from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { confirmCalendarYear, getCalendar, readCalendarFile } from './calendar.service';

const EXAMPLE_NOTICE = '国办发明电〔2026〕9号';

/**
 * 工作日历 (Rules Art. 12, SPEC C6): the provincial bureau (platform operator) enters each year's 放假 and 调休上班 days
 * from the State Council's notice, typed or imported from a CSV or iCalendar file; confirming a year recomputes the
 * provisional due dates in the background.
 */
export function registerCalendarRoutes(router: ConsoleRouter): void {
  const operator = { permission: 'platform.operator', scope: 'all' } as const;
  router.route(
    {
      ...operator,
      method: 'GET',
      url: '/calendar',
      operationId: 'getCalendar',
      errors: [],
      summary: '工作日历：已确认的年度节假日安排',
    },
    { response: CalendarSchema, handler: async ({ db }) => getCalendar(db) },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/calendar/years',
      audit: 'calendar.year-confirmed',
      operationId: 'confirmCalendarYear',
      errors: ['CALENDAR_YEAR_INVALID', 'CALENDAR_YEAR_CONFIRMED'],
      summary: '录入并确认某一年度的放假与调休上班安排',
      exampleBody: {
        year: 2027,
        noticeNumber: EXAMPLE_NOTICE,
        entries: [{ from: '2027-01-01', to: '2027-01-03', kind: 'holiday', note: '元旦' }],
      },
    },
    {
      body: ConfirmCalendarYearBodySchema,
      response: CalendarSchema,
      handler: async ({ db, actor, body, audit }) => {
        Object.assign(audit, { objectType: 'calendar-year', objectId: body.year });
        const counts = await confirmCalendarYear(db, actor, {
          year: body.year,
          noticeNumber: body.noticeNumber,
          source: '控制台录入',
          entries: body.entries.map((entry, index) => ({
            from: entry.from,
            to: entry.to || entry.from,
            kind: entry.kind,
            note: entry.note || null,
            where: `第 ${index + 1} 条`,
          })),
        });
        audit.details = { noticeNumber: body.noticeNumber, ...counts };
        return getCalendar(db);
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/calendar/imports',
      audit: 'calendar.year-confirmed',
      operationId: 'importCalendarYear',
      errors: ['CALENDAR_YEAR_INVALID', 'CALENDAR_YEAR_CONFIRMED'],
      summary: '从 CSV 或 iCalendar 文件导入并确认某一年度的节假日安排',
      exampleBody: {
        year: 2028,
        noticeNumber: EXAMPLE_NOTICE,
        format: 'csv',
        fileName: '2028.csv',
        content: '日期,类型,说明\n2028-01-01,放假,元旦\n',
      },
    },
    {
      body: ImportCalendarYearBodySchema,
      response: CalendarSchema,
      handler: async ({ db, actor, body, audit }) => {
        Object.assign(audit, {
          objectType: 'calendar-year',
          objectId: body.year,
          details: { fileName: body.fileName },
        });
        const entries = readCalendarFile(body);
        const counts = await confirmCalendarYear(db, actor, {
          year: body.year,
          noticeNumber: body.noticeNumber,
          source: `导入 ${body.fileName}`,
          entries,
        });
        audit.details = { noticeNumber: body.noticeNumber, fileName: body.fileName, ...counts };
        return getCalendar(db);
      },
    },
  );
}
