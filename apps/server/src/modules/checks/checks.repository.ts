import type { CheckItemDto, CheckMeasureDto, CheckRecordDto, CheckResultDto } from '@gzcredit/contracts';
import type { DishonestyLevel, EntityStatus } from '@gzcredit/domain';
import { sql } from 'kysely';
import { type Db, escapeLike } from '../../platform/database';
import type { VisibleRecordFact } from '../records';

export interface CheckEntityRow {
  id: number;
  creditCode: string;
  name: string;
  status: EntityStatus;
}

/** The entities with these credit codes (set-based: one statement for up to 10,000 codes). */
export async function findEntitiesByCreditCodes(db: Db, creditCodes: readonly string[]): Promise<CheckEntityRow[]> {
  if (creditCodes.length === 0) return [];
  const rows = await db
    .selectFrom('enterprises')
    .select(['id', 'creditCode', 'name', 'status'])
    .where(sql<boolean>`credit_code = ANY (${[...creditCodes]}::text[])`)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** The entities whose current name is exactly one of these names (several may share one). */
export async function findEntitiesByNames(db: Db, names: readonly string[]): Promise<CheckEntityRow[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('enterprises')
    .select(['id', 'creditCode', 'name', 'status'])
    .where(sql<boolean>`name = ANY (${[...names]}::text[])`)
    .orderBy('creditCode')
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/**
 * Candidates for the names no entity bears exactly: entities that bore one before (曾用名) or whose name contains it, at
 * most `limit` a name; a check shows them and lets the officer choose, it never picks one. One statement for all the
 * names; a name with no candidate is absent from the map.
 *
 * Read through the name-search postings (migration 0011), as the public search does, never by scanning `enterprises`:
 * each name is looked up under its rarest gram of three characters (two for a two-character name), and the postings of
 * that gram are rechecked with LIKE, the former-name postings also with the exact former name. A one-character name
 * has no gram and gets no candidates.
 */
export async function findNameCandidates(
  db: Db,
  names: readonly string[],
  limit: number,
): Promise<Map<string, CheckEntityRow[]>> {
  const candidates = new Map<string, CheckEntityRow[]>();
  if (names.length === 0) return candidates;
  const patterns = names.map((name) => `%${escapeLike(name)}%`);
  const { rows } = await sql<{ wanted: string; id: string; creditCode: string; name: string; status: EntityStatus }>`
    SELECT n.wanted, c.id, c.credit_code AS "creditCode", c.name, c.status
    FROM unnest(${[...names]}::text[], ${patterns}::text[]) WITH ORDINALITY AS n (wanted, pattern, position)
    CROSS JOIN LATERAL (
      SELECT q.gram COLLATE "C" AS gram FROM unnest(name_grams(n.wanted)) AS q (gram)
      LEFT JOIN enterprise_name_gram_counts gc ON gc.gram = q.gram COLLATE "C"
      WHERE char_length(q.gram) = least(char_length(n.wanted), 3)
      ORDER BY coalesce(gc.postings, 0), q.gram LIMIT 1) AS g
    CROSS JOIN LATERAL (
      SELECT DISTINCT ON (e.name, e.id) e.id, e.credit_code, e.name, e.status
      FROM enterprise_name_grams p JOIN enterprises e ON e.id = p.enterprise_id
      WHERE p.gram = g.gram AND p.name LIKE n.pattern AND (NOT p.former OR n.wanted = ANY (e.former_names))
      ORDER BY e.name, e.id LIMIT ${limit}) AS c
    ORDER BY n.position, c.name, c.id`.execute(db);
  for (const { wanted, ...row } of rows) {
    const entity = { ...row, id: Number(row.id) };
    const same = candidates.get(wanted);
    if (same) same.push(entity);
    else candidates.set(wanted, [entity]);
  }
  return candidates;
}

export async function findAgencyName(db: Db, agencyId: number): Promise<string> {
  const row = await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirstOrThrow();
  return row.name;
}

/** A check's content: what the SM3 digest covers and the PDF prints. */
export type CheckContent = Omit<CheckResultDto, 'digest'>;

/** A record of a stored check: [id, index in `recordItems`, level, index in `agencies`, 作出日期]. */
/** The last element, 1, marks a record 异议处理中 (issue 21); checks stored before it have five. */
export type StoredRecord = [number, number, DishonestyLevel | null, number, string, 1?];

type StoredItem = Omit<CheckItemDto, 'records' | 'measures'> & { records: StoredRecord[]; measures: number };

/**
 * A check as `credit_checks.content` keeps it and its digest covers: the answer, with each record's item and agency
 * written once per check (`recordItems`, `agencies`) and each distinct list of measures once (`measureLists`; an item
 * names its list by index). Nothing of the answer is left out, and 10,000 entities with ten records each are about a
 * fifth of the answer's JSON.
 */
export interface StoredCheckContent extends Omit<CheckContent, 'items'> {
  recordItems: Pick<CheckRecordDto, 'itemCode' | 'itemName' | 'category' | 'listing'>[];
  agencies: string[];
  measureLists: CheckMeasureDto[][];
  items: StoredItem[];
}

/** An item as a check names its records' (records' `readVisibleRecordFacts`), with whether it is a listing. */
export interface CheckRecordItem {
  code: string;
  name: string;
  category: CheckRecordDto['category'];
  listing: boolean;
}

/**
 * Writes a check's content in its stored form as it is made, record by record (no answer of objects first): each
 * distinct item, agency and list of measures gets an index, in order of first use. Objects are built with their keys
 * in sorted order, so that the canonical JSON of the content is the engine's JSON.stringify without a copy.
 */
export class CheckContentPacker {
  readonly recordItems: StoredCheckContent['recordItems'] = [];
  readonly agencies: string[] = [];
  readonly measureLists: CheckMeasureDto[][] = [];
  readonly #items: ReadonlyMap<number, CheckRecordItem>;
  readonly #agencyNames: ReadonlyMap<number, string>;
  /** Indexes by item id and agency id, as records name them. */
  readonly #itemIndexes = new Map<number, number>();
  readonly #agencyIndexes = new Map<number, number>();
  /** Item indexes by item code (an item code names one item but in another catalogue edition, rarely). */
  readonly #itemsByCode = new Map<string, number[]>();
  readonly #agenciesByName = new Map<string, number>();
  readonly #measureLists = new Map<string, number>();

  /** `items` and `agencyNames`: those the records name, by id. */
  constructor(items: ReadonlyMap<number, CheckRecordItem>, agencyNames: ReadonlyMap<number, string>) {
    this.#items = items;
    this.#agencyNames = agencyNames;
  }

  record([id, itemId, level, agencyId, aroseOn, underObjection]: VisibleRecordFact): StoredRecord {
    const stored: StoredRecord = [
      id,
      this.#itemIndexes.get(itemId) ?? this.#itemIndex(itemId),
      level,
      this.#agencyIndexes.get(agencyId) ?? this.#agencyIndex(agencyId),
      aroseOn,
    ];
    if (underObjection) stored.push(1);
    return stored;
  }

  /** The index of an item not seen yet by id: an item of the same code, name, category and listing shares it. */
  #itemIndex(itemId: number): number {
    const { code: itemCode, name: itemName, category, listing } = this.#items.get(itemId)!;
    const same = this.#itemsByCode.get(itemCode);
    let index = same?.find((known) => {
      const item = this.recordItems[known]!;
      return item.itemName === itemName && item.category === category && item.listing === listing;
    });
    if (index === undefined) {
      index = this.recordItems.push({ category, itemCode, itemName, listing }) - 1;
      if (same) same.push(index);
      else this.#itemsByCode.set(itemCode, [index]);
    }
    this.#itemIndexes.set(itemId, index);
    return index;
  }

  #agencyIndex(agencyId: number): number {
    const name = this.#agencyNames.get(agencyId)!;
    let index = this.#agenciesByName.get(name);
    if (index === undefined) {
      index = this.agencies.push(name) - 1;
      this.#agenciesByName.set(name, index);
    }
    this.#agencyIndexes.set(agencyId, index);
    return index;
  }

  /** The index of this list of measures (by their ids), its keys in order. */
  measureList(measures: readonly CheckMeasureDto[]): number {
    const key = measures.map((measure) => measure.id).join(',');
    let index = this.#measureLists.get(key);
    if (index === undefined) {
      index = this.measureLists.push(measures.map(inKeyOrder)) - 1;
      this.#measureLists.set(key, index);
    }
    return index;
  }
}

