import type { UseScope } from '@gzcredit/domain';
import { sql } from 'kysely';
import type { RecordStatus } from '../../db/schema';
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

export interface WithholdingRow {
  id: number;
  agencyId: number;
  agencyName: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  recordId: number | null;
  creditCode: string | null;
  entityName: string | null;
  useScope: UseScope | null;
  recordStatus: RecordStatus | null;
  ground: string;
  status: 'in_force' | 'lifted' | 'overruled';
  createdAt: Date;
  createdByName: string | null;
}

function withholdingsQuery(db: Db) {
  return db
    .selectFrom('publicityWithholdings as w')
    .innerJoin('agencies as g', 'g.id', 'w.agencyId')
    .innerJoin('catalogueItems as i', 'i.id', 'w.itemId')
    .leftJoin('records as r', 'r.id', 'w.recordId')
    .leftJoin('accounts as a', 'a.id', 'w.createdBy')
    .select([
      'w.id',
      'w.agencyId',
      'g.name as agencyName',
      'w.itemId',
      'i.code as itemCode',
      'i.name as itemName',
      'w.recordId',
      'r.creditCode',
      'r.entityName',
      'r.useScope',
      'r.status as recordStatus',
      'w.ground',
      'w.status',
      'w.createdAt',
      'a.displayName as createdByName',
    ]);
}

const toWithholdingRow = (row: WithholdingRow): WithholdingRow => ({
  ...row,
  id: Number(row.id),
  agencyId: Number(row.agencyId),
  itemId: Number(row.itemId),
  recordId: row.recordId === null ? null : Number(row.recordId),
});

/**
 * 不公示事项 in force, oldest first: items switched off, and records sent non-public that are still the current version
 * and still not public (a correction or revocation ends a record's withholding with the version it was sent with).
 */
export async function listWithholdingsInForce(
  db: Db,
  page: { page: number; pageSize: number },
): Promise<{ rows: WithholdingRow[]; total: number }> {
  const query = withholdingsQuery(db)
    .where('w.status', '=', 'in_force')
    .where((eb) =>
      eb.or([
        eb('w.recordId', 'is', null),
        eb.and([eb('r.status', 'in', ['active', 'removed']), eb('r.useScope', '<>', 'public')]),
      ]),
    );
  const [rows, count] = await Promise.all([
    query
      .orderBy('w.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: (rows as WithholdingRow[]).map(toWithholdingRow), total: Number(count.total) };
}

export async function lockWithholding(db: Db, id: number): Promise<WithholdingRow | undefined> {
  const row = await withholdingsQuery(db).where('w.id', '=', id).forUpdate('w').executeTakeFirst();
  return row && toWithholdingRow(row as WithholdingRow);
}

/** The in-force withholding of an agency's setting for an item code (any edition), if its item is switched off. */
export async function findSettingWithholding(
  db: Db,
  agencyId: number,
  itemCode: string,
): Promise<WithholdingRow | undefined> {
  const row = await withholdingsQuery(db)
    .where('w.agencyId', '=', agencyId)
    .where('i.code', '=', itemCode)
    .where('w.recordId', 'is', null)
    .where('w.status', '=', 'in_force')
    .orderBy('w.id', 'desc')
    .executeTakeFirst();
  return row && toWithholdingRow(row as WithholdingRow);
}

export async function insertSettingWithholding(
  db: Db,
  withholding: { agencyId: number; itemId: number; ground: string; createdBy: number },
): Promise<void> {
  await db.insertInto('publicityWithholdings').values(withholding).execute();
}

export async function closeWithholding(
  db: Db,
  id: number,
  close: { status: 'lifted' | 'overruled'; closedBy: number; overruleReason?: string },
): Promise<void> {
  await db
    .updateTable('publicityWithholdings')
    .set({ ...close, closedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}
