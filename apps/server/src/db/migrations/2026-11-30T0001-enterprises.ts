import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  // Trigram indexes never serve 2-character fragments (茅台, 黔峰): a bigram array with a GIN index answers them.
  await sql`
    CREATE FUNCTION bigrams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}'::text[])
      FROM generate_series(1, char_length(value) - 1) AS i
    $$`.execute(db);

  await sql`
    CREATE TABLE enterprises (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      credit_code text NOT NULL UNIQUE CHECK (char_length(credit_code) = 18),
      name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 200),
      kind text NOT NULL CHECK (kind IN ('enterprise', 'individual', 'cooperative', 'other')),
      status text NOT NULL CHECK (status IN ('active', 'revoked', 'cancelled', 'moved_out')),
      region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
      industry_code text CHECK (industry_code ~ '^[A-T][0-9]{2}$'),
      legal_representative text,
      established_on date,
      registration_authority text,
      address text,
      former_names text[] NOT NULL DEFAULT '{}',
      former_registration_numbers text[] NOT NULL DEFAULT '{}',
      flagged_for_review boolean NOT NULL DEFAULT false,
      badges text[] NOT NULL DEFAULT '{}',
      dishonesty_level text CHECK (dishonesty_level IN ('general', 'serious', 'severe')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // text_pattern_ops serves both the exact-name and the prefix tiers of the ranking (name = q, name LIKE 'q%').
  await sql`CREATE INDEX enterprises_name_pattern ON enterprises (name text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX enterprises_name_trigram ON enterprises USING gin (name gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX enterprises_name_bigram ON enterprises USING gin (bigrams(name))`.execute(db);
  await sql`CREATE INDEX enterprises_former_registration_numbers ON enterprises USING gin (former_registration_numbers)`.execute(
    db,
  );
  await sql`CREATE INDEX enterprises_region ON enterprises (region_code)`.execute(db);
  await sql`CREATE INDEX enterprises_industry ON enterprises (industry_code)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE enterprises`.execute(db);
  await sql`DROP FUNCTION bigrams(text)`.execute(db);
}
