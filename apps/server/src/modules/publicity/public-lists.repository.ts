import type {
  AgencyKind,
  DishonestyLevel,
  ItemRole,
  PublicityRecordStatus,
  RecordCategory,
  UseScope,
} from '@gzcredit/domain';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/database';
import { agencySetting, publicNow } from '../../platform/publicity-sql';

/** A catalogue item of any edition, as the lists pick theirs (by role and category, never by code). */
export interface ListCatalogueItemRow {
  id: number;
  code: string;
  name: string;
  category: RecordCategory;
  role: ItemRole;
  providerKinds: AgencyKind[];
  current: boolean;
}

export async function listCatalogueItemsOfEveryEdition(db: Db): Promise<ListCatalogueItemRow[]> {
  const { rows } = await sql<ListCatalogueItemRow>`
    SELECT i.id, i.code, i.name, i.category, i.role, i.provider_kinds, (e.status = 'current') AS current
    FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
    ORDER BY i.edition_id, i.id`.execute(db);
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function listAgenciesOfKinds(db: Db, kinds: AgencyKind[]): Promise<{ id: number; name: string }[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('kind', 'in', kinds)
    .orderBy('regionCode')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: Number(row.id), name: row.name }));
}

export interface PublicListFilterValues {
  /** One entry per catalogue item of the list (every edition): its id and code (the agency setting is by code). */
  items: { id: number; code: string }[];
  /** Entities' region codes start with this (a prefecture's 4 digits, a county's 6). */
  regionPrefix?: string;
  /** Entities' industry codes start with this (a section letter, or the letter and a division). */
  industryPrefix?: string;
  agencyId?: number;
  from?: string;
  to?: string;
  today: string;
}

/**
 * The records of one item that the list shows, as a bounded, index-ordered read: the current public versions
 * (`records_public_lists`, migration 2026-12-07T0026, in order of arose_on, id) that decidePublicity shows
 * (platform/publicity-sql.ts), of a matched entity, under the filters.
 */
function itemHits(
  item: { id: number; code: string },
  filters: PublicListFilterValues,
  columns: RawBuilder<unknown>,
  bound: number,
): RawBuilder<unknown> {
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`r.item_id = ${item.id}`,
    sql<SqlBool>`r.enterprise_id IS NOT NULL`,
    publicNow(filters.today),
  ];
  const entity = filters.regionPrefix !== undefined || filters.industryPrefix !== undefined;
  if (filters.regionPrefix !== undefined)
    conditions.push(sql<SqlBool>`e.region_code LIKE ${`${filters.regionPrefix}%`}`);
  if (filters.industryPrefix !== undefined) {
    conditions.push(sql<SqlBool>`e.industry_code LIKE ${`${filters.industryPrefix}%`}`);
  }
  if (filters.agencyId !== undefined) conditions.push(sql<SqlBool>`r.agency_id = ${filters.agencyId}`);
  if (filters.from !== undefined) conditions.push(sql<SqlBool>`r.arose_on >= ${filters.from}::date`);
  if (filters.to !== undefined) conditions.push(sql<SqlBool>`r.arose_on <= ${filters.to}::date`);
  return sql`(SELECT ${columns} FROM records r
    ${entity ? sql`JOIN enterprises e ON e.id = r.enterprise_id` : sql``}
    LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`${item.code}::text`)} ps ON true
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY r.arose_on DESC, r.id DESC LIMIT ${sql.lit(bound)})`;
}

/** A list entry with what decidePublicity needs to decide it again and to choose its fields. */
export interface PublicListRow {
  id: number;
  itemId: number;
  creditCode: string;
  entityName: string;
  regionCode: string;
  agencyName: string;
  payload: Record<string, string>;
  aroseOn: string;
  dishonestyLevel: DishonestyLevel | null;
  publicityUntil: string | null;
  useScope: UseScope;
  status: PublicityRecordStatus;
  classified: boolean;
  publicised: boolean | null;
  hiddenFields: string[] | null;
}

/**
 * One page of a list, newest first (arose_on, then id). Each item's branch reads at most offset + limit index entries,
 * so a page costs the same whatever the list's size; the caller keeps offset + limit within PUBLIC_LIST_RESULT_CAP.
 */
export async function readPublicListPage(
  db: Db,
  filters: PublicListFilterValues,
  page: { limit: number; offset: number },
): Promise<PublicListRow[]> {
  if (filters.items.length === 0) return [];
  const bound = page.offset + page.limit;
  const hits = sql.join(
    filters.items.map((item) => itemHits(item, filters, sql`r.id, r.arose_on`, bound)),
    sql` UNION ALL `,
  );
  const { rows } = await sql<PublicListRow>`
    WITH hits AS (${hits}),
    page AS (SELECT id, arose_on FROM hits ORDER BY arose_on DESC, id DESC
      LIMIT ${sql.lit(page.limit)} OFFSET ${sql.lit(page.offset)})
    SELECT r.id, r.item_id, e.credit_code, e.name AS entity_name, e.region_code, a.name AS agency_name, r.payload,
      r.arose_on, r.dishonesty_level, r.publicity_until, r.use_scope, r.status, r.classified,
      ps.publicised, ps.hidden_fields
    FROM page
    JOIN records r ON r.id = page.id
    JOIN catalogue_items i ON i.id = r.item_id
    JOIN enterprises e ON e.id = r.enterprise_id
    JOIN agencies a ON a.id = r.agency_id
    LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true
    ORDER BY page.arose_on DESC, page.id DESC`.execute(db);
  return rows.map((row) => ({ ...row, id: Number(row.id), itemId: Number(row.itemId) }));
}

/** How many entries the filters match, counted up to `cap + 1` per item (so never more than a few thousand rows). */
export async function countPublicList(db: Db, filters: PublicListFilterValues, cap: number): Promise<number> {
  if (filters.items.length === 0) return 0;
  const hits = sql.join(
    filters.items.map((item) => itemHits(item, filters, sql`r.id`, cap + 1)),
    sql` UNION ALL `,
  );
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${hits}) c`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