function inKeyOrder<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}

/** The answer of a stored check (a check stored before `recordItems` keeps its answer whole). */
export function unpackCheckContent(stored: StoredCheckContent | CheckContent): CheckContent {
  if (!('recordItems' in stored)) return stored;
  const { recordItems, agencies, measureLists, items, ...content } = stored;
  return {
    ...content,
    items: items.map((item) => ({
      ...item,
      records: item.records.map(([id, itemIndex, dishonestyLevel, agencyIndex, aroseOn, underObjection]) => ({
        id,
        ...recordItems[itemIndex]!,
        dishonestyLevel,
        agencyName: agencies[agencyIndex]!,
        aroseOn,
        ...(underObjection ? { underObjection: true } : {}),
      })),
      measures: measureLists[item.measures]!.map((measure) => ({ ...measure })),
    })),
  };
}

export interface NewCreditCheck {
  checkNo: string;
  agencyId: number;
  accountId: number | null;
  apiClientId: number | null;
  purposeCode: string;
  matter: string;
  consortium: boolean;
  entityCount: number;
  measureEditions: { id: number; label: string }[];
  checkedAt: Date;
  digest: string;
}

export async function insertCreditCheck(db: Db, check: NewCreditCheck): Promise<void> {
  await db
    .insertInto('creditChecks')
    .values({
      ...check,
      measureEditions: JSON.stringify(check.measureEditions),
    })
    .execute();
}

/** A stored check's row; `content` only for a check stored before its content was kept in the log alone. */
export async function findCreditCheck(db: Db, checkNo: string) {
  return db.selectFrom('creditChecks').selectAll().where('checkNo', '=', checkNo).executeTakeFirst();
}
