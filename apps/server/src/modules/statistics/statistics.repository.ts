import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/database';
import { agencySetting, inForce, PUBLIC_SCOPE, PUBLICISED_BY_AGENCY } from '../../platform/publicity-sql';

export interface PlatformCountsRow {
  entities: number;
  publicRecords: number;
  blacklistedEntities: number;
}

/**
 * The three figures of the portal home in one statement. Public records are those decidePublicity shows (its rule in SQL,
 * platform/publicity-sql.ts), registration data aside. The agency settings are looked up once per (agency, item code)
 * group of the counted records, not once per record.
 */
export async function countPlatformFigures(db: Db, today: string): Promise<PlatformCountsRow> {
  const { rows } = await sql<PlatformCountsRow>`
    WITH candidates AS (
      SELECT r.agency_id, i.code, count(*) AS n
      FROM records r JOIN catalogue_items i ON i.id = r.item_id
      WHERE ${inForce(today)} AND ${PUBLIC_SCOPE} AND i.role <> 'registration'
      GROUP BY r.agency_id, i.code)
    SELECT
      (SELECT count(*) FROM enterprises)::int AS entities,
      (SELECT coalesce(sum(c.n), 0) FROM candidates c
        LEFT JOIN LATERAL ${agencySetting(sql`c.agency_id`, sql`c.code`)} ps ON true
        WHERE ${PUBLICISED_BY_AGENCY})::int AS public_records,
      (SELECT count(*) FROM enterprises WHERE badges @> ARRAY['blacklisted']::text[])::int AS blacklisted_entities
  `.execute(db);
  const row = rows[0]!;
  return {
    entities: Number(row.entities),
    publicRecords: Number(row.publicRecords),
    blacklistedEntities: Number(row.blacklistedEntities),
  };
}

/**
 * Moves the deltas the triggers appended (migration 2026-12-07T0024) into the counts, in one transaction per table:
 * a delta committed while the fold runs stays for the next fold, none is counted twice.
 */
export async function foldDeltas(db: Db): Promise<void> {
  await sql`SELECT statistics_fold_deltas()`.execute(db);
}

/**
 * How one dimension groups the counts, said in the domain's words (this repository writes the SQL): Guizhou's counties
 * by prefecture, one prefecture's counties, industries (every 大类, or only those listed), entity kinds, levels or months.
 */
export type BreakdownGrouping = (
  | { by: 'prefecture' }
  | { by: 'county'; prefecture: string }
  | { by: 'industry'; divisions?: readonly string[] }
  | { by: 'kind' }
  | { by: 'level' }
  | { by: 'month' }
) & {
  /** First days of the first and last months counted (inclusive); open when absent. */
  fromMonth?: string;
  toMonth?: string;
};

/** The item code of a counts row (an expression over its key columns) and which rows count at all. */
function groupingSql(grouping: BreakdownGrouping): { key: RawBuilder<string>; where: RawBuilder<SqlBool> } {
  switch (grouping.by) {
    case 'prefecture':
      // A county's prefecture is its code's first four digits followed by 00 (GB/T 2260).
      return {
        key: sql<string>`substr(region_code, 1, 4) || '00'`,
        where: sql<SqlBool>`region_code LIKE '52%' AND region_code <> '520000'`,
      };
    case 'county':
      return {
        key: sql<string>`region_code`,
        where: sql<SqlBool>`region_code LIKE ${`${grouping.prefecture.slice(0, 4)}%`} AND region_code <> ${grouping.prefecture}`,
      };
    case 'industry':
      return {
        key: sql<string>`industry_code`,
        where: grouping.divisions
          ? sql<SqlBool>`industry_code = ANY(${[...grouping.divisions]}::text[])`
          : sql<SqlBool>`industry_code <> ''`,
      };
    case 'kind':
      return { key: sql<string>`entity_kind`, where: sql<SqlBool>`entity_kind <> ''` };
    case 'level':
      return { key: sql<string>`dishonesty_level`, where: sql<SqlBool>`dishonesty_level <> ''` };
    case 'month':
      return { key: sql<string>`to_char(month, 'YYYY-MM')`, where: sql<SqlBool>`true` };
  }
}

export interface BreakdownSumsRow {
  code: string;
  entities: number;
  publicRecords: number;
  blacklisted: number;
  abnormal: number;
}

/**
 * The four public figures per item of a dimension, from the counts and the deltas not yet folded: never from `records`.
 * Records in publicity count only where their agency publicises the item (Art. 22(五)), decided once per (agency, item)
 * group of the counts rather than per record.
 */
export async function sumBreakdown(db: Db, grouping: BreakdownGrouping): Promise<BreakdownSumsRow[]> {
  const { key, where: counted } = groupingSql(grouping);
  const where = sql<SqlBool>`${counted}
    AND (${grouping.fromMonth ?? null}::date IS NULL OR month >= ${grouping.fromMonth ?? null}::date)
    AND (${grouping.toMonth ?? null}::date IS NULL OR month <= ${grouping.toMonth ?? null}::date)`;
  const { rows } = await sql<BreakdownSumsRow>`
    WITH entity_sums AS (
      SELECT ${key} AS code, sum(entities) AS entities, sum(blacklisted) AS blacklisted, sum(abnormal) AS abnormal
      FROM (
        SELECT region_code, industry_code, entity_kind, dishonesty_level, month, entities, blacklisted, abnormal
        FROM statistics_entity_counts
        UNION ALL
        SELECT region_code, industry_code, entity_kind, dishonesty_level, month, entities, blacklisted, abnormal
        FROM statistics_entity_deltas) c
      WHERE ${where}
      GROUP BY 1),
    record_groups AS (
      SELECT ${key} AS code, agency_id, item_code, sum(in_publicity) AS n
      FROM (
        SELECT region_code, industry_code, entity_kind, dishonesty_level, month, agency_id, item_code, in_publicity
        FROM statistics_record_counts
        UNION ALL
        SELECT region_code, industry_code, entity_kind, dishonesty_level, month, agency_id, item_code, in_publicity
        FROM statistics_record_deltas) c
      WHERE ${where} AND in_publicity <> 0
      GROUP BY 1, 2, 3),
    record_sums AS (
      SELECT g.code, sum(g.n) AS public_records
      FROM record_groups g
      LEFT JOIN LATERAL ${agencySetting(sql`g.agency_id`, sql`g.item_code`)} ps ON true
      WHERE ${PUBLICISED_BY_AGENCY}
      GROUP BY 1)
    SELECT coalesce(e.code, r.code) AS code, coalesce(e.entities, 0)::bigint AS entities,
      coalesce(r.public_records, 0)::bigint AS public_records, coalesce(e.blacklisted, 0)::bigint AS blacklisted,
      coalesce(e.abnormal, 0)::bigint AS abnormal
    FROM entity_sums e FULL JOIN record_sums r ON r.code = e.code
  `.execute(db);
  return rows.map((row) => ({
    code: row.code,
    entities: Number(row.entities),
    publicRecords: Number(row.publicRecords),
    blacklisted: Number(row.blacklisted),
    abnormal: Number(row.abnormal),
  }));
}
