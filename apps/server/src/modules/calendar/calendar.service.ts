import { WorkingDayCalendar } from '@gzcredit/domain';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Db } from '../../platform/database';
import { insertCalendarYear, listCalendarDays, listKnownYears } from './calendar.repository';

const LIBRARY_SOURCE = 'chinese-days 1.5.7';

/** `"National Day,国庆节,3"` → `国庆节`. */
function holidayNote(value: string): string {
  return value.split(',')[1] ?? value;
}

/**
 * Seeds the calendar with every year the chinese-days package knows and the table does not yet hold. Years it does not
 * know (it stops at 2026) are entered by the operator; until then deadlines reaching them are provisional.
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
    await insertCalendarYear(db, year, LIBRARY_SOURCE, days);
    seeded.push(year);
  }
  return seeded;
}

export async function loadWorkingDayCalendar(db: Db): Promise<WorkingDayCalendar> {
  const [days, years] = await Promise.all([listCalendarDays(db), listKnownYears(db)]);
  return new WorkingDayCalendar(days, years);
}
