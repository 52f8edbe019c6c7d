import type { Insertable } from 'kysely';
import type { PasswordResetRequestsTable } from '../../db/schema';
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

export async function findPendingResetRequest(db: Db, accountId: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('passwordResetRequests')
    .select('id')
    .where('accountId', '=', accountId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function insertResetRequest(db: Db, request: Insertable<PasswordResetRequestsTable>): Promise<number> {
  const row = await db.insertInto('passwordResetRequests').values(request).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
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
