import type { Permission } from '@gzcredit/domain';
import type { Insertable, Selectable } from 'kysely';
import type { AccountsTable, AgenciesTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type AccountRow = Selectable<AccountsTable>;
export type AgencyRow = Selectable<AgenciesTable>;

export async function findAccountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findAccount(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPermissions(db: Db, accountId: number): Promise<Permission[]> {
  const rows = await db
    .selectFrom('accountPermissions')
    .select('permission')
    .where('accountId', '=', accountId)
    .orderBy('permission')
    .execute();
  return rows.map((row) => row.permission);
}

export async function findAgency(db: Db, id: number): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAgencies(db: Db): Promise<number> {
  const row = await db
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertAgency(db: Db, agency: Insertable<AgenciesTable>): Promise<AgencyRow> {
  return db.insertInto('agencies').values(agency).returningAll().executeTakeFirstOrThrow();
}

export async function insertAccount(db: Db, account: Insertable<AccountsTable>): Promise<AccountRow> {
  return db.insertInto('accounts').values(account).returningAll().executeTakeFirstOrThrow();
}

export async function insertPermissions(
  db: Db,
  accountId: number,
  permissions: readonly Permission[],
  grantedBy: number | null,
): Promise<void> {
  if (permissions.length === 0) return;
  await db
    .insertInto('accountPermissions')
    .values(permissions.map((permission) => ({ accountId, permission, grantedBy })))
    .execute();
}

/** Counts a failed sign-in; the fifth in a row locks the account until `lockUntil` (SPEC §6). */
export async function recordSignInFailure(
  db: Db,
  accountId: number,
  lockAfter: number,
  lockUntil: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ failedAttempts: eb('failedAttempts', '+', 1) }))
    .where('id', '=', accountId)
    .returning('failedAttempts')
    .executeTakeFirstOrThrow();
  if (row.failedAttempts < lockAfter) return false;
  await db
    .updateTable('accounts')
    .set({ failedAttempts: 0, lockedUntil: lockUntil })
    .where('id', '=', accountId)
    .execute();
  return true;
}

export async function clearSignInFailures(db: Db, accountId: number): Promise<void> {
  await db.updateTable('accounts').set({ failedAttempts: 0, lockedUntil: null }).where('id', '=', accountId).execute();
}

export async function updatePassword(
  db: Db,
  accountId: number,
  passwordHash: string,
  mustChangePassword: boolean,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ passwordHash, mustChangePassword, passwordChangedAt: new Date(), failedAttempts: 0, lockedUntil: null })
    .where('id', '=', accountId)
    .execute();
}
