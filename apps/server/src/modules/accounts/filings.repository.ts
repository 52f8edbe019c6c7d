import type { Insertable, Selectable } from 'kysely';
import type { ManagerFilingsTable, ManagersTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type ManagerRow = Selectable<ManagersTable>;
export type FilingStatus = ManagerFilingsTable['status'];

export interface FilingViewRow {
  id: number;
  agencyId: number;
  agencyName: string;
  bureauId: number;
  bureauName: string;
  status: FilingStatus;
  submittedAt: Date;
  submittedByUsername: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

function selectFilingViews(db: Db) {
  return db
    .selectFrom('managerFilings as f')
    .innerJoin('agencies as g', 'g.id', 'f.agencyId')
    .innerJoin('agencies as b', 'b.id', 'f.bureauId')
    .leftJoin('accounts as s', 's.id', 'f.submittedBy')
    .select([
      'f.id',
      'f.agencyId',
      'g.name as agencyName',
      'f.bureauId',
      'b.name as bureauName',
      'f.status',
      'f.submittedAt',
      's.username as submittedByUsername',
      'f.reviewedAt',
      'f.reviewNote',
    ]);
}

export async function findFilingView(db: Db, id: number): Promise<FilingViewRow | undefined> {
  return selectFilingViews(db).where('f.id', '=', id).executeTakeFirst();
}

/** Filings made with a bureau, or of one agency (either filter, or both: OR). */
export async function listFilingViews(
  db: Db,
  filter: { bureauId?: number; agencyId?: number; status?: FilingStatus | undefined },
): Promise<FilingViewRow[]> {
  let query = selectFilingViews(db).where((eb) => {
    const conditions = [];
    if (filter.bureauId !== undefined) conditions.push(eb('f.bureauId', '=', filter.bureauId));
    if (filter.agencyId !== undefined) conditions.push(eb('f.agencyId', '=', filter.agencyId));
    return eb.or(conditions);
  });
  if (filter.status) query = query.where('f.status', '=', filter.status);
  return query.orderBy('f.id', 'desc').limit(500).execute();
}

/** How many filings `listFilingViews` would list for the same filter (the review queue's to-do count). */
export async function countFilingViews(
  db: Db,
  filter: { bureauId?: number; agencyId?: number; status?: FilingStatus | undefined },
): Promise<number> {
  let query = db.selectFrom('managerFilings as f').where((eb) => {
    const conditions = [];
    if (filter.bureauId !== undefined) conditions.push(eb('f.bureauId', '=', filter.bureauId));
    if (filter.agencyId !== undefined) conditions.push(eb('f.agencyId', '=', filter.agencyId));
    return eb.or(conditions);
  });
  if (filter.status) query = query.where('f.status', '=', filter.status);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listFilingManagers(db: Db, filingIds: readonly number[]): Promise<Map<number, ManagerRow[]>> {
  const byFiling = new Map<number, ManagerRow[]>();
  if (filingIds.length === 0) return byFiling;
  const rows = await db
    .selectFrom('managerFilingEntries as e')
    .innerJoin('managers as m', 'm.id', 'e.managerId')
    .selectAll('m')
    .select('e.filingId')
    .where('e.filingId', 'in', [...filingIds])
    .orderBy('m.id')
    .execute();
  for (const { filingId, ...manager } of rows) {
    const list = byFiling.get(Number(filingId)) ?? [];
    list.push(manager);
    byFiling.set(Number(filingId), list);
  }
  return byFiling;
}

/** The managers of the agency's most recent accepted filing: the people its accounts may belong to (Art. 20, 21). */
export async function listLatestAcceptedManagers(db: Db, agencyId: number): Promise<ManagerRow[]> {
  const latest = await db
    .selectFrom('managerFilings')
    .select('id')
    .where('agencyId', '=', agencyId)
    .where('status', '=', 'accepted')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return [];
  return (await listFilingManagers(db, [Number(latest.id)])).get(Number(latest.id)) ?? [];
}

/** The agency's enabled accounts that belong to a filed manager, with that manager's identity-card number (SM4). */
export async function listManagerAccounts(
  db: Db,
  agencyId: number,
): Promise<Array<{ id: number; username: string; idCardCipher: Buffer }>> {
  return db
    .selectFrom('accounts as a')
    .innerJoin('managers as m', 'm.id', 'a.managerId')
    .select(['a.id', 'a.username', 'm.idCardCipher'])
    .where('a.agencyId', '=', agencyId)
    .where('a.disabledAt', 'is', null)
    .orderBy('a.id')
    .execute();
}

export async function listAgencyManagers(db: Db, agencyId: number): Promise<ManagerRow[]> {
  return db.selectFrom('managers').selectAll().where('agencyId', '=', agencyId).orderBy('id').execute();
}

export async function insertManager(db: Db, manager: Insertable<ManagersTable>): Promise<ManagerRow> {
  return db.insertInto('managers').values(manager).returningAll().executeTakeFirstOrThrow();
}

export async function insertFiling(db: Db, filing: Insertable<ManagerFilingsTable>): Promise<number> {
  const row = await db.insertInto('managerFilings').values(filing).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertFilingEntries(db: Db, filingId: number, managerIds: readonly number[]): Promise<void> {
  await db
    .insertInto('managerFilingEntries')
    .values(managerIds.map((managerId) => ({ filingId, managerId })))
    .execute();
}

/** Decides a submitted filing; false when it was already decided (a concurrent review). */
export async function updateFilingReview(
  db: Db,
  id: number,
  review: { status: 'accepted' | 'returned'; reviewedBy: number; reviewNote: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('managerFilings')
    .set({ ...review, reviewedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
