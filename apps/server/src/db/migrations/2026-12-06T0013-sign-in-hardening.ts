import { type Kysely, sql } from 'kysely';

/**
 * Sign-in hardening (SPEC §6, issue 14):
 * - `sign_in_attempts` counts attempts per user name and client network (and once per user name, network `*`, for the
 *   account-wide ceiling) before any password is checked. It is keyed by the name as typed, not by an account, so an
 *   unknown name is throttled exactly like a real one and the answers never tell them apart.
 * - `sign_in_networks` holds the networks an account has signed in from; the account-wide ceiling never locks those.
 * - `accounts.totp_last_step` is the last TOTP time step accepted, so one code signs in once.
 * - The account-level counter and lock (`failed_attempts`, `locked_until`) go: they let five requests from anywhere
 *   lock anyone out, and they told real accounts (423) from unknown names (401).
 * - Sessions keep the idle timeouts they were started under (SESSION_IDLE_MINUTES, ADMIN_SESSION_IDLE_MINUTES);
 *   sessions open at the upgrade get the SPEC's 30 and 15 minutes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_attempts (
      username text NOT NULL,
      network text NOT NULL,
      attempts int NOT NULL,
      locks int NOT NULL,
      locked_until timestamptz,
      last_attempt_at timestamptz NOT NULL,
      PRIMARY KEY (username, network)
    )`.execute(db);
  // Counters quiet for a day are forgotten and pruned oldest first.
  await sql`CREATE INDEX sign_in_attempts_last_attempt ON sign_in_attempts (last_attempt_at)`.execute(db);
  await sql`
    CREATE TABLE sign_in_networks (
      account_id bigint NOT NULL REFERENCES accounts (id),
      network text NOT NULL,
      last_signed_in_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, network)
    )`.execute(db);
  await sql`ALTER TABLE accounts ADD COLUMN totp_last_step int`.execute(db);
  await sql`ALTER TABLE accounts DROP COLUMN failed_attempts, DROP COLUMN locked_until`.execute(db);
  await sql`
    ALTER TABLE sessions
      ADD COLUMN idle_timeout_minutes int NOT NULL DEFAULT 30,
      ADD COLUMN admin_idle_timeout_minutes int NOT NULL DEFAULT 15`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sessions DROP COLUMN idle_timeout_minutes, DROP COLUMN admin_idle_timeout_minutes`.execute(db);
  await sql`
    ALTER TABLE accounts
      ADD COLUMN failed_attempts int NOT NULL DEFAULT 0,
      ADD COLUMN locked_until timestamptz,
      DROP COLUMN totp_last_step`.execute(db);
  await sql`DROP TABLE sign_in_networks`.execute(db);
  await sql`DROP TABLE sign_in_attempts`.execute(db);
}
