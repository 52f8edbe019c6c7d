import type { Insertable, Selectable } from 'kysely';
import type { CalendarDaysTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type CalendarDayRow = Selectable<CalendarDaysTable>;

export async function listCalendarDays(db: Db): Promise<CalendarDayRow[]> {
  return db.selectFrom('calendarDays').selectAll().orderBy('date').execute();
}

export async function listKnownYears(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('calendarYears').select('year').orderBy('year').execute();
  return rows.map((row) => row.year);
}

export async function insertCalendarYear(
  db: Db,
  year: number,
  source: string,
  days: Insertable<CalendarDaysTable>[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('calendarYears').values({ year, source }).execute();
    if (days.length > 0)
      await trx
        .insertInto('calendarDays')
        .values(days)
        .onConflict((oc) => oc.column('date').doNothing())
        .execute();
  });
}
