import type { DishonestyLevel, EntityKind, EntityStatus, UseScope } from '@gzcredit/domain';
import { type Expression, type Insertable, type Selectable, type SqlBool, sql } from 'kysely';
import type { EnterprisesTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type EnterpriseRow = Selectable<EnterprisesTable>;
export type NewEnterprise = Insertable<EnterprisesTable>;

export interface EnterpriseFilters {
  /** A prefecture (520100) matches its counties; a county matches itself; the province matches all. */
  regionPrefix?: string;
  /** A section letter (C) or a section with its division (C13). */
  industryPrefix?: string;
  kind?: EntityKind;
  status?: EntityStatus;
  dishonest?: boolean;
}

export interface SearchPage {
  rows: (EnterpriseRow & { rank: number })[];
  /** Matches found, counted up to `cap + 1`. */
  matched: number;
}

/** Escapes LIKE wildcards so a user's `%` or `_` is matched literally. */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function filterConditions(filters: EnterpriseFilters): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.regionPrefix) conditions.push(sql<SqlBool>`region_code LIKE ${`${filters.regionPrefix}%`}`);
  if (filters.industryPrefix) conditions.push(sql<SqlBool>`industry_code LIKE ${`${filters.industryPrefix}%`}`);
  if (filters.kind) conditions.push(sql<SqlBool>`kind = ${filters.kind}`);
  if (filters.status) conditions.push(sql<SqlBool>`status = ${filters.status}`);
  if (filters.dishonest !== undefined) {
    conditions.push(
      filters.dishonest ? sql<SqlBool>`dishonesty_level IS NOT NULL` : sql<SqlBool>`dishonesty_level IS NULL`,
    );
  }
  return conditions;
}

function and(conditions: Expression<SqlBool>[]): Expression<SqlBool> {
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

export async function findEnterpriseByCreditCode(db: Db, creditCode: string): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').selectAll().where('creditCode', '=', creditCode).executeTakeFirst();
}

export interface SearchInput {
  query: string;
  filters: EnterpriseFilters;
  cap: number;
  limit: number;
  offset: number;
}

/** Ranks of the former-name tier; a row whose rank is one of them matched on a former name only. */
export const FORMER_NAME_EXACT_RANK = 4;
export const FORMER_NAME_FRAGMENT_RANK = 5;

const CREDIT_CODE_SHAPE = /^[0-9A-Z]{18}$/;
const REGISTRATION_NUMBER_SHAPE = /^\d{15}$/;

/**
 * The ranked tiers of a search, each capped at `cap + 1` and carrying `name`, so only the page's rows are joined back.
 * The query's shape picks the tiers: a credit code runs the code tier alone, a 15-digit 注册号 the registration tier,
 * anything else the three name tiers (bench/README.md: planning five branches cost more than the code lookup itself).
 */
function searchTiers({ query, filters, cap }: Pick<SearchInput, 'query' | 'filters' | 'cap'>) {
  const where = and(filterConditions(filters));
  const tierLimit = cap + 1;
  const code = query.toUpperCase();
  if (CREDIT_CODE_SHAPE.test(code)) {
    return sql`SELECT id, name, 0 AS rank FROM enterprises WHERE credit_code = ${code} AND ${where}`;
  }
  if (REGISTRATION_NUMBER_SHAPE.test(query)) {
    return sql`SELECT id, name, 0 AS rank FROM enterprises
      WHERE former_registration_numbers @> ARRAY[${query}]::text[] AND ${where} LIMIT ${tierLimit}`;
  }
  const pattern = likeEscape(query);
  // Two characters: "contains" is exactly "has this bigram", served by the bigram GIN index (trigrams cannot serve it).
  // Three or more: LIKE alone, so the planner estimates from the name statistics and picks the trigram index or a scan
  // that stops at cap + 1 rows; adding the bigram test would multiply two correlated selectivities (bench/README.md).
  const substring =
    [...query].length === 2 ? sql`bigrams(name) @> ARRAY[${query}]::text[]` : sql`name LIKE ${`%${pattern}%`}`;
  // 曾用名 former names (Rules Art. 7(五)): the partial GIN index over their bigrams (migration 0010) answers "has every
  // bigram of the query"; the LIKE rechecks the order. An exact former name ranks above a former-name fragment, both
  // below every match on the current name.
  const former = sql`(SELECT id, name, CASE WHEN ${query} = ANY(former_names) THEN ${sql.lit(FORMER_NAME_EXACT_RANK)}
      ELSE ${sql.lit(FORMER_NAME_FRAGMENT_RANK)} END AS rank FROM enterprises
    WHERE former_names <> '{}' AND bigrams(former_names_text(former_names)) @> ${queryBigrams(query)}::text[]
      AND former_names_text(former_names) LIKE ${`%${pattern}%`} AND ${where} LIMIT ${tierLimit})`;
  return sql.join(
    [
      sql`(SELECT id, name, 1 AS rank FROM enterprises WHERE name = ${query} AND ${where} LIMIT ${tierLimit})`,
      sql`(SELECT id, name, 2 AS rank FROM enterprises WHERE name LIKE ${`${pattern}%`} AND ${where} LIMIT ${tierLimit})`,
      sql`(SELECT id, name, 3 AS rank FROM enterprises WHERE ${substring} AND ${where} LIMIT ${tierLimit})`,
      former,
    ],
    sql` UNION ALL `,
  );
}

