import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, openSession, type TestSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';
import { loadWorkingDayCalendar, nextYearProvisional, seedCalendarFromLibrary } from './calendar.service';

let database: DatabaseHandle;
let app: FastifyInstance;
let operator: TestSession;
let clerk: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const province = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const session = async (permissions: Parameters<typeof createAccount>[1]['permissions']) =>
    openSession(
      database.db,
      (await createAccount(database.db, { agencyId: Number(province.id), permissions, displayName: '省局运营王五' }))
        .id,
    );
  operator = await session(['platform.operator']);
  clerk = await session(['record.submit', 'record.query']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('working-day calendar seeded from chinese-days', () => {
  it('seeds every known year once, and a second seed adds nothing', async () => {
    const first = await seedCalendarFromLibrary(database.db);
    expect(first).toContain(2026);
    expect(first).not.toContain(2027);
    expect(await seedCalendarFromLibrary(database.db)).toEqual([]);
  });

  it('knows 2026-10-01 (国庆节) is a holiday and 2026-10-10 (调休) is a working day', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
  });

  it('computes the Art. 12 deadline of 20 working days across the National Day holiday', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    // Arose Mon 2026-09-28; counting starts the next day: 29, 30 Sep (2); 1–7 Oct off; 8, 9, 10 (Sat, 调休) Oct (5);
    // 12–16 (10), 19–23 (15), 26–30 Oct (20) → due 30 Oct. Plain weekdays would have given 26 Oct.
    expect(calendar.addWorkingDays('2026-09-28', 20)).toEqual({ date: '2026-10-30', provisional: false });
  });

  it('marks a deadline in a year without holiday data as provisional', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    expect(calendar.addWorkingDays('2026-12-20', 20).provisional).toBe(true);
    expect(calendar.addWorkingDays('2026-11-02', 5).provisional).toBe(false);
  });
});

/** What a refused entry must leave behind: nothing of 2027, and no recomputation queued. */
async function nothingOf2027Stored() {
  const years = await database.db.selectFrom('calendarYears').select('year').where('year', '=', 2027).execute();
  const days = await database.db
    .selectFrom('calendarDays')
    .select('date')
    .where('date', '>=', '2027-01-01')
    .where('date', '<=', '2027-12-31')
    .execute();
  const jobs = await database.db
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', 'calendar.recompute-deadlines')
    .execute();
  expect({ years, days, jobs }).toEqual({ years: [], days: [], jobs: [] });
}

const NOTICE = '国办发明电〔2026〕9号';

