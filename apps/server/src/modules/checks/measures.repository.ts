import type { MeasureDefinition } from '@gzcredit/contracts';
import type { MeasureList } from '@gzcredit/domain';
import { type Selectable, sql } from 'kysely';
import type { CheckPurposesTable, MeasureEditionsTable, MeasuresTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type CheckPurposeRow = Selectable<CheckPurposesTable>;
export type MeasureEditionRow = Selectable<MeasureEditionsTable> & { measureCount: number };
export type MeasureRow = Selectable<MeasuresTable> & { purposes: string[] };

// ---- check purposes ----

export async function listPurposes(db: Db): Promise<CheckPurposeRow[]> {
  return db.selectFrom('checkPurposes').selectAll().orderBy('sortOrder').orderBy('id').execute();
}

export async function findPurpose(
  db: Db,
  where: { id: number } | { code: string },
): Promise<CheckPurposeRow | undefined> {
  const query = db.selectFrom('checkPurposes').selectAll();
  return ('id' in where ? query.where('id', '=', where.id) : query.where('code', '=', where.code)).executeTakeFirst();
}

export async function insertPurposes(
  db: Db,
  purposes: ReadonlyArray<{ code: string; name: string; sortOrder: number }>,
): Promise<number[]> {
  if (purposes.length === 0) return [];
  const rows = await db
    .insertInto('checkPurposes')
    .values([...purposes])
    .returning('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

export async function updatePurpose(db: Db, id: number, change: { name: string; active: boolean }): Promise<void> {
  await db.updateTable('checkPurposes').set(change).where('id', '=', id).execute();
}

export async function nextPurposeSortOrder(db: Db): Promise<number> {
  const row = await db
    .selectFrom('checkPurposes')
    .select(sql<number>`coalesce(max(sort_order), 0) + 10`.as('next'))
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

// ---- editions ----

function editionsQuery(db: Db) {
  return db
    .selectFrom('measureEditions as e')
    .selectAll('e')
    .select((eb) =>
      eb
        .selectFrom('measures as m')
        .whereRef('m.editionId', '=', 'e.id')
        .select(sql<number>`count(*)::integer`.as('count'))
        .as('measureCount'),
    );
}

function toEditionRow(row: Selectable<MeasureEditionsTable> & { measureCount: number | null }): MeasureEditionRow {
  return { ...row, measureCount: Number(row.measureCount ?? 0) };
}

export async function listEditions(db: Db): Promise<MeasureEditionRow[]> {
  const rows = await editionsQuery(db).orderBy('e.list').orderBy('e.id', 'desc').execute();
  return rows.map(toEditionRow);
}

export async function findEdition(db: Db, id: number): Promise<MeasureEditionRow | undefined> {
  const row = await editionsQuery(db).where('e.id', '=', id).executeTakeFirst();
  return row && toEditionRow(row);
}

/** The editions in force: at most one per list (a unique index). */
export async function listPublishedEditions(db: Db): Promise<MeasureEditionRow[]> {
  const rows = await editionsQuery(db).where('e.status', '=', 'published').orderBy('e.list').execute();
  return rows.map(toEditionRow);
}

export async function lockEdition(db: Db, id: number): Promise<Selectable<MeasureEditionsTable> | undefined> {
  return db.selectFrom('measureEditions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function lockPublishedEdition(
  db: Db,
  list: MeasureList,
): Promise<Selectable<MeasureEditionsTable> | undefined> {
  return db
    .selectFrom('measureEditions')
    .selectAll()
    .where('list', '=', list)
    .where('status', '=', 'published')
    .forUpdate()
    .executeTakeFirst();
}

export async function insertEdition(
  db: Db,
  edition: {
    list: MeasureList;
    label: string;
    status: 'draft' | 'published';
    basedOnId: number | null;
    createdBy: number | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('measureEditions')
    .values({ ...edition, publishedAt: edition.status === 'published' ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateEditionStatus(db: Db, id: number, status: 'published' | 'superseded'): Promise<void> {
  await db
    .updateTable('measureEditions')
    .set(status === 'published' ? { status, publishedAt: new Date() } : { status })
    .where('id', '=', id)
    .execute();
}

// ---- measures ----

function measuresQuery(db: Db) {
  return db
    .selectFrom('measures as m')
    .selectAll('m')
    .select((eb) =>
      eb
        .selectFrom('measurePurposes as mp')
        .innerJoin('checkPurposes as p', 'p.id', 'mp.purposeId')
        .whereRef('mp.measureId', '=', 'm.id')
        .select(sql<string[]>`coalesce(array_agg(p.code ORDER BY p.sort_order, p.id), '{}')`.as('codes'))
        .as('purposes'),
    );
}

function toMeasureRow(row: Selectable<MeasuresTable> & { purposes: string[] | null }): MeasureRow {
  return { ...row, purposes: row.purposes ?? [] };
}

export async function listEditionMeasures(db: Db, editionId: number): Promise<MeasureRow[]> {
  const rows = await measuresQuery(db)
    .where('m.editionId', '=', editionId)
    .orderBy('m.sortOrder')
    .orderBy('m.id')
    .execute();
  return rows.map(toMeasureRow);
}

export async function findMeasure(db: Db, id: number): Promise<MeasureRow | undefined> {
  const row = await measuresQuery(db).where('m.id', '=', id).executeTakeFirst();
  return row && toMeasureRow(row);
}

function measureValues(measure: MeasureDefinition) {
  return {
    code: measure.code,
    name: measure.name,
    measureClass: measure.measureClass,
    targetListings: measure.targetListings,
    targetLevels: measure.targetLevels,
    legalBasis: measure.legalBasis,
    implementingBody: measure.implementingBody,
    source: measure.source,
    note: measure.note,
    confirmed: measure.confirmed,
  };
}

async function insertMeasurePurposes(db: Db, measureId: number, purposeCodes: readonly string[]): Promise<void> {
  await db
    .insertInto('measurePurposes')
    .columns(['measureId', 'purposeId'])
    .expression((eb) =>
      eb
        .selectFrom('checkPurposes')
        .select([eb.val(measureId).as('measureId'), 'id as purposeId'])
        .where('code', 'in', [...purposeCodes]),
    )
    .execute();
}

/** Inserts measures with their purposes (codes known to exist: the service checked them). */
export async function insertMeasures(
  db: Db,
  editionId: number,
  measures: ReadonlyArray<MeasureDefinition & { sortOrder: number }>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const measure of measures) {
    const row = await db
      .insertInto('measures')
      .values({ editionId, sortOrder: measure.sortOrder, ...measureValues(measure) })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
    await insertMeasurePurposes(db, Number(row.id), measure.purposes);
  }
  return ids;
}

/** A draft copies the measures of the edition it is based on, purposes included, in two statements. */
export async function copyMeasures(db: Db, fromEditionId: number, toEditionId: number): Promise<void> {
  await sql`
    INSERT INTO measures (edition_id, code, name, measure_class, target_listings, target_levels, legal_basis,
      implementing_body, source, note, confirmed, sort_order)
    SELECT ${toEditionId}, code, name, measure_class, target_listings, target_levels, legal_basis, implementing_body,
      source, note, confirmed, sort_order
    FROM measures WHERE edition_id = ${fromEditionId}`.execute(db);
  await sql`
    INSERT INTO measure_purposes (measure_id, purpose_id)
    SELECT copy.id, mp.purpose_id
    FROM measures original
    JOIN measure_purposes mp ON mp.measure_id = original.id
    JOIN measures copy ON copy.edition_id = ${toEditionId} AND copy.code = original.code
    WHERE original.edition_id = ${fromEditionId}`.execute(db);
}

export async function updateMeasure(db: Db, id: number, measure: MeasureDefinition): Promise<void> {
  await db.updateTable('measures').set(measureValues(measure)).where('id', '=', id).execute();
  await db.deleteFrom('measurePurposes').where('measureId', '=', id).execute();
  await insertMeasurePurposes(db, id, measure.purposes);
}

export async function deleteMeasure(db: Db, id: number): Promise<void> {
  await db.deleteFrom('measures').where('id', '=', id).execute();
}

export async function nextMeasureSortOrder(db: Db, editionId: number): Promise<number> {
  const row = await db
    .selectFrom('measures')
    .select(sql<number>`coalesce(max(sort_order), 0) + 10`.as('next'))
    .where('editionId', '=', editionId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

/**
 * The measures of the editions in force for a purpose, with the levels and listings each targets (a check picks those
 * that apply to each entity from them: one statement a check).
 */
export async function listMeasuresInForce(db: Db, purposeCode: string) {
  return (
    db
      .selectFrom('measures as m')
      .innerJoin('measureEditions as e', 'e.id', 'm.editionId')
      .innerJoin('measurePurposes as mp', 'mp.measureId', 'm.id')
      .innerJoin('checkPurposes as p', 'p.id', 'mp.purposeId')
      .select([
        'm.id',
        'm.code',
        'm.name',
        'm.measureClass',
        'm.legalBasis',
        'm.implementingBody',
        'e.list',
        'm.editionId',
        'm.targetLevels',
        'm.targetListings',
      ])
      .where('e.status', '=', 'published')
      .where('p.code', '=', purposeCode)
      // National first, then the provincial supplement; within a list, class 1 before 2 and 3, then the list's order.
      .orderBy(sql`e.list = 'provincial'`)
      .orderBy('m.measureClass')
      .orderBy('m.sortOrder')
      .orderBy('m.id')
      .execute()
  );
}
