import { type Kysely, sql } from 'kysely';

/** 征集目录 catalogue (Art. 11), records with their version chains (Art. 16), the three ways in (Art. 13) and the exchange log (Art. 14). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalogue_editions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      published_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'current', 'retired')),
      created_by integer REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // At most one edition is current: new records are validated against its items.
  await sql`CREATE UNIQUE INDEX catalogue_editions_current ON catalogue_editions ((true)) WHERE status = 'current'`.execute(
    db,
  );

  await sql`
    CREATE TABLE catalogue_items (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      edition_id integer NOT NULL REFERENCES catalogue_editions (id),
      code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,47}$'),
      name text NOT NULL,
      category text NOT NULL CHECK (category IN ('basic', 'good', 'bad')),
      provider_kinds text[] NOT NULL,
      fields jsonb NOT NULL,
      arose_field text NOT NULL,
      default_use_scope text NOT NULL CHECK (default_use_scope IN ('public', 'shared', 'authorised', 'internal')),
      publicity jsonb NOT NULL,
      requires_level boolean NOT NULL,
      role text NOT NULL CHECK (role IN ('registration', 'abnormal_list', 'record')),
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (edition_id, code)
    )`.execute(db);

  await sql`
    CREATE TABLE api_clients (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id integer NOT NULL REFERENCES agencies (id),
      name text NOT NULL,
      key_id text NOT NULL UNIQUE,
      secret_cipher bytea NOT NULL,
      created_by integer NOT NULL REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by integer REFERENCES accounts (id)
    )`.execute(db);
  // A nonce is never accepted twice from the same client (replay protection beside the ±5-minute window).
  await sql`
    CREATE TABLE exchange_nonces (
      api_client_id integer NOT NULL REFERENCES api_clients (id),
      nonce text NOT NULL,
      seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (api_client_id, nonce)
    )`.execute(db);
  await sql`
    CREATE TABLE idempotency_keys (
      api_client_id integer NOT NULL REFERENCES api_clients (id),
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (api_client_id, key)
    )`.execute(db);

  // 交换日志 (Art. 14): one row per push, upload, form entry, correction, revocation, annotation, download or pull.
  await sql`
    CREATE TABLE exchange_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id integer NOT NULL REFERENCES agencies (id),
      channel text NOT NULL CHECK (channel IN ('api', 'upload', 'form', 'correction', 'revocation', 'annotation', 'download', 'pull')),
      account_id integer REFERENCES accounts (id),
      api_client_id integer REFERENCES api_clients (id),
      item_id integer REFERENCES catalogue_items (id),
      received integer NOT NULL DEFAULT 0,
      accepted integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      details jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX exchange_batches_agency ON exchange_batches (agency_id, id DESC)`.execute(db);

  await sql`
    CREATE TABLE records (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      root_id bigint REFERENCES records (id),
      version integer NOT NULL DEFAULT 1,
      item_id integer NOT NULL REFERENCES catalogue_items (id),
      agency_id integer NOT NULL REFERENCES agencies (id),
      credit_code text NOT NULL CHECK (char_length(credit_code) = 18),
      enterprise_id bigint REFERENCES enterprises (id),
      entity_name text NOT NULL,
      payload jsonb NOT NULL,
      personal_cipher bytea,
      arose_on date NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      due_on date NOT NULL,
      due_provisional boolean NOT NULL DEFAULT false,
      days_late integer NOT NULL DEFAULT 0,
      dishonesty_level text CHECK (dishonesty_level IN ('general', 'serious', 'severe')),
      use_scope text NOT NULL CHECK (use_scope IN ('public', 'shared', 'authorised', 'internal')),
      publicity_until date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'corrected', 'revoked', 'expired')),
      content_hash text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('api', 'upload', 'form', 'correction')),
      batch_id bigint NOT NULL REFERENCES exchange_batches (id),
      flagged_for_review boolean NOT NULL DEFAULT false,
      created_by integer REFERENCES accounts (id),
      reason text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX records_enterprise ON records (enterprise_id, item_id)`.execute(db);
  await sql`CREATE INDEX records_agency ON records (agency_id, id DESC)`.execute(db);
  // 待匹配队列 matching queue: records whose credit code names no entity yet (Art. 29).
  await sql`CREATE INDEX records_unmatched ON records (credit_code) WHERE enterprise_id IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX records_version ON records (root_id, version) WHERE root_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE record_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      record_id bigint NOT NULL REFERENCES records (id),
      agency_id integer NOT NULL REFERENCES agencies (id),
      account_id integer REFERENCES accounts (id),
      kind text NOT NULL CHECK (kind IN ('annotated', 'corrected', 'revoked')),
      reason text NOT NULL,
      details jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX record_events_record ON record_events (record_id)`.execute(db);

  await sql`
    CREATE TABLE uploads (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id integer NOT NULL REFERENCES agencies (id),
      account_id integer NOT NULL REFERENCES accounts (id),
      item_id integer NOT NULL REFERENCES catalogue_items (id),
      file_id integer NOT NULL REFERENCES files (id),
      sha256 text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      total_rows integer,
      rows_done integer NOT NULL DEFAULT 0,
      accepted integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      error_message text,
      batch_id bigint REFERENCES exchange_batches (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      UNIQUE (agency_id, item_id, sha256)
    )`.execute(db);
  await sql`
    CREATE TABLE upload_errors (
      upload_id bigint NOT NULL REFERENCES uploads (id),
      row_number integer NOT NULL,
      cells jsonb NOT NULL,
      message text NOT NULL,
      PRIMARY KEY (upload_id, row_number)
    )`.execute(db);

  // Background work claimed with FOR UPDATE SKIP LOCKED, so any number of workers can run (SPEC §5).
  await sql`
    CREATE TABLE jobs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
      run_after timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX jobs_pending ON jobs (run_after) WHERE status = 'pending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'jobs',
    'upload_errors',
    'uploads',
    'record_events',
    'records',
    'exchange_batches',
    'idempotency_keys',
    'exchange_nonces',
    'api_clients',
    'catalogue_items',
    'catalogue_editions',
  ])
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
