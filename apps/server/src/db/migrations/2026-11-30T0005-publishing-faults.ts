import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Uploaded files: content-addressed under DATA_DIR/files; one row per upload (the same content may be uploaded twice).
  await sql`
    CREATE TABLE files (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      sha256 text NOT NULL,
      kind text NOT NULL,
      media_type text NOT NULL,
      size int NOT NULL CHECK (size > 0),
      original_name text NOT NULL,
      storage_key text NOT NULL,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      uploaded_by bigint NOT NULL REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // 栏目 columns: the four standing ones and special columns (专栏) that agencies request and the province approves (Art. 18).
  await sql`
    CREATE TABLE columns (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text UNIQUE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 40),
      kind text NOT NULL CHECK (kind IN ('standard', 'special')),
      purpose text,
      owner_agency_id bigint REFERENCES agencies (id),
      status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'closed')),
      sort_order int NOT NULL DEFAULT 100,
      requested_by bigint REFERENCES accounts (id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by bigint REFERENCES accounts (id),
      decided_at timestamptz,
      decision_note text
    )`.execute(db);
  await sql`
    INSERT INTO columns (code, name, kind, status, sort_order) VALUES
      ('laws', '法律法规', 'standard', 'approved', 10),
      ('policies', '政策文件', 'standard', 'approved', 20),
      ('news', '工作动态', 'standard', 'approved', 30),
      ('notices', '通知公告', 'standard', 'approved', 40)`.execute(db);

  await sql`
    CREATE TABLE articles (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      column_id bigint NOT NULL REFERENCES columns (id),
      agency_id bigint NOT NULL REFERENCES agencies (id),
      title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 200),
      body_html text NOT NULL,
      source text,
      publish_date date,
      status text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
      author_id bigint NOT NULL REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      withdrawn_at timestamptz,
      withdrawn_by bigint REFERENCES accounts (id),
      withdraw_reason text
    )`.execute(db);
  await sql`CREATE INDEX articles_public ON articles (column_id, published_at DESC) WHERE status = 'published'`.execute(
    db,
  );
  await sql`CREATE INDEX articles_title_trigram ON articles USING gin (title gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX articles_title_bigram ON articles USING gin (bigrams(title))`.execute(db);
  await sql`
    CREATE TABLE article_attachments (
      article_id bigint NOT NULL REFERENCES articles (id),
      file_id bigint NOT NULL REFERENCES files (id),
      position int NOT NULL,
      PRIMARY KEY (article_id, file_id)
    )`.execute(db);

  // 故障报告 fault tickets (Art. 26): agencies report, the provincial bureau's operators resolve.
  await sql`
    CREATE TABLE fault_tickets (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      reporter_id bigint NOT NULL REFERENCES accounts (id),
      title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 100),
      description text NOT NULL,
      location text NOT NULL,
      occurred_at timestamptz NOT NULL,
      severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
      status text NOT NULL CHECK (status IN ('open', 'assigned', 'resolved', 'closed')),
      assignee_id bigint REFERENCES accounts (id),
      resolution text,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      closed_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE fault_ticket_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id bigint NOT NULL REFERENCES fault_tickets (id),
      account_id bigint NOT NULL REFERENCES accounts (id),
      kind text NOT NULL CHECK (kind IN ('reported', 'commented', 'assigned', 'resolved', 'closed')),
      body text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE fault_ticket_files (
      ticket_id bigint NOT NULL REFERENCES fault_tickets (id),
      file_id bigint NOT NULL REFERENCES files (id),
      PRIMARY KEY (ticket_id, file_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'fault_ticket_files',
    'fault_ticket_events',
    'fault_tickets',
    'article_attachments',
    'articles',
    'columns',
    'files',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
