import type { Insertable, Updateable } from 'kysely';
import type { ObjectionFilesTable, ObjectionStatus, ObjectionsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

type Period = { from?: string | undefined; to?: string | undefined };

export async function insertObjection(trx: Db, objection: Insertable<ObjectionsTable>) {
  return trx.insertInto('objections').values(objection).returning(['id', 'objectionNo']).executeTakeFirstOrThrow();
}

export async function insertObjectionFiles(trx: Db, files: Insertable<ObjectionFilesTable>[]): Promise<void> {
  if (files.length > 0) await trx.insertInto('objectionFiles').values(files).execute();
}

export async function findPendingObjectionNo(db: Db, rootRecordId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('objections')
    .select('objectionNo')
    .where('rootRecordId', '=', rootRecordId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.objectionNo;
}

/** Objections with what their views show: the record's item and agency, the entity, the decision's file name. */
function objectionsQuery(db: Db) {
  return db
    .selectFrom('objections as o')
    .innerJoin('records as r', 'r.id', 'o.recordId')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .innerJoin('agencies as a', 'a.id', 'o.agencyId')
    .innerJoin('enterprises as e', 'e.id', 'o.enterpriseId')
    .leftJoin('files as f', 'f.id', 'o.decisionFileId')
    .selectAll('o')
    .select([
      'r.aroseOn',
      'i.name as itemName',
      'a.name as agencyName',
      'e.creditCode',
      'e.name as entityName',
      'f.originalName as decisionFileName',
      'f.size as decisionFileSize',
    ]);
}
export type ObjectionRow = Awaited<ReturnType<ReturnType<typeof objectionsQuery>['executeTakeFirstOrThrow']>>;

export async function findObjectionByNo(db: Db, objectionNo: string): Promise<ObjectionRow | undefined> {
  return objectionsQuery(db).where('o.objectionNo', '=', objectionNo).executeTakeFirst();
}

export async function findObjection(db: Db, id: number): Promise<ObjectionRow | undefined> {
  return objectionsQuery(db).where('o.id', '=', id).executeTakeFirst();
}

export async function lockObjection(trx: Db, id: number) {
  return trx.selectFrom('objections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The latest objections an applicant may follow: the SQL form of applicant-session `followsCase` (of its entity, filed
 * under its key or before 0040 with none), filtered before the limit so an applicant's own outlive others' newer ones.
 */
export async function listApplicantObjections(
  db: Db,
  applicant: { enterpriseId: number; applicantKey: string },
): Promise<ObjectionRow[]> {
  return objectionsQuery(db)
    .where('o.enterpriseId', '=', applicant.enterpriseId)
    .where((eb) => eb.or([eb('o.applicantKey', '=', applicant.applicantKey), eb('o.applicantKey', 'is', null)]))
    .orderBy('o.id', 'desc')
    .limit(200)
    .execute();
}

/**
 * An agency's queue (pending first, then newest), or the escalated ones: pending past their due date, the SQL form of
 * deadlines.ts `caseDeadline(…).overdue` (objections.test checks the two agree).
 */
export async function listQueue(
  db: Db,
  filter: { agencyId?: number; overdueOn?: string; status?: ObjectionStatus },
): Promise<ObjectionRow[]> {
  let query = objectionsQuery(db);
  if (filter.agencyId !== undefined) query = query.where('o.agencyId', '=', filter.agencyId);
  if (filter.overdueOn !== undefined)
    query = query
      .where('o.status', '=', 'pending')
      .where((eb) => eb(eb.fn.coalesce('o.extendedDueOn', 'o.dueOn'), '<', filter.overdueOn!));
  if (filter.status) query = query.where('o.status', '=', filter.status);
  return query
    .orderBy((eb) => eb.case().when('o.status', '=', 'pending').then(0).else(1).end())
    .orderBy('o.id', 'desc')
    .limit(500)
    .execute();
}

export async function listObjectionFiles(db: Db, objectionIds: number[]) {
  if (objectionIds.length === 0) return [];
  return db.selectFrom('objectionFiles').selectAll().where('objectionId', 'in', objectionIds).orderBy('id').execute();
}

export async function updateObjection(trx: Db, id: number, changes: Updateable<ObjectionsTable>): Promise<void> {
  await trx.updateTable('objections').set(changes).where('id', '=', id).execute();
}

/**
 * 异议 to the agencies' records filed in the period (China dates), with what their deadline reading (objections'
 * `caseDeadline`) and the handling time need.
 */
export async function listObjectionDeadlines(db: Db, period: Period, agencyIds: readonly number[] | 'all') {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('objections')
    .select(['agencyId', 'status', 'filedOn', 'dueOn', 'extendedDueOn', 'decidedAt', 'decidedOn']);
  if (agencyIds !== 'all') query = query.where('agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('filedOn', '>=', period.from);
  if (period.to) query = query.where('filedOn', '<=', period.to);
  return (await query.execute()).map((row) => ({ ...row, agencyId: Number(row.agencyId) }));
}
