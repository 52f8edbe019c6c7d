import type { AgencyKind } from '@gzcredit/domain';
import type { Insertable, Selectable } from 'kysely';
import type { ApiClientsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type ApiClientRow = Selectable<ApiClientsTable> & { createdByName: string; agencyKind: AgencyKind };

function apiClientsQuery(db: Db) {
  return db
    .selectFrom('apiClients as c')
    .innerJoin('accounts as a', 'a.id', 'c.createdBy')
    .innerJoin('agencies as g', 'g.id', 'c.agencyId')
    .selectAll('c')
    .select(['a.displayName as createdByName', 'g.kind as agencyKind']);
}

export async function listApiClients(db: Db, agencyId: number): Promise<ApiClientRow[]> {
  return apiClientsQuery(db).where('c.agencyId', '=', agencyId).orderBy('c.id', 'desc').execute();
}

export async function findApiClient(db: Db, id: number): Promise<ApiClientRow | undefined> {
  return apiClientsQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export async function findApiClientByKeyId(db: Db, keyId: string): Promise<ApiClientRow | undefined> {
  return apiClientsQuery(db).where('c.keyId', '=', keyId).executeTakeFirst();
}

/** Locks a client row for its revocation, so two revocations never both write. */
export async function lockApiClient(db: Db, id: number): Promise<{ agencyId: number } | undefined> {
  return db.selectFrom('apiClients').select('agencyId').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertApiClient(db: Db, client: Insertable<ApiClientsTable>): Promise<number> {
  const row = await db.insertInto('apiClients').values(client).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateApiClientRevoked(db: Db, id: number, revokedBy: number): Promise<void> {
  await db
    .updateTable('apiClients')
    .set({ revokedAt: new Date(), revokedBy })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
}

export async function updateApiClientLastUsed(db: Db, id: number): Promise<void> {
  await db.updateTable('apiClients').set({ lastUsedAt: new Date() }).where('id', '=', id).execute();
}
