import type { Db } from '../../platform/database';

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
