import { type Selectable, sql } from 'kysely';
import type { ExchangeBatchesTable, ExchangeChannel } from '../../db/schema';
import type { Db } from '../../platform/database';

/** A row of the exchange log as it opens: who exchanges what, and the counts known so far. */
export interface NewExchangeBatch {
  agencyId: number;
  channel: ExchangeChannel;
  accountId: number | null;
  apiClientId?: number | null;
  itemId?: number | null;
  received?: number;
  accepted?: number;
  rejected?: number;
  details?: Record<string, unknown>;
}

export type ExchangeBatchCounts = Pick<Selectable<ExchangeBatchesTable>, 'received' | 'accepted' | 'rejected'>;

export async function insertBatch(db: Db, batch: NewExchangeBatch): Promise<number> {
  const { details, ...values } = batch;
  const row = await db
    .insertInto('exchangeBatches')
    .values({ ...values, ...(details ? { details: JSON.stringify(details) } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Sets a batch's outcome once its records are judged (the exchange API's removals). */
export async function updateBatchOutcome(
  db: Db,
  batchId: number,
  outcome: Pick<Selectable<ExchangeBatchesTable>, 'accepted' | 'rejected'>,
): Promise<void> {
  await db.updateTable('exchangeBatches').set(outcome).where('id', '=', batchId).execute();
}

export async function addBatchCounts(db: Db, batchId: number, counts: ExchangeBatchCounts): Promise<void> {
  await db
    .updateTable('exchangeBatches')
    .set((eb) => ({
      received: eb('received', '+', counts.received),
      accepted: eb('accepted', '+', counts.accepted),
      rejected: eb('rejected', '+', counts.rejected),
    }))
    .where('id', '=', batchId)
    .execute();
}

export interface ExchangeBatchRow {
  id: number;
  channel: ExchangeChannel;
  itemName: string | null;
  accountName: string | null;
  apiClientName: string | null;
  destinationName: string | null;
  received: number;
  accepted: number;
  rejected: number;
  createdAt: Date;
}

/** 交换日志 (Art. 14): an agency's exchanges, newest first. */
export async function listExchangeBatches(
  db: Db,
  agencyId: number,
  filters: { channel?: ExchangeChannel | undefined },
  page: { page: number; pageSize: number },
): Promise<{ rows: ExchangeBatchRow[]; total: number }> {
  let query = db.selectFrom('exchangeBatches as b').where('b.agencyId', '=', agencyId);
  if (filters.channel) query = query.where('b.channel', '=', filters.channel);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('catalogueItems as i', 'i.id', 'b.itemId')
      .leftJoin('accounts as a', 'a.id', 'b.accountId')
      .leftJoin('apiClients as c', 'c.id', 'b.apiClientId')
      .select([
        'b.id',
        'b.channel',
        'i.name as itemName',
        'a.displayName as accountName',
        'c.name as apiClientName',
        // A delivery to a sync destination (modules/sync) names the destination.
        sql<string | null>`b.details ->> 'destination'`.as('destinationName'),
        'b.received',
        'b.accepted',
        'b.rejected',
        'b.createdAt',
      ])
      .orderBy('b.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
