import { type Selectable, sql } from 'kysely';
import type { SyncDeliveryStatus, SyncDestinationsTable, SyncEventKind } from '../../db/schema';
import type { Db } from '../../platform/database';

export type SyncDestinationRow = Selectable<SyncDestinationsTable>;

export interface DestinationCountsRow {
  destinationId: number;
  status: SyncDeliveryStatus;
  count: number;
}

export async function listDestinations(db: Db): Promise<SyncDestinationRow[]> {
  return db.selectFrom('syncDestinations').selectAll().orderBy('id').execute();
}

export async function findDestination(db: Db, id: number): Promise<SyncDestinationRow | undefined> {
  return db.selectFrom('syncDestinations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEnabledDestinations(db: Db): Promise<SyncDestinationRow[]> {
  return db.selectFrom('syncDestinations').selectAll().where('enabled', '=', true).orderBy('id').execute();
}

export async function updateDestination(
  db: Db,
  id: number,
  values: Partial<Omit<SyncDestinationRow, 'id' | 'code' | 'updatedAt'>>,
): Promise<void> {
  await db
    .updateTable('syncDestinations')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function listDeliveryCounts(db: Db): Promise<DestinationCountsRow[]> {
  const { rows } = await sql<DestinationCountsRow>`
    SELECT destination_id, status, count(*)::int AS count FROM sync_deliveries GROUP BY destination_id, status`.execute(
    db,
  );
  return rows.map((row) => ({ ...row, destinationId: Number(row.destinationId) }));
}

export interface DestinationLatestRow {
  destinationId: number;
  lastDeliveredAt: Date | null;
  lastError: string | null;
}

/** Per destination: its last delivery and the error of its most recent failed attempt still open. */
export async function listDestinationLatest(db: Db): Promise<DestinationLatestRow[]> {
  const { rows } = await sql<DestinationLatestRow>`
    SELECT d.id AS destination_id,
      (SELECT max(delivered_at) FROM sync_deliveries s WHERE s.destination_id = d.id AND s.status = 'delivered')
        AS last_delivered_at,
      (SELECT s.last_error FROM sync_deliveries s
        WHERE s.destination_id = d.id AND s.status IN ('pending', 'dead') AND s.last_error IS NOT NULL
        ORDER BY s.next_attempt_at DESC LIMIT 1) AS last_error
    FROM sync_destinations d`.execute(db);
  return rows.map((row) => ({ ...row, destinationId: Number(row.destinationId) }));
}

/** A claimed delivery with its event. */
export interface ClaimedDeliveryRow {
  id: number;
  attempts: number;
  entityCode: string;
  entitySeq: number;
  eventId: string;
  kind: SyncEventKind;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Claims up to `limit` due heads of the destination, counting the attempt and leasing them to `token`: a second node
 * skips what this one holds (`SKIP LOCKED`) and, once leased, what it is sending (`leased_until`). A record's event
 * gets its payload here: the record's columns that never change, with those the event kept as they were right after
 * the change (migration 2026-12-07T0045).
 */
export async function claimDeliveries(
  db: Db,
  claim: { destinationId: number; limit: number; leaseMs: number; token: string },
): Promise<ClaimedDeliveryRow[]> {
  const { rows } = await sql<ClaimedDeliveryRow>`
    WITH claimed AS (
      UPDATE sync_deliveries d SET
        attempts = d.attempts + 1,
        leased_until = now() + make_interval(secs => ${claim.leaseMs / 1000}),
        lease_token = ${claim.token}
      FROM (
        SELECT id FROM sync_deliveries
        WHERE destination_id = ${claim.destinationId} AND status = 'pending' AND next_attempt_at <= now()
          AND (leased_until IS NULL OR leased_until < now())
        ORDER BY next_attempt_at, id
        LIMIT ${claim.limit}
        FOR UPDATE SKIP LOCKED) AS picked
      WHERE d.id = picked.id
      RETURNING d.id, d.attempts, d.entity_code, d.entity_seq, d.event_id)
    SELECT c.id, c.attempts, c.entity_code, c.entity_seq, e.event_id::text AS event_id, e.kind,
      coalesce(e.payload, jsonb_build_object(
        'recordId', r.id, 'rootId', coalesce(r.root_id, r.id), 'version', r.version,
        'itemCode', i.code, 'itemName', i.name, 'category', i.category,
        'agencyId', r.agency_id, 'agencyName', a.name,
        'creditCode', r.credit_code, 'entityName', r.entity_name,
        'fields', r.payload, 'aroseOn', r.arose_on, 'receivedAt', r.received_at,
        'dishonestyLevel', e.dishonesty_level, 'useScope', e.use_scope,
        'publicityUntil', e.publicity_until, 'status', e.record_status, 'contentHash', e.content_hash,
        'changedAt', e.created_at)) AS payload,
      e.created_at AS occurred_at
    FROM claimed c JOIN sync_events e ON e.id = c.event_id
    LEFT JOIN records r ON e.payload IS NULL AND r.id = e.record_id
    LEFT JOIN catalogue_items i ON i.id = r.item_id
    LEFT JOIN agencies a ON a.id = r.agency_id
    ORDER BY c.entity_code, c.entity_seq`.execute(db);
  return rows.map((row) => ({ ...row, id: Number(row.id), entitySeq: Number(row.entitySeq) }));
}

/**
 * Marks the leased deliveries delivered and makes each entity's next one the head, in the caller's transaction. The
 * entities' sequence rows are locked first: a writer still holding one (its events not yet visible) is waited for, so
 * that the next head is never missed.
 */
export async function markDelivered(
  trx: Db,
  settle: { destinationId: number; ids: number[]; token: string },
): Promise<number> {
  await sql`
    SELECT 1 FROM sync_entity_sequences
    WHERE entity_code IN (SELECT entity_code FROM sync_deliveries WHERE id = ANY (${settle.ids}::bigint[]))
    ORDER BY entity_code FOR UPDATE`.execute(trx);
  const delivered = await sql<{ entityCode: string }>`
    UPDATE sync_deliveries SET status = 'delivered', delivered_at = now(), leased_until = NULL, lease_token = NULL
    WHERE id = ANY (${settle.ids}::bigint[]) AND lease_token = ${settle.token} AND status = 'pending'
    RETURNING entity_code`.execute(trx);
  const codes = delivered.rows.map((row) => row.entityCode);
  if (codes.length > 0) await promoteHeads(trx, settle.destinationId, codes);
  return codes.length;
}

/** Each entity's first open delivery becomes the head if it is waiting. */
async function promoteHeads(trx: Db, destinationId: number, entityCodes: string[]): Promise<void> {
  await sql`
    UPDATE sync_deliveries w SET status = 'pending', next_attempt_at = now()
    FROM (
      SELECT DISTINCT ON (entity_code) id FROM sync_deliveries
      WHERE destination_id = ${destinationId} AND entity_code = ANY (${entityCodes}::text[]) AND status <> 'delivered'
      ORDER BY entity_code, entity_seq) AS next
    WHERE w.id = next.id AND w.status = 'waiting'`.execute(trx);
}

/**
 * A failed attempt: the next after an exponential backoff with jitter (half to all of base·2^(attempts−1), at most
 * `maxMs`), or dead once `maxAttempts` are used. Answers how many went dead.
 */
export async function markFailed(
  db: Db,
  settle: {
    ids: number[];
    token: string;
    error: string;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
  },
): Promise<number> {
  const { rows } = await sql<{ status: SyncDeliveryStatus }>`
    UPDATE sync_deliveries SET
      status = CASE WHEN attempts >= ${settle.maxAttempts} THEN 'dead' ELSE 'pending' END,
      dead_at = CASE WHEN attempts >= ${settle.maxAttempts} THEN now() END,
      next_attempt_at = now() + make_interval(secs =>
        least(${settle.retryMaxMs / 1000}::float8, ${settle.retryBaseMs / 1000}::float8 * 2 ^ (attempts - 1))
        * (0.5 + random() / 2)),
      leased_until = NULL, lease_token = NULL, last_error = ${settle.error.slice(0, 1000)}
    WHERE id = ANY (${settle.ids}::bigint[]) AND lease_token = ${settle.token} AND status = 'pending'
    RETURNING status`.execute(db);
  return rows.filter((row) => row.status === 'dead').length;
}

export interface DeadLetterRow {
  id: number;
  eventId: string;
  entityCode: string;
  entitySeq: number;
  kind: SyncEventKind;
  attempts: number;
  lastError: string | null;
  deadAt: Date;
  behind: number;
}

export async function listDeadLetters(
  db: Db,
  destinationId: number,
  page: { page: number; pageSize: number },
): Promise<{ rows: DeadLetterRow[]; total: number }> {
  const [{ rows }, total] = await Promise.all([
    sql<DeadLetterRow>`
      SELECT d.id, e.event_id::text AS event_id, d.entity_code, d.entity_seq, e.kind, d.attempts, d.last_error,
        d.dead_at,
        (SELECT count(*)::int FROM sync_deliveries w
          WHERE w.destination_id = d.destination_id AND w.entity_code = d.entity_code AND w.status = 'waiting')
          AS behind
      FROM sync_deliveries d JOIN sync_events e ON e.id = d.event_id
      WHERE d.destination_id = ${destinationId} AND d.status = 'dead'
      ORDER BY d.dead_at DESC, d.id DESC
      LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`.execute(db),
    sql<{ total: number }>`
      SELECT count(*)::int AS total FROM sync_deliveries
      WHERE destination_id = ${destinationId} AND status = 'dead'`.execute(db),
  ]);
  return {
    rows: rows.map((row) => ({ ...row, id: Number(row.id), entitySeq: Number(row.entitySeq) })),
    total: total.rows[0]!.total,
  };
}

/** Dead letters of the destination (those of `ids`, or all) become heads again with fresh attempts. */
export async function reviveDeadLetters(db: Db, destinationId: number, ids: number[] | undefined): Promise<number> {
  const { rows } = await sql`
    UPDATE sync_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL
    WHERE destination_id = ${destinationId} AND status = 'dead'
      ${ids ? sql`AND id = ANY (${ids}::bigint[])` : sql``}
    RETURNING id`.execute(db);
  return rows.length;
}

/** An event to append to the outbox (the triggers write the others): see sync_append_events in the migration. */
export interface NewSyncEvent {
  entityCode: string;
  kind: SyncEventKind;
  recordId: number | null;
  itemCode: string | null;
  useScope: string | null;
  payload: Record<string, unknown>;
}

export async function insertSyncEvents(trx: Db, events: NewSyncEvent[]): Promise<void> {
  const given = events.map((event, ord) => ({
    entity_code: event.entityCode,
    ord,
    kind: event.kind,
    record_id: event.recordId,
    item_code: event.itemCode,
    use_scope: event.useScope,
    payload: event.payload,
  }));
  await sql`SELECT sync_append_events(${JSON.stringify(given)}::jsonb)`.execute(trx);
}
