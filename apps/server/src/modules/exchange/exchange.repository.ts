import { sql } from 'kysely';
import type { RecordChangeKind } from '../../db/schema';
import type { Db } from '../../platform/database';
import { type RecordRow, recordsQuery } from '../records';

/** Records a nonce for a client; false when the client has used it before (a replay). */
export async function insertNonce(db: Db, apiClientId: number, nonce: string): Promise<boolean> {
  const inserted = await db
    .insertInto('exchangeNonces')
    .values({ apiClientId, nonce })
    .onConflict((oc) => oc.columns(['apiClientId', 'nonce']).doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteNoncesSeenBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('exchangeNonces').where('seenAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Claims an idempotency key with a placeholder answer, filled in before the transaction commits. On a key another
 * transaction holds, PostgreSQL waits for that transaction at the unique index and then does nothing (it committed)
 * or inserts (it rolled back): two concurrent pushes with one key never both store their records.
 */
export async function insertIdempotencyKey(
  db: Db,
  apiClientId: number,
  key: string,
  requestHash: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotencyKeys')
    .values({ apiClientId, key, requestHash, statusCode: 0, response: '{}' })
    .onConflict((oc) => oc.columns(['apiClientId', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findIdempotencyKey(db: Db, apiClientId: number, key: string) {
  return db
    .selectFrom('idempotencyKeys')
    .select(['requestHash', 'statusCode', 'response'])
    .where('apiClientId', '=', apiClientId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function updateIdempotencyKeyResponse(
  db: Db,
  apiClientId: number,
  key: string,
  statusCode: number,
  response: unknown,
): Promise<void> {
  await db
    .updateTable('idempotencyKeys')
    .set({ statusCode, response: JSON.stringify(response) })
    .where('apiClientId', '=', apiClientId)
    .where('key', '=', key)
    .execute();
}

/**
 * Active records of other agencies whose use scope lets other agencies see them (`public`, `shared`), in id order
 * after the cursor. `authorised` and `internal` records never leave through the pull.
 */
export async function listSharedRecords(
  db: Db,
  filter: { excludeAgencyId: number; afterId: number; limit: number },
): Promise<RecordRow[]> {
  return recordsQuery(db)
    .where('r.agencyId', '<>', filter.excludeAgencyId)
    .where('r.status', '=', 'active')
    .where('r.useScope', 'in', ['public', 'shared'])
    .where('r.id', '>', filter.afterId)
    .orderBy('r.id')
    .limit(filter.limit)
    .execute();
}

/** A position in the change feed: after the change `id` of transaction `txid` (both as decimal strings). */
export interface FeedPosition {
  txid: string;
  id: string;
}

/**
 * The oldest transaction still running: every change of an older transaction is committed (or rolled back), so the
 * feed up to it can never grow again. Taken once per pull, before its reads.
 */
export async function findFeedHorizon(db: Db): Promise<string> {
  const { rows } = await sql<{ horizon: string }>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`.execute(db);
  return rows[0]!.horizon;
}

export type RecordChangeRow = RecordRow & {
  changeId: string;
  txid: string;
  kind: RecordChangeKind;
  changedAt: Date;
};

/**
 * The changes after `after` and below the horizon, in (txid, id) order, that the caller is to see, each with its
 * record as it is now: changes of other agencies' `public`/`shared` records (listSharedRecords' rule); an arrival or a
 * change only while the record is still active (the change row of its departure follows); a departure always (the
 * record was active before it).
 */
export async function listRecordChanges(
  db: Db,
  filter: { excludeAgencyId: number; after: FeedPosition; horizon: string; limit: number },
): Promise<RecordChangeRow[]> {
  return recordsQuery(db)
    .innerJoin('recordChanges as c', 'c.recordId', 'r.id')
    .select([
      sql<string>`c.id::text`.as('changeId'),
      sql<string>`c.txid::text`.as('txid'),
      'c.kind',
      'c.createdAt as changedAt',
    ])
    .where(sql<boolean>`(c.txid, c.id) > (${filter.after.txid}::xid8, ${filter.after.id}::bigint)`)
    .where(sql<boolean>`c.txid < ${filter.horizon}::xid8`)
    .where('r.agencyId', '<>', filter.excludeAgencyId)
    .where('r.useScope', 'in', ['public', 'shared'])
    .where((eb) => eb.or([eb('c.kind', 'not in', ['created', 'corrected', 'updated']), eb('r.status', '=', 'active')]))
    .orderBy(sql`c.txid`)
    .orderBy('c.id')
    .limit(filter.limit)
    .execute();
}

/** The last change below the horizon: where a pull that found nothing more for its caller may move its cursor. */
export async function findLastChangeBefore(db: Db, horizon: string): Promise<FeedPosition | undefined> {
  const { rows } = await sql<FeedPosition>`
    SELECT txid::text AS txid, id::text AS id FROM record_changes
    WHERE txid < ${horizon}::xid8
    ORDER BY txid DESC, id DESC
    LIMIT 1`.execute(db);
  return rows[0];
}
