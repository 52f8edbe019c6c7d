import type { AgencyKind, AgencyLevel } from '@gzcredit/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/database';

export type ResetRequestStatus = 'pending' | 'issued' | 'rejected';

export interface ResetRequestViewRow {
  id: number;
  accountId: number;
  username: string;
  displayName: string;
  agencyId: number;
  agencyName: string;
  reason: string;
  status: ResetRequestStatus;
  createdAt: Date;
  handledAt: Date | null;
  note: string | null;
}

function selectResetRequestViews(db: Db) {
  return db
    .selectFrom('passwordResetRequests as r')
    .innerJoin('accounts as a', 'a.id', 'r.accountId')
    .innerJoin('agencies as g', 'g.id', 'a.agencyId')
    .select([
      'r.id',
      'r.accountId',
      'a.username',
      'a.displayName',
      'a.agencyId',
      'g.name as agencyName',
      'r.reason',
      'r.status',
      'r.createdAt',
      'r.handledAt',
      'r.note',
    ]);
}

/** How many requests `listResetRequestViews` would list for the same filter (the to-do count). */
export async function countResetRequests(
  db: Db,
  filter: { agencyIds: readonly number[]; status?: ResetRequestStatus | undefined },
): Promise<number> {
  if (filter.agencyIds.length === 0) return 0;
  let query = db
    .selectFrom('passwordResetRequests as r')
    .innerJoin('accounts as a', 'a.id', 'r.accountId')
    .where('a.agencyId', 'in', [...filter.agencyIds]);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findResetRequestView(db: Db, id: number): Promise<ResetRequestViewRow | undefined> {
  return selectResetRequestViews(db).where('r.id', '=', id).executeTakeFirst();
}

export async function listResetRequestViews(
  db: Db,
  filter: { agencyIds: readonly number[]; status?: ResetRequestStatus | undefined },
): Promise<ResetRequestViewRow[]> {
  if (filter.agencyIds.length === 0) return [];
  let query = selectResetRequestViews(db).where('a.agencyId', 'in', [...filter.agencyIds]);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  return query.orderBy('r.id', 'desc').limit(500).execute();
}

/** Who a reset request for `username` would go to: the account, its agency and its pending request, in one query. */
export interface ResetRequestTargetRow {
  accountId: number;
  disabledAt: Date | null;
  agencyId: number;
  regionCode: string;
  level: AgencyLevel;
  kind: AgencyKind;
  parentId: number | null;
  sameRegionBureauId: number | null;
  pendingRequestId: number | null;
}

export async function findResetRequestTarget(db: Db, username: string): Promise<ResetRequestTargetRow | undefined> {
  return db
    .selectFrom('accounts as a')
    .innerJoin('agencies as g', 'g.id', 'a.agencyId')
    .select([
      'a.id as accountId',
      'a.disabledAt',
      'g.id as agencyId',
      'g.regionCode',
      'g.level',
      'g.kind',
      'g.parentId',
    ])
    .select((eb) => [
      eb
        .selectFrom('agencies as b')
        .select('b.id')
        .whereRef('b.regionCode', '=', 'g.regionCode')
        .where('b.kind', '=', 'market_regulation')
        .limit(1)
        .as('sameRegionBureauId'),
      eb
        .selectFrom('passwordResetRequests as r')
        .select('r.id')
        .whereRef('r.accountId', '=', 'a.id')
        .where('r.status', '=', 'pending')
        .limit(1)
        .as('pendingRequestId'),
    ])
    .where('a.username', '=', username)
    .executeTakeFirst();
}

/**
 * Files the request and returns its id. Without a request to file (`null`: unknown user, disabled account, one already
 * pending) the same statement runs and inserts nothing, so every answer costs the same work.
 */
export async function insertResetRequest(
  db: Db,
  request: { accountId: number; bureauId: number; reason: string; ip: string } | null,
): Promise<number | undefined> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO password_reset_requests (account_id, bureau_id, reason, ip)
    SELECT ${request?.accountId ?? null}::bigint, ${request?.bureauId ?? null}::bigint, ${request?.reason ?? ''},
      ${request?.ip ?? null}
    WHERE ${request !== null}
    RETURNING id`.execute(db);
  return rows[0] === undefined ? undefined : Number(rows[0].id);
}

/** Closes a pending request; false when it was already handled. */
export async function updateResetRequestHandled(
  db: Db,
  id: number,
  outcome: { status: 'issued' | 'rejected'; handledBy: number; note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('passwordResetRequests')
    .set({ ...outcome, handledAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