/** The distinct 2-character substrings of `value`, by code point as PostgreSQL's `bigrams()` cuts them. */
function queryBigrams(value: string): string[] {
  const characters = [...value];
  const result = new Set<string>();
  for (let index = 0; index + 1 < characters.length; index++) result.add(characters[index]! + characters[index + 1]!);
  return [...result];
}

/** The page query of {@link searchEnterprises}, exposed so tests can EXPLAIN exactly what runs. */
export function searchEnterprisesQuery(input: SearchInput) {
  return sql<EnterpriseRow & { rank: number; matched: number }>`
    WITH hits AS (${searchTiers(input)}),
    ranked AS (SELECT id, min(rank) AS rank, min(name) AS name FROM hits GROUP BY id),
    page AS (
      SELECT id, rank, name, count(*) OVER () AS matched FROM ranked
      ORDER BY rank, name, id LIMIT ${input.limit} OFFSET ${input.offset})
    SELECT e.*, p.rank, p.matched::int AS matched
    FROM page p JOIN enterprises e ON e.id = p.id
    ORDER BY p.rank, p.name, p.id`;
}

/**
 * Public search by credit code, former registration number (注册号) or name fragment.
 *
 * Ranking (SPEC C11): exact code > exact name > prefix > substring. Each tier fetches at most `cap + 1` matches through
 * its own index (unique code, text_pattern_ops, bigram/trigram GIN) or a scan that stops early, so a common fragment
 * such as 贵州 never sorts the whole table: the page is cut from the union of the tiers, and the count stops at `cap + 1`.
 */
export async function searchEnterprises(db: Db, input: SearchInput): Promise<SearchPage> {
  const { rows } = await searchEnterprisesQuery(input).execute(db);
  if (rows.length > 0) return { rows, matched: rows[0]!.matched };
  if (input.offset === 0) return { rows, matched: 0 };
  // The page is past the end: count the matches alone so the caller can still report the total.
  const counted = await sql<{ matched: number }>`
    WITH hits AS (${searchTiers(input)})
    SELECT count(DISTINCT id)::int AS matched FROM hits`.execute(db);
  return { rows, matched: counted.rows[0]?.matched ?? 0 };
}

