import { type Kysely, sql } from 'kysely';
import { up as setBasedTriggers } from './2026-12-07T0038-sync-outbox-set-based';

/**
 * A record's event names the record and keeps only what of it may still change in place; the delivery builds the
 * payload when it sends (issue 24). The trigger of 0038 built a full jsonb copy of every record (its fields, the item's
 * and the agency's names joined in) into `sync_events.payload`: the largest single cost of an upload chunk in the
 * database.
 *
 * What a destination receives is unchanged: the record as it was right after the change. Of the columns the payload
 * shows, a record changes in place only its status (corrected, revoked, expired, removed, repaired), its level and
 * publicity end (标注), and its use scope and content hash (a withholding overruled); the event keeps those (`use_scope`
 * it kept already). The others never change once stored (a correction is a new version, Art. 16), nor do the names of
 * its item (items change only in a draft edition, and records are stored against published ones) and agency. The
 * change's time is the event's `created_at`: both rows take `now()` in the same transaction.
 *
 * Events of other modules (`sync_append_events(jsonb)`) and of entities keep their payload as given.
 */
const givenFromRecordChanges = `
  SELECT r.credit_code AS entity_code, c.id AS ord,
    CASE c.kind WHEN 'created' THEN 'record.published' WHEN 'expired' THEN 'record.ended'
      ELSE 'record.' || c.kind END AS kind,
    r.id AS record_id, i.code AS item_code, r.use_scope, r.classified, r.status AS record_status, r.dishonesty_level,
    r.publicity_until, r.content_hash
  FROM new_rows c
  JOIN records r ON r.id = c.record_id
  JOIN catalogue_items i ON i.id = r.item_id
  WHERE c.kind <> 'reshared'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE sync_events ALTER COLUMN payload DROP NOT NULL,
      ADD COLUMN record_status text,
      ADD COLUMN dishonesty_level text,
      ADD COLUMN publicity_until date,
      ADD COLUMN content_hash text,
      ADD CONSTRAINT sync_events_payload_or_record CHECK (payload IS NOT NULL OR record_id IS NOT NULL)`.execute(db);
  // The statements of 0038's `appendEvents`, with the event's record columns instead of its payload.
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION sync_record_changes_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE written integer;
    BEGIN
      WITH counts AS (
        SELECT entity_code, count(*) AS n FROM (${givenFromRecordChanges}) g GROUP BY 1 ORDER BY 1
      ), up AS (
        INSERT INTO sync_entity_sequences AS s (entity_code, last_seq)
        SELECT entity_code, n FROM counts
        ON CONFLICT (entity_code) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
        RETURNING 1
      )
      SELECT count(*) INTO written FROM up;
      IF written > 0 THEN
        WITH given AS (${givenFromRecordChanges}), numbered AS (
          SELECT g.*, s.last_seq - count(*) OVER (PARTITION BY g.entity_code)
            + row_number() OVER (PARTITION BY g.entity_code ORDER BY g.ord) AS entity_seq
          FROM given g JOIN sync_entity_sequences s ON s.entity_code = g.entity_code
        ), inserted AS (
          INSERT INTO sync_events (entity_code, entity_seq, kind, record_id, item_code, use_scope, classified,
            record_status, dishonesty_level, publicity_until, content_hash)
          SELECT entity_code, entity_seq, kind, record_id, item_code, use_scope, classified, record_status,
            dishonesty_level, publicity_until, content_hash
          FROM numbered
          ORDER BY entity_code, entity_seq
          RETURNING id, entity_code, entity_seq, kind, item_code, use_scope, classified
        ), fanned AS (
          SELECT d.id AS destination_id, i.id AS event_id, i.entity_code, i.entity_seq,
            row_number() OVER (PARTITION BY d.id, i.entity_code ORDER BY i.entity_seq) AS k
          FROM inserted i
          JOIN sync_destinations d ON d.enabled
            -- 涉密 records never leave the platform (Art. 7(八)).
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
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
}

/** Back to 0038's trigger, the payloads of the events written since built as it built them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await setBasedTriggers(db);
  await sql`
    UPDATE sync_events e SET payload = jsonb_build_object(
      'recordId', r.id, 'rootId', coalesce(r.root_id, r.id), 'version', r.version,
      'itemCode', i.code, 'itemName', i.name, 'category', i.category,
      'agencyId', r.agency_id, 'agencyName', a.name,
      'creditCode', r.credit_code, 'entityName', r.entity_name,
      'fields', r.payload, 'aroseOn', r.arose_on, 'receivedAt', r.received_at,
      'dishonestyLevel', e.dishonesty_level, 'useScope', e.use_scope,
      'publicityUntil', e.publicity_until, 'status', e.record_status, 'contentHash', e.content_hash,
      'changedAt', e.created_at)
    FROM records r
    JOIN catalogue_items i ON i.id = r.item_id
    JOIN agencies a ON a.id = r.agency_id
    WHERE e.payload IS NULL AND r.id = e.record_id`.execute(db);
  await sql`
    ALTER TABLE sync_events DROP CONSTRAINT sync_events_payload_or_record,
      DROP COLUMN content_hash,
      DROP COLUMN publicity_until,
      DROP COLUMN dishonesty_level,
      DROP COLUMN record_status,
      ALTER COLUMN payload SET NOT NULL`.execute(db);
}
