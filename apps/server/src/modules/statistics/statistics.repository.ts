import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/database';
import { agencySetting, inForce, PUBLIC_SCOPE, PUBLICISED_BY_AGENCY } from '../../platform/publicity-sql';
import { countsVisibleTo } from '../../platform/sharing-sql';

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

/**
 * The column of the finest counts a grouping reads, and the `statistics_public_counts` dimension holding it; months
 * are in every dimension (each record in publicity counts once in each), so a month breakdown reads one of them.
 */
function publicDimension(grouping: BreakdownGrouping): { column: RawBuilder<string>; dimension: string } {
  switch (grouping.by) {
    case 'prefecture':
    case 'county':
      return { column: sql`region_code`, dimension: 'region' };
    case 'industry':
      return { column: sql`industry_code`, dimension: 'industry' };
    case 'kind':
      return { column: sql`entity_kind`, dimension: 'kind' };
    case 'level':
    case 'month':
      return { column: sql`dishonesty_level`, dimension: 'level' };
  }
}

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
 * Records in publicity come from `statistics_public_counts` (migration 0041: per dimension and month, counted with the
 * agency's publicity setting, Art. 22(五)) and the record deltas not yet folded, with the same applied setting.
 */
export async function sumBreakdown(db: Db, grouping: BreakdownGrouping): Promise<BreakdownSumsRow[]> {
  const { key, where: counted } = groupingSql(grouping);
  const { column, dimension } = publicDimension(grouping);
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
    record_sums AS (
      SELECT ${key} AS code, sum(n) AS public_records
      FROM (
        SELECT code AS ${column}, month, public_records AS n
        FROM statistics_public_counts WHERE dimension = ${dimension}
        UNION ALL
        SELECT d.${column}, d.month, d.in_publicity
        FROM statistics_record_deltas d
        LEFT JOIN statistics_publicity_applied a ON a.agency_id = d.agency_id AND a.item_code = d.item_code
        WHERE d.in_publicity <> 0 AND coalesce(a.publicised, true)) c
      WHERE ${where}
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

/**
 * The console analysis's grouping: one dimension of the record rollups, in the domain's words: prefectures, one
 * prefecture's counties, 门类, one 门类's 大类, or a dimension without levels.
 */
export type AnalysisGrouping =
  | { by: 'prefecture' }
  | { by: 'county'; prefecture: string }
  | { by: 'section' }
  | { by: 'division'; section: string }
  | { by: 'kind' | 'category' | 'item' | 'level' | 'agency' | 'month' };

/** What the counted records must match: every field optional (absent: any). */
export interface AnalysisFilters {
  /** The viewer's region: a code prefix (its prefecture's first four digits, its county's code); absent: the province. */
  scopePrefix?: string;
  /** A county's code, or a prefecture's first four digits. */
  regionPrefix?: string;
  /** A 门类 letter. */
  section?: string;
  /** A 大类's two digits. */
  division?: string;
  kind?: string;
  category?: string;
  itemCode?: string;
  /** `''` for records without a level. */
  level?: string;
  agencyId?: number;
  /** First days of the first and last months received (inclusive). */
  fromMonth?: string;
  toMonth?: string;
}

export interface AnalysisSumsRow {
  /** The dimension's code; null for the total of every row that matched the filters. */
  code: string | null;
  received: number;
  inPublicity: number;
  corrections: number;
  revocations: number;
  late: number;
  abnormalListings: number;
}

/**
 * Which counts a query reads: a grain of the analysis counts (migrations 0046, 0048: a bit each for the region by
 * prefecture (1) or county (16), the industry by 门类 (2) or 大类 (32), the kind (4) and the month (8) the query groups
 * or filters by; bounded whatever the number of records), or the finest counts where no grain holds them all (a
 * county or a 大类 with a kind or a month, or both); each with the deltas not yet folded, coarsened alike.
 */
type AnalysisSource = { grain: number } | 'finest';

const COUNTY = 16;
const DIVISION = 32;

function sourceOf(grouping: AnalysisGrouping | undefined, filters: AnalysisFilters): AnalysisSource {
  const by = grouping?.by;
  const county = by === 'county' || (filters.scopePrefix?.length ?? 0) > 4 || (filters.regionPrefix?.length ?? 0) > 4;
  const grain =
    (county ? COUNTY : by === 'prefecture' || filters.scopePrefix || filters.regionPrefix ? 1 : 0) |
    (by === 'division' || filters.division ? DIVISION : by === 'section' || filters.section ? 2 : 0) |
    (by === 'kind' || filters.kind ? 4 : 0) |
    (by === 'month' || filters.fromMonth || filters.toMonth ? 8 : 0);
  const drill = grain & (COUNTY | DIVISION);
  return drill === (COUNTY | DIVISION) || (drill && grain & (4 | 8)) ? 'finest' : { grain };
}

const KEY_COLUMNS = sql.raw(
  'entity_kind, month, category, item_code, dishonesty_level, agency_id, use_scope, classified, received, ' +
    'in_publicity, corrections, revocations, late, abnormal_listings',
);

function sourceSql(source: AnalysisSource): RawBuilder<unknown> {
  if (source === 'finest') {
    return sql`SELECT region_code, industry_code, ${KEY_COLUMNS} FROM statistics_record_counts
      UNION ALL SELECT region_code, industry_code, ${KEY_COLUMNS} FROM statistics_record_deltas`;
  }
  // A delta's dimensions outside the grain are neither filtered nor grouped by: coarsened, not blanked.
  const region = source.grain & COUNTY ? sql`region_code` : sql`statistics_prefecture(region_code)`;
  const industry = source.grain & DIVISION ? sql`industry_code` : sql`statistics_section(industry_code)`;
  return sql`SELECT region_code, industry_code, ${KEY_COLUMNS} FROM statistics_analysis_counts
    WHERE grain = ${source.grain}
    UNION ALL SELECT ${region}, ${industry}, ${KEY_COLUMNS} FROM statistics_record_deltas`;
}

/** Rows whose region code starts with a (digits) prefix; the range lets the finest counts' key bound the read. */
function regionWithin(prefix: string): RawBuilder<SqlBool> {
  const next = String(Number(prefix) + 1).padStart(prefix.length, '0');
  return sql`(starts_with(region_code, ${prefix}) AND region_code >= ${prefix} AND region_code < ${next})`;
}

function analysisKey(grouping: AnalysisGrouping): RawBuilder<string | null> {
  switch (grouping.by) {
    case 'prefecture':
      return sql`CASE WHEN region_code LIKE '52%' AND region_code <> '520000' THEN substr(region_code, 1, 4) || '00' END`;
    case 'county':
      return sql`CASE WHEN region_code <> ${grouping.prefecture} THEN region_code END`;
    case 'section':
      return sql`nullif(statistics_section(industry_code), '')`;
    case 'division':
      return sql`nullif(industry_code, '')`;
    case 'kind':
      return sql`nullif(entity_kind, '')`;
    case 'category':
      return sql`category`;
    case 'item':
      return sql`item_code`;
    case 'level':
      return sql`dishonesty_level`;
    case 'agency':
      return sql`agency_id::text`;
    case 'month':
      return sql`to_char(month, 'YYYY-MM')`;
  }
}

/**
 * The six measures by `key` (null: the total only), and the total when `withTotal`, of the rows of `source` matching
 * `where` that the viewer may see by the sharing rule (platform/sharing-sql.ts `countsVisibleTo`, decided once per
 * provider, item, use scope and level group).
 */
async function sumVisible(
  db: Db,
  viewerAgencyId: number,
  source: AnalysisSource,
  where: RawBuilder<SqlBool>,
  key: RawBuilder<string | null> | null,
  withTotal: boolean,
): Promise<AnalysisSumsRow[]> {
  const { joins, seen } = countsVisibleTo(viewerAgencyId);
  const grouping = !key ? sql`()` : withTotal ? sql`GROUPING SETS ((r.code), ())` : sql`r.code`;
  // A group of rows without a code is no item; only the empty grouping set is the total.
  const having = key ? sql`HAVING r.code IS NOT NULL ${withTotal ? sql`OR GROUPING(r.code) = 1` : sql``}` : sql``;
  const { rows } = await sql<AnalysisSumsRow>`
    WITH groups AS (
      SELECT ${key ?? sql`NULL::text`} AS code, agency_id, item_code, use_scope, classified, dishonesty_level,
        sum(received) AS received, sum(in_publicity) AS in_publicity, sum(corrections) AS corrections,
        sum(revocations) AS revocations, sum(late) AS late, sum(abnormal_listings) AS abnormal_listings
      FROM (${sourceSql(source)}) c
      WHERE ${where}
      GROUP BY 1, 2, 3, 4, 5, 6)
    SELECT ${key ? sql`r.code` : sql`NULL::text`} AS code, sum(r.received)::bigint AS received,
      sum(r.in_publicity)::bigint AS in_publicity, sum(r.corrections)::bigint AS corrections,
      sum(r.revocations)::bigint AS revocations, sum(r.late)::bigint AS late,
      sum(r.abnormal_listings)::bigint AS abnormal_listings
    FROM groups r ${joins}
    WHERE ${seen}
    GROUP BY ${grouping}
    ${having}
  `.execute(db);
  return rows.map((row) => ({
    code: key && row.code !== null ? row.code : null,
    received: Number(row.received),
    inPublicity: Number(row.inPublicity),
    corrections: Number(row.corrections),
    revocations: Number(row.revocations),
    late: Number(row.late),
    abnormalListings: Number(row.abnormalListings),
  }));
}

/**
 * The six record measures by one dimension, and their total, over the record rollups (counts plus the deltas not yet
 * folded; never `records`) that match the filters and that the viewer's agency may see by the sharing rule. Reads
 * the grain of the analysis counts holding the dimensions it groups and filters by (`sourceOf`); a drill (a
 * prefecture's counties, a 门类's 大类) reads its parent's rows only (the key's leading region bounds a county drill),
 * and the total, over every region or industry the filters keep, apart.
 */
export async function sumAnalysis(
  db: Db,
  viewerAgencyId: number,
  grouping: AnalysisGrouping,
  filters: AnalysisFilters,
): Promise<AnalysisSumsRow[]> {
  const where = (source: AnalysisSource, parent?: RawBuilder<SqlBool>): RawBuilder<SqlBool> => {
    const conditions: RawBuilder<SqlBool>[] = parent ? [parent] : [];
    if (filters.scopePrefix) conditions.push(regionWithin(filters.scopePrefix));
    if (filters.regionPrefix) conditions.push(regionWithin(filters.regionPrefix));
    // A grain by 门类 holds it (equal to it to use their index); the finest counts and a grain by 大类 the 大类.
    if (filters.section) {
      conditions.push(
        source !== 'finest' && source.grain & 2
          ? sql`industry_code = ${filters.section}`
          : sql`statistics_section(industry_code) = ${filters.section}`,
      );
    }
    if (filters.division) conditions.push(sql`industry_code = ${filters.division}`);
    if (filters.kind) conditions.push(sql`entity_kind = ${filters.kind}`);
    if (filters.category) conditions.push(sql`category = ${filters.category}`);
    if (filters.itemCode) conditions.push(sql`item_code = ${filters.itemCode}`);
    if (filters.level !== undefined) conditions.push(sql`dishonesty_level = ${filters.level}`);
    if (filters.agencyId) conditions.push(sql`agency_id = ${filters.agencyId}`);
    if (filters.fromMonth) conditions.push(sql`month >= ${filters.fromMonth}::date`);
    if (filters.toMonth) conditions.push(sql`month <= ${filters.toMonth}::date`);
    return conditions.length === 0 ? sql`true` : sql`${sql.join(conditions, sql` AND `)}`;
  };
  const key = analysisKey(grouping);
  const total = sourceOf(undefined, filters);
  if (grouping.by === 'county' || grouping.by === 'division') {
    const parent =
      grouping.by === 'county'
        ? regionWithin(grouping.prefecture.slice(0, 4))
        : sql<SqlBool>`statistics_section(industry_code) = ${grouping.section}`;
    const items = sourceOf(grouping, filters);
    const [sums, totals] = await Promise.all([
      sumVisible(db, viewerAgencyId, items, where(items, parent), key, false),
      sumVisible(db, viewerAgencyId, total, where(total), null, true),
    ]);
    return [...sums, ...totals];
  }
  const source = sourceOf(grouping, filters);
  return sumVisible(db, viewerAgencyId, source, where(source), key, true);
}

/** The current names of catalogue items by code (the newest edition's), or of agencies by id. */
export async function listAnalysisNames(
  db: Db,
  of: 'item' | 'agency',
  codes: readonly string[],
): Promise<Array<{ code: string; name: string }>> {
  if (codes.length === 0) return [];
  const { rows } =
    of === 'item'
      ? await sql<{ code: string; name: string }>`
          SELECT DISTINCT ON (code) code, name FROM catalogue_items WHERE code = ANY(${[...codes]}::text[])
          ORDER BY code, id DESC`.execute(db)
      : await sql<{ code: string; name: string }>`
          SELECT id::text AS code, name FROM agencies WHERE id = ANY(${codes.map(Number)}::bigint[])`.execute(db);
  return rows;
}
