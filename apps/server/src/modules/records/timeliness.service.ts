import type { TimelinessDto, TimelinessFigures, TimelinessQuery } from '@gzcredit/contracts';
import { chinaToday, daysLate, dueDate, itemDeadline } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import { loadWorkingDayCalendar } from '../calendar';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import { changeRecords } from './records-attestation.service';
import {
  countApiErrors,
  countExchangeOutcomes,
  countTimeliness,
  listAgencyNames,
  listDeadlinesDependingOn,
  type TimelinessCounts,
  updateDeadlines,
} from './timeliness.repository';

/** Rate on time and average days late (one decimal) from the counts; null where there is nothing to divide. */
export function timelinessFigures(counts: TimelinessCounts): TimelinessFigures {
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
    total: timelinessFigures(sum(byItem)),
    byItem: byItem.map((row) => ({
      item: { id: Number(row.key), code: row.code, name: row.name },
      ...timelinessFigures(row),
    })),
    byMonth: byMonth.map((row) => ({ month: row.key, ...timelinessFigures(row) })),
  };
}

/** What an agency sent and how (Art. 12, 14, 27): its timeliness, corrections, revocations, refused rows, API errors. */
export type AgencyReporting = TimelinessFigures & {
  agency: { id: number; name: string };
  /** False: no record first received in the period (未报送). */
  reported: boolean;
  corrections: number;
  revocations: number;
  refused: number;
  apiErrors: number;
};

/**
 * The reporting figures of the period for each of the agencies given (accounts `overseenAgencyIds`), in agency id
 * order, those that sent nothing with zeros: first versions received and their lateness, corrections, revocations and
 * records refused at validation (exchange log) and exchange API errors (audit rows). The accountability ranking
 * (statistics module) adds the objection and repair figures and ranks them.
 */
export async function listAgencyReporting(
  db: Db,
  period: TimelinessQuery,
  agencyIds: readonly number[] | 'all',
): Promise<AgencyReporting[]> {
  const [agencies, timeliness, outcomes, apiErrors] = await Promise.all([
    listAgencyNames(db, agencyIds),
    countTimeliness(db, period, 'agency', agencyIds),
    countExchangeOutcomes(db, period, agencyIds),
    countApiErrors(db, period, agencyIds),
  ]);
  const timelinessOf = new Map(timeliness.map((row) => [Number(row.key), row]));
  const outcomesOf = new Map(outcomes.map((row) => [row.agencyId, row]));
  const apiErrorsOf = new Map(apiErrors.map((row) => [row.agencyId, row.apiErrors]));
  return agencies.map((agency) => {
    const counts = timelinessOf.get(agency.id) ?? { volume: 0, late: 0, daysLate: 0 };
    const outcome = outcomesOf.get(agency.id);
    return {
      agency,
      reported: counts.volume > 0,
      ...timelinessFigures(counts),
      corrections: outcome?.corrections ?? 0,
      revocations: outcome?.revocations ?? 0,
      refused: outcome?.refused ?? 0,
      apiErrors: apiErrorsOf.get(agency.id) ?? 0,
    };
  });
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
      await changeRecords(
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
