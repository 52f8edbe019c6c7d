import type {
  DishonestyLevel,
  EntityBadge,
  EntityKind,
  EntityStatus,
  PublicityRecordStatus,
  UseScope,
} from '@gzcredit/domain';
import { type Expression, type Insertable, type RawBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { EnterprisesTable } from '../../db/schema';
import { type Db, defineStatement, escapeLike } from '../../platform/database';
import {
  agencySetting,
  CHINA_TODAY,
  inForce,
  PUBLIC_SCOPE,
  PUBLICISED_BY_AGENCY,
  publicNow,
} from '../../platform/publicity-sql';

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

/** What a search result shows of an entity (its summary, and the former names a former-name match is explained by). */
export type SearchRow = Pick<
  EnterpriseRow,
  | 'id'
  | 'creditCode'
  | 'name'
  | 'kind'
  | 'status'
  | 'regionCode'
  | 'industryCode'
  | 'legalRepresentative'
  | 'establishedOn'
  | 'badges'
  | 'formerNames'
> & { rank: number };

/** The columns of {@link SearchRow}: a result page reads no more of the row than it shows. */
const SEARCH_COLUMNS = sql.raw(
  'e.id, e.credit_code, e.name, e.kind, e.status, e.region_code, e.industry_code, e.legal_representative, ' +
    'e.established_on, e.badges, e.former_names',
);

export interface SearchPage {
  rows: SearchRow[];
  /** Matches found, counted up to `cap + 1`. */
  matched: number;
}

/** What the filters change in the SQL text: which are used, and has-dishonesty's direction. */
interface FilterShape {
  region: boolean;
  industry: boolean;
  kind: boolean;
  status: boolean;
  dishonest?: boolean;
}

/** The filters' bound values. */
interface FilterValues {
  regionPattern?: string;
  industryPattern?: string;
  kind?: EntityKind;
  status?: EntityStatus;
}

function filterShape(filters: EnterpriseFilters): FilterShape {
  return {
    region: Boolean(filters.regionPrefix),
    industry: Boolean(filters.industryPrefix),
    kind: filters.kind !== undefined,
    status: filters.status !== undefined,
    dishonest: filters.dishonest,
  };
}

function filterValues(filters: EnterpriseFilters): FilterValues {
  return {
    regionPattern: filters.regionPrefix && `${filters.regionPrefix}%`,
    industryPattern: filters.industryPrefix && `${filters.industryPrefix}%`,
    kind: filters.kind,
    status: filters.status,
  };
}

function filterConditions(shape: FilterShape, values: FilterValues): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (shape.region) conditions.push(sql<SqlBool>`e.region_code LIKE ${values.regionPattern}`);
  if (shape.industry) conditions.push(sql<SqlBool>`e.industry_code LIKE ${values.industryPattern}`);
  if (shape.kind) conditions.push(sql<SqlBool>`e.kind = ${values.kind}`);
  if (shape.status) conditions.push(sql<SqlBool>`e.status = ${values.status}`);
  if (shape.dishonest !== undefined) {
    conditions.push(
      shape.dishonest ? sql<SqlBool>`e.dishonesty_level IS NOT NULL` : sql<SqlBool>`e.dishonesty_level IS NULL`,
    );
  }
  return conditions;
}

