import { type Kysely, sql } from 'kysely';

/**
 * The outbox triggers of migration 2026-12-07T0034 aggregated a whole statement's rows into one jsonb array before
 * calling `sync_append_events`: an INSERT … SELECT of 1,000,000 entities (the check benchmark's load, a province's
 * backfill) passed jsonb's limit of 268,435,455 bytes for an array's elements and failed. They now hand over the
 * statement's rows in chunks of ids (`OUTBOX_CHUNK` of them at most), in id order, one `sync_append_events` call a
 * chunk: an entity's events still get consecutive sequences in id order (a later chunk's call numbers after the
 * earlier one's, in the same transaction), and each call's statements see the earlier calls' deliveries, so one head
 * per destination and entity still exists. The aggregate's ORDER BY makes the grouping sort-based, so one chunk's
 * array is in memory at a time. (The SQL of 0034 is restated for `down`: a migration's SQL is frozen in time.)
 */

const OUTBOX_CHUNK = 1_000;

/**
 * The trigger body that appends the events `event` (a jsonb object per row, ordered by `ord`) of the rows
 * `from … where`: in chunks of `OUTBOX_CHUNK` ids, or (0034's) all at once.
 */
function appendEvents(event: string, ord: string, fromWhere: string, chunked: boolean): string {
  if (!chunked) {
    return `PERFORM sync_append_events(coalesce(jsonb_agg(${event} ORDER BY ${ord}), '[]'::jsonb)) ${fromWhere};`;
  }
  return `
      FOR chunk IN
        SELECT jsonb_agg(${event} ORDER BY ${ord}) AS events ${fromWhere}
        GROUP BY ${ord} / ${OUTBOX_CHUNK} ORDER BY ${ord} / ${OUTBOX_CHUNK}
      LOOP
        PERFORM sync_append_events(chunk.events);
      END LOOP;`;
}

const recordEvent = `jsonb_build_object(
        'entity_code', r.credit_code,
        'ord', c.id,
        'kind', CASE c.kind WHEN 'created' THEN 'record.published' WHEN 'expired' THEN 'record.ended'
          ELSE 'record.' || c.kind END,
        'record_id', r.id,
        'item_code', i.code,
        'use_scope', r.use_scope,
        'classified', r.classified,
        'payload', jsonb_build_object(
          'recordId', r.id, 'rootId', coalesce(r.root_id, r.id), 'version', r.version,
          'itemCode', i.code, 'itemName', i.name, 'category', i.category,
          'agencyId', r.agency_id, 'agencyName', a.name,
          'creditCode', r.credit_code, 'entityName', r.entity_name,
          'fields', r.payload, 'aroseOn', r.arose_on, 'receivedAt', r.received_at,
          'dishonestyLevel', r.dishonesty_level, 'useScope', r.use_scope,
          'publicityUntil', r.publicity_until, 'status', r.status, 'contentHash', r.content_hash,
          'changedAt', c.created_at)
      )`;

const recordFromWhere = `
      FROM new_rows c
      JOIN records r ON r.id = c.record_id
      JOIN catalogue_items i ON i.id = r.item_id
      JOIN agencies a ON a.id = r.agency_id
      WHERE c.kind <> 'reshared'`;

function entityEvent(kind: string): string {
  return `jsonb_build_object(
    'entity_code', n.credit_code, 'ord', n.id, 'kind', '${kind}', 'payload', jsonb_build_object(
    'creditCode', n.credit_code, 'name', n.name, 'kind', n.kind, 'status', n.status, 'regionCode', n.region_code,
    'industryCode', n.industry_code, 'legalRepresentative', n.legal_representative, 'establishedOn', n.established_on,
    'registrationAuthority', n.registration_authority, 'address', n.address, 'formerNames', to_jsonb(n.former_names)))`;
}

const entityUpdatedFromWhere = `
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.credit_code, n.name, n.kind, n.status, n.region_code, n.industry_code, n.legal_representative,
            n.established_on, n.registration_authority, n.address, n.former_names)
          IS DISTINCT FROM (o.credit_code, o.name, o.kind, o.status, o.region_code, o.industry_code,
            o.legal_representative, o.established_on, o.registration_authority, o.address, o.former_names)`;

async function defineTriggerFunctions(db: Kysely<unknown>, chunked: boolean): Promise<void> {
  const declare = chunked ? 'DECLARE chunk record;' : '';
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION sync_record_changes_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    ${declare}
    BEGIN
      ${appendEvents(recordEvent, 'c.id', recordFromWhere, chunked)}
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION sync_enterprises_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    ${declare}
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${appendEvents(entityEvent('entity.registered'), 'n.id', 'FROM new_rows n', chunked)}
      ELSE
        ${appendEvents(entityEvent('entity.updated'), 'n.id', entityUpdatedFromWhere, chunked)}
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await defineTriggerFunctions(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await defineTriggerFunctions(db, false);
}
