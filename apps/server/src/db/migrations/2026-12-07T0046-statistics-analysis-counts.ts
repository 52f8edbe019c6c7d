import { type Kysely, sql } from 'kysely';

/**
 * 统计分析汇总 (issue 19 item 3): the record counts at the grain of the console analysis's views, which it reads instead
 * of the finest counts (4.6 million rows at 50,000,000 records, 2–20 s a view; bench/README.md).
 *
 * - `statistics_analysis_counts`: every combination (`grain`, a bit each: 1 region, 2 industry, 4 kind, 8 month) of
 *   the four dimensions the views group or filter by besides the sharing rule's, with the region at prefecture level
 *   (`statistics_prefecture`: a six-digit code's first four digits + `00`) and the industry at 门类 level
 *   (`statistics_section`: the GB/T 4754-2017 section of a 大类); a dimension outside the grain holds `''` (month
 *   `-infinity`). Every row keeps the sharing rule's keys (provider, item, use scope, 涉密, level) and the category, so
 *   what a viewer may see is decided per row as before. A view reads the one grain holding its dimension and filters
 *   (the key leads with grain and region, an index with grain and 门类): prefectures × 门类 × kinds × months bound
 *   each grain per sharing key, whatever the number of records.
 * - Kept by the fold: `statistics_fold_deltas()` adds the same deleted deltas to the finest counts, to each grain of
 *   this table and to the public counts, in one statement. Its measures are not touched by the publicity setting (the
 *   analysis counts records in publicity as the finest counts do), so the setting's trigger leaves this table alone.
 * - `statistics_rebuild()` counts it afresh after the finest counts (`statistics_analysis_rebuild()`, from the finest
 *   counts; this migration runs it).
 * - A view that needs a county or a 大类 (a drill, a county's scope or filter, a 大类 filter) reads the finest counts.
 */

/** The finest record key and measures (migration 0035), restated: a migration's SQL is frozen in time. */
const RECORD_KEY =
  'region_code, industry_code, entity_kind, category, item_code, dishonesty_level, agency_id, month, use_scope, classified';
const RECORD_MEASURES = ['received', 'in_publicity', 'corrections', 'revocations', 'late', 'abnormal_listings'];
const ENTITY_KEY = 'region_code, industry_code, entity_kind, dishonesty_level, month';
const ENTITY_MEASURES = ['entities', 'blacklisted', 'abnormal'];
/** The analysis counts' key: the grain, its four dimensions, the rest of the finest key. */
const ANALYSIS_KEY =
  'grain, region_code, industry_code, entity_kind, month, category, item_code, dishonesty_level, agency_id, use_scope, classified';
/** The analysis key of a finest row `m` in grain `g.grain`. */
const ANALYSIS_KEY_OF = `g.grain,
  CASE WHEN g.grain & 1 <> 0 THEN statistics_prefecture(m.region_code) ELSE '' END,
  CASE WHEN g.grain & 2 <> 0 THEN statistics_section(m.industry_code) ELSE '' END,
  CASE WHEN g.grain & 4 <> 0 THEN m.entity_kind ELSE '' END,
  CASE WHEN g.grain & 8 <> 0 THEN m.month ELSE '-infinity' END,
  m.category, m.item_code, m.dishonesty_level, m.agency_id, m.use_scope, m.classified`;
/** The finest rows `from` (named `m`), in each of the 16 grains. */
const inEveryGrain = (from: string) => `${from} m CROSS JOIN generate_series(0, 15) g (grain)`;

const foldInto = (counts: string, key: string, measures: string[], from: string, selected = key) => `
  INSERT INTO ${counts} AS c (${key}, ${measures.join(', ')})
  SELECT ${selected}, ${measures.map((m) => `sum(${m})`).join(', ')} FROM ${from} GROUP BY ${selected}
  ON CONFLICT (${key}) DO UPDATE SET ${measures.map((m) => `${m} = c.${m} + excluded.${m}`).join(', ')}`;

/** Migration 0041's public counts, restated. */
const addPublic = (from: string, where: string, value: string) => `
  INSERT INTO statistics_public_counts AS c (dimension, code, month, public_records)
  SELECT d.dimension, d.code, m.month, sum(${value})
  ${from}
  CROSS JOIN LATERAL (VALUES ('region', m.region_code), ('industry', m.industry_code),
    ('kind', m.entity_kind), ('level', m.dishonesty_level)) d (dimension, code)
  WHERE ${where}
  GROUP BY 1, 2, 3
  ON CONFLICT (dimension, code, month) DO UPDATE SET public_records = c.public_records + excluded.public_records`;

const APPLIED = `LEFT JOIN statistics_publicity_applied a ON a.agency_id = m.agency_id AND a.item_code = m.item_code`;

const entityFold = `
  WITH moved AS (DELETE FROM statistics_entity_deltas RETURNING *)
  ${foldInto('statistics_entity_counts', ENTITY_KEY, ENTITY_MEASURES, 'moved')}`;

