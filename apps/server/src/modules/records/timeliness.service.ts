import type { AgencyTimelinessListDto, TimelinessDto, TimelinessFigures, TimelinessQuery } from '@gzcredit/contracts';
import { chinaToday, daysLate, dueDate, itemDeadline } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import { overseenAgencyIds } from '../accounts';
import { loadWorkingDayCalendar } from '../calendar';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import { insertRecordChanges } from './records.repository';
import {
  countTimeliness,
  listDeadlinesDependingOn,
  type TimelinessCounts,
  updateDeadlines,
} from './timeliness.repository';

function figures(counts: TimelinessCounts): TimelinessFigures {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    volume: counts.volume,
    late: counts.late,
    rate: counts.volume === 0 ? null : round(((counts.volume - counts.late) / counts.volume) * 100),
    averageDaysLate: counts.late === 0 ? null : round(counts.daysLate / counts.late),
  };
}

function sum(rows: TimelinessCounts[]): TimelinessCounts {
  return rows.reduce(
    (total, row) => ({
      volume: total.volume + row.volume,
      late: total.late + row.late,
      daysLate: total.daysLate + row.daysLate,
    }),
    { volume: 0, late: 0, daysLate: 0 },
  );
}

/**
 * 及时性 (Art. 12) of the caller's agency: of the records first received in the period, how many came after their
 * 20-working-day deadline, the share on time and the average working days late, by item and by month.
 */
export async function getTimeliness(db: Db, actor: Actor, period: TimelinessQuery): Promise<TimelinessDto> {
  const [byItem, byMonth] = await Promise.all([
    countTimeliness(db, period, 'item', [actor.agency.id]),
    countTimeliness(db, period, 'month', [actor.agency.id]),
  ]);
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    total: figures(sum(byItem)),
    byItem: byItem.map((row) => ({ item: { id: Number(row.key), code: row.code, name: row.name }, ...figures(row) })),
    byMonth: byMonth.map((row) => ({ month: row.key, ...figures(row) })),
  };
}

/**
 * The timeliness figures (Art. 12, 27) of every agency the caller oversees, for the lead departments and the operator:
 * a commission sees its region and those below it, the province every agency (accounts `overseenAgencyIds`, Art. 5).
 */
export async function listAgencyTimeliness(
  db: Db,
  actor: Actor,
  period: TimelinessQuery,
): Promise<AgencyTimelinessListDto> {
  const rows = await countTimeliness(db, period, 'agency', await overseenAgencyIds(db, actor.agency));
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    items: rows.map((row) => ({ agency: { id: Number(row.key), name: row.name }, ...figures(row) })),
  };
}

/**
 * After `year` got its calendar (SPEC C6): every record whose due date was provisional, or whose lateness reaches into
 * the year, gets its due date and days late computed again with the item's deadline and the first receipt; nothing
 * else changes. Idempotent (a rerun computes the same figures), in batches each committed on its own.
 */
export async function recomputeDeadlines(
  db: Db,
  year: number,
  options: { signal?: AbortSignal; batchSize?: number } = {},
): Promise<{ examined: number; changed: number }> {
  const calendar = await loadWorkingDayCalendar(db);
  const items = new Map<number, CatalogueItem>();
  let afterId = 0;
  let examined = 0;
  let changed = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await listDeadlinesDependingOn(db, year, afterId, options.batchSize ?? 1000);
    if (rows.length === 0) break;
    const updates: Array<{ id: number; dueOn: string; dueProvisional: boolean; daysLate: number }> = [];
    for (const row of rows) {
      if (!items.has(row.itemId)) items.set(row.itemId, await getCatalogueItem(db, row.itemId));
      const due = dueDate(calendar, row.aroseOn, itemDeadline(items.get(row.itemId)!));
      const late = daysLate(calendar, due.date, chinaToday(row.firstReceivedAt));
      if (due.date !== row.dueOn || due.provisional !== row.dueProvisional || late !== row.daysLate)
        updates.push({ id: row.id, dueOn: due.date, dueProvisional: due.provisional, daysLate: late });
    }
    // The feed's mirrors hold due dates and lateness too: each recomputed record is an `updated` change (Art. 16).
    await db.transaction().execute(async (trx) => {
      await updateDeadlines(trx, updates);
      await insertRecordChanges(
        trx,
        updates.map((update) => update.id),
        'updated',
      );
    });
    examined += rows.length;
    changed += updates.length;
    afterId = rows.at(-1)!.id;
  }
  return { examined, changed };
}
