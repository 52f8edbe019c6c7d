import { type Kysely, sql } from 'kysely';

/**
 * 公众统计汇总 (issue 19): the records in publicity counted at the grain of the public breakdowns
 * (`GET /api/public/statistics/breakdown`): per dimension (the county, the 大类, the entity kind, the level) and month,
 * with the providing agency's publicity setting (Art. 22(五)) already applied. The finest counts (migrations 0024,
 * 0035) hold about one row per two records, so a breakdown read from them scanned them whole; this table holds a few
 * thousand rows.
 *
 * - `statistics_public_counts (dimension, code, month, public_records)`: `dimension` is `region` (the code a county's),
 *   `industry` (a 大类), `kind` or `level`; each record in publicity counts once in each dimension. Codes are those of
 *   the finest counts (`''` where the record's entity is not known yet, or it has no level).
 * - `statistics_publicity_applied (agency_id, item_code, publicised)`: the setting the table was counted with, for the
 *   pairs that have one (no row: publicised, the catalogue default).
 * - `statistics_fold_deltas()` (every minute) moves the record deltas into the finest counts and, the same rows, into
 *   this table with the applied setting, in one statement.
 * - A change of `publicity_settings` (a statement trigger) recounts the pairs whose effective setting changed: their
 *   folded counts are added to (now publicised) or taken from (now withheld) this table, and the applied setting
 *   recorded. Deltas not yet folded are counted by the fold with the setting applied then, and by readers with the
 *   applied one, so none is counted twice. The fold and the recount take the same lock, one after the other.
 * - `statistics_rebuild()` counts this table afresh after the finest counts (`statistics_public_rebuild()`, which this
 *   migration runs: from the finest counts, a few seconds at 1,000,000 counts rows, no scan of `records`).
 */

/** The four dimensions of a row of the finest counts (or deltas) `m`, one row each. */
const DIMENSIONS = `CROSS JOIN LATERAL (VALUES ('region', m.region_code), ('industry', m.industry_code),
  ('kind', m.entity_kind), ('level', m.dishonesty_level)) d (dimension, code)`;

/** Adds `value` (an expression over `m`) of the rows `from` (naming the finest rows `m`) into the public counts. */
const addPublic = (from: string, where: string, value: string) => `
  INSERT INTO statistics_public_counts AS c (dimension, code, month, public_records)
  SELECT d.dimension, d.code, m.month, sum(${value})
  ${from}
  ${DIMENSIONS}
  WHERE ${where}
  GROUP BY 1, 2, 3
  ON CONFLICT (dimension, code, month) DO UPDATE SET public_records = c.public_records + excluded.public_records`;

const APPLIED = `LEFT JOIN statistics_publicity_applied a ON a.agency_id = m.agency_id AND a.item_code = m.item_code`;

/** The finest record key and measures (migration 0035), restated: a migration's SQL is frozen in time. */
const RECORD_KEY =
  'region_code, industry_code, entity_kind, category, item_code, dishonesty_level, agency_id, month, use_scope, classified';
const RECORD_MEASURES = ['received', 'in_publicity', 'corrections', 'revocations', 'late', 'abnormal_listings'];
const ENTITY_KEY = 'region_code, industry_code, entity_kind, dishonesty_level, month';
const ENTITY_MEASURES = ['entities', 'blacklisted', 'abnormal'];

const foldInto = (counts: string, key: string, measures: string[], from: string) => `
  INSERT INTO ${counts} AS c (${key}, ${measures.join(', ')})
  SELECT ${key}, ${measures.map((m) => `sum(${m})`).join(', ')} FROM ${from} GROUP BY ${key}
  ON CONFLICT (${key}) DO UPDATE SET ${measures.map((m) => `${m} = c.${m} + excluded.${m}`).join(', ')}`;

