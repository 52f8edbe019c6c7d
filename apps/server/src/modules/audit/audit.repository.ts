import type { ListAuditQuery } from '@gzcredit/contracts';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema';
import type { Db } from '../../platform/database';
import { escapeLike } from '../../platform/database';

export type AuditLogRow = Selectable<AuditLogTable> & { agencyName: string | null };

/** The filters, with `action` resolved: a code, a code prefix (`account.`), or the codes a Chinese name matched. */
export type AuditRowFilters = Omit<ListAuditQuery, 'action'> & { action?: string | readonly string[] | undefined };

/**
 * One page of audit rows matching the filters, newest first, and how many match in all; `agencyIds` limits the rows
 * to those of accounts of these agencies (`all`: every row, those of no agency included).
 */
export async function listAuditRows(
  db: Db,
  filters: AuditRowFilters,
  agencyIds: readonly number[] | 'all',
): Promise<{ rows: AuditLogRow[]; total: number }> {
  if (agencyIds !== 'all' && agencyIds.length === 0) return { rows: [], total: 0 };
  const { action } = filters;
  if (typeof action === 'object' && action.length === 0) return { rows: [], total: 0 };
  let query = db.selectFrom('auditLog as l');
  if (agencyIds !== 'all') query = query.where('l.agencyId', 'in', agencyIds);
  if (filters.from) query = query.where('l.occurredAt', '>=', new Date(filters.from));
  if (filters.to) query = query.where('l.occurredAt', '<', new Date(filters.to));
  if (filters.username) query = query.where('l.username', '=', filters.username);
  if (typeof action === 'object') query = query.where('l.action', 'in', action);
  else if (action) {
    query = action.endsWith('.')
      ? query.where('l.action', 'like', `${escapeLike(action)}%`)
      : query.where('l.action', '=', action);
  }
  if (filters.result) query = query.where('l.result', '=', filters.result);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('agencies as a', 'a.id', 'l.agencyId')
      .selectAll('l')
      .select('a.name as agencyName')
      // id order is append order, which the hash chain fixes; occurred_at could tie.
      .orderBy('l.id', 'desc')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.count) };
}
