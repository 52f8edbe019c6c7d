import type { ListAuditQuery } from '@gzcredit/contracts';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema';
import type { Db } from '../../platform/database';
import { escapeLike } from '../../platform/database';

export type AuditLogRow = Selectable<AuditLogTable>;

/**
 * One page of audit rows matching the filters, newest first, and how many match in all; `agencyIds` limits the rows
 * to those of accounts of these agencies (`all`: every row, those of no agency included).
 */
export async function listAuditRows(
  db: Db,
  filters: ListAuditQuery,
  agencyIds: readonly number[] | 'all',
): Promise<{ rows: AuditLogRow[]; total: number }> {
  let query = db.selectFrom('auditLog');
  if (agencyIds !== 'all') query = query.where('agencyId', 'in', agencyIds);
  if (filters.from) query = query.where('occurredAt', '>=', new Date(filters.from));
  if (filters.to) query = query.where('occurredAt', '<', new Date(filters.to));
  if (filters.username) query = query.where('username', '=', filters.username);
  if (filters.action) {
    query = filters.action.endsWith('.')
      ? query.where('action', 'like', `${escapeLike(filters.action)}%`)
      : query.where('action', '=', filters.action);
  }
  if (filters.result) query = query.where('result', '=', filters.result);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      // id order is append order, which the hash chain fixes; occurred_at could tie.
      .orderBy('id', 'desc')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.count) };
}