export async function countEnterprises(db: Db): Promise<number> {
  const row = await db
    .selectFrom('enterprises')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Bulk insert through unnest arrays: one statement per batch (fast on both engines, see STACK.md). */
export async function insertEnterprises(db: Db, rows: NewEnterprise[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof NewEnterprise>(key: K) => rows.map((row) => row[key] ?? null);
  const textArrays = (key: 'formerNames' | 'formerRegistrationNumbers') =>
    rows.map((row) => `{${(row[key] ?? []).map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  await sql`
    INSERT INTO enterprises (credit_code, name, kind, status, region_code, industry_code, legal_representative,
      established_on, registration_authority, address, former_names, former_registration_numbers, flagged_for_review)
    SELECT credit_code, name, kind, status, region_code, industry_code, legal_representative,
      established_on, registration_authority, address, former_names::text[], former_registration_numbers::text[],
      flagged_for_review
    FROM unnest(${column('creditCode')}::text[], ${column('name')}::text[], ${column('kind')}::text[],
      ${column('status')}::text[], ${column('regionCode')}::text[], ${column('industryCode')}::text[],
      ${column('legalRepresentative')}::text[], ${column('establishedOn')}::date[],
      ${column('registrationAuthority')}::text[], ${column('address')}::text[], ${textArrays('formerNames')}::text[],
      ${textArrays('formerRegistrationNumbers')}::text[], ${rows.map((row) => row.flaggedForReview ?? false)}::boolean[])
      AS t(credit_code, name, kind, status, region_code, industry_code, legal_representative, established_on,
        registration_authority, address, former_names, former_registration_numbers, flagged_for_review)`.execute(db);
}

/** A record that may be public on the entity's profile, with what decidePublicity needs to decide it for good. */
export interface ProfileRecordRow {
  id: number;
  itemId: number;
  agencyName: string;
  payload: Record<string, string>;
  aroseOn: string;
  receivedAt: Date;
  dishonestyLevel: DishonestyLevel | null;
  publicityUntil: string | null;
  useScope: UseScope;
  status: 'active' | 'corrected' | 'revoked' | 'expired';
  classified: boolean;
  version: number;
  reason: string | null;
  createdAt: Date;
  /** The providing agency's publicity setting for the item; null = the catalogue default. */
  publicised: boolean | null;
  hiddenFields: string[] | null;
  /** The version this one corrected (version > 1 only). */
  previousPayload: Record<string, string> | null;
  previousUseScope: UseScope | null;
  previousClassified: boolean | null;
}

/**
 * The profile's one query (SPEC §6: entity page with 50 records, p95 ≤ 15 ms): the entity's current public records
 * (registration data aside: it is the entity's own fields) with their agency's name, the agency's publicity setting
 * and, for a corrected chain, the version it replaced. The WHERE clause pre-filters by the rule decidePublicity applies
 * to every row afterwards. The setting of a record is its agency's setting for the item's code in the newest edition
 * that has one (publicity/README.md), so a setting survives a new catalogue edition.
 */
export async function listProfileRecords(db: Db, enterpriseId: number, today: string): Promise<ProfileRecordRow[]> {
  const { rows } = await sql<ProfileRecordRow>`
    SELECT r.id, r.item_id, a.name AS agency_name, r.payload, r.arose_on, r.received_at, r.dishonesty_level,
      r.publicity_until, r.use_scope, r.status, r.classified, r.version, r.reason, r.created_at,
      ps.publicised, ps.hidden_fields,
      pv.payload AS previous_payload, pv.use_scope AS previous_use_scope, pv.classified AS previous_classified
    FROM records r
    JOIN catalogue_items i ON i.id = r.item_id
    JOIN agencies a ON a.id = r.agency_id
    LEFT JOIN LATERAL (
      SELECT s.publicised, s.hidden_fields
      FROM publicity_settings s JOIN catalogue_items si ON si.id = s.item_id
      WHERE s.agency_id = r.agency_id AND si.code = i.code
      ORDER BY si.edition_id DESC LIMIT 1
    ) ps ON true
    LEFT JOIN LATERAL (
      SELECT v.payload, v.use_scope, v.classified FROM records v WHERE r.version = 2 AND v.id = r.root_id
      UNION ALL
      SELECT v.payload, v.use_scope, v.classified FROM records v
      WHERE r.version > 2 AND v.root_id = r.root_id AND v.version = r.version - 1
    ) pv ON true
    WHERE r.enterprise_id = ${enterpriseId} AND r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
      AND (r.publicity_until IS NULL OR r.publicity_until >= ${today}::date) AND i.role <> 'registration'
    ORDER BY r.arose_on DESC, r.id DESC`.execute(db);
  return rows.map((row) => ({ ...row, id: Number(row.id), itemId: Number(row.itemId) }));
}
