import { type Kysely, sql } from 'kysely';
import { up as chunkedTriggers } from './2026-12-07T0036-sync-outbox-chunks';

/**
 * The outbox triggers write their events with INSERT … SELECT from the statement's transition table (issue 24), no
 * longer through a jsonb array: migration 2026-12-07T0036 handed the rows over 1,000 at a time, but building every
 * event into one jsonb array (jsonb_agg, sorted), then taking it apart again in `sync_append_events`, cost about
 * 2 s of the 6 s PostgreSQL spent on a 5,000-record chunk of an upload. The events, sequences and deliveries are
 * those of 0034: `appendEvents` below is its `sync_append_events` with the events given as a SELECT, and
 * `sync_append_events(jsonb)` (events of other modules, `enterSyncEvents`) is that same SQL over the array's elements.
 *
 * Per entity, the sequences are taken first (a statement of its own, which waits for another writer of the entity to
 * commit), then the events are numbered in `ord` order after the entity's last sequence as the first statement left
 * it, and inserted with their deliveries (a later statement, which sees the other writer's deliveries: one head per
 * destination and entity).
 */

/**
 * The PL/pgSQL statements that append the events `given` selects (entity_code, ord, kind, record_id, item_code,
 * use_scope, classified, payload), leaving in `written` the deliveries written (0 when there was no event).
 */
function appendEvents(given: string): string {
  return `
      WITH counts AS (
        SELECT entity_code, count(*) AS n FROM (${given}) g GROUP BY 1 ORDER BY 1
      ), up AS (
        INSERT INTO sync_entity_sequences AS s (entity_code, last_seq)
        SELECT entity_code, n FROM counts
        ON CONFLICT (entity_code) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
        RETURNING 1
      )
      SELECT count(*) INTO written FROM up;
      IF written > 0 THEN
        WITH given AS (${given}), numbered AS (
          SELECT g.*, s.last_seq - count(*) OVER (PARTITION BY g.entity_code)
            + row_number() OVER (PARTITION BY g.entity_code ORDER BY g.ord) AS entity_seq
          FROM given g JOIN sync_entity_sequences s ON s.entity_code = g.entity_code
        ), inserted AS (
          INSERT INTO sync_events (entity_code, entity_seq, kind, record_id, item_code, use_scope, classified, payload)
          SELECT entity_code, entity_seq, kind, record_id, item_code, use_scope, classified, payload FROM numbered
          ORDER BY entity_code, entity_seq
          RETURNING id, entity_code, entity_seq, kind, item_code, use_scope, classified
        ), fanned AS (
          SELECT d.id AS destination_id, i.id AS event_id, i.entity_code, i.entity_seq,
            row_number() OVER (PARTITION BY d.id, i.entity_code ORDER BY i.entity_seq) AS k
          FROM inserted i
          JOIN sync_destinations d ON d.enabled
            -- 涉密 records never leave the platform (Art. 7(八)); entity events carry no item or scope.
            AND NOT i.classified
            AND (i.item_code IS NULL OR d.item_codes IS NULL OR i.item_code = ANY (d.item_codes))
            AND (i.use_scope IS NULL OR i.use_scope = ANY (d.use_scopes))
        )
        INSERT INTO sync_deliveries (destination_id, event_id, entity_code, entity_seq, status)
        SELECT f.destination_id, f.event_id, f.entity_code, f.entity_seq,
          CASE WHEN f.k = 1 AND NOT EXISTS (
            SELECT 1 FROM sync_deliveries o
            WHERE o.destination_id = f.destination_id AND o.entity_code = f.entity_code AND o.status <> 'delivered'
          ) THEN 'pending' ELSE 'waiting' END
        FROM fanned f;
        GET DIAGNOSTICS written = ROW_COUNT;
      END IF;`;
}

const givenFromJson = `
  SELECT e ->> 'entity_code' AS entity_code, (e ->> 'ord')::bigint AS ord, e ->> 'kind' AS kind,
    (e ->> 'record_id')::bigint AS record_id, e ->> 'item_code' AS item_code, e ->> 'use_scope' AS use_scope,
    coalesce((e ->> 'classified')::boolean, false) AS classified, e -> 'payload' AS payload
  FROM jsonb_array_elements(events) e`;

// Every change of the exchange pull's feed but `reshared`, with the record as it is after the change (as in 0034).
const givenFromRecordChanges = `
  SELECT r.credit_code AS entity_code, c.id AS ord,
    CASE c.kind WHEN 'created' THEN 'record.published' WHEN 'expired' THEN 'record.ended'
      ELSE 'record.' || c.kind END AS kind,
    r.id AS record_id, i.code AS item_code, r.use_scope, r.classified,
    jsonb_build_object(
      'recordId', r.id, 'rootId', coalesce(r.root_id, r.id), 'version', r.version,
      'itemCode', i.code, 'itemName', i.name, 'category', i.category,
      'agencyId', r.agency_id, 'agencyName', a.name,
      'creditCode', r.credit_code, 'entityName', r.entity_name,
      'fields', r.payload, 'aroseOn', r.arose_on, 'receivedAt', r.received_at,
      'dishonestyLevel', r.dishonesty_level, 'useScope', r.use_scope,
      'publicityUntil', r.publicity_until, 'status', r.status, 'contentHash', r.content_hash,
      'changedAt', c.created_at) AS payload
  FROM new_rows c
  JOIN records r ON r.id = c.record_id
  JOIN catalogue_items i ON i.id = r.item_id
  JOIN agencies a ON a.id = r.agency_id
  WHERE c.kind <> 'reshared'`;

function givenFromEnterprises(kind: 'entity.registered' | 'entity.updated'): string {
  const changed =
    kind === 'entity.registered'
      ? 'FROM new_rows n'
      : `FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.credit_code, n.name, n.kind, n.status, n.region_code, n.industry_code, n.legal_representative,
      n.established_on, n.registration_authority, n.address, n.former_names)
    IS DISTINCT FROM (o.credit_code, o.name, o.kind, o.status, o.region_code, o.industry_code,
      o.legal_representative, o.established_on, o.registration_authority, o.address, o.former_names)`;
  return `
  SELECT n.credit_code AS entity_code, n.id AS ord, '${kind}'::text AS kind, NULL::bigint AS record_id,
    NULL::text AS item_code, NULL::text AS use_scope, false AS classified,
    jsonb_build_object(
      'creditCode', n.credit_code, 'name', n.name, 'kind', n.kind, 'status', n.status, 'regionCode', n.region_code,
      'industryCode', n.industry_code, 'legalRepresentative', n.legal_representative,
      'establishedOn', n.established_on, 'registrationAuthority', n.registration_authority, 'address', n.address,
      'formerNames', to_jsonb(n.former_names)) AS payload
  ${changed}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // Appends events given as a jsonb array of {entity_code, ord, kind, …, payload} (ord orders an entity's events within the call).
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION sync_append_events(events jsonb) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE written integer;
    BEGIN
      ${appendEvents(givenFromJson)}
      RETURN written;
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION sync_record_changes_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE written integer;
    BEGIN
      ${appendEvents(givenFromRecordChanges)}
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION sync_enterprises_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE written integer;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${appendEvents(givenFromEnterprises('entity.registered'))}
      ELSE
        ${appendEvents(givenFromEnterprises('entity.updated'))}
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
}

/**
 * Back to 0036's triggers, which hand jsonb arrays of 1,000 events to `sync_append_events`; that function keeps this
 * migration's body, the same statements as 0034's with the events given by the array.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await chunkedTriggers(db);
}
