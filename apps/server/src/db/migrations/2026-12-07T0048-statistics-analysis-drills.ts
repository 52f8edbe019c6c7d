import { type Kysely, sql } from 'kysely';

/**
 * The console analysis's drills from the analysis counts (migration 0046) instead of the finest counts: four grains
 * more, with a county (bit 16: the region holds the county, as in the finest counts) or a 大类 (bit 32: the industry
 * holds the 大类) and neither kind nor month: a county alone (16), a county by 门类 (18), a 大类 alone (32), a 大类 by
 * prefecture (33). A prefecture's counties or a 门类's 大类 without a kind or a period, and a county's or a 大类's
 * filter with at most the other dimension at its coarse level, read a grain; the rest still reads the finest counts.
 * Bounded as the other grains: counties × 门类, or prefectures × 大类, per sharing key, whatever the records.
 * The fold and the rebuild are redefined with the grains added (0046's SQL restated: a migration's SQL is frozen),
 * then the table is counted afresh.
 */

const RECORD_KEY =
  'region_code, industry_code, entity_kind, category, item_code, dishonesty_level, agency_id, month, use_scope, classified';
const RECORD_MEASURES = ['received', 'in_publicity', 'corrections', 'revocations', 'late', 'abnormal_listings'];
const ENTITY_KEY = 'region_code, industry_code, entity_kind, dishonesty_level, month';
const ENTITY_MEASURES = ['entities', 'blacklisted', 'abnormal'];
const ANALYSIS_KEY =
  'grain, region_code, industry_code, entity_kind, month, category, item_code, dishonesty_level, agency_id, use_scope, classified';

/** The analysis key of a finest row `m` in grain `g.grain`, with (`drills`) or without (0046's) bits 16 and 32. */
const analysisKeyOf = (drills: boolean) => `g.grain,
  CASE ${drills ? 'WHEN g.grain & 16 <> 0 THEN m.region_code ' : ''}WHEN g.grain & 1 <> 0
    THEN statistics_prefecture(m.region_code) ELSE '' END,
  CASE ${drills ? 'WHEN g.grain & 32 <> 0 THEN m.industry_code ' : ''}WHEN g.grain & 2 <> 0
    THEN statistics_section(m.industry_code) ELSE '' END,
  CASE WHEN g.grain & 4 <> 0 THEN m.entity_kind ELSE '' END,
  CASE WHEN g.grain & 8 <> 0 THEN m.month ELSE '-infinity' END,
  m.category, m.item_code, m.dishonesty_level, m.agency_id, m.use_scope, m.classified`;
const COARSE_GRAINS = 'generate_series(0, 15)';
const DRILL_GRAINS = `unnest('{16, 18, 32, 33}'::smallint[])`;
const EVERY_GRAIN = `unnest('{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 32, 33}'::smallint[])`;
const inGrains = (from: string, grains: string) => `${from} m CROSS JOIN ${grains} g (grain)`;

const foldInto = (counts: string, key: string, measures: string[], from: string, selected = key) => `
  INSERT INTO ${counts} AS c (${key}, ${measures.join(', ')})
  SELECT ${selected}, ${measures.map((m) => `sum(${m})`).join(', ')} FROM ${from} GROUP BY ${selected}
  ON CONFLICT (${key}) DO UPDATE SET ${measures.map((m) => `${m} = c.${m} + excluded.${m}`).join(', ')}`;

const addPublic = `
  INSERT INTO statistics_public_counts AS c (dimension, code, month, public_records)
  SELECT d.dimension, d.code, m.month, sum(m.in_publicity)
  FROM moved m
  LEFT JOIN statistics_publicity_applied a ON a.agency_id = m.agency_id AND a.item_code = m.item_code
  CROSS JOIN LATERAL (VALUES ('region', m.region_code), ('industry', m.industry_code),
    ('kind', m.entity_kind), ('level', m.dishonesty_level)) d (dimension, code)
  WHERE m.in_publicity <> 0 AND coalesce(a.publicised, true)
  GROUP BY 1, 2, 3
  ON CONFLICT (dimension, code, month) DO UPDATE SET public_records = c.public_records + excluded.public_records`;

/** The fold and the rebuild with (`drills`) or without (0046's) the drill grains. */
async function defineFunctions(db: Kysely<unknown>, drills: boolean): Promise<void> {
  const keyOf = analysisKeyOf(drills);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_fold_deltas() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      WITH moved AS (DELETE FROM statistics_record_deltas RETURNING *),
      finest AS (${foldInto('statistics_record_counts', RECORD_KEY, RECORD_MEASURES, 'moved')}),
      analysis AS (${foldInto(
        'statistics_analysis_counts',
        ANALYSIS_KEY,
        RECORD_MEASURES,
        inGrains('moved', drills ? EVERY_GRAIN : COARSE_GRAINS),
        keyOf,
      )})
      ${addPublic};
      WITH moved AS (DELETE FROM statistics_entity_deltas RETURNING *)
      ${foldInto('statistics_entity_counts', ENTITY_KEY, ENTITY_MEASURES, 'moved')};
    END
    $$`)
    .execute(db);
  // The coarse grains from the finest counts summed by prefecture and 门类 first; the drill grains from the finest.
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_analysis_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      LOCK TABLE statistics_public_counts IN SHARE ROW EXCLUSIVE MODE;
      DELETE FROM statistics_analysis_counts;
      WITH coarse AS (
        SELECT statistics_prefecture(region_code) AS region_code, statistics_section(industry_code) AS industry_code,
          entity_kind, month, category, item_code, dishonesty_level, agency_id, use_scope, classified,
          ${RECORD_MEASURES.map((m) => `sum(${m}) AS ${m}`).join(', ')}
        FROM statistics_record_counts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
      ${foldInto('statistics_analysis_counts', ANALYSIS_KEY, RECORD_MEASURES, inGrains('coarse', COARSE_GRAINS), keyOf)};
      ${
        drills
          ? `${foldInto(
              'statistics_analysis_counts',
              ANALYSIS_KEY,
              RECORD_MEASURES,
              inGrains('statistics_record_counts', DRILL_GRAINS),
              keyOf,
            )};`
          : ''
      }
    END
    $$`)
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await defineFunctions(db, true);
  await sql`SELECT statistics_analysis_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await defineFunctions(db, false);
  await sql`DELETE FROM statistics_analysis_counts WHERE grain >= 16`.execute(db);
}
