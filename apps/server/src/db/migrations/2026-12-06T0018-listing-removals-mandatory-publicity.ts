import { type Kysely, sql } from 'kysely';

/**
 * Listings last until their removal (移出), and mandatory publicity is withheld only on a recorded legal ground
 * (SPEC §3; Rules Art. 15, 22(五)).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // 严重违法失信名单 becomes a listing like 经营异常名录; items whose publicity the law requires are marked.
  await sql`ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_role_check`.execute(db);
  await sql`
    ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_role_check
      CHECK (role IN ('registration', 'abnormal_list', 'serious_illegal_list', 'record'))`.execute(db);
  await sql`ALTER TABLE catalogue_items ADD COLUMN mandatory_publicity boolean NOT NULL DEFAULT false`.execute(db);
  await sql`UPDATE catalogue_items SET role = 'serious_illegal_list' WHERE code = 'serious_illegal_list'`.execute(db);
  // 双公示 (行政许可, 行政处罚) and the two listings (《企业信息公示暂行条例》).
  await sql`
    UPDATE catalogue_items SET mandatory_publicity = true
    WHERE code IN ('licence', 'penalty', 'abnormal_list', 'serious_illegal_list')`.execute(db);
  // A listing has no window of months: the ones in force stay public until removed. Listings a window already ended
  // stay expired: republishing them is the providing agency's decision (it re-sends them), not a migration's.
  await sql`
    UPDATE catalogue_items SET publicity = '{"kind":"until_removed"}'::jsonb
    WHERE role IN ('abnormal_list', 'serious_illegal_list')`.execute(db);
  await sql`
    UPDATE records SET publicity_until = NULL
    WHERE status = 'active' AND item_id IN (
      SELECT id FROM catalogue_items WHERE role IN ('abnormal_list', 'serious_illegal_list'))`.execute(db);

  await sql`ALTER TABLE records DROP CONSTRAINT records_status_check`.execute(db);
  await sql`
    ALTER TABLE records ADD CONSTRAINT records_status_check
      CHECK (status IN ('active', 'corrected', 'revoked', 'expired', 'removed'))`.execute(db);
  await sql`ALTER TABLE record_events DROP CONSTRAINT record_events_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_events ADD CONSTRAINT record_events_kind_check
      CHECK (kind IN ('annotated', 'corrected', 'revoked', 'removed', 'publicity_overruled'))`.execute(db);
  await sql`ALTER TABLE exchange_batches DROP CONSTRAINT exchange_batches_channel_check`.execute(db);
  await sql`
    ALTER TABLE exchange_batches ADD CONSTRAINT exchange_batches_channel_check
      CHECK (channel IN ('api', 'upload', 'form', 'correction', 'revocation', 'annotation', 'download', 'pull',
        'removal'))`.execute(db);

  // 移出: one per listing record (the version in force when it was removed), as the deciding authority decided it.
  await sql`
    CREATE TABLE listing_removals (
      record_id bigint PRIMARY KEY REFERENCES records (id),
      removed_on date NOT NULL,
      reason text NOT NULL,
      authority text NOT NULL,
      agency_id integer NOT NULL REFERENCES agencies (id),
      account_id integer REFERENCES accounts (id),
      api_client_id integer REFERENCES api_clients (id),
      channel text NOT NULL CHECK (channel IN ('api', 'upload', 'form')),
      batch_id bigint NOT NULL REFERENCES exchange_batches (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // 不公示事项: an item switched off (record_id NULL) or a record sent non-public although the law requires its
  // publicity, with the legal ground; the provincial bureau reviews them and may overrule (status 'overruled').
  await sql`
    CREATE TABLE publicity_withholdings (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id integer NOT NULL REFERENCES agencies (id),
      item_id integer NOT NULL REFERENCES catalogue_items (id),
      record_id bigint REFERENCES records (id),
      ground text NOT NULL CHECK (btrim(ground) <> ''),
      created_by integer REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'in_force' CHECK (status IN ('in_force', 'lifted', 'overruled')),
      closed_by integer REFERENCES accounts (id),
      closed_at timestamptz,
      overrule_reason text
    )`.execute(db);
  await sql`CREATE INDEX publicity_withholdings_in_force ON publicity_withholdings (id) WHERE status = 'in_force'`.execute(
    db,
  );
  await sql`CREATE INDEX publicity_withholdings_record ON publicity_withholdings (record_id) WHERE record_id IS NOT NULL`.execute(
    db,
  );

  // An upload holds records of its item, or removals from its list; the same file may be tried as either.
  await sql`
    ALTER TABLE uploads ADD COLUMN kind text NOT NULL DEFAULT 'records' CHECK (kind IN ('records', 'removals'))`.execute(
    db,
  );
  await sql`ALTER TABLE uploads DROP CONSTRAINT uploads_agency_id_item_id_sha256_key`.execute(db);
  await sql`ALTER TABLE uploads ADD CONSTRAINT uploads_file_key UNIQUE (agency_id, item_id, kind, sha256)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE uploads DROP CONSTRAINT uploads_file_key`.execute(db);
  await sql`ALTER TABLE uploads DROP COLUMN kind`.execute(db);
  await sql`ALTER TABLE uploads ADD CONSTRAINT uploads_agency_id_item_id_sha256_key UNIQUE (agency_id, item_id, sha256)`.execute(
    db,
  );
  await sql`DROP TABLE publicity_withholdings`.execute(db);
  await sql`DROP TABLE listing_removals`.execute(db);
  await sql`ALTER TABLE exchange_batches DROP CONSTRAINT exchange_batches_channel_check`.execute(db);
  await sql`
    ALTER TABLE exchange_batches ADD CONSTRAINT exchange_batches_channel_check
      CHECK (channel IN ('api', 'upload', 'form', 'correction', 'revocation', 'annotation', 'download', 'pull'))`.execute(
    db,
  );
  await sql`ALTER TABLE record_events DROP CONSTRAINT record_events_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_events ADD CONSTRAINT record_events_kind_check
      CHECK (kind IN ('annotated', 'corrected', 'revoked'))`.execute(db);
  await sql`ALTER TABLE records DROP CONSTRAINT records_status_check`.execute(db);
  await sql`
    ALTER TABLE records ADD CONSTRAINT records_status_check
      CHECK (status IN ('active', 'corrected', 'revoked', 'expired'))`.execute(db);
  await sql`
    UPDATE catalogue_items SET publicity = ${JSON.stringify({
      kind: 'by_level',
      windows: {
        general: { minMonths: 3, maxMonths: 12 },
        serious: { minMonths: 6, maxMonths: 24 },
        severe: { minMonths: 12, maxMonths: 36 },
      },
    })}::jsonb
    WHERE publicity ->> 'kind' = 'until_removed'`.execute(db);
  await sql`UPDATE catalogue_items SET role = 'record' WHERE role = 'serious_illegal_list'`.execute(db);
  await sql`ALTER TABLE catalogue_items DROP COLUMN mandatory_publicity`.execute(db);
  await sql`ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_role_check`.execute(db);
  await sql`
    ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_role_check
      CHECK (role IN ('registration', 'abnormal_list', 'record'))`.execute(db);
}
