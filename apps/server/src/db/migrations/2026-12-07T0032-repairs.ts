import { type Kysely, sql } from 'kysely';

/**
 * 信用修复 credit repair (《信用修复管理办法》国家发展改革委令第36号, from 2026-04-01; 国办发〔2025〕22号): an entity applies,
 * the platform accepts the application as complete within 3 working days, the providing agency decides (谁认定、谁修复).
 * An approved repair ends the record's publicity and sharing (art. 3: 终止公示、停止共享和使用): the record becomes
 * `repaired`, stays for its agency and the audit, and leaves the exchange pull as a `repaired` tombstone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE records DROP CONSTRAINT records_status_check`.execute(db);
  await sql`
    ALTER TABLE records ADD CONSTRAINT records_status_check
      CHECK (status IN ('active', 'corrected', 'revoked', 'expired', 'removed', 'repaired'))`.execute(db);
  await sql`ALTER TABLE record_events DROP CONSTRAINT record_events_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_events ADD CONSTRAINT record_events_kind_check
      CHECK (kind IN ('annotated', 'corrected', 'revoked', 'removed', 'publicity_overruled', 'repaired'))`.execute(db);
  await sql`ALTER TABLE record_changes DROP CONSTRAINT record_changes_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_changes ADD CONSTRAINT record_changes_kind_check
      CHECK (kind IN ('created', 'corrected', 'updated', 'superseded', 'revoked', 'expired', 'removed', 'reshared',
        'repaired'))`.execute(db);

  // One application for one record version. What the queues show of the record (entity, item, level, agency) is
  // copied when it is filed: the application is read without the records' tables, and stays as it was filed.
  await sql`
    CREATE TABLE repairs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      repair_no text NOT NULL UNIQUE,
      record_id bigint NOT NULL REFERENCES records (id),
      enterprise_id bigint NOT NULL REFERENCES enterprises (id),
      credit_code text NOT NULL,
      entity_name text NOT NULL,
      agency_id integer NOT NULL REFERENCES agencies (id),
      item_code text NOT NULL,
      item_name text NOT NULL,
      dishonesty_level text,
      arose_on date NOT NULL,
      applicant_method text NOT NULL,
      applicant_name text NOT NULL,
      correction text NOT NULL CHECK (btrim(correction) <> ''),
      commitment_text text NOT NULL,
      commitment_signed_by text NOT NULL CHECK (btrim(commitment_signed_by) <> ''),
      status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'incomplete', 'accepted', 'approved', 'refused')),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      accept_due_on date NOT NULL,
      accepted_at timestamptz,
      accepted_by integer REFERENCES accounts (id),
      decide_due_on date,
      extended_due_on date,
      extension_reason text,
      extended_at timestamptz,
      extended_by integer REFERENCES accounts (id),
      decided_at timestamptz,
      decided_by integer REFERENCES accounts (id),
      reason text,
      CHECK ((extended_due_on IS NULL) = (extension_reason IS NULL)),
      CHECK (status NOT IN ('incomplete', 'refused') OR btrim(coalesce(reason, '')) <> '')
    )`.execute(db);
  // At most one open application per record: a refused or incomplete one may be filed again once fixed.
  await sql`CREATE UNIQUE INDEX repairs_open_record ON repairs (record_id) WHERE status IN ('submitted', 'accepted')`.execute(
    db,
  );
  await sql`CREATE INDEX repairs_agency_status ON repairs (agency_id, status)`.execute(db);
  await sql`CREATE INDEX repairs_status ON repairs (status, submitted_at)`.execute(db);
  await sql`CREATE INDEX repairs_enterprise ON repairs (enterprise_id, item_code)`.execute(db);

  // 证明材料: stored by content under DATA_DIR/files like every upload (platform/files.ts), checked by content.
  await sql`
    CREATE TABLE repair_files (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      repair_id bigint NOT NULL REFERENCES repairs (id),
      sha256 text NOT NULL,
      kind text NOT NULL,
      media_type text NOT NULL,
      size int NOT NULL CHECK (size > 0),
      original_name text NOT NULL,
      storage_key text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX repair_files_repair ON repair_files (repair_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE repair_files`.execute(db);
  await sql`DROP TABLE repairs`.execute(db);
  await sql`DELETE FROM record_changes WHERE kind = 'repaired'`.execute(db);
  await sql`ALTER TABLE record_changes DROP CONSTRAINT record_changes_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_changes ADD CONSTRAINT record_changes_kind_check
      CHECK (kind IN ('created', 'corrected', 'updated', 'superseded', 'revoked', 'expired', 'removed', 'reshared'))`.execute(
    db,
  );
  await sql`DELETE FROM record_events WHERE kind = 'repaired'`.execute(db);
  await sql`ALTER TABLE record_events DROP CONSTRAINT record_events_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_events ADD CONSTRAINT record_events_kind_check
      CHECK (kind IN ('annotated', 'corrected', 'revoked', 'removed', 'publicity_overruled'))`.execute(db);
  // A repaired record was in force before its repair: it is current again without the repair.
  await sql`UPDATE records SET status = 'active' WHERE status = 'repaired'`.execute(db);
  await sql`ALTER TABLE records DROP CONSTRAINT records_status_check`.execute(db);
  await sql`
    ALTER TABLE records ADD CONSTRAINT records_status_check
      CHECK (status IN ('active', 'corrected', 'revoked', 'expired', 'removed'))`.execute(db);
}
