import type { Insertable, Selectable } from 'kysely';
import type { CalendarDaysTable, CalendarYearsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type CalendarDayRow = Selectable<CalendarDaysTable>;

export async function listCalendarDays(db: Db): Promise<CalendarDayRow[]> {
  return db.selectFrom('calendarDays').selectAll().orderBy('date').execute();
}

export async function listKnownYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('calendarYears').select('year').orderBy('year').execute();
  return rows.map((row) => row.year);
}

export async function findCalendarYear(db: Db, year: number) {
  return db.selectFrom('calendarYears').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Every known year with the name of the account that confirmed it (none for seeded years). */
export async function listCalendarYears(db: Db) {
  return db
    .selectFrom('calendarYears as y')
    .leftJoin('accounts as a', 'a.id', 'y.confirmedBy')
    .select(['y.year', 'y.source', 'y.noticeNumber', 'y.confirmedAt', 'a.displayName as confirmedBy'])
    .orderBy('y.year', 'desc')
    .execute();
}

/** In the caller's transaction: the year and its days arrive together or not at all. */
export async function insertCalendarYear(
  db: Db,
  year: Insertable<CalendarYearsTable>,
  days: Insertable<CalendarDaysTable>[],
): Promise<void> {
  await db.insertInto('calendarYears').values(year).execute();
  if (days.length > 0) await db.insertInto('calendarDays').values(days).execute();
}

/** The latest run of a job per year in its payload (`{ year }`), newest first. */
export async function listJobStatusByYear(db: Db, name: string) {
  return db.selectFrom('jobs').select(['payload', 'status']).where('name', '=', name).orderBy('id', 'desc').execute();
}
