import { type Kysely, sql } from 'kysely';

/**
 * Synchronisation to the national and provincial systems (Rules Art. 9, 10; SPEC C16): an outbox and its deliveries.
 *
 * `sync_events` is the outbox: one event per change a destination must know, written by triggers in the transaction
 * of the change, so that every way in (console, uploads, exchange API, demo seed, later code) writes it: each
 * `record_changes` row but `reshared` (a record published, corrected, updated, superseded, revoked, ended, removed),
 * and each entity registered or whose registration facts changed. An event has a stable id (a UUID, so that a
 * database restored from a backup never reissues an id a receiver has seen), the entity (its credit code), a
 * per-entity sequence and the canonical payload (jsonb, whose text form is stable).
 *
 * The per-entity sequence comes from `sync_entity_sequences`, whose row the writing transaction holds locked until it
 * commits: a later transaction of the same entity waits, so sequence order is commit order per entity.
 *
 * `sync_deliveries` fans each event out to every destination switched on whose items and use scopes it matches, in
 * the same statement. Per destination and entity exactly one open delivery is `pending` (the head, the only one a
 * worker may send); the later ones are `waiting` and the next is promoted when the head is delivered. A head that
 * used up its attempts is `dead` and holds the entity's later events back until the operator retries it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sync_destinations (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_-]{1,47}$'),
      name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
      endpoint text,
      key_id text,
      secret_cipher bytea,
      item_codes text[],
      use_scopes text[] NOT NULL DEFAULT '{public}',
      format text NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'ndjson')),
      enabled boolean NOT NULL DEFAULT false,
      max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
      rate_per_second integer NOT NULL DEFAULT 50 CHECK (rate_per_second BETWEEN 1 AND 10000),
      agency_id bigint REFERENCES agencies (id),
      updated_by bigint REFERENCES accounts (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT enabled OR (endpoint IS NOT NULL AND key_id IS NOT NULL AND secret_cipher IS NOT NULL
        AND agency_id IS NOT NULL))
    )`.execute(db);
  await sql`
    INSERT INTO sync_destinations (code, name, use_scopes) VALUES
      ('gsxt', '国家企业信用信息公示系统', '{public}'),
      ('gzcx', '贵州诚信网', '{public}'),
      ('creditchina', '全国信用信息共享平台', '{public,shared}')`.execute(db);

  await sql`
    CREATE TABLE sync_entity_sequences (
      entity_code text PRIMARY KEY,
      last_seq bigint NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE sync_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- Random (122 bits): no index kept to guard it, which would cost a random B-tree insert per event.
      event_id uuid NOT NULL DEFAULT gen_random_uuid(),
      entity_code text NOT NULL,
      entity_seq bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('record.published', 'record.corrected', 'record.updated',
        'record.superseded', 'record.revoked', 'record.ended', 'record.removed', 'record.repaired',
        'entity.registered', 'entity.updated')),
      record_id bigint REFERENCES records (id),
      item_code text,
      use_scope text,
      classified boolean NOT NULL DEFAULT false,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (entity_code, entity_seq)
    )`.execute(db);
  await sql`
    CREATE TABLE sync_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      destination_id integer NOT NULL REFERENCES sync_destinations (id),
      event_id bigint NOT NULL REFERENCES sync_events (id),
      entity_code text NOT NULL,
      entity_seq bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('waiting', 'pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz,
      lease_token text,
      last_error text,
      delivered_at timestamptz,
      dead_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (destination_id, event_id)
    )`.execute(db);
  // The heads a worker may claim, oldest due first.
  await sql`
    CREATE INDEX sync_deliveries_due ON sync_deliveries (destination_id, next_attempt_at, id)
    WHERE status = 'pending'`.execute(db);
  // An entity's open deliveries per destination, in sequence order: the next to promote, whether a head exists.
  await sql`
    CREATE INDEX sync_deliveries_open ON sync_deliveries (destination_id, entity_code, entity_seq)
    WHERE status <> 'delivered'`.execute(db);
  await sql`CREATE INDEX sync_deliveries_dead ON sync_deliveries (destination_id, dead_at) WHERE status = 'dead'`.execute(
    db,
  );

  // Appends events given as a jsonb array of {entity_code, ord, kind, record_id, item_code, use_scope, classified,
  // payload} (ord orders an entity's events within the call): sequences first (a statement of its own, which waits for another writer of the
  // same entity to commit), then the events and their deliveries (a later statement, whose snapshot sees that writer's
  // deliveries, so that only one head per destination and entity exists).
  await sql
    .raw(`
    CREATE FUNCTION sync_append_events(events jsonb) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      codes text[];
      lasts bigint[];
      written integer;
    BEGIN
      WITH counts AS (
        SELECT e ->> 'entity_code' AS entity_code, count(*) AS n
        FROM jsonb_array_elements(events) e GROUP BY 1 ORDER BY 1
      ), up AS (
        INSERT INTO sync_entity_sequences AS s (entity_code, last_seq)
        SELECT entity_code, n FROM counts
        ON CONFLICT (entity_code) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
        RETURNING s.entity_code, s.last_seq
      )
      SELECT array_agg(entity_code), array_agg(last_seq) INTO codes, lasts FROM up;
      IF codes IS NULL THEN RETURN 0; END IF;

      WITH given AS (
        SELECT e ->> 'entity_code' AS entity_code, (e ->> 'ord')::bigint AS ord, e ->> 'kind' AS kind,
          (e ->> 'record_id')::bigint AS record_id, e ->> 'item_code' AS item_code, e ->> 'use_scope' AS use_scope,
          coalesce((e ->> 'classified')::boolean, false) AS classified, e -> 'payload' AS payload
        FROM jsonb_array_elements(events) e
      ), numbered AS (
        SELECT g.*, s.last_seq - count(*) OVER (PARTITION BY g.entity_code)
          + row_number() OVER (PARTITION BY g.entity_code ORDER BY g.ord) AS entity_seq
        FROM given g JOIN unnest(codes, lasts) AS s (entity_code, last_seq) ON s.entity_code = g.entity_code
      ), inserted AS (
        INSERT INTO sync_events (entity_code, entity_seq, kind, record_id, item_code, use_scope, classified, payload)
        SELECT entity_code, entity_seq, kind, record_id, item_code, use_scope, classified, payload FROM numbered
        ORDER BY entity_code, entity_seq
        RETURNING id, entity_code, entity_seq, kind, item_code, use_scope, classified
      ), fanned AS (
        SELECT d.id AS destination_id, i.id AS event_id, i.entity_code, i.entity_seq,
          row_number() OVER (PARTITION BY d.id, i.entity_code ORDER BY i.entity_seq) AS n
        FROM inserted i
        JOIN sync_destinations d ON d.enabled
          -- 涉密 records never leave the platform (Art. 7(八)); entity events carry no item or scope.
          AND NOT i.classified
          AND (i.item_code IS NULL OR d.item_codes IS NULL OR i.item_code = ANY (d.item_codes))
          AND (i.use_scope IS NULL OR i.use_scope = ANY (d.use_scopes))
      )
      INSERT INTO sync_deliveries (destination_id, event_id, entity_code, entity_seq, status)
      SELECT f.destination_id, f.event_id, f.entity_code, f.entity_seq,
        CASE WHEN f.n = 1 AND NOT EXISTS (
          SELECT 1 FROM sync_deliveries o
          WHERE o.destination_id = f.destination_id AND o.entity_code = f.entity_code AND o.status <> 'delivered'
        ) THEN 'pending' ELSE 'waiting' END
      FROM fanned f;
      GET DIAGNOSTICS written = ROW_COUNT;
      RETURN written;
    END
    $$`)
    .execute(db);

  // Every change of the exchange pull's feed but `reshared` (who among the agencies may see a record: no concern of
  // a destination), with the record as it is after the change.
  await sql
    .raw(`
    CREATE FUNCTION sync_record_changes_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM sync_append_events(coalesce(jsonb_agg(jsonb_build_object(
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
      ) ORDER BY c.id), '[]'::jsonb))
      FROM new_rows c
      JOIN records r ON r.id = c.record_id
      JOIN catalogue_items i ON i.id = r.item_id
      JOIN agencies a ON a.id = r.agency_id
      WHERE c.kind <> 'reshared';
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql`
    CREATE TRIGGER record_changes_sync_outbox AFTER INSERT ON record_changes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sync_record_changes_outbox()`.execute(db);

  // An entity registered, or its registration facts changed (not its standing, which follows from its records).
  const entityPayload = `jsonb_build_object(
    'creditCode', n.credit_code, 'name', n.name, 'kind', n.kind, 'status', n.status, 'regionCode', n.region_code,
    'industryCode', n.industry_code, 'legalRepresentative', n.legal_representative, 'establishedOn', n.established_on,
    'registrationAuthority', n.registration_authority, 'address', n.address, 'formerNames', to_jsonb(n.former_names))`;
  await sql
    .raw(`
    CREATE FUNCTION sync_enterprises_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM sync_append_events(coalesce(jsonb_agg(jsonb_build_object(
          'entity_code', n.credit_code, 'ord', n.id, 'kind', 'entity.registered', 'payload', ${entityPayload}
        ) ORDER BY n.id), '[]'::jsonb))
        FROM new_rows n;
      ELSE
        PERFORM sync_append_events(coalesce(jsonb_agg(jsonb_build_object(
          'entity_code', n.credit_code, 'ord', n.id, 'kind', 'entity.updated', 'payload', ${entityPayload}
        ) ORDER BY n.id), '[]'::jsonb))
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.credit_code, n.name, n.kind, n.status, n.region_code, n.industry_code, n.legal_representative,
            n.established_on, n.registration_authority, n.address, n.former_names)
          IS DISTINCT FROM (o.credit_code, o.name, o.kind, o.status, o.region_code, o.industry_code,
            o.legal_representative, o.established_on, o.registration_authority, o.address, o.former_names);
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql`
    CREATE TRIGGER enterprises_sync_outbox_insert AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sync_enterprises_outbox()`.execute(db);
  await sql`
    CREATE TRIGGER enterprises_sync_outbox_update AFTER UPDATE ON enterprises
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sync_enterprises_outbox()`.execute(db);

  // Deliveries are exchanges of the platform (Art. 14): they appear in the exchange log as `sync`.
  await sql`ALTER TABLE exchange_batches DROP CONSTRAINT exchange_batches_channel_check`.execute(db);
  await sql`
    ALTER TABLE exchange_batches ADD CONSTRAINT exchange_batches_channel_check
      CHECK (channel IN ('api', 'upload', 'form', 'correction', 'revocation', 'annotation', 'download', 'pull',
        'removal', 'check', 'sync'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM exchange_batches WHERE channel = 'sync'`.execute(db);
  await sql`ALTER TABLE exchange_batches DROP CONSTRAINT exchange_batches_channel_check`.execute(db);
  await sql`
    ALTER TABLE exchange_batches ADD CONSTRAINT exchange_batches_channel_check
      CHECK (channel IN ('api', 'upload', 'form', 'correction', 'revocation', 'annotation', 'download', 'pull',
        'removal', 'check'))`.execute(db);
  await sql`DROP TRIGGER enterprises_sync_outbox_update ON enterprises`.execute(db);
  await sql`DROP TRIGGER enterprises_sync_outbox_insert ON enterprises`.execute(db);
  await sql`DROP TRIGGER record_changes_sync_outbox ON record_changes`.execute(db);
  await sql`DROP FUNCTION sync_enterprises_outbox()`.execute(db);
  await sql`DROP FUNCTION sync_record_changes_outbox()`.execute(db);
  await sql`DROP FUNCTION sync_append_events(jsonb)`.execute(db);
  await sql`DROP TABLE sync_deliveries`.execute(db);
  await sql`DROP TABLE sync_events`.execute(db);
  await sql`DROP TABLE sync_entity_sequences`.execute(db);
  await sql`DROP TABLE sync_destinations`.execute(db);
}
