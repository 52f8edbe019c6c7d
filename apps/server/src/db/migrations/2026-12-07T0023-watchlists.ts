import { type Kysely, sql } from 'kysely';

/**
 * 监管名单 supervision watch-lists (Rules Art. 17 第二款: agencies follow the enterprises they supervise and use their
 * credit information in supervision). A list names entities by credit code, or by rules (region, industry, entity
 * kind, catalogue item). The alert job reads the change feed (`record_changes`) from its own watermark and writes one
 * alert per list and change; the digest job writes one digest per agency and day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE watchlists (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      name text NOT NULL,
      description text,
      created_by bigint REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (agency_id, name)
    )`.execute(db);
  await sql`
    CREATE TABLE watchlist_entities (
      watchlist_id bigint NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
      credit_code text NOT NULL,
      note text,
      PRIMARY KEY (watchlist_id, credit_code)
    )`.execute(db);
  await sql`CREATE INDEX watchlist_entities_credit_code ON watchlist_entities (credit_code)`.execute(db);
  // A rule matches when every condition it sets holds (at least one is set).
  await sql`
    CREATE TABLE watchlist_rules (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      watchlist_id bigint NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
      region_code text CHECK (region_code ~ '^52[0-9]{4}$'),
      industry_code text CHECK (industry_code ~ '^[A-T]([0-9]{2})?$'),
      entity_kind text CHECK (entity_kind IN ('enterprise', 'individual', 'cooperative', 'other')),
      item_code text,
      CHECK (num_nonnulls(region_code, industry_code, entity_kind, item_code) > 0)
    )`.execute(db);
  await sql`CREATE INDEX watchlist_rules_watchlist ON watchlist_rules (watchlist_id)`.execute(db);

  await sql`
    CREATE TABLE watchlist_digests (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      digest_date date NOT NULL,
      alert_count integer NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      mailed_to text,
      mailed_at timestamptz,
      UNIQUE (agency_id, digest_date)
    )`.execute(db);
  await sql`
    CREATE TABLE watchlist_alerts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id),
      watchlist_id bigint NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
      change_id bigint NOT NULL REFERENCES record_changes (id),
      record_id bigint NOT NULL REFERENCES records (id),
      kind text NOT NULL CHECK (kind IN ('bad_record', 'level_changed', 'listed', 'removed')),
      dishonesty_level text,
      previous_level text,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      read_by bigint REFERENCES accounts (id),
      digest_id bigint REFERENCES watchlist_digests (id),
      UNIQUE (watchlist_id, change_id)
    )`.execute(db);
  await sql`CREATE INDEX watchlist_alerts_agency ON watchlist_alerts (agency_id, id)`.execute(db);
  await sql`
    CREATE INDEX watchlist_alerts_undigested ON watchlist_alerts (agency_id, created_at)
    WHERE digest_id IS NULL`.execute(db);

  // The digest's mailbox: accounts carry no mail address, so each agency names the one its digest goes to.
  await sql`
    CREATE TABLE watchlist_settings (
      agency_id bigint PRIMARY KEY REFERENCES agencies (id),
      digest_address text,
      updated_by bigint REFERENCES accounts (id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // The alert job's watermark in the change feed: a single row, starting at the feed's end (changes before the
  // watch-lists existed alert nobody).
  await sql`
    CREATE TABLE watchlist_feed_position (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      txid xid8 NOT NULL,
      change_id bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    INSERT INTO watchlist_feed_position (txid, change_id)
    SELECT coalesce((SELECT txid FROM record_changes ORDER BY txid DESC, id DESC LIMIT 1), '0'::xid8),
      coalesce((SELECT id FROM record_changes ORDER BY txid DESC, id DESC LIMIT 1), 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE watchlist_feed_position`.execute(db);
  await sql`DROP TABLE watchlist_settings`.execute(db);
  await sql`DROP TABLE watchlist_alerts`.execute(db);
  await sql`DROP TABLE watchlist_digests`.execute(db);
  await sql`DROP TABLE watchlist_rules`.execute(db);
  await sql`DROP TABLE watchlist_entities`.execute(db);
  await sql`DROP TABLE watchlists`.execute(db);
}