const entityFold = `
  WITH moved AS (DELETE FROM statistics_entity_deltas RETURNING *)
  ${foldInto('statistics_entity_counts', ENTITY_KEY, ENTITY_MEASURES, 'moved')}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE statistics_public_counts (
      dimension text NOT NULL CHECK (dimension IN ('region', 'industry', 'kind', 'level')),
      code text NOT NULL,
      month date NOT NULL,
      public_records bigint NOT NULL,
      PRIMARY KEY (dimension, code, month)
    )`.execute(db);
  await sql`
    CREATE TABLE statistics_publicity_applied (
      agency_id bigint NOT NULL,
      item_code text NOT NULL,
      publicised boolean NOT NULL,
      PRIMARY KEY (agency_id, item_code)
    )`.execute(db);

  // The effective setting of every pair that has a settings row: the newest edition's (platform/publicity-sql.ts).
  await sql
    .raw(`
    CREATE FUNCTION statistics_publicity_settings() RETURNS TABLE (agency_id bigint, item_code text, publicised boolean)
    LANGUAGE sql STABLE AS $$
      SELECT DISTINCT ON (s.agency_id, i.code) s.agency_id, i.code, s.publicised
      FROM publicity_settings s JOIN catalogue_items i ON i.id = s.item_id
      ORDER BY s.agency_id, i.code, i.edition_id DESC
    $$`)
    .execute(db);

  await sql
    .raw(`
    CREATE FUNCTION statistics_publicity_recount() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      WITH changed AS (
        SELECT pairs.agency_id, pairs.item_code, coalesce(s.publicised, true) AS publicised
        FROM (SELECT p.agency_id, p.item_code FROM statistics_publicity_settings() p
              UNION SELECT a.agency_id, a.item_code FROM statistics_publicity_applied a) pairs
        LEFT JOIN statistics_publicity_settings() s ON s.agency_id = pairs.agency_id AND s.item_code = pairs.item_code
        LEFT JOIN statistics_publicity_applied a ON a.agency_id = pairs.agency_id AND a.item_code = pairs.item_code
        WHERE coalesce(s.publicised, true) IS DISTINCT FROM coalesce(a.publicised, true)),
      applied AS (
        INSERT INTO statistics_publicity_applied AS a (agency_id, item_code, publicised)
        SELECT agency_id, item_code, publicised FROM changed
        ON CONFLICT (agency_id, item_code) DO UPDATE SET publicised = excluded.publicised)
      ${addPublic(
        `FROM changed ch
         JOIN statistics_record_counts m ON m.agency_id = ch.agency_id AND m.item_code = ch.item_code`,
        'm.in_publicity <> 0',
        'CASE WHEN ch.publicised THEN m.in_publicity ELSE -m.in_publicity END',
      )};
    END
    $$`)
    .execute(db);

  await sql
    .raw(`
    CREATE FUNCTION statistics_publicity_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM statistics_publicity_recount();
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql`
    CREATE TRIGGER publicity_settings_statistics AFTER INSERT OR UPDATE OR DELETE ON publicity_settings
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_publicity_settings_changed()`.execute(db);

  // The fold: the record deltas into the finest counts and, with the applied setting, into the public counts, in one
  // statement (a delta committed meanwhile stays for the next fold, in both).
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_fold_deltas() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      WITH moved AS (DELETE FROM statistics_record_deltas RETURNING *),
      finest AS (${foldInto('statistics_record_counts', RECORD_KEY, RECORD_MEASURES, 'moved')})
      ${addPublic(`FROM moved m ${APPLIED}`, 'm.in_publicity <> 0 AND coalesce(a.publicised, true)', 'm.in_publicity')};
      ${entityFold};
    END
    $$`)
    .execute(db);

  // This table counted afresh from the finest counts (deltas not yet folded are the fold's), and the rebuild: the
  // finest counts as before (0035's function, renamed), then this table.
  await sql
    .raw(`
    CREATE FUNCTION statistics_public_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      DELETE FROM statistics_public_counts;
      DELETE FROM statistics_publicity_applied;
      INSERT INTO statistics_publicity_applied (agency_id, item_code, publicised)
      SELECT agency_id, item_code, publicised FROM statistics_publicity_settings();
      ${addPublic(
        `FROM statistics_record_counts m ${APPLIED}`,
        'm.in_publicity <> 0 AND coalesce(a.publicised, true)',
        'm.in_publicity',
      )};
    END
    $$`)
    .execute(db);
  await sql`ALTER FUNCTION statistics_rebuild() RENAME TO statistics_rebuild_finest`.execute(db);
  await sql
    .raw(`
    CREATE FUNCTION statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM statistics_rebuild_finest();
      PERFORM statistics_public_rebuild();
    END
    $$`)
    .execute(db);
  // From the finest counts only: the migration scans no records.
  await sql`SELECT statistics_public_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION statistics_rebuild()`.execute(db);
  await sql`ALTER FUNCTION statistics_rebuild_finest() RENAME TO statistics_rebuild`.execute(db);
  await sql`DROP FUNCTION statistics_public_rebuild()`.execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_fold_deltas() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      WITH moved AS (DELETE FROM statistics_record_deltas RETURNING *)
      ${foldInto('statistics_record_counts', RECORD_KEY, RECORD_MEASURES, 'moved')};
      ${entityFold};
    END
    $$`)
    .execute(db);
  await sql`DROP TRIGGER publicity_settings_statistics ON publicity_settings`.execute(db);
  await sql`DROP FUNCTION statistics_publicity_settings_changed()`.execute(db);
  await sql`DROP FUNCTION statistics_publicity_recount()`.execute(db);
  await sql`DROP FUNCTION statistics_publicity_settings()`.execute(db);
  await sql`DROP TABLE statistics_publicity_applied`.execute(db);
  await sql`DROP TABLE statistics_public_counts`.execute(db);
}
