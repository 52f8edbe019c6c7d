import { chinaDayStart, nextChinaDayStart } from '@gzcredit/domain';
import type { Db } from '../../platform/database';

type Period = { from?: string | undefined; to?: string | undefined };

/**
 * 异议 to the agencies' records filed in the period (China dates), with what their deadline reading (objections'
 * `caseDeadline`) and the handling time need.
 */
export async function listObjectionDeadlines(db: Db, period: Period, agencyIds: readonly number[] | 'all') {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('objections')
    .select(['agencyId', 'status', 'filedOn', 'dueOn', 'extendedDueOn', 'decidedAt', 'decidedOn']);
  if (agencyIds !== 'all') query = query.where('agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('filedOn', '>=', period.from);
  if (period.to) query = query.where('filedOn', '<=', period.to);
  return (await query.execute()).map((row) => ({ ...row, agencyId: Number(row.agencyId) }));
}

/** 信用修复 applications for the agencies' records submitted in the period (China dates), with their deadline columns. */
export async function listRepairDeadlines(db: Db, period: Period, agencyIds: readonly number[] | 'all') {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('repairs')
    .select(['agencyId', 'status', 'acceptDueOn', 'acceptedAt', 'decideDueOn', 'extendedDueOn', 'decidedAt']);
  if (agencyIds !== 'all') query = query.where('agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('submittedAt', '>=', chinaDayStart(period.from));
  if (period.to) query = query.where('submittedAt', '<', nextChinaDayStart(period.to));
  return (await query.execute()).map((row) => ({ ...row, agencyId: Number(row.agencyId) }));
}
