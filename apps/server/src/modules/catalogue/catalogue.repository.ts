import type { CatalogueItemDefinition } from '@gzcredit/domain';
import type { Selectable } from 'kysely';
import type { CatalogueEditionsTable, CatalogueItemsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type EditionRow = Selectable<CatalogueEditionsTable>;
export type CatalogueItemRow = Selectable<CatalogueItemsTable> & { editionCode: string };

function itemsQuery(db: Db) {
  return db
    .selectFrom('catalogueItems as i')
    .innerJoin('catalogueEditions as e', 'e.id', 'i.editionId')
    .selectAll('i')
    .select('e.code as editionCode');
}

export async function listEditions(db: Db): Promise<EditionRow[]> {
  return db.selectFrom('catalogueEditions').selectAll().orderBy('id', 'desc').execute();
}

export async function findEdition(db: Db, id: number): Promise<EditionRow | undefined> {
  return db.selectFrom('catalogueEditions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCurrentEdition(db: Db): Promise<EditionRow | undefined> {
  return db.selectFrom('catalogueEditions').selectAll().where('status', '=', 'current').executeTakeFirst();
}

export async function lockCurrentEdition(db: Db): Promise<EditionRow | undefined> {
  return db.selectFrom('catalogueEditions').selectAll().where('status', '=', 'current').forUpdate().executeTakeFirst();
}

export async function lockEdition(db: Db, id: number): Promise<EditionRow | undefined> {
  return db.selectFrom('catalogueEditions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertEdition(
  db: Db,
  edition: { code: string; name: string; publishedOn: string; status: EditionRow['status']; createdBy: number | null },
): Promise<number> {
  const row = await db.insertInto('catalogueEditions').values(edition).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateEditionStatus(db: Db, id: number, status: EditionRow['status'], publishedOn?: string) {
  await db
    .updateTable('catalogueEditions')
    .set({ status, ...(publishedOn ? { publishedOn } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function listEditionItems(db: Db, editionId: number): Promise<CatalogueItemRow[]> {
  return itemsQuery(db).where('i.editionId', '=', editionId).orderBy('i.sortOrder').orderBy('i.id').execute();
}

export async function findItem(db: Db, id: number): Promise<CatalogueItemRow | undefined> {
  return itemsQuery(db).where('i.id', '=', id).executeTakeFirst();
}

function itemValues(definition: CatalogueItemDefinition) {
  return {
    code: definition.code,
    name: definition.name,
    category: definition.category,
    providerKinds: definition.providerKinds,
    fields: JSON.stringify(definition.fields),
    aroseField: definition.aroseField,
    defaultUseScope: definition.defaultUseScope,
    publicity: JSON.stringify(definition.publicity),
    requiresLevel: definition.requiresLevel,
    role: definition.role,
    mandatoryPublicity: definition.mandatoryPublicity,
    deadline: definition.deadline ? JSON.stringify(definition.deadline) : null,
  };
}

export async function insertItems(
  db: Db,
  editionId: number,
  definitions: Array<CatalogueItemDefinition & { sortOrder: number }>,
): Promise<number[]> {
  if (definitions.length === 0) return [];
  const rows = await db
    .insertInto('catalogueItems')
    .values(
      definitions.map((definition) => ({ editionId, sortOrder: definition.sortOrder, ...itemValues(definition) })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

export async function updateItem(db: Db, id: number, definition: CatalogueItemDefinition): Promise<void> {
  await db.updateTable('catalogueItems').set(itemValues(definition)).where('id', '=', id).execute();
}
