import { chinaDayStart, nextChinaDayStart } from '@gzcredit/domain';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { RepairFilesTable, RepairStatus, RepairsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

type Period = { from?: string | undefined; to?: string | undefined };

export type RepairRow = Selectable<RepairsTable> & { agencyName: string };
export type RepairFileRow = Selectable<RepairFilesTable>;

function repairsQuery(db: Db) {
  return db
    .selectFrom('repairs as p')
    .innerJoin('agencies as g', 'g.id', 'p.agencyId')
    .selectAll('p')
    .select('g.name as agencyName');
}

export async function insertRepair(trx: Db, repair: Insertable<RepairsTable>): Promise<number> {
  const row = await trx.insertInto('repairs').values(repair).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertRepairFiles(trx: Db, files: Insertable<RepairFilesTable>[]): Promise<void> {
  if (files.length > 0) await trx.insertInto('repairFiles').values(files).execute();
}

export function findRepair(db: Db, id: number): Promise<RepairRow | undefined> {
  return repairsQuery(db).where('p.id', '=', id).executeTakeFirst();
}

export function findRepairByNumber(db: Db, repairNo: string): Promise<RepairRow | undefined> {
  return repairsQuery(db).where('p.repairNo', '=', repairNo).executeTakeFirst();
}

/** Locks an application for a step of its procedure: two clerks never both accept or decide it. */
export function lockRepair(trx: Db, id: number): Promise<RepairRow | undefined> {
  return repairsQuery(trx).where('p.id', '=', id).forUpdate('p').executeTakeFirst();
}

/** The open application of a record, if any (at most one: index repairs_open_record). */
export function findOpenRepairOfRecord(db: Db, recordId: number): Promise<{ repairNo: string } | undefined> {
  return db
    .selectFrom('repairs')
    .select('repairNo')
    .where('recordId', '=', recordId)
    .where('status', 'in', ['submitted', 'accepted'])
    .executeTakeFirst();
}

export function listRepairs(
  db: Db,
  filter: { agencyId?: number; statuses?: readonly RepairStatus[] },
): Promise<RepairRow[]> {
  let query = repairsQuery(db);
  if (filter.agencyId !== undefined) query = query.where('p.agencyId', '=', filter.agencyId);
  if (filter.statuses) query = query.where('p.status', 'in', [...filter.statuses]);
  return query.orderBy('p.submittedAt', 'desc').orderBy('p.id', 'desc').limit(500).execute();
}

export function listRepairFiles(db: Db, repairIds: readonly number[]): Promise<RepairFileRow[]> {
  if (repairIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('repairFiles')
    .selectAll()
    .where('repairId', 'in', [...repairIds])
    .orderBy('id')
    .execute();
}

export function findRepairFile(db: Db, repairId: number, fileId: number): Promise<RepairFileRow | undefined> {
  return db
    .selectFrom('repairFiles')
    .selectAll()
    .where('repairId', '=', repairId)
    .where('id', '=', fileId)
    .executeTakeFirst();
}

export async function updateRepair(trx: Db, id: number, changes: Updateable<RepairsTable>): Promise<void> {
  await trx.updateTable('repairs').set(changes).where('id', '=', id).execute();
}

/** 信用修复 applications for the agencies' records submitted in the period (China dates), with their deadline columns. */
export async function listRepairDeadlines(db: Db, period: Period, agencyIds: readonly number[] | 'all') {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('repairs')
    .select(['agencyId', 'status', 'acceptDueOn', 'acceptedAt', 'decideDueOn', 'extendedDueOn', 'decidedAt']);
  if (agencyIds !== 'all') query = query.where('agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('submittedAt', '>=', chinaDayStart(period.from));
  if (period.to) query = query.where('submittedAt', '<', nextChinaDayStart(period.to));
  return (await query.execute()).map((row) => ({ ...row, agencyId: Number(row.agencyId) }));
}
