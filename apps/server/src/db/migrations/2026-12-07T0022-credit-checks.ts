import { type Kysely, sql } from 'kysely';

const CHANNELS_BEFORE = `'api', 'upload', 'form', 'correction', 'revocation', 'annotation', 'download', 'pull', 'removal'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // 信用核查 credit checks (Rules Art. 17): one row per check, with the result as it was answered and printed (the
  // SM3 digest covers it), so that the console can show it again and the public verification can confirm it.
  await sql`
    CREATE TABLE credit_checks (
      check_no text PRIMARY KEY CHECK (check_no ~ '^GZHC[0-9]{8}[0-9A-HJKMNP-TV-Z]{10}$'),
      agency_id bigint NOT NULL REFERENCES agencies (id),
      account_id bigint REFERENCES accounts (id),
      api_client_id integer REFERENCES api_clients (id),
      purpose_code text NOT NULL,
      matter text NOT NULL CHECK (char_length(matter) BETWEEN 1 AND 200),
      consortium boolean NOT NULL,
      entity_count integer NOT NULL CHECK (entity_count BETWEEN 1 AND 10000),
      -- The measure editions the check applied (national list and provincial supplement), as [{id, label}].
      measure_editions jsonb NOT NULL,
      checked_at timestamptz NOT NULL,
      digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      content jsonb NOT NULL,
      CHECK ((account_id IS NULL) <> (api_client_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX credit_checks_agency ON credit_checks (agency_id, checked_at DESC)`.execute(db);
  // A check is evidence, as a credit report is: the application role may add and read checks, never rewrite them.
  await sql`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gzcredit_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON credit_checks FROM gzcredit_app;
        GRANT SELECT, INSERT ON credit_checks TO gzcredit_app;
      END IF;
    END $$`.execute(db);
  // A check through the exchange API is logged as an exchange (Art. 14).
  await sql`ALTER TABLE exchange_batches DROP CONSTRAINT exchange_batches_channel_check`.execute(db);
  await sql`
    ALTER TABLE exchange_batches ADD CONSTRAINT exchange_batches_channel_check
      CHECK (channel IN (${sql.raw(CHANNELS_BEFORE)}, 'check'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM exchange_batches WHERE channel = 'check'`.execute(db);
  await sql`ALTER TABLE exchange_batches DROP CONSTRAINT exchange_batches_channel_check`.execute(db);
  await sql`
    ALTER TABLE exchange_batches ADD CONSTRAINT exchange_batches_channel_check
      CHECK (channel IN (${sql.raw(CHANNELS_BEFORE)}))`.execute(db);
  await sql`DROP TABLE credit_checks`.execute(db);
}
