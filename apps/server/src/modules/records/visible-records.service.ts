import type { RecordStatus } from '../../db/schema';
import type { Db } from '../../platform/database';
import {
  listVisibleRecordFacts,
  listVisibleRecordIds,
  listVisibleRecordRows,
  type VisibleRecordFactRow,
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

/**
 * The current 良好 and 不良 records of these entities (at most 10,000, one statement) that the viewer's agency may see
 * by the same rule, as a credit check shows them: item, level, provider and date, no payload.
 */
export async function readVisibleRecordFacts(
  db: Db,
  viewerAgencyId: number,
  enterpriseIds: readonly number[],
): Promise<VisibleRecordFactRow[]> {
  return enterpriseIds.length === 0 ? [] : listVisibleRecordFacts(db, viewerAgencyId, enterpriseIds);
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
