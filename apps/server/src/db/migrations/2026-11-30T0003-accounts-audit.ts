import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // 各级国家机关 agencies, a tree by administrative level (Rules Art. 19: accounts are allocated level by level).
  await sql`
    CREATE TABLE agencies (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
      region_code text NOT NULL CHECK (region_code ~ '^52[0-9]{4}$'),
      level text NOT NULL CHECK (level IN ('province', 'prefecture', 'county')),
      kind text NOT NULL CHECK (kind IN ('market_regulation', 'development_reform', 'administrative', 'judicial', 'authorised')),
      parent_id bigint REFERENCES agencies (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (region_code, name)
    )`.execute(db);
  // One market-regulation bureau per region: it allocates that level's accounts (Art. 19).
  await sql`CREATE UNIQUE INDEX agencies_one_bureau_per_region ON agencies (region_code) WHERE kind = 'market_regulation'`.execute(
    db,
  );

  // 管理人员 the managers an agency files (Art. 20); identity-card numbers SM4-encrypted, shown masked.
  await sql`
    CREATE TABLE managers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      name text NOT NULL,
      post text NOT NULL,
      mobile_cipher bytea NOT NULL,
      mobile_masked text NOT NULL,
      id_card_cipher bytea NOT NULL,
      id_card_masked text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Every change of the list is a new filing; the bureau accepts or returns it. The list itself is the filing's rows.
  await sql`
    CREATE TABLE manager_filings (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      bureau_id bigint NOT NULL REFERENCES agencies (id),
      status text NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
      submitted_by bigint,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      reviewed_by bigint,
      reviewed_at timestamptz,
      review_note text
    )`.execute(db);
  await sql`
    CREATE TABLE manager_filing_entries (
      filing_id bigint NOT NULL REFERENCES manager_filings (id),
      manager_id bigint NOT NULL REFERENCES managers (id),
      PRIMARY KEY (filing_id, manager_id)
    )`.execute(db);

  await sql`
    CREATE TABLE accounts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
      agency_id bigint NOT NULL REFERENCES agencies (id),
      manager_id bigint REFERENCES managers (id),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL DEFAULT true,
      password_changed_at timestamptz,
      failed_attempts int NOT NULL DEFAULT 0,
      locked_until timestamptz,
      totp_secret_cipher bytea,
      totp_enabled_at timestamptz,
      disabled_at timestamptz,
      created_by bigint REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // An account belongs to exactly one filed manager (Art. 20, 21): one account per manager.
  await sql`CREATE UNIQUE INDEX accounts_one_per_manager ON accounts (manager_id) WHERE manager_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE account_permissions (
      account_id bigint NOT NULL REFERENCES accounts (id),
      permission text NOT NULL CHECK (permission IN ('record.submit', 'record.query', 'content.publish',
        'exchange.configure', 'publicity.configure', 'record.correct', 'record.annotate', 'account.admin',
        'security.admin', 'audit.admin', 'platform.operator', 'oversight')),
      granted_by bigint REFERENCES accounts (id),
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, permission)
    )`.execute(db);
  // 三员分立 separation of duties: no account holds two of the three administrator roles.
  await sql`
    CREATE UNIQUE INDEX account_permissions_one_admin_role ON account_permissions (account_id)
    WHERE permission IN ('account.admin', 'security.admin', 'audit.admin')`.execute(db);

  // Sessions: the cookie carries a random token; only its SHA-256 is stored.
  await sql`
    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text,
      ended_at timestamptz,
      end_reason text
    )`.execute(db);
  await sql`CREATE INDEX sessions_account ON sessions (account_id) WHERE ended_at IS NULL`.execute(db);

  // 重新获取密码 password-reset requests go to the same-level bureau (Art. 21).
  await sql`
    CREATE TABLE password_reset_requests (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id),
      bureau_id bigint NOT NULL REFERENCES agencies (id),
      reason text NOT NULL,
      ip text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued', 'rejected')),
      created_at timestamptz NOT NULL DEFAULT now(),
      handled_by bigint REFERENCES accounts (id),
      handled_at timestamptz,
      note text
    )`.execute(db);

  // 审计跟踪 audit trail (Art. 14, 25): append-only, each row's SM3 hash covers its content and the previous hash.
  await sql`
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      account_id bigint,
      username text,
      agency_id bigint,
      ip text,
      action text NOT NULL,
      object_type text,
      object_id text,
      result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
      request_id text,
      details jsonb NOT NULL DEFAULT '{}',
      previous_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )`.execute(db);
  await sql`CREATE INDEX audit_log_account ON audit_log (account_id, id)`.execute(db);
  await sql`CREATE INDEX audit_log_action ON audit_log (action, id)`.execute(db);
  // Two roles on PostgreSQL (docs/deployment.md): the owner runs migrations; the application role `gzcredit_app` reads
  // and writes every table but may only read and append audit rows (Rules Art. 14, 25), so nobody who takes over the
  // application can rewrite the trail. Default privileges cover the tables later migrations create (as the same owner).
  // Without that role (PGlite, or a single-role deployment) the block does nothing.
  await sql`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gzcredit_app') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO gzcredit_app', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO gzcredit_app', current_schema());
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO gzcredit_app', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gzcredit_app',
          current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO gzcredit_app',
          current_schema());
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM gzcredit_app;
        GRANT SELECT, INSERT ON audit_log TO gzcredit_app;
      END IF;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_log',
    'password_reset_requests',
    'sessions',
    'account_permissions',
    'accounts',
    'manager_filing_entries',
    'manager_filings',
    'managers',
    'agencies',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
