import type { MatchingQueueDto } from '@gzcredit/contracts';
import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import { listWaitingRecords } from './matching-queue.repository';

const DAY_MS = 86_400_000;

/** 待匹配队列 (Art. 29): the caller's agency's records waiting for their entity, and for how long. */
export async function listMatchingQueue(
  db: Db,
  actor: Actor,
  page: { page: number; pageSize: number },
): Promise<MatchingQueueDto> {
  const { rows, total } = await listWaitingRecords(db, actor.agency.id, page);
  const now = Date.now();
  return {
    items: rows.map((row) => ({
      recordId: Number(row.id),
      creditCode: row.creditCode,
      entityName: row.entityName,
      item: { id: Number(row.itemId), code: row.itemCode, name: row.itemName },
      receivedAt: row.receivedAt.toISOString(),
      daysWaiting: Math.max(0, Math.floor((now - row.receivedAt.getTime()) / DAY_MS)),
    })),
    total,
  };
}
