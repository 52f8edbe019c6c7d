import type { RecordDto } from '@gzcredit/contracts';
import type { RecordChangeKind } from '../../db/schema';
import type { Db } from '../../platform/database';
import { restrictPayload } from '../../platform/sharing-sql';
import {
  type FeedPosition,
  findFeedHorizon,
  findLastChangeBefore,
  listRecordChanges,
  listSharedRecords,
  type RecordChangeRow,
  type SharedRecordRow,
} from './change-feed.repository';
import { insertResharedRecordChanges } from './records.repository';
import { toRecordDto } from './records.service';
import { changeRecords } from './records-attestation.service';

/** The end of publicity of these records is a tombstone in the change feed (Art. 16), in the caller's transaction. */
export function enterRecordExpiries(trx: Db, recordIds: number[]): Promise<void> {
  return changeRecords(trx, recordIds, 'expired');
}

/**
 * A change of who may see records (a provider's exchange settings for an item, or the bureau's floor) enters the
 * current records it may concern into the change feed, in the caller's transaction: each reader's pull then shows each
 * as `updated` with the fields it may see now, or `withdrawn` if it may see it no longer (Art. 16, 22(四)).
 * `agencyId` null: every provider; `itemCodes` null: every item. Answers how many records were entered.
 */
export function enterSharingChange(
  trx: Db,
  scope: { agencyId: number | null; itemCodes: readonly string[] | null },
): Promise<number> {
  return insertResharedRecordChanges(trx, scope);
}

/** A record as the reader may see it: `payload` holds only the fields the sharing rule gives it (Art. 22(四)). */
const toSharedDto = (row: SharedRecordRow): RecordDto => {
  const record = toRecordDto(row);
  return { ...record, payload: restrictPayload(record.payload, row) };
};

/**
 * The exchange pull's first, record-id cursor: other agencies' active records the reader may see after `afterId`, in
 * id order, at most `limit` of them, with the fields it may see.
 */
export async function readSharedRecords(
  db: Db,
  filter: { readerAgencyId: number; afterId: number; limit: number },
): Promise<{ records: RecordDto[]; hasMore: boolean }> {
  const rows = await listSharedRecords(db, {
    readerAgencyId: filter.readerAgencyId,
    afterId: filter.afterId,
    limit: filter.limit + 1,
  });
  return { records: rows.slice(0, filter.limit).map(toSharedDto), hasMore: rows.length > filter.limit };
}

export interface FeedChange {
  /** A `reshared` change reads `updated` to a reader who still sees the record, `withdrawn` to one who does not. */
  kind: Exclude<RecordChangeKind, 'reshared'> | 'withdrawn';
  changedAt: Date;
  recordId: number;
  rootId: number;
  /** For `created`, `corrected` and `updated`: the record as it is now, with the fields the reader may see. */
  record?: RecordDto;
}

function toFeedChange(row: RecordChangeRow): FeedChange {
  const ids = { changedAt: row.changedAt, recordId: Number(row.id), rootId: Number(row.rootId ?? row.id) };
  if (!row.seen) return { kind: 'withdrawn', ...ids };
  const kind = row.kind === 'reshared' ? 'updated' : row.kind;
  const upsert = kind === 'created' || kind === 'corrected' || kind === 'updated';
  return { kind, ...ids, ...(upsert ? { record: toSharedDto(row) } : {}) };
}

/**
 * One page of the change feed after `after` as the reader's agency may see it, and the position after it. Only
 * changes of transactions older than every running one are read (the horizon, taken first): a transaction that
 * commits later always has a newer id than the horizon, so no cursor can pass its changes before they are visible.
 * When the reader has nothing more to see, the position moves up to the last change below the horizon, so that the
 * next page does not read again the changes it may not see.
 */
export async function readChangeFeed(
  db: Db,
  filter: { readerAgencyId: number; after: FeedPosition; limit: number },
): Promise<{ changes: FeedChange[]; hasMore: boolean; position: FeedPosition }> {
  const horizon = await findFeedHorizon(db);
  const rows = await listRecordChanges(db, {
    readerAgencyId: filter.readerAgencyId,
    after: filter.after,
    horizon,
    limit: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const hasMore = rows.length > filter.limit;
  const last = page.at(-1);
  let position = last ? { txid: last.txid, id: last.changeId } : filter.after;
  if (!hasMore) {
    const tail = await findLastChangeBefore(db, horizon);
    if (tail && comparePositions(tail, position) > 0) position = tail;
  }
  const changes = page.map(toFeedChange);
  return { changes, hasMore, position };
}

function comparePositions(a: FeedPosition, b: FeedPosition): number {
  const txid = BigInt(a.txid) - BigInt(b.txid);
  return txid !== 0n ? Number(txid) : Number(BigInt(a.id) - BigInt(b.id));
}
