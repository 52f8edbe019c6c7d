import { type Kysely, sql } from 'kysely';

/**
 * 异议 objections (issue 21 item 2; Rules Art. 16): an entity's applicant objects to a public record of its own; the
 * providing agency decides within 5 working days, extendable once to 20 with a reason: uphold, correct (a new version)
 * or revoke. `records.under_objection` marks the objected version while the objection is pending, so the portal, credit
 * reports and credit checks show 异议处理中 from the statements they already run. The objector's contact phone is
 * SM4-encrypted like every mobile; evidence files are stored by content (platform/files) and listed here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE records ADD COLUMN under_objection boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE SEQUENCE objection_numbers`.execute(db);
  await sql`
    CREATE TABLE objections (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      objection_no text NOT NULL UNIQUE DEFAULT
        ('YY' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('objection_numbers')::text, 6, '0')),
      record_id bigint NOT NULL REFERENCES records (id),
      root_record_id bigint NOT NULL REFERENCES records (id),
      enterprise_id bigint NOT NULL REFERENCES enterprises (id),
      agency_id bigint NOT NULL REFERENCES agencies (id),
      applicant_method text NOT NULL CHECK (applicant_method IN ('sms', 'oidc')),
      applicant_role text,
      applicant_name text NOT NULL,
      contact_name text NOT NULL,
      contact_phone_cipher bytea NOT NULL,
      contact_phone_masked text NOT NULL,
      reasons text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'corrected', 'revoked')),
      filed_at timestamptz NOT NULL DEFAULT now(),
      filed_on date NOT NULL,
      due_on date NOT NULL,
      extended_due_on date,
      extension_reason text,
      extended_at timestamptz,
      decided_at timestamptz,
      decided_on date,
      decision_reason text,
      decision_file_id bigint REFERENCES files (id),
      decided_by bigint REFERENCES accounts (id),
      result_record_id bigint REFERENCES records (id),
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK ((extended_due_on IS NULL) = (extension_reason IS NULL))
    )`.execute(db);
  // One pending objection per record chain: a second while the first is open is refused.
  await sql`CREATE UNIQUE INDEX objections_pending_record ON objections (root_record_id) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX objections_agency ON objections (agency_id, status, filed_at DESC)`.execute(db);
  await sql`CREATE INDEX objections_enterprise ON objections (enterprise_id, filed_at DESC)`.execute(db);
  await sql`
    CREATE TABLE objection_files (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      objection_id bigint NOT NULL REFERENCES objections (id),
      sha256 text NOT NULL,
      kind text NOT NULL,
      media_type text NOT NULL,
      size bigint NOT NULL,
      original_name text NOT NULL,
      storage_key text NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE objection_files`.execute(db);
  await sql`DROP TABLE objections`.execute(db);
  await sql`DROP SEQUENCE objection_numbers`.execute(db);
  await sql`ALTER TABLE records DROP COLUMN under_objection`.execute(db);
}
