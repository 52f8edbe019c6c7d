import type { DishonestyLevel, RecordCategory } from '@gzcredit/domain';
import { sql } from 'kysely';
import type { RecordStatus } from '../../db/schema';
import { type Db, escapeLike } from '../../platform/database';
import { PUBLIC_SCOPE } from '../../platform/publicity-sql';
import { visibleTo } from '../../platform/sharing-sql';
import { type RecordRow, recordsQuery } from './records.repository';

/** What to look for among the records an agency may see (all optional; `beforeId` continues a page newest first). */
export interface VisibleRecordsQuery {
  creditCodes?: readonly string[];
  enterpriseIds?: readonly number[];
  recordIds?: readonly number[];
  itemCodes?: readonly string[];
  category?: RecordCategory;
  levels?: readonly DishonestyLevel[];
  /** A prefix of the entity's region code (registration region; the code's 3rd–8th characters when unmatched). */
  regionCode?: string;
  /** 作出日期 (the date the record arose), inclusive. */
  aroseFrom?: string;
  aroseTo?: string;
  /** Part of the entity's name. */
  name?: string;
  /** Only records that are not public (own non-public ones included): does an export need a purpose. */
  nonPublicOnly?: boolean;
  beforeId?: number;
  /** Default: every record found. */
  limit?: number;
}

export type VisibleRecordRow = RecordRow & { allFields: boolean; fields: string[] };

/**
 * The current (`active`) records the viewer's agency may see (platform/sharing-sql.ts), newest
 * first, with the fields it may see of each. One statement whatever the number of codes: the codes are one array
 * parameter.
 */
export async function listVisibleRecordRows(
  db: Db,
  viewerAgencyId: number,
  query: VisibleRecordsQuery,
): Promise<VisibleRecordRow[]> {
  // The literal keeps the partial indexes on active records usable (records_active_credit_code).
  let select = visibleTo(recordsQuery(db), viewerAgencyId).where('r.status', '=', 'active');
  if (query.creditCodes) select = select.where(sql<boolean>`r.credit_code = ANY (${[...query.creditCodes]}::text[])`);
  if (query.enterpriseIds)
    select = select.where(sql<boolean>`r.enterprise_id = ANY (${[...query.enterpriseIds]}::bigint[])`);
  if (query.recordIds) select = select.where(sql<boolean>`r.id = ANY (${[...query.recordIds]}::bigint[])`);
  if (query.itemCodes) select = select.where(sql<boolean>`i.code = ANY (${[...query.itemCodes]}::text[])`);
  if (query.category) select = select.where('i.category', '=', query.category);
  if (query.levels) select = select.where(sql<boolean>`r.dishonesty_level = ANY (${[...query.levels]}::text[])`);
  if (query.regionCode) {
    const prefix = `${escapeLike(query.regionCode)}%`;
    select = select.where(
      sql<boolean>`coalesce((SELECT e.region_code FROM enterprises e WHERE e.id = r.enterprise_id),
        substr(r.credit_code, 3, 6)) LIKE ${prefix}`,
    );
  }
  if (query.aroseFrom) select = select.where('r.aroseOn', '>=', query.aroseFrom);
  if (query.aroseTo) select = select.where('r.aroseOn', '<=', query.aroseTo);
  if (query.name) select = select.where('r.entityName', 'like', `%${escapeLike(query.name)}%`);
  if (query.nonPublicOnly) select = select.where(sql<boolean>`NOT ${PUBLIC_SCOPE}`);
  if (query.beforeId !== undefined) select = select.where('r.id', '<', query.beforeId);
  if (query.limit !== undefined) select = select.limit(query.limit);
  return select.orderBy('r.id', 'desc').execute();
}

/**
 * A record as a credit check shows it: [id, item id, level, agency id, 作出日期, under objection (异议处理中)]. Written
 * by PostgreSQL as JSON text, so that ~65,000 records for 10,000 entities cross as one JSON array an entity, not as row
 * objects of ten columns each.
 */
export type VisibleRecordFact = [number, number, DishonestyLevel | null, number, string, boolean];

/**
 * The current (`active`) 良好 and 不良 records of these entities that the viewer's agency may see (the same rule,
 * platform/sharing-sql.ts), as a credit check shows them: one row per entity with its records, one statement for up to
 * 10,000 entities, reading no payload, withholding or removal (a check shows none of them), from the index
 * records_active_enterprise_facts alone. The statement itself, for bench/check's EXPLAIN.
 */
export function visibleRecordFactsQuery(db: Db, viewerAgencyId: number, enterpriseIds: readonly number[]) {
  const records = db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .select(['r.id', 'r.enterpriseId', 'r.itemId', 'r.dishonestyLevel', 'r.agencyId', 'r.aroseOn', 'r.underObjection'])
    .where('r.status', '=', 'active')
    .where('i.category', '<>', 'basic')
    .where(sql<boolean>`r.enterprise_id = ANY (${[...enterpriseIds]}::bigint[])`);
  return db
    .selectFrom(visibleTo(records, viewerAgencyId).as('f'))
    .select([
      'f.enterpriseId',
      // Concatenated rather than json_build_array (which looks up each argument's type per call: ~1.5 times the
      // CPU here). Every value is a number, an ISO date, true/false or a level code: none needs escaping.
      sql<string>`'[' || string_agg('[' || f.id || ',' || f.item_id || ',' || coalesce('"' || f.dishonesty_level || '"',
        'null') || ',' || f.agency_id || ',"' || f.arose_on || '",' || f.under_objection || ']', ',') || ']'`.as(
        'records',
      ),
    ])
    .groupBy('f.enterpriseId');
}

export function listVisibleRecordFacts(db: Db, viewerAgencyId: number, enterpriseIds: readonly number[]) {
  return visibleRecordFactsQuery(db, viewerAgencyId, enterpriseIds).execute();
}

/** The catalogue items of these ids (of any edition), as a credit check names a record's item. */
export function listFactItems(db: Db, itemIds: readonly number[]) {
  return db
    .selectFrom('catalogueItems')
    .select(['id', 'code', 'name', 'category', 'role'])
    .where(sql<boolean>`id = ANY (${[...itemIds]}::bigint[])`)
    .execute();
}

/** The names of these agencies, as a credit check names a record's provider. */
export function listFactAgencies(db: Db, agencyIds: readonly number[]) {
  return db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where(sql<boolean>`id = ANY (${[...agencyIds]}::bigint[])`)
    .execute();
}

/**
 * Which of these records (in any of `statuses`) the viewer's agency may see by the same rule: ids only, reading no
 * payload, for watch-list alerts that only need to know whether the agency may be told.
 */
export async function listVisibleRecordIds(
  db: Db,
  viewerAgencyId: number,
  recordIds: readonly number[],
  statuses: readonly RecordStatus[],
): Promise<number[]> {
  const select = db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .select('r.id')
    .where(sql<boolean>`r.id = ANY (${[...recordIds]}::bigint[])`)
    .where(sql<boolean>`r.status = ANY (${[...statuses]}::text[])`);
  const rows = await visibleTo(select, viewerAgencyId).execute();
  return rows.map((row) => Number(row.id));
}
