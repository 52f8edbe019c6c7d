import type { ItemRole, RecordCategory } from '@gzcredit/domain';
import type { RecordStatus } from '../../db/schema';
import type { Db } from '../../platform/database';
import {
  listFactAgencies,
  listFactItems,
  listVisibleRecordFacts,
  listVisibleRecordIds,
  listVisibleRecordRows,
  type VisibleRecordFact,
  type VisibleRecordRow,
  type VisibleRecordsQuery,
} from './visible-records.repository';

/**
 * The current records the viewer's agency may see by the sharing rule (platform/sharing-sql.ts; Art. 22(四)), newest
 * first, each with the fields it may see: what the sharing module restricts and masks for its query, exports and
 * watch-lists.
 */
export function readVisibleRecords(
  db: Db,
  viewerAgencyId: number,
  query: VisibleRecordsQuery,
): Promise<VisibleRecordRow[]> {
  return listVisibleRecordRows(db, viewerAgencyId, query);
}

/** The records a credit check shows, per entity, with the items and agencies they name (each once). */
export interface VisibleRecordFacts {
  records: Map<number, VisibleRecordFact[]>;
  items: Map<number, { code: string; name: string; category: RecordCategory; role: ItemRole }>;
  agencies: Map<number, string>;
}

/**
 * The current 良好 and 不良 records of these entities (at most 10,000, one statement) that the viewer's agency may see
 * by the same rule, as a credit check shows them: item, level, provider and date, no payload.
 */
export async function readVisibleRecordFacts(
  db: Db,
  viewerAgencyId: number,
  enterpriseIds: readonly number[],
): Promise<VisibleRecordFacts> {
  const records = new Map<number, VisibleRecordFact[]>();
  if (enterpriseIds.length === 0) return { records, items: new Map(), agencies: new Map() };
  const itemIds = new Set<number>();
  const agencyIds = new Set<number>();
  for (const row of await listVisibleRecordFacts(db, viewerAgencyId, enterpriseIds)) {
    const facts = JSON.parse(row.records) as VisibleRecordFact[];
    records.set(Number(row.enterpriseId), facts);
    for (const record of facts) {
      itemIds.add(record[1]);
      agencyIds.add(record[3]);
    }
  }
  // Two independent reads: side by side on PostgreSQL's pool (PGlite's one connection takes them in turn).
  const [items, agencies] = await Promise.all([listFactItems(db, [...itemIds]), listFactAgencies(db, [...agencyIds])]);
  return {
    records,
    items: new Map(items.map(({ id, ...item }) => [Number(id), item])),
    agencies: new Map(agencies.map(({ id, name }) => [Number(id), name])),
  };
}

/**
 * Of these records (versions in any of `statuses`: an alert also reports a version corrected again or a listing removed
 * since), the ids the viewer's agency may see by the sharing rule. Ids only, no payload.
 */
export async function readVisibleRecordIds(
  db: Db,
  viewerAgencyId: number,
  recordIds: readonly number[],
  statuses: readonly RecordStatus[],
): Promise<Set<number>> {
  return new Set(recordIds.length === 0 ? [] : await listVisibleRecordIds(db, viewerAgencyId, recordIds, statuses));
}