function and(conditions: Expression<SqlBool>[]): Expression<SqlBool> {
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

/** The entity row of a credit code (the profile's first statement; exposed for the benchmark). */
export const enterpriseByCreditCodeStatement = defineStatement<EnterpriseRow, { creditCode: string }>(
  (values) => sql`SELECT * FROM enterprises WHERE credit_code = ${values.creditCode}`,
);

export async function findEnterpriseByCreditCode(db: Db, creditCode: string): Promise<EnterpriseRow | undefined> {
  const { rows } = await db.executeQuery(enterpriseByCreditCodeStatement(db, { creditCode }));
  return rows[0];
}

export interface SearchInput {
  query: string;
  filters: EnterpriseFilters;
  cap: number;
  limit: number;
  offset: number;
}

/** Rank of a match on a former name (曾用名) only: below every match on the current name. */
export const FORMER_NAME_RANK = 4;

const CREDIT_CODE_SHAPE = /^[0-9A-Z]{18}$/;
const REGISTRATION_NUMBER_SHAPE = /^\d{15}$/;

/** The smallest string above every string that starts with `prefix`, by code point (the postings' "C" order). */
function prefixUpperBound(prefix: string): string {
  const characters = [...prefix];
  while (characters.length > 0 && characters.at(-1) === '\u{10FFFF}') characters.pop();
  const last = characters.pop();
  if (last === undefined) return `${prefix}\u{10FFFF}`;
  return characters.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/**
 * How the postings (migration 0011) answer a name query: a 2- or 3-character query is itself a gram; a longer one is
 * looked up under its rarest trigram (the SQL picks it from `enterprise_name_gram_counts`) and rechecked with LIKE.
 */
function gramsOf(query: string): { grams: string[]; first: string; recheck: boolean } {
  const characters = [...query];
  const length = characters.length === 2 ? 2 : 3;
  const grams = new Set<string>();
  for (let index = 0; index + length <= characters.length; index++) {
    grams.add(characters.slice(index, index + length).join(''));
  }
  return { grams: [...grams], first: characters.slice(0, length).join(''), recheck: characters.length > 3 };
}

/**
 * How many postings each tier reads: offset + limit rounded up to one of a few bounds. The bound is written into the
 * statement (a parameter LIMIT makes PostgreSQL cost a tenth of each range and re-plan every search), and rounding it
 * keeps a query shape to three prepared statements per connection however pages are cut (page × page size would be
 * thousands).
 */
const TIER_BOUNDS = [20, 100];
const tierBound = (needed: number, cap: number) =>
  TIER_BOUNDS.find((bound) => bound >= needed) ?? Math.max(needed, cap);

interface NameSearchValues extends FilterValues {
  /** The query's grams, of which the SQL picks the rarest. */
  grams: string[];
  /** The query's first gram: the exact-name and prefix tiers are ranges under it. */
  first: string;
  query: string;
  /** The smallest name above every name that starts with the query. */
  prefixEnd: string;
  /** The query as a LIKE pattern, for a 4+ character query's recheck. */
  contains: string;
  limit: number;
  offset: number;
}

interface NameSearchShape {
  filters: FilterShape;
  /** A 4+ character query: the chosen gram's postings are rechecked with LIKE. */
  recheck: boolean;
  /** How many postings each tier reads ({@link tierBound}). */
  bound: number;
  cap: number;
}

/**
 * Ranked name search over the postings; one statement per shape (filters used, recheck or not, tier bound).
 *
 * Each tier reads its gram's range of `enterprise_name_grams_key` in page order (name, id) and stops at its bound:
 * 1 exact name and 2 prefix (one key range under the query's first gram: the exact name comes first in it),
 * 3 substring (the query itself for 2 or 3 characters, else its rarest trigram rechecked with LIKE), 4 former names.
 * An entity keeps its best rank. With filters, each tier joins the entity row.
 * The count reads at most cap + 1 postings of the current names, and the former names only when those stay under the
 * cap, so a common fragment such as 贵州 costs a few index pages, never a sort of its 800,000 matches; a 2- or
 * 3-character fragment that the gram counts already prove common is not counted at all.
 */
const nameSearchStatement = defineStatement<SearchRow & { matched: number }, NameSearchValues, NameSearchShape>(
  (values, { filters, recheck, bound, cap }) => {
    const conditions = filterConditions(filters, values);
    const join = conditions.length > 0 ? sql`JOIN enterprises e ON e.id = p.enterprise_id` : sql``;
    const where = and(conditions);
    const tier = (rank: Expression<number>, range: Expression<SqlBool>) =>
      sql`(SELECT p.enterprise_id AS id, p.name, ${rank} AS rank FROM enterprise_name_grams p ${join}
        WHERE ${range} AND ${where} ORDER BY p.name, p.enterprise_id LIMIT ${sql.lit(bound)})`;
    // A 2- or 3-character query is its own gram; a longer one is looked up under its rarest trigram.
    const gram = recheck ? sql`(SELECT gram FROM chosen)` : sql`${values.first}`;
    const postings = (former: boolean) =>
      sql<SqlBool>`p.gram = ${gram} AND p.former = ${sql.lit(former)}
        ${recheck ? sql`AND p.name LIKE ${values.contains}` : sql``}`;
    const matches = (former: boolean) =>
      sql`(SELECT p.enterprise_id FROM enterprise_name_grams p ${join}
        WHERE ${postings(former)} AND ${where} LIMIT ${sql.lit(cap + 1)})`;
    const chosen = recheck
      ? sql`chosen AS MATERIALIZED (
          SELECT q.gram COLLATE "C" AS gram FROM unnest(${values.grams}::text[]) AS q(gram)
          LEFT JOIN enterprise_name_gram_counts c ON c.gram = q.gram
          ORDER BY coalesce(c.postings, 0), q.gram LIMIT 1),`
      : sql``;
    // Unfiltered, a 2- or 3-character query's matches are its gram's postings. Each entity posts a gram at most once
    // under its current name and once under its former names, and no entity ever stops matching a gram it held: a
    // renamed entity keeps its old name among its former names (Art. 29, upsertEntities) and entities are never
    // deleted. So more than 2 × (cap + 1) postings at the last recount prove more than `cap` matches now, without
    // reading them (half a common fragment's statement time at 5,000,000 entities, bench/README.md). The counts know
    // nothing of filters: a filtered search is always counted.
    const counted = sql`(SELECT count(*) FROM ${matches(false)} m)`;
    const currentMatches =
      recheck || conditions.length > 0
        ? counted
        : sql`CASE WHEN EXISTS (SELECT FROM enterprise_name_gram_counts c
            WHERE c.gram = ${values.first} AND c.postings > ${sql.lit(2 * (cap + 1))}) THEN ${sql.lit(cap + 1)}
            ELSE ${counted} END`;
    // The exact name is the first of the prefix range in name order, so one range gives ranks 1 and 2.
    const exactOrPrefix = sql<number>`CASE WHEN p.name = ${values.query} THEN 1 ELSE 2 END`;
    return sql<SearchRow & { matched: number }>`
      WITH ${chosen}
      hits AS (
        ${tier(exactOrPrefix, sql<SqlBool>`p.gram = ${values.first} AND NOT p.former AND p.name >= ${values.query} AND p.name < ${values.prefixEnd}`)}
        UNION ALL ${tier(sql.lit(3), postings(false))}
        UNION ALL ${tier(sql.lit(FORMER_NAME_RANK), postings(true))}),
      ranked AS (SELECT DISTINCT ON (id) id, rank, name FROM hits ORDER BY id, rank),
      page AS (SELECT id, rank, name FROM ranked ORDER BY rank, name, id LIMIT ${values.limit} OFFSET ${values.offset}),
      current_matches AS (SELECT ${currentMatches} AS n),
      matched AS (
        SELECT CASE WHEN n > ${sql.lit(cap)} THEN n
          ELSE (SELECT count(*) FROM (${matches(false)} UNION ${matches(true)}) u) END AS n
        FROM current_matches)
      SELECT ${SEARCH_COLUMNS}, page.rank, (SELECT n FROM matched)::int AS matched
      FROM page JOIN enterprises e ON e.id = page.id
      ORDER BY page.rank, page.name, page.id`;
  },
);

/** A credit code or a 15-digit 注册号: at most a handful of rows, straight from their indexes. */
const identifierSearchStatement = defineStatement<
  SearchRow & { matched: number },
  FilterValues & { identifier: string; limit: number; offset: number },
  { filters: FilterShape; creditCode: boolean }
>((values, { filters, creditCode }) => {
  const match = creditCode
    ? sql<SqlBool>`e.credit_code = ${values.identifier}`
    : sql<SqlBool>`e.former_registration_numbers @> ARRAY[${values.identifier}]::text[]`;
  return sql<SearchRow & { matched: number }>`
    SELECT ${SEARCH_COLUMNS}, 0 AS rank, (count(*) OVER ())::int AS matched FROM enterprises e
    WHERE ${match} AND ${and(filterConditions(filters, values))} ORDER BY e.id LIMIT ${values.limit} OFFSET ${values.offset}`;
});

/** A credit code or a 15-digit 注册号 is looked up as such; anything else is a name fragment. */
export const isIdentifierQuery = (query: string) =>
  CREDIT_CODE_SHAPE.test(query.toUpperCase()) || REGISTRATION_NUMBER_SHAPE.test(query);

/** The page statement of {@link searchEnterprises}, exposed so tests and the benchmark can run exactly what runs. */
export function searchEnterprisesStatement(db: Db, input: SearchInput) {
  const { query, filters, cap, limit, offset } = input;
  const values = { ...filterValues(filters), limit, offset };
  if (isIdentifierQuery(query)) {
    const code = query.toUpperCase();
    const creditCode = CREDIT_CODE_SHAPE.test(code);
    return identifierSearchStatement(
      db,
      { ...values, identifier: creditCode ? code : query },
      { filters: filterShape(filters), creditCode },
    );
  }
  const { grams, first, recheck } = gramsOf(query);
  return nameSearchStatement(
    db,
    { ...values, grams, first, query, prefixEnd: prefixUpperBound(query), contains: `%${escapeLike(query)}%` },
    { filters: filterShape(filters), recheck, bound: tierBound(offset + limit, cap), cap },
  );
}

/**
 * Public search by credit code, former registration number (注册号) or name fragment.
 *
 * Ranking (SPEC C11): exact code > exact name > prefix > substring > former name. The count stops at `cap + 1`.
 */
export async function searchEnterprises(db: Db, input: SearchInput): Promise<SearchPage> {
  const { rows } = await db.executeQuery(searchEnterprisesStatement(db, input));
  if (rows.length > 0 || input.offset === 0) return { rows, matched: rows[0]?.matched ?? 0 };
  // The page is past the end: the first page still carries the count, so the caller can report the total.
  const first = await db.executeQuery(searchEnterprisesStatement(db, { ...input, limit: 1, offset: 0 }));
  return { rows: [], matched: first.rows[0]?.matched ?? 0 };
}

/** A search result as a match list keeps it: which entity, at which rank. */
export interface SearchHit {
  id: number;
  rank: number;
}

const searchRowsStatement = defineStatement<Omit<SearchRow, 'rank'>, { ids: number[] }>(
  (values) => sql`SELECT ${SEARCH_COLUMNS} FROM enterprises e WHERE e.id = ANY(${values.ids}::bigint[])`,
);

/** The result rows of these hits, in their order and with their ranks; an entity no longer present is left out. */
export async function findSearchRows(db: Db, hits: SearchHit[]): Promise<SearchRow[]> {
  const { rows } = await db.executeQuery(searchRowsStatement(db, { ids: hits.map((hit) => hit.id) }));
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  return hits.flatMap(({ id, rank }) => {
    const row = byId.get(id);
    return row ? [{ ...row, rank }] : [];
  });
}

/** Refreshes the gram counts the name search picks its rarest trigram by (job `enterprises.refresh-name-statistics`). */
export async function refreshNameGramCounts(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`DELETE FROM enterprise_name_gram_counts`.execute(trx);
    const result = await sql`
      INSERT INTO enterprise_name_gram_counts (gram, postings)
      SELECT gram, count(*) FROM enterprise_name_grams GROUP BY gram`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  });
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

/** A registration record's effect on its entity (Art. 29: registration data creates and updates entities). */
export interface EntityRegistration {
  creditCode: string;
  name: string;
  kind: EntityKind;
  status: EntityStatus;
  regionCode: string;
  industryCode: string | null;
  legalRepresentative: string | null;
  establishedOn: string | null;
  registrationAuthority: string | null;
  address: string | null;
  registrationNumber: string | null;
  flaggedForReview: boolean;
}

/**
 * Creates or updates the entities of registration records; the last record of a code in the batch wins. A changed name
 * joins the former names and a new 注册号 the former registration numbers (Art. 29: former names and codes are kept).
 * Returns the codes whose entity was created, so that records waiting for them can attach.
 */
export async function upsertEntities(db: Db, registrations: EntityRegistration[]): Promise<string[]> {
  if (registrations.length === 0) return [];
  const result = await sql<{ creditCode: string; created: boolean }>`
    INSERT INTO enterprises AS e (credit_code, name, kind, status, region_code, industry_code, legal_representative,
      established_on, registration_authority, address, former_registration_numbers, flagged_for_review)
    SELECT DISTINCT ON (r.credit_code) r.credit_code, r.name, r.kind, r.status, r.region_code, r.industry_code,
      r.legal_representative, r.established_on, r.registration_authority, r.address,
      CASE WHEN r.registration_number IS NULL THEN '{}'::text[] ELSE ARRAY[r.registration_number] END,
      r.flagged_for_review
    FROM jsonb_to_recordset(${JSON.stringify(registrations.map((registration, ordinality) => ({ ...snakeRegistration(registration), ordinality })))}::jsonb) AS r(
      credit_code text, name text, kind text, status text, region_code text, industry_code text,
      legal_representative text, established_on date, registration_authority text, address text,
      registration_number text, flagged_for_review boolean, ordinality integer)
    ORDER BY r.credit_code, r.ordinality DESC
    ON CONFLICT (credit_code) DO UPDATE SET
      name = EXCLUDED.name,
      former_names = CASE
        WHEN e.name <> EXCLUDED.name AND NOT e.name = ANY (e.former_names) THEN e.former_names || e.name
        ELSE e.former_names END,
      kind = EXCLUDED.kind,
      status = EXCLUDED.status,
      region_code = EXCLUDED.region_code,
      industry_code = coalesce(EXCLUDED.industry_code, e.industry_code),
      legal_representative = EXCLUDED.legal_representative,
      established_on = EXCLUDED.established_on,
      registration_authority = EXCLUDED.registration_authority,
      address = EXCLUDED.address,
      former_registration_numbers = CASE
        WHEN EXCLUDED.former_registration_numbers = '{}' OR EXCLUDED.former_registration_numbers <@ e.former_registration_numbers
          THEN e.former_registration_numbers
        ELSE e.former_registration_numbers || EXCLUDED.former_registration_numbers END,
      flagged_for_review = EXCLUDED.flagged_for_review,
      updated_at = now()
    RETURNING e.credit_code, (xmax = 0) AS created`.execute(db);
  return result.rows.filter((row) => row.created).map((row) => row.creditCode);
}

function snakeRegistration(registration: EntityRegistration) {
  return {
    credit_code: registration.creditCode,
    name: registration.name,
    kind: registration.kind,
    status: registration.status,
    region_code: registration.regionCode,
    industry_code: registration.industryCode,
    legal_representative: registration.legalRepresentative,
    established_on: registration.establishedOn,
    registration_authority: registration.registrationAuthority,
    address: registration.address,
    registration_number: registration.registrationNumber,
    flagged_for_review: registration.flaggedForReview,
  };
}

/** Records in the matching queue whose entity has now appeared attach to it (Art. 29). */
export async function attachWaitingRecords(db: Db, creditCodes: string[]): Promise<number[]> {
  if (creditCodes.length === 0) return [];
  const result = await sql<{ enterpriseId: number }>`
    UPDATE records r SET enterprise_id = e.id
    FROM enterprises e
    WHERE r.enterprise_id IS NULL AND r.credit_code = e.credit_code AND e.credit_code = ANY (${creditCodes}::text[])
    RETURNING r.enterprise_id`.execute(db);
  return [...new Set(result.rows.map((row) => Number(row.enterpriseId)))];
}

/** 失信等级 as a rank, so that max() picks the highest; and back. */
const LEVEL_RANK = sql`CASE r.dishonesty_level WHEN 'general' THEN 1 WHEN 'serious' THEN 2 WHEN 'severe' THEN 3 END`;
/** A 严重失信 record of an item that is not 严重违法失信名单: 有严重失信记录, not a blacklist. */
const SEVERE_OTHER = sql`(i.category = 'bad' AND i.role <> 'serious_illegal_list' AND r.dishonesty_level = 'severe')`;
const levelOfRank = (rank: RawBuilder<unknown>) =>
  sql`CASE ${rank} WHEN 1 THEN 'general' WHEN 2 THEN 'serious' WHEN 3 THEN 'severe' END`;

/**
 * The badges of a standing (SPEC §3): 黑名单 is a listing on 严重违法失信名单 (an item of role `serious_illegal_list`),
 * whatever its level; a 严重失信 record of any other item is `severe_record`, never a blacklist; a listing on
 * 经营异常名录 is 经营异常; and 良好 records without any 不良 one are 守信.
 */
const badgesOf = (standing: {
  rank: RawBuilder<unknown>;
  listed: RawBuilder<unknown>;
  severeOther: RawBuilder<unknown>;
  abnormal: RawBuilder<unknown>;
  good: RawBuilder<unknown>;
}) =>
  sql`array_remove(ARRAY[
    CASE WHEN ${standing.listed} THEN 'blacklisted' END,
    CASE WHEN ${standing.severeOther} THEN 'severe_record' END,
    CASE WHEN ${standing.abnormal} THEN 'abnormal' END,
    CASE WHEN ${standing.good} AND ${standing.rank} IS NULL THEN 'trustworthy' END], NULL)`;

/**
 * Recomputes an entity's two standings (SPEC §3; Art. 17), each a dishonesty level and badges: the supervisory one from
 * every record in force whatever its use scope, label or agency setting (what agencies, credit checks and watch-lists
 * use: a 严重 record sent `shared` blacklists the entity for them), and the public one from the records decidePublicity
 * shows (the portal's badges). Both rules are in platform/publicity-sql.ts. Called in the transaction of every record
 * change, and by the expiry job when windows end.
 */
export async function refreshEntityStanding(db: Db, enterpriseIds: number[]): Promise<void> {
  if (enterpriseIds.length === 0) return;
  // LATERAL keeps this an index lookup per entity whatever the planner believes about the table's size (PGlite
  // never auto-analyzes: a hash join here scanned every record for each batch).
  await sql`
    WITH standing AS (
      SELECT t.id, s.*
      FROM (SELECT DISTINCT unnest(${enterpriseIds}::bigint[]) AS id) t
      CROSS JOIN LATERAL (
        SELECT
          max(${LEVEL_RANK}) FILTER (WHERE i.category = 'bad') AS level,
          coalesce(bool_or(i.role = 'serious_illegal_list'), false) AS listed,
          coalesce(bool_or(${SEVERE_OTHER}), false) AS severe_other,
          coalesce(bool_or(i.role = 'abnormal_list'), false) AS abnormal,
          coalesce(bool_or(i.category = 'good'), false) AS good,
          max(${LEVEL_RANK}) FILTER (WHERE i.category = 'bad' AND ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY})
            AS public_level,
          coalesce(bool_or(i.role = 'serious_illegal_list') FILTER (WHERE ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY}),
            false) AS public_listed,
          coalesce(bool_or(${SEVERE_OTHER}) FILTER (WHERE ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY}), false)
            AS public_severe_other,
          coalesce(bool_or(i.role = 'abnormal_list') FILTER (WHERE ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY}), false)
            AS public_abnormal,
          coalesce(bool_or(i.category = 'good') FILTER (WHERE ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY}), false)
            AS public_good
        FROM records r
        JOIN catalogue_items i ON i.id = r.item_id
        LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true
        WHERE r.enterprise_id = t.id AND ${inForce(CHINA_TODAY)}
      ) s
    ),
    computed AS (
      SELECT s.id,
        ${levelOfRank(sql`s.public_level`)} AS dishonesty_level,
        ${badgesOf({
          rank: sql`s.public_level`,
          listed: sql`s.public_listed`,
          severeOther: sql`s.public_severe_other`,
          abnormal: sql`s.public_abnormal`,
          good: sql`s.public_good`,
        })} AS badges,
        ${levelOfRank(sql`s.level`)} AS supervisory_dishonesty_level,
        ${badgesOf({
          rank: sql`s.level`,
          listed: sql`s.listed`,
          severeOther: sql`s.severe_other`,
          abnormal: sql`s.abnormal`,
          good: sql`s.good`,
        })} AS supervisory_badges
      FROM standing s
    )
    -- Only entities whose standing changes are written: bulk uploads touch the same entities chunk after chunk.
    UPDATE enterprises e SET dishonesty_level = c.dishonesty_level, badges = c.badges,
      supervisory_dishonesty_level = c.supervisory_dishonesty_level, supervisory_badges = c.supervisory_badges
    FROM computed c
    WHERE e.id = c.id
      AND (e.dishonesty_level IS DISTINCT FROM c.dishonesty_level OR e.badges IS DISTINCT FROM c.badges
        OR e.supervisory_dishonesty_level IS DISTINCT FROM c.supervisory_dishonesty_level
        OR e.supervisory_badges IS DISTINCT FROM c.supervisory_badges)`.execute(db);
}

/** An entity's supervisory standing (see {@link refreshEntityStanding}). */
export interface SupervisoryStandingRow {
  id: number;
  creditCode: string;
  dishonestyLevel: DishonestyLevel | null;
  badges: EntityBadge[];
}

export async function listSupervisoryStandings(db: Db, enterpriseIds: number[]): Promise<SupervisoryStandingRow[]> {
  if (enterpriseIds.length === 0) return [];
  const rows = await db
    .selectFrom('enterprises')
    .select(['id', 'creditCode', 'supervisoryDishonestyLevel as dishonestyLevel', 'supervisoryBadges as badges'])
    .where('id', 'in', enterpriseIds)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
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
  status: PublicityRecordStatus;
  classified: boolean;
  version: number;
  reason: string | null;
  createdAt: Date;
  /** 异议处理中 (issue 21): an objection to this version is pending. */
  underObjection: boolean;
  /** The providing agency's publicity setting for the item; null = the catalogue default. */
  publicised: boolean | null;
  hiddenFields: string[] | null;
  /** The version this one corrected (version > 1 only). */
  previousPayload: Record<string, string> | null;
  previousUseScope: UseScope | null;
  previousClassified: boolean | null;
  /** 移出 of a removed listing. */
  removedOn: string | null;
  removalReason: string | null;
  removalAuthority: string | null;
}

/**
 * The profile's one query (SPEC §6: entity page with 50 records, p95 ≤ 15 ms): the entity's current public records
 * (registration data aside: it is the entity's own fields) with their agency's name, the agency's publicity setting
 * and, for a corrected chain, the version it replaced. The WHERE clause is decidePublicity's rule in SQL
 * (platform/publicity-sql.ts), which the service still applies to every row for its fields. Prepared: planning it cost
 * twice as much as running it (0.75 ms against 0.37 ms with 50 records, bench/README.md).
 */
export const profileRecordsStatement = defineStatement<ProfileRecordRow, { enterpriseId: number; today: string }>(
  (values) => sql`
    SELECT r.id, r.item_id, a.name AS agency_name, r.payload, r.arose_on, r.received_at, r.dishonesty_level,
      r.publicity_until, r.use_scope, r.status, r.classified, r.version, r.reason, r.created_at, r.under_objection,
      ps.publicised, ps.hidden_fields,
      pv.payload AS previous_payload, pv.use_scope AS previous_use_scope, pv.classified AS previous_classified,
      lr.removed_on, lr.reason AS removal_reason, lr.authority AS removal_authority
    FROM records r
    JOIN catalogue_items i ON i.id = r.item_id
    JOIN agencies a ON a.id = r.agency_id
    LEFT JOIN listing_removals lr ON lr.record_id = r.id
    LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true
    LEFT JOIN LATERAL (
      SELECT v.payload, v.use_scope, v.classified FROM records v WHERE r.version = 2 AND v.id = r.root_id
      UNION ALL
      SELECT v.payload, v.use_scope, v.classified FROM records v
      WHERE r.version > 2 AND v.root_id = r.root_id AND v.version = r.version - 1
    ) pv ON true
    WHERE r.enterprise_id = ${values.enterpriseId} AND i.role <> 'registration'
      -- SPEC §3: a removed listing stays public in the history of listings and removals (decideListingHistory).
      AND (${publicNow(values.today)} OR (r.status = 'removed' AND ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY}))
    ORDER BY r.arose_on DESC, r.id DESC`,
);

/**
 * The decided objections to the entity's public records (issue 21 item 5, 更正与修复记录): the item, the providing
 * agency that decided, the dates and the outcome; never the reasons or the objector's contact. Records that were
 * never public (internal, classified) leave no trace here.
 */
export async function listPublicObjectionOutcomes(db: Db, enterpriseId: number) {
  return db
    .selectFrom('objections as o')
    .innerJoin('records as r', 'r.id', 'o.recordId')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .innerJoin('agencies as a', 'a.id', 'o.agencyId')
    .select([
      'r.id',
      'i.code as itemCode',
      'i.name as itemName',
      'a.name as agencyName',
      'r.aroseOn',
      'r.receivedAt',
      'o.status',
      'o.filedOn',
      'o.decidedOn',
      'o.decidedAt',
    ])
    .where('o.enterpriseId', '=', enterpriseId)
    .where('o.status', '<>', 'pending')
    .where('r.useScope', '=', 'public')
    .where('r.classified', '=', false)
    .orderBy('o.decidedAt', 'desc')
    .limit(100)
    .execute();
}

/**
 * The approved credit repairs of the entity's records that were public (issue 21 item 5, 更正与修复记录): item, the
 * agency that decided, the dates; never the application's text or files.
 */
export async function listPublicRepairOutcomes(db: Db, enterpriseId: number) {
  return db
    .selectFrom('repairs as p')
    .innerJoin('records as r', 'r.id', 'p.recordId')
    .innerJoin('agencies as a', 'a.id', 'p.agencyId')
    .select([
      'r.id',
      'p.itemCode',
      'p.itemName',
      'a.name as agencyName',
      'r.aroseOn',
      'r.receivedAt',
      'p.submittedAt',
      'p.decidedAt',
    ])
    .where('p.enterpriseId', '=', enterpriseId)
    .where('p.status', '=', 'approved')
    .where('r.useScope', '=', 'public')
    .where('r.classified', '=', false)
    .orderBy('p.decidedAt', 'desc')
    .limit(100)
    .execute();
}

/** When the entity's last repair of each item was approved (the repeat-conduct bar of the repair terms). */
export async function listLastApprovedRepairs(db: Db, enterpriseId: number): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('repairs')
    .select(['itemCode', (eb) => eb.fn.max('decidedAt').as('decidedAt')])
    .where('enterpriseId', '=', enterpriseId)
    .where('status', '=', 'approved')
    .groupBy('itemCode')
    .execute();
  return new Map(rows.map((row) => [row.itemCode, new Date(row.decidedAt as Date | string)]));
}

