import type { Db } from '../../platform/database';
import { listObjectionDeadlines } from './objections.repository';
import { listRepairDeadlines } from './repairs.repository';

/**
 * The objections filed and the repair applications submitted in the period (China dates) to the agencies' records,
 * with what `caseDeadline` reads of them: statistics' accountability figures per agency (Rules Art. 16, 27).
 */
export async function listCaseDeadlines(
  db: Db,
  period: { from?: string | undefined; to?: string | undefined },
  agencyIds: readonly number[] | 'all',
) {
  const [objections, repairs] = await Promise.all([
    listObjectionDeadlines(db, period, agencyIds),
    listRepairDeadlines(db, period, agencyIds),
  ]);
  return { objections, repairs };
}