/** The fold with (`analysis`) or without (0041's) this table. */
async function defineFold(db: Kysely<unknown>, analysis: boolean): Promise<void> {
  const folds = [
    'moved AS (DELETE FROM statistics_record_deltas RETURNING *)',
    `finest AS (${foldInto('statistics_record_counts', RECORD_KEY, RECORD_MEASURES, 'moved')})`,
    ...(analysis
      ? [
          `analysis AS (${foldInto('statistics_analysis_counts', ANALYSIS_KEY, RECORD_MEASURES, inEveryGrain('moved'), ANALYSIS_KEY_OF)})`,
        ]
      : []),
  ];
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_fold_deltas() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      WITH ${folds.join(',\n')}
      ${addPublic(`FROM moved m ${APPLIED}`, 'm.in_publicity <> 0 AND coalesce(a.publicised, true)', 'm.in_publicity')};
      ${entityFold};
    END
    $$`)
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // A county's prefecture (GB/T 2260: the code's first four digits + 00); other codes ('' for a waiting record) as
  // they are.
  await sql`
    CREATE FUNCTION statistics_prefecture(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN code ~ '^[0-9]{6}$' THEN substr(code, 1, 4) || '00' ELSE code END
    $$`.execute(db);
  // The GB/T 4754-2017 门类 of a 大类 (statistics_division's two digits); other codes ('') as they are. The same
  // ranges as packages/domain industries.ts (checked by statistics-rollups.test.ts).
  await sql`
    CREATE FUNCTION statistics_section(division text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE
        WHEN division !~ '^[0-9]{2}$' OR division NOT BETWEEN '01' AND '97' THEN division
        WHEN division <= '05' THEN 'A' WHEN division <= '12' THEN 'B' WHEN division <= '43' THEN 'C'
        WHEN division <= '46' THEN 'D' WHEN division <= '50' THEN 'E' WHEN division <= '52' THEN 'F'
        WHEN division <= '60' THEN 'G' WHEN division <= '62' THEN 'H' WHEN division <= '65' THEN 'I'
        WHEN division <= '69' THEN 'J' WHEN division <= '70' THEN 'K' WHEN division <= '72' THEN 'L'
        WHEN division <= '75' THEN 'M' WHEN division <= '79' THEN 'N' WHEN division <= '82' THEN 'O'
        WHEN division <= '83' THEN 'P' WHEN division <= '85' THEN 'Q' WHEN division <= '90' THEN 'R'
        WHEN division <= '96' THEN 'S' ELSE 'T' END
    $$`.execute(db);
  await sql
    .raw(`
    CREATE TABLE statistics_analysis_counts (
      grain smallint NOT NULL, region_code text NOT NULL, industry_code text NOT NULL, entity_kind text NOT NULL,
      month date NOT NULL, category text NOT NULL, item_code text NOT NULL, dishonesty_level text NOT NULL,
      agency_id bigint NOT NULL, use_scope text NOT NULL, classified boolean NOT NULL,
      ${RECORD_MEASURES.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(', ')},
      PRIMARY KEY (${ANALYSIS_KEY})
    )`)
    .execute(db);
  // A 门类 filter with another dimension listed (the key leads with the region).
  await sql`CREATE INDEX statistics_analysis_counts_industry ON statistics_analysis_counts (grain, industry_code)`.execute(
    db,
  );
  await defineFold(db, true);
  // Counted afresh from the finest counts (deltas not yet folded are the fold's), under the fold's lock.
  await sql
    .raw(`
    CREATE FUNCTION statistics_analysis_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      DELETE FROM statistics_analysis_counts;
      WITH coarse AS (
        SELECT statistics_prefecture(region_code) AS region_code, statistics_section(industry_code) AS industry_code,
          entity_kind, month, category, item_code, dishonesty_level, agency_id, use_scope, classified,
          ${RECORD_MEASURES.map((m) => `sum(${m}) AS ${m}`).join(', ')}
        FROM statistics_record_counts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
      ${foldInto('statistics_analysis_counts', ANALYSIS_KEY, RECORD_MEASURES, inEveryGrain('coarse'), ANALYSIS_KEY_OF)};
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM statistics_rebuild_finest();
      PERFORM statistics_public_rebuild();
      PERFORM statistics_analysis_rebuild();
    END
    $$`)
    .execute(db);
  await sql`SELECT statistics_analysis_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM statistics_rebuild_finest();
      PERFORM statistics_public_rebuild();
    END
    $$`)
    .execute(db);
  await defineFold(db, false);
  await sql`DROP FUNCTION statistics_analysis_rebuild()`.execute(db);
  await sql`DROP TABLE statistics_analysis_counts`.execute(db);
  await sql`DROP FUNCTION statistics_section(text)`.execute(db);
  await sql`DROP FUNCTION statistics_prefecture(text)`.execute(db);
}
