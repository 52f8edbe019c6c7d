import type { CalendarDto, CalendarYearDto, ImportCalendarYearBody } from '@gzcredit/contracts';
import { type CalendarEntry, checkCalendarYear, chinaToday, WorkingDayCalendar } from '@gzcredit/domain';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Db } from '../../platform/database';
import { isUniqueViolation } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { enqueueJob } from '../../platform/jobs';
import type { Actor } from '../../platform/sessions';
import { readCalendarCsv, readCalendarIcs } from './calendar.files';
import {
  findCalendarYear,
  insertCalendarYear,
  listCalendarDays,
  listCalendarYears,
  listJobStatusByYear,
  listKnownYears,
} from './calendar.repository';

const LIBRARY_SOURCE = 'chinese-days 1.5.7';

/**
 * `calendar.recompute-deadlines` `{ year }`: after a year is confirmed, every provisional due date and every lateness
 * figure that depends on the year is computed again (the records module owns the handler: it owns the records).
 */
export const RECOMPUTE_DEADLINES_JOB = 'calendar.recompute-deadlines';

/** `"National Day,国庆节,3"` → `国庆节`. */
function holidayNote(value: string): string {
  return value.split(',')[1] ?? value;
}

/**
 * Seeds the calendar with every year the chinese-days package knows and the table does not yet hold. Years it does not
 * know (it stops at 2026) are entered by the provincial bureau; until then deadlines reaching them are provisional.
 */
export async function seedCalendarFromLibrary(db: Db): Promise<number[]> {
  const known = new Set(await listKnownYears(db));
  const byYear = new Map<number, { date: string; kind: 'holiday' | 'workday'; note: string | null }[]>();
  const add = (date: string, kind: 'holiday' | 'workday', note: string | null) => {
    const year = Number(date.slice(0, 4));
    if (known.has(year)) return;
    byYear.set(year, [...(byYear.get(year) ?? []), { date, kind, note }]);
  };
  for (const [date, value] of Object.entries(chineseDays.holidays)) add(date, 'holiday', holidayNote(value));
  for (const [date, value] of Object.entries(chineseDays.workdays)) add(date, 'workday', `${holidayNote(value)}调休`);
  const seeded: number[] = [];
  for (const [year, days] of [...byYear].sort(([a], [b]) => a - b)) {
    await db.transaction().execute((trx) => insertCalendarYear(trx, { year, source: LIBRARY_SOURCE }, days));
    seeded.push(year);
  }
  return seeded;
}

export async function loadWorkingDayCalendar(db: Db): Promise<WorkingDayCalendar> {
  const [days, years] = await Promise.all([listCalendarDays(db), listKnownYears(db)]);
  return new WorkingDayCalendar(days, years);
}

/**
 * From 1 November, whether next year still has no confirmed arrangement (the State Council publishes it in the autumn):
 * every due date reaching into it is provisional until the bureau enters it. False before November.
 */
export async function nextYearProvisional(
  db: Db,
  today = chinaToday(),
): Promise<{ nextYear: number; provisional: boolean }> {
  const nextYear = Number(today.slice(0, 4)) + 1;
  if (today.slice(5) < '11-01') return { nextYear, provisional: false };
  return { nextYear, provisional: !(await findCalendarYear(db, nextYear)) };
}

export async function getCalendar(db: Db, today = chinaToday()): Promise<CalendarDto> {
  const [years, days, jobs, next] = await Promise.all([
    listCalendarYears(db),
    listCalendarDays(db),
    listJobStatusByYear(db, RECOMPUTE_DEADLINES_JOB),
    nextYearProvisional(db, today),
  ]);
  const recompute = new Map<number, CalendarYearDto['recompute']>();
  for (const job of jobs) {
    const year = Number((job.payload as { year?: unknown }).year);
    if (!recompute.has(year)) recompute.set(year, job.status);
  }
  return {
    today,
    nextYear: next.nextYear,
    nextYearProvisional: next.provisional,
    years: years.map((row) => ({
      year: row.year,
      source: row.source,
      noticeNumber: row.noticeNumber,
      confirmedBy: row.confirmedBy,
      confirmedAt: row.confirmedAt?.toISOString() ?? null,
      recompute: recompute.get(row.year) ?? null,
      days: days.filter((day) => day.date.startsWith(`${row.year}-`)),
    })),
  };
}

/**
 * 确认 a year's arrangement (Art. 12, SPEC C6) as the State Council's notice gives it, in the caller's transaction: the
 * entries are checked (every problem named by its entry), the year and its days stored, and the recomputation of the
 * provisional due dates queued. A confirmed year is final: entering it again is refused.
 */
export async function confirmCalendarYear(
  trx: Db,
  actor: Actor,
  input: { year: number; noticeNumber: string; entries: CalendarEntry[]; source: string },
): Promise<{ holidays: number; workdays: number }> {
  const existing = await findCalendarYear(trx, input.year);
  if (existing)
    throw new AppError(
      'CALENDAR_YEAR_CONFIRMED',
      `${input.year} 年的节假日安排已确认（${existing.noticeNumber ?? existing.source}），不能重复录入`,
    );
  const checked = checkCalendarYear(input.year, input.entries);
  if (!checked.ok)
    throw new AppError('CALENDAR_YEAR_INVALID', `${input.year} 年的节假日安排有误：${checked.problems.join('；')}`, {
      problems: checked.problems,
    });
  try {
    await insertCalendarYear(
      trx,
      {
        year: input.year,
        source: input.source,
        noticeNumber: input.noticeNumber,
        confirmedBy: actor.accountId,
        confirmedAt: new Date(),
      },
      checked.days,
    );
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CALENDAR_YEAR_CONFIRMED', `${input.year} 年的节假日安排刚刚已由他人确认，请刷新后查看`);
    throw error;
  }
  await enqueueJob(trx, RECOMPUTE_DEADLINES_JOB, { year: input.year });
  return {
    holidays: checked.days.filter((day) => day.kind === 'holiday').length,
    workdays: checked.days.filter((day) => day.kind === 'workday').length,
  };
}

/** The entries of a CSV or iCalendar holiday file, or CALENDAR_YEAR_INVALID naming the rows it cannot read. */
export function readCalendarFile(
  body: Pick<ImportCalendarYearBody, 'format' | 'content' | 'fileName'>,
): CalendarEntry[] {
  const read = body.format === 'csv' ? readCalendarCsv(body.content) : readCalendarIcs(body.content);
  if (!read.ok)
    throw new AppError('CALENDAR_YEAR_INVALID', `文件“${body.fileName}”有误：${read.problems.join('；')}`, {
      problems: read.problems,
    });
  return read.entries;
}
