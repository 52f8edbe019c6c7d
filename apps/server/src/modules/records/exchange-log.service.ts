import type { ExchangeLogDto, ExchangeLogQuery } from '@gzcredit/contracts';
import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import {
  addBatchCounts,
  type ExchangeBatchCounts,
  insertBatch,
  listExchangeBatches,
  type NewExchangeBatch,
} from './exchange-log.repository';

/** 交换日志 (Art. 14): every exchange opens its row in the exchange's own transaction; answers the row's id. */
export function openExchangeBatch(trx: Db, batch: NewExchangeBatch): Promise<number> {
  return insertBatch(trx, batch);
}

/** Adds a chunk's counts to an exchange's row as its records are judged (the uploads, a chunk per transaction). */
export function addExchangeBatchCounts(trx: Db, batchId: number, counts: ExchangeBatchCounts): Promise<void> {
  return addBatchCounts(trx, batchId, counts);
}

/** 交换日志 (Art. 14): the caller's agency's exchanges, each with who made it and its counts. */
export async function listExchangeLog(db: Db, actor: Actor, query: ExchangeLogQuery): Promise<ExchangeLogDto> {
  const { rows, total } = await listExchangeBatches(
    db,
    actor.agency.id,
    { channel: query.channel },
    { page: query.page, pageSize: query.pageSize },
  );
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      channel: row.channel,
      itemName: row.itemName,
      actor: row.accountName ?? row.apiClientName ?? row.destinationName,
      received: row.received,
      accepted: row.accepted,
      rejected: row.rejected,
      createdAt: row.createdAt.toISOString(),
    })),
    total,
  };
}
