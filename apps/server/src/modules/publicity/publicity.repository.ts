import { sql } from 'kysely';
import type { Db } from '../../platform/database';

export interface EffectiveSettingRow {
  itemCode: string;
  itemId: number;
  publicised: boolean;
  hiddenFields: string[];
  updatedAt: Date;
  updatedByName: string | null;
}

/**
 * An agency's effective publicity settings by item code: for each code, the row of the newest edition that has one
 * (a setting made on an item carries over to the same item of a later edition until the agency changes it).
 */
export async function listEffectiveSettings(db: Db, agencyId: number): Promise<Map<string, EffectiveSettingRow>> {
  const { rows } = await sql<EffectiveSettingRow>`
    SELECT DISTINCT ON (i.code) i.code AS item_code, s.item_id, s.publicised, s.hidden_fields, s.updated_at,
      a.display_name AS updated_by_name
    FROM publicity_settings s
    JOIN catalogue_items i ON i.id = s.item_id
    LEFT JOIN accounts a ON a.id = s.updated_by
    WHERE s.agency_id = ${agencyId}
    ORDER BY i.code, i.edition_id DESC`.execute(db);
  return new Map(rows.map((row) => [row.itemCode, { ...row, itemId: Number(row.itemId) }]));
}

export async function upsertSetting(
  db: Db,
  setting: { agencyId: number; itemId: number; publicised: boolean; hiddenFields: string[]; updatedBy: number },
): Promise<void> {
  await db
    .insertInto('publicitySettings')
    .values(setting)
    .onConflict((conflict) =>
      conflict.columns(['agencyId', 'itemId']).doUpdateSet({
        publicised: setting.publicised,
        hiddenFields: setting.hiddenFields,
        updatedBy: setting.updatedBy,
        updatedAt: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** The entities with a current record of the agency's item (any edition's item of that code). */
export async function listEntitiesWithAgencyItem(db: Db, agencyId: number, itemCode: string): Promise<number[]> {
  const { rows } = await sql<{ enterpriseId: number }>`
    SELECT DISTINCT r.enterprise_id
    FROM records r JOIN catalogue_items i ON i.id = r.item_id
    WHERE r.agency_id = ${agencyId} AND i.code = ${itemCode} AND r.status = 'active' AND r.enterprise_id IS NOT NULL`.execute(
    db,
  );
  return rows.map((row) => Number(row.enterpriseId));
}

/**
 * Marks up to `limit` current records whose publicity window ended before `today` as expired (SPEC §3: at the end of
 * the window a record leaves public view and stays internal); returns them and the entities they belong to. Rows
 * another transaction holds (a correction in progress) are skipped and expire at the next run.
 */
export async function expireRecords(
  db: Db,
  today: string,
  limit: number,
): Promise<{ recordIds: number[]; enterpriseIds: number[] }> {
  const { rows } = await sql<{ id: number; enterpriseId: number | null }>`
    UPDATE records SET status = 'expired'
    WHERE id IN (
      SELECT id FROM records
      WHERE status = 'active' AND publicity_until IS NOT NULL AND publicity_until < ${today}::date
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, enterprise_id`.execute(db);
  const enterpriseIds = new Set<number>();
  for (const row of rows) if (row.enterpriseId !== null) enterpriseIds.add(Number(row.enterpriseId));
  return { recordIds: rows.map((row) => Number(row.id)), enterpriseIds: [...enterpriseIds] };
}
