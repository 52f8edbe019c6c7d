import type { Permission } from '@gzcredit/domain';
import type { Insertable, Selectable } from 'kysely';
import type { AccountsTable, AgenciesTable } from '../../db/schema';
import type { Db } from '../../platform/database';
import { escapeLike } from '../../platform/database';
import { EVERY_NETWORK } from './sign-in-attempts.policy';

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

export async function updatePassword(
  db: Db,
  accountId: number,
  passwordHash: string,
  mustChangePassword: boolean,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ passwordHash, mustChangePassword, passwordChangedAt: new Date() })
    .where('id', '=', accountId)
    .execute();
}

/** An account with its agency and manager, as the account pages show it. */
export interface AccountViewRow {
  id: number;
  username: string;
  displayName: string;
  agencyId: number;
  agencyName: string;
  managerId: number | null;
  managerName: string | null;
  managerPost: string | null;
  disabledAt: Date | null;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  totpEnabledAt: Date | null;
  createdAt: Date;
}

/** `lockedUntil` is the account-wide lock: sign-in refused from every network the account never signed in from. */
function selectAccountViews(db: Db) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('agencies as g', 'g.id', 'a.agencyId')
    .leftJoin('managers as m', 'm.id', 'a.managerId')
    .leftJoin('signInAttempts as l', (join) =>
      join.onRef('l.username', '=', 'a.username').on('l.network', '=', EVERY_NETWORK),
    )
    .select([
      'a.id',
      'a.username',
      'a.displayName',
      'a.agencyId',
      'g.name as agencyName',
      'a.managerId',
      'm.name as managerName',
      'm.post as managerPost',
      'a.disabledAt',
      'l.lockedUntil',
      'a.mustChangePassword',
      'a.totpEnabledAt',
      'a.createdAt',
    ]);
}

export async function findAccountView(db: Db, id: number): Promise<AccountViewRow | undefined> {
  return selectAccountViews(db).where('a.id', '=', id).executeTakeFirst();
}

export async function listAccountViews(
  db: Db,
  filter: { agencyIds: readonly number[]; q?: string | undefined; page: number; pageSize: number },
): Promise<{ rows: AccountViewRow[]; total: number }> {
  if (filter.agencyIds.length === 0) return { rows: [], total: 0 };
  let query = selectAccountViews(db).where('a.agencyId', 'in', [...filter.agencyIds]);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([eb('a.username', 'ilike', pattern), eb('a.displayName', 'ilike', pattern)]));
  }
  const [rows, count] = await Promise.all([
    query
      .orderBy('a.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.count) };
}

export async function listPermissionsOf(db: Db, accountIds: readonly number[]): Promise<Map<number, Permission[]>> {
  const byAccount = new Map<number, Permission[]>();
  if (accountIds.length === 0) return byAccount;
  const rows = await db
    .selectFrom('accountPermissions')
    .select(['accountId', 'permission'])
    .where('accountId', 'in', [...accountIds])
    .orderBy('permission')
    .execute();
  for (const row of rows) {
    const list = byAccount.get(Number(row.accountId)) ?? [];
    list.push(row.permission);
    byAccount.set(Number(row.accountId), list);
  }
  return byAccount;
}

export async function deletePermissions(db: Db, accountId: number, permissions: readonly Permission[]): Promise<void> {
  if (permissions.length === 0) return;
  await db
    .deleteFrom('accountPermissions')
    .where('accountId', '=', accountId)
    .where('permission', 'in', [...permissions])
    .execute();
}

export async function findAccountByManager(db: Db, managerId: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('managerId', '=', managerId).executeTakeFirst();
}

export async function updateDisabledAt(db: Db, accountId: number, disabledAt: Date | null): Promise<void> {
  await db.updateTable('accounts').set({ disabledAt }).where('id', '=', accountId).execute();
}

export async function updateTotpSecret(db: Db, accountId: number, totpSecretCipher: Buffer): Promise<void> {
  await db.updateTable('accounts').set({ totpSecretCipher, totpEnabledAt: null }).where('id', '=', accountId).execute();
}

/** Removes the second factor altogether: the next sign-in needs the password only, then a new enrolment. */
export async function clearTotp(db: Db, accountId: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ totpSecretCipher: null, totpEnabledAt: null, totpLastStep: null })
    .where('id', '=', accountId)
    .execute();
}

/** Enables the second factor; the confirming code's time step counts as used. */
export async function updateTotpEnabled(db: Db, accountId: number, enabledAt: Date, step: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ totpEnabledAt: enabledAt, totpLastStep: step })
    .where('id', '=', accountId)
    .execute();
}

/**
 * Records `step` as the account's last accepted TOTP step, unless a step as late was accepted already: false then
 * (a replayed code). One statement, so of two sign-ins with the same code exactly one gets true.
 */
export async function updateTotpLastStep(db: Db, accountId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ totpLastStep: step })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findProvincialBureau(db: Db): Promise<AgencyRow | undefined> {
  return db
    .selectFrom('agencies')
    .selectAll()
    .where('level', '=', 'province')
    .where('kind', '=', 'market_regulation')
    .executeTakeFirst();
}

export async function findAgencyByName(db: Db, name: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').selectAll().where('name', '=', name).executeTakeFirst();
}
