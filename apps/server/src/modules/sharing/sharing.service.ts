import type { RecordDto } from '@gzcredit/contracts';
import { maskFieldValue } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { restrictPayload } from '../../platform/sharing-sql';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import { readVisibleRecords, toRecordDto, type VisibleRecordRow, type VisibleRecordsQuery } from '../records';

/** The agency that looks (its kind and region are read with the rule). */
export interface SharingViewer {
  agencyId: number;
}

/** What credit checks and watch-lists ask for (docs: /work/notes/sharing-api.md); at most 10,000 codes at once. */
export interface VisibleRecordsFilter {
  creditCodes?: readonly string[];
  enterpriseIds?: readonly number[];
  recordIds?: readonly number[];
  limit?: number;
}

/**
 * 共享 (Rules Art. 8, 22(二)(四)): the active records the viewer's agency may see (its own; others' public; shared and
 * authorised ones per the providers' exchange settings and the bureau's floor; never others' internal or classified
 * ones), newest first, each with `payload` restricted to the fields it may see (platform/sharing-sql.ts). Another
 * agency's free-text fields leave with personal data masked (Art. 24).
 */
export async function listVisibleRecords(
  db: Db,
  viewer: SharingViewer,
  filter: VisibleRecordsFilter & Omit<VisibleRecordsQuery, 'limit'>,
): Promise<RecordDto[]> {
  const rows = await readVisibleRecords(db, viewer.agencyId, filter);
  return toSharedRecordDtos(db, viewer, rows);
}

/** The DTOs of rows read with the rule: fields restricted, others' free text masked. */
export async function toSharedRecordDtos(
  db: Db,
  viewer: SharingViewer,
  rows: readonly VisibleRecordRow[],
): Promise<RecordDto[]> {
  const items = new Map<number, Promise<CatalogueItem>>();
  const itemOf = (id: number) => {
    let item = items.get(id);
    if (!item) {
      item = getCatalogueItem(db, id);
      items.set(id, item);
    }
    return item;
  };
  const dtos: RecordDto[] = [];
  for (const row of rows) {
    const dto = toRecordDto(row);
    const payload = restrictPayload(dto.payload, row);
    dtos.push({
      ...dto,
      payload: Number(row.agencyId) === viewer.agencyId ? payload : maskFreeText(await itemOf(dto.item.id), payload),
    });
  }
  return dtos;
}

/**
 * Art. 24: identity-card numbers and mobiles written into free-text fields leave masked, as typed personal fields are
 * stored; the providing agency's own views keep the text as it was sent.
 */
export function maskFreeText(item: CatalogueItem, payload: Record<string, string>): Record<string, string> {
  const masked = { ...payload };
  for (const field of item.fields) {
    const value = masked[field.key];
    if (value) masked[field.key] = maskFieldValue(field, value);
  }
  return masked;
}
