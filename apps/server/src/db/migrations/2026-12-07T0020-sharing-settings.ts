import { type Kysely, sql } from 'kysely';

/**
 * 交换设定 (Rules Art. 22(四)): who may see a providing agency's `shared` and `authorised` records, per catalogue item
 * (by code, so settings survive a new edition) and per field, and the provincial bureau's floor that no provider's
 * settings go below. The rule that reads them is platform/sharing-sql.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A row: the provider has set the item's exchange; `shared_restricted` false keeps the default (shared with all).
  await sql`
    CREATE TABLE exchange_item_settings (
      agency_id bigint NOT NULL REFERENCES agencies (id),
      item_code text NOT NULL,
      shared_restricted boolean NOT NULL,
      updated_by bigint NOT NULL REFERENCES accounts (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agency_id, item_code)
    )`.execute(db);
  // An audience and the fields it sees (NULL: every field) of the provider's records of one item and use scope.
  await sql`
    CREATE TABLE exchange_grants (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL,
      item_code text NOT NULL,
      use_scope text NOT NULL CHECK (use_scope IN ('shared', 'authorised')),
      audience text NOT NULL CHECK (audience IN ('all', 'kind', 'agency', 'region')),
      audience_value text,
      fields text[],
      CHECK ((audience = 'all') = (audience_value IS NULL)),
      FOREIGN KEY (agency_id, item_code) REFERENCES exchange_item_settings (agency_id, item_code) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX exchange_grants_provider ON exchange_grants (agency_id, item_code, use_scope)`.execute(db);
  // The bureau's floor: every record of the item (NULL: any item) and level (NULL: any) shared or authorised is seen
  // by the audience, whatever the provider set.
  await sql`
    CREATE TABLE exchange_floor (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      item_code text,
      dishonesty_level text CHECK (dishonesty_level IN ('general', 'serious', 'severe')),
      audience text NOT NULL CHECK (audience IN ('all', 'kind', 'agency', 'region')),
      audience_value text,
      fields text[],
      updated_by bigint NOT NULL REFERENCES accounts (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((audience = 'all') = (audience_value IS NULL)),
      CHECK (fields IS NULL OR item_code IS NOT NULL)
    )`.execute(db);
  // Credit checks and watch-lists look records up by credit code, matched or not (10,000 codes at once).
  await sql`CREATE INDEX records_active_credit_code ON records (credit_code) WHERE status = 'active'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_active_credit_code`.execute(db);
  await sql`DROP TABLE exchange_floor`.execute(db);
  await sql`DROP TABLE exchange_grants`.execute(db);
  await sql`DROP TABLE exchange_item_settings`.execute(db);
}
