import { type Kysely, sql } from 'kysely';

/**
 * Name search at 5,000,000 entities (SPEC C11, §6): a posting table instead of GIN indexes.
 *
 * A GIN index answers "which names contain 贵州" only as a bitmap of every match (~800,000 at 5,000,000 entities), so a
 * ranked page with a count cut at 1,001 still built and walked that bitmap: 2-character fragments ran at 63 searches/s
 * (bench/README.md). Here every distinct 2- and 3-character substring of a name is a row (gram, name, entity), and one
 * B-tree over (gram, former, name, enterprise_id) holds them in the order a result page is shown: the first 20 names
 * containing a gram are the first 20 entries of its range, read from the index alone (the name is part of the key), and
 * the count stops after 1,001 entries. A 2- or 3-character query is a gram, so its range is exactly its matches; a
 * longer one walks the range of its rarest trigram and rechecks the name with LIKE inside the index. Former names
 * (曾用名), joined by a newline, are posted under `former = true`.
 *
 * Triggers keep the postings in step with `enterprises` in the same transaction on both engines. The gram counts that
 * pick the rarest trigram are refreshed by the `enterprises.refresh-name-statistics` job; a gram they do not know yet
 * counts as rare, which only ever costs speed, never a result.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION name_grams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      SELECT coalesce(array_agg(DISTINCT gram), '{}'::text[])
      FROM generate_series(1, char_length(value) - 1) AS i,
        LATERAL (VALUES (substr(value, i, 2)), (CASE WHEN i + 2 <= char_length(value) THEN substr(value, i, 3) END))
          AS g(gram)
      WHERE gram IS NOT NULL AND strpos(gram, E'\n') = 0
    $$`.execute(db);

  await sql`
    CREATE TABLE enterprise_name_grams (
      gram text COLLATE "C" NOT NULL,
      former boolean NOT NULL,
      name text COLLATE "C" NOT NULL,
      enterprise_id bigint NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE enterprise_name_gram_counts (
      gram text COLLATE "C" PRIMARY KEY,
      postings integer NOT NULL
    )`.execute(db);

  await sql`
    CREATE FUNCTION enterprise_name_grams_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.name = NEW.name AND OLD.former_names = NEW.former_names THEN
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        DELETE FROM enterprise_name_grams p
        WHERE p.gram = ANY (name_grams(OLD.name)) AND NOT p.former AND p.name = OLD.name
          AND p.enterprise_id = OLD.id;
        IF OLD.former_names <> '{}' THEN
          DELETE FROM enterprise_name_grams p
          WHERE p.gram = ANY (name_grams(former_names_text(OLD.former_names))) AND p.former
            AND p.name = former_names_text(OLD.former_names) AND p.enterprise_id = OLD.id;
        END IF;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO enterprise_name_grams (gram, former, name, enterprise_id)
        SELECT gram, false, NEW.name, NEW.id FROM unnest(name_grams(NEW.name)) AS gram;
        IF NEW.former_names <> '{}' THEN
          INSERT INTO enterprise_name_grams (gram, former, name, enterprise_id)
          SELECT gram, true, former_names_text(NEW.former_names), NEW.id
          FROM unnest(name_grams(former_names_text(NEW.former_names))) AS gram;
        END IF;
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);

  // Fills the postings of every entity, in index order so the rows of a gram share heap pages (index-only scans then
  // check few visibility-map pages). For the existing entities here, and for bulk loads with the trigger disabled.
  await sql`
    CREATE FUNCTION enterprise_name_grams_fill() RETURNS bigint
    LANGUAGE sql
    AS $$
      WITH inserted AS (
        INSERT INTO enterprise_name_grams (gram, former, name, enterprise_id)
        SELECT gram, former, name, enterprise_id FROM (
          SELECT gram, false AS former, e.name, e.id AS enterprise_id
          FROM enterprises e, unnest(name_grams(e.name)) AS gram
          UNION ALL
          SELECT gram, true, former_names_text(e.former_names), e.id
          FROM enterprises e, unnest(name_grams(former_names_text(e.former_names))) AS gram
          WHERE e.former_names <> '{}') postings
        ORDER BY gram COLLATE "C", former, name COLLATE "C", enterprise_id
        RETURNING 1)
      SELECT count(*) FROM inserted
    $$`.execute(db);
  await sql`SELECT enterprise_name_grams_fill()`.execute(db);
  await sql`
    CREATE UNIQUE INDEX enterprise_name_grams_key ON enterprise_name_grams (gram, former, name, enterprise_id)`.execute(
    db,
  );
  await sql`
    CREATE TRIGGER enterprises_name_grams AFTER INSERT OR DELETE OR UPDATE OF name, former_names ON enterprises
    FOR EACH ROW EXECUTE FUNCTION enterprise_name_grams_sync()`.execute(db);

  // The GIN indexes the postings replace: no query uses them any more, and each slowed every entity write.
  await sql`DROP INDEX enterprises_name_trigram`.execute(db);
  await sql`DROP INDEX enterprises_name_bigram`.execute(db);
  await sql`DROP INDEX enterprises_former_names_bigram`.execute(db);
  await sql`DROP INDEX enterprises_name_pattern`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX enterprises_name_pattern ON enterprises (name text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX enterprises_name_trigram ON enterprises USING gin (name gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX enterprises_name_bigram ON enterprises USING gin (bigrams(name))`.execute(db);
  await sql`
    CREATE INDEX enterprises_former_names_bigram ON enterprises USING gin (bigrams(former_names_text(former_names)))
    WHERE former_names <> '{}'`.execute(db);
  await sql`DROP TRIGGER enterprises_name_grams ON enterprises`.execute(db);
  await sql`DROP FUNCTION enterprise_name_grams_sync()`.execute(db);
  await sql`DROP FUNCTION enterprise_name_grams_fill()`.execute(db);
  await sql`DROP TABLE enterprise_name_gram_counts`.execute(db);
  await sql`DROP TABLE enterprise_name_grams`.execute(db);
  await sql`DROP FUNCTION name_grams(text)`.execute(db);
}