describe('the bureau maintains the calendar in the console (C6, Art. 12)', () => {
  it('warns from 1 November while next year is provisional, in the console and in /readyz', async () => {
    expect(await nextYearProvisional(database.db, '2026-10-31')).toEqual({ nextYear: 2027, provisional: false });
    expect(await nextYearProvisional(database.db, '2026-11-01')).toEqual({ nextYear: 2027, provisional: true });
    expect(await nextYearProvisional(database.db, '2025-11-01')).toEqual({ nextYear: 2026, provisional: false });
    const calendar = (await consoleCall(app, operator, 'GET', '/calendar')).json();
    const expected = await nextYearProvisional(database.db);
    expect(calendar).toMatchObject({ nextYear: expected.nextYear, nextYearProvisional: expected.provisional });
    // chinese-days knows 2004–2026, newest first.
    expect(calendar.years.map((year: { year: number }) => year.year).slice(0, 3)).toEqual([2026, 2025, 2024]);
    expect(calendar.years[0]).toMatchObject({ source: 'chinese-days 1.5.7', noticeNumber: null, recompute: null });
    expect(calendar.years[0].days).toContainEqual({ date: '2026-10-01', kind: 'holiday', note: '国庆节' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().details).toEqual(
      expected.provisional ? { calendar: { nextYear: expected.nextYear, nextYearProvisional: true } } : undefined,
    );
  });

  it('keeps the calendar to the operator', async () => {
    expect((await consoleCall(app, clerk, 'GET', '/calendar')).statusCode).toBe(403);
    const refused = await consoleCall(app, clerk, 'POST', '/calendar/years', {
      year: 2027,
      noticeNumber: NOTICE,
      entries: [{ from: '2027-01-01', kind: 'holiday' }],
    });
    expect(refused.statusCode).toBe(403);
    await nothingOf2027Stored();
  });

  it('refuses bad input with a Chinese message naming the entry or row, storing nothing', async () => {
    const enter = (body: object) => consoleCall(app, operator, 'POST', '/calendar/years', { year: 2027, ...body });
    const outside = await enter({
      noticeNumber: NOTICE,
      entries: [
        { from: '2027-01-01', to: '2027-01-03', kind: 'holiday', note: '元旦' },
        { from: '2028-01-01', kind: 'holiday' },
      ],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({
      code: 'CALENDAR_YEAR_INVALID',
      message: '2027 年的节假日安排有误：第 2 条：2028-01-01 不在 2027 年内',
    });

    const both = await enter({
      noticeNumber: NOTICE,
      entries: [
        { from: '2027-02-06', to: '2027-02-12', kind: 'holiday', note: '春节' },
        { from: '2027-02-07', kind: 'workday' },
      ],
    });
    expect(both.json().error.message).toBe(
      '2027 年的节假日安排有误：第 2 条：2027-02-07 不能既是放假又是调休上班（另见第 1 条）',
    );

    const noNotice = await enter({ noticeNumber: '  ', entries: [{ from: '2027-01-01', kind: 'holiday' }] });
    expect(noNotice.statusCode).toBe(400);
    expect(noNotice.json().error.message).toContain('请填写国务院办公厅节假日安排通知的文号');

    const duplicate = await consoleCall(app, operator, 'POST', '/calendar/imports', {
      year: 2027,
      noticeNumber: NOTICE,
      format: 'csv',
      fileName: '2027.csv',
      content: '日期,类型,说明\n2027-01-01,放假,元旦\n2027-01-02,放假,元旦\n2027/1/1,放假,元旦\n',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.message).toBe('2027 年的节假日安排有误：第 4 行：2027-01-01 与第 2 行重复');
    const badKind = await consoleCall(app, operator, 'POST', '/calendar/imports', {
      year: 2027,
      noticeNumber: NOTICE,
      format: 'csv',
      fileName: '2027.csv',
      content: '日期,类型\n2027-01-01,休假\n',
    });
    expect(badKind.json().error.message).toBe('文件“2027.csv”有误：第 2 行：类型“休假”应为“放假”或“调休上班”');
    await nothingOf2027Stored();
    const failures = await database.db
      .selectFrom('auditLog')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'calendar.year-confirmed')
      .where('result', '=', 'failure')
      .executeTakeFirstOrThrow();
    // Every refusal the service made is audited; the empty notice number is refused by the schema before the handler.
    expect(Number(failures.n)).toBe(4);
  });

  it('confirms a year imported from an iCalendar file with its notice number, audited, and queues the recomputation', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270104',
      'SUMMARY:元旦 放假',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270206',
      'DTEND;VALUE=DATE:20270213',
      'SUMMARY:春节 放假',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270214',
      'SUMMARY:春节 调休上班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const response = await consoleCall(app, operator, 'POST', '/calendar/imports', {
      year: 2027,
      noticeNumber: NOTICE,
      format: 'ics',
      fileName: '2027.ics',
      content: ics,
    });
    expect(response.statusCode, response.body).toBe(200);
    const year = response.json().years.find((row: { year: number }) => row.year === 2027);
    expect(year).toMatchObject({
      source: '导入 2027.ics',
      noticeNumber: NOTICE,
      confirmedBy: '省局运营王五',
      recompute: 'pending',
    });
    expect(year.days).toHaveLength(11);
    expect(year.days).toContainEqual({ date: '2027-02-14', kind: 'workday', note: '春节 调休上班' });
    const calendar = await loadWorkingDayCalendar(database.db);
    expect(calendar.isKnownYear(2027)).toBe(true);
    expect(calendar.addWorkingDays('2026-12-15', 20)).toEqual({ date: '2027-01-13', provisional: false });
    expect(await nextYearProvisional(database.db, '2026-12-06')).toEqual({ nextYear: 2027, provisional: false });

    const audit = await database.db
      .selectFrom('auditLog')
      .select(['objectType', 'objectId', 'details'])
      .where('action', '=', 'calendar.year-confirmed')
      .where('result', '=', 'success')
      .execute();
    expect(audit).toEqual([
      {
        objectType: 'calendar-year',
        objectId: '2027',
        details: { noticeNumber: NOTICE, fileName: '2027.ics', holidays: 10, workdays: 1 },
      },
    ]);
    const jobs = await database.db
      .selectFrom('jobs')
      .select(['payload', 'status'])
      .where('name', '=', 'calendar.recompute-deadlines')
      .execute();
    expect(jobs).toEqual([{ payload: { year: 2027 }, status: 'pending' }]);

    const again = await consoleCall(app, operator, 'POST', '/calendar/years', {
      year: 2027,
      noticeNumber: NOTICE,
      entries: [{ from: '2027-01-01', kind: 'holiday' }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(`2027 年的节假日安排已确认（${NOTICE}），不能重复录入`);
  });
});
