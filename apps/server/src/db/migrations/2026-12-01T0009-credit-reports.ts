import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // 信用报告 credit reports (SPEC C20): one row per issued PDF, so the public verification page can say whether a report
  // with that number and SM3 digest was issued. The content itself is not kept: it is rebuilt from the records.
  await sql`
    CREATE TABLE credit_reports (
      report_no text PRIMARY KEY CHECK (report_no ~ '^GZXY[0-9]{8}[0-9A-HJKMNP-TV-Z]{10}$'),
      credit_code text NOT NULL,
      entity_name text NOT NULL,
      issued_at timestamptz NOT NULL,
      digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      section_counts jsonb NOT NULL,
      requested_ip text
    )`.execute(db);
  await sql`CREATE INDEX credit_reports_credit_code ON credit_reports (credit_code, issued_at DESC)`.execute(db);
  // An issued report is evidence: the application role of a two-role deployment (docs/deployment.md) may add and read
  // reports but not rewrite a stored digest.
  await sql`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gzcredit_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON credit_reports FROM gzcredit_app;
        GRANT SELECT, INSERT ON credit_reports TO gzcredit_app;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE credit_reports`.execute(db);
}
