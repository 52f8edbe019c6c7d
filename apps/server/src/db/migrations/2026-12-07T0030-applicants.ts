import { type Kysely, sql } from 'kysely';

/**
 * 申请人身份 (issue 21 item 1): who applies for an objection or a credit repair on behalf of an entity. One-time codes
 * sent to the mobile of the entity's registration record (stored as SM3 hashes, never the code), a counter per entity
 * that locks its applications after five wrong codes, the applicant sessions (cookie `gzc_applicant`, separate from
 * the console's), the pending OpenID Connect logins, and the development SMS sink (what would have been sent when no
 * gateway is configured; read on a console page only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE applicant_codes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      enterprise_id bigint NOT NULL REFERENCES enterprises (id),
      code_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('legal_representative', 'authorised_person')),
      applicant_name text NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX applicant_codes_enterprise ON applicant_codes (enterprise_id, sent_at DESC)`.execute(db);
  await sql`
    CREATE TABLE applicant_attempts (
      enterprise_id bigint PRIMARY KEY REFERENCES enterprises (id),
      attempts integer NOT NULL DEFAULT 0,
      locks integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_attempt_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE applicant_sessions (
      token_hash text PRIMARY KEY,
      enterprise_id bigint NOT NULL REFERENCES enterprises (id),
      method text NOT NULL CHECK (method IN ('sms', 'oidc')),
      role text CHECK (role IN ('legal_representative', 'authorised_person')),
      applicant_name text NOT NULL,
      subject text,
      csrf_token text NOT NULL,
      ip text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      end_reason text
    )`.execute(db);
  await sql`CREATE INDEX applicant_sessions_enterprise ON applicant_sessions (enterprise_id) WHERE ended_at IS NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE applicant_oidc_logins (
      state text PRIMARY KEY,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      return_to text,
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE sms_sink_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      sent_at timestamptz NOT NULL DEFAULT now(),
      enterprise_id bigint NOT NULL REFERENCES enterprises (id),
      masked_mobile text NOT NULL,
      text text NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sms_sink_messages',
    'applicant_oidc_logins',
    'applicant_sessions',
    'applicant_attempts',
    'applicant_codes',
  ])
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
