import type { Selectable } from 'kysely';
import type { ExchangeFloorTable, ExchangeGrantsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type GrantRow = Pick<Selectable<ExchangeGrantsTable>, 'useScope' | 'audience' | 'audienceValue' | 'fields'>;

export interface ItemSettingRow {
  itemCode: string;
  sharedRestricted: boolean;
  updatedAt: Date;
  updatedByName: string | null;
  grants: GrantRow[];
}

/** The agency's exchange settings by item code, with their grants in the order they were given. */
export async function listItemSettings(db: Db, agencyId: number): Promise<Map<string, ItemSettingRow>> {
  const [settings, grants] = await Promise.all([
    db
      .selectFrom('exchangeItemSettings as s')
      .leftJoin('accounts as a', 'a.id', 's.updatedBy')
      .select(['s.itemCode', 's.sharedRestricted', 's.updatedAt', 'a.displayName as updatedByName'])
      .where('s.agencyId', '=', agencyId)
      .execute(),
    db
      .selectFrom('exchangeGrants')
      .select(['itemCode', 'useScope', 'audience', 'audienceValue', 'fields'])
      .where('agencyId', '=', agencyId)
      .orderBy('id')
      .execute(),
  ]);
  const rows = new Map(settings.map((row) => [row.itemCode, { ...row, grants: [] as GrantRow[] }]));
  for (const { itemCode, ...grant } of grants) rows.get(itemCode)?.grants.push(grant);
  return rows;
}

/** Replaces the agency's setting of an item (its grants with it). */
export async function replaceItemSetting(
  db: Db,
  setting: { agencyId: number; itemCode: string; sharedRestricted: boolean; updatedBy: number; grants: GrantRow[] },
): Promise<void> {
  const { agencyId, itemCode } = setting;
  await db.deleteFrom('exchangeGrants').where('agencyId', '=', agencyId).where('itemCode', '=', itemCode).execute();
  await db
    .insertInto('exchangeItemSettings')
    .values({ agencyId, itemCode, sharedRestricted: setting.sharedRestricted, updatedBy: setting.updatedBy })
    .onConflict((conflict) =>
      conflict.columns(['agencyId', 'itemCode']).doUpdateSet((eb) => ({
        sharedRestricted: eb.ref('excluded.sharedRestricted'),
        updatedBy: eb.ref('excluded.updatedBy'),
        updatedAt: new Date(),
      })),
    )
    .execute();
  if (setting.grants.length > 0)
    await db
      .insertInto('exchangeGrants')
      .values(setting.grants.map((grant) => ({ agencyId, itemCode, ...grant })))
      .execute();
}

export type FloorRow = Selectable<ExchangeFloorTable> & { updatedByName: string | null };

export async function listFloor(db: Db): Promise<FloorRow[]> {
  return db
    .selectFrom('exchangeFloor as f')
    .leftJoin('accounts as a', 'a.id', 'f.updatedBy')
    .selectAll('f')
    .select('a.displayName as updatedByName')
    .orderBy('f.id')
    .execute();
}

export async function replaceFloor(
  db: Db,
  rules: Array<Pick<FloorRow, 'itemCode' | 'dishonestyLevel' | 'audience' | 'audienceValue' | 'fields'>>,
  updatedBy: number,
): Promise<void> {
  await db.deleteFrom('exchangeFloor').execute();
  if (rules.length > 0)
    await db
      .insertInto('exchangeFloor')
      .values(rules.map((rule) => ({ ...rule, updatedBy })))
      .execute();
}

/** Every agency, for naming one as an audience. */
export async function listAgencyDirectory(db: Db) {
  return db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind', 'regionCode'])
    .orderBy('regionCode')
    .orderBy('id')
    .execute();
}