export async function listProfileRecords(db: Db, enterpriseId: number, today: string): Promise<ProfileRecordRow[]> {
  const { rows } = await db.executeQuery(profileRecordsStatement(db, { enterpriseId, today }));
  return rows.map((row) => ({ ...row, id: Number(row.id), itemId: Number(row.itemId) }));
}

/** 有失信记录: an entity's 不良 records in public view by item and level (why it matched the has-dishonesty filter). */
export interface DishonestyReasonRow {
  enterpriseId: number;
  itemName: string;
  dishonestyLevel: DishonestyLevel;
  records: number;
}

/**
 * The 不良 records in public view (decidePublicity's rule, platform/publicity-sql.ts) of a result page's entities,
 * counted by item and level: one statement over `records_enterprise` for at most a page of entities.
 */
export async function listDishonestyReasons(
  db: Db,
  enterpriseIds: number[],
  today: string,
): Promise<DishonestyReasonRow[]> {
  if (enterpriseIds.length === 0) return [];
  const { rows } = await sql<DishonestyReasonRow>`
    SELECT r.enterprise_id, i.name AS item_name, r.dishonesty_level, count(*)::int AS records
    FROM records r
    JOIN catalogue_items i ON i.id = r.item_id
    LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true
    WHERE r.enterprise_id = ANY (${enterpriseIds}::bigint[]) AND i.category = 'bad' AND r.dishonesty_level IS NOT NULL
      AND ${publicNow(today)}
    GROUP BY r.enterprise_id, i.name, r.dishonesty_level`.execute(db);
  return rows.map((row) => ({ ...row, enterpriseId: Number(row.enterpriseId), records: Number(row.records) }));
}
