import type { Insertable, Selectable } from 'kysely';
import type { FaultTicketEventsTable, FaultTicketsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type FaultRow = Selectable<FaultTicketsTable> & {
  agencyName: string;
  reporterName: string;
  assigneeName: string | null;
};
export type FaultEventRow = Selectable<FaultTicketEventsTable> & { accountName: string };

function faultsQuery(db: Db) {
  return db
    .selectFrom('faultTickets as t')
    .innerJoin('agencies as g', 'g.id', 't.agencyId')
    .innerJoin('accounts as r', 'r.id', 't.reporterId')
    .leftJoin('accounts as s', 's.id', 't.assigneeId')
    .selectAll('t')
    .select(['g.name as agencyName', 'r.displayName as reporterName', 's.displayName as assigneeName']);
}

export async function findFault(db: Db, id: number): Promise<FaultRow | undefined> {
  return faultsQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export async function listFaults(
  db: Db,
  filter: { agencyId?: number; status?: FaultRow['status'] },
): Promise<FaultRow[]> {
  let query = faultsQuery(db);
  if (filter.agencyId !== undefined) query = query.where('t.agencyId', '=', filter.agencyId);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  return query.orderBy('t.createdAt', 'desc').orderBy('t.id', 'desc').limit(500).execute();
}

/** How many tickets `listFaults` would list for the same filter, without its 500-row cap (the to-do count). */
export async function countFaults(db: Db, filter: { status: FaultRow['status'] }): Promise<number> {
  const row = await db
    .selectFrom('faultTickets')
    .where('status', '=', filter.status)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertFault(
  db: Db,
  fault: Insertable<FaultTicketsTable>,
  fileIds: readonly number[],
): Promise<number> {
  const row = await db.insertInto('faultTickets').values(fault).returning('id').executeTakeFirstOrThrow();
  const ticketId = Number(row.id);
  if (fileIds.length > 0)
    await db
      .insertInto('faultTicketFiles')
      .values(fileIds.map((fileId) => ({ ticketId, fileId })))
      .execute();
  return ticketId;
}

export async function updateFault(db: Db, id: number, changes: Partial<Insertable<FaultTicketsTable>>): Promise<void> {
  await db.updateTable('faultTickets').set(changes).where('id', '=', id).execute();
}

export async function insertFaultEvent(db: Db, event: Insertable<FaultTicketEventsTable>): Promise<void> {
  await db.insertInto('faultTicketEvents').values(event).execute();
}

export async function listFaultEvents(db: Db, ticketId: number): Promise<FaultEventRow[]> {
  return db
    .selectFrom('faultTicketEvents as e')
    .innerJoin('accounts as a', 'a.id', 'e.accountId')
    .selectAll('e')
    .select('a.displayName as accountName')
    .where('e.ticketId', '=', ticketId)
    .orderBy('e.id')
    .execute();
}

export async function listFaultFileIds(db: Db, ticketId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('faultTicketFiles')
    .select('fileId')
    .where('ticketId', '=', ticketId)
    .orderBy('fileId')
    .execute();
  return rows.map((row) => Number(row.fileId));
}

/** An operator assignee must be an active account holding platform.operator. */
export async function isOperatorAccount(db: Db, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('accounts as a')
    .innerJoin('accountPermissions as p', 'p.accountId', 'a.id')
    .select('a.id')
    .where('a.id', '=', accountId)
    .where('a.disabledAt', 'is', null)
    .where('p.permission', '=', 'platform.operator')
    .executeTakeFirst();
  return row !== undefined;
}
