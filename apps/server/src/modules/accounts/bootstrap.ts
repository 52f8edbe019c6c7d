import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AgencyKind } from '@gzcredit/domain';
import { appendAudit } from '../../platform/audit';
import type { Db } from '../../platform/database';
import {
  countAgencies,
  findAccountByUsername,
  findAgencyByName,
  findProvincialBureau,
  insertAccount,
  insertAgency,
  insertPermissions,
} from './accounts.repository';
import { generateOneTimePassword, hashPassword } from './passwords';

export const INITIAL_ADMIN_USERNAME = 'admin';
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

/**
 * First start (SPEC §5): the provincial market-regulation bureau and its administrator `admin`, whose one-time password
 * is returned to be printed and is written owner-readable to DATA_DIR; the first password change removes the file.
 */
export async function bootstrapAdministrator(db: Db, dataDir: string): Promise<string | undefined> {
  if ((await countAgencies(db)) > 0) return undefined;
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const bureau = await insertAgency(trx, {
      name: '贵州省市场监督管理局',
      regionCode: '520000',
      level: 'province',
      kind: 'market_regulation',
      parentId: null,
    });
    const admin = await insertAccount(trx, {
      username: INITIAL_ADMIN_USERNAME,
      agencyId: bureau.id,
      displayName: '系统管理员',
      passwordHash,
      mustChangePassword: true,
    });
    await insertPermissions(trx, admin.id, ['account.admin', 'platform.operator'], null);
    await appendAudit(trx, {
      action: 'platform.bootstrapped',
      objectType: 'account',
      objectId: admin.id,
      agencyId: bureau.id,
      result: 'success',
      details: { agency: bureau.name, username: INITIAL_ADMIN_USERNAME },
    });
  });
  await mkdir(dataDir, { recursive: true });
  const file = resolve(dataDir, INITIAL_PASSWORD_FILE);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** The first start's administrator and its bureau, who publish the demo data set's articles (seed/demo-articles.ts). */
export async function findInitialAdministrator(db: Db): Promise<{ accountId: number; agencyId: number } | undefined> {
  const account = await findAccountByUsername(db, INITIAL_ADMIN_USERNAME);
  return account && { accountId: Number(account.id), agencyId: Number(account.agencyId) };
}

export async function removeInitialPasswordFile(dataDir: string): Promise<void> {
  const file = resolve(dataDir, INITIAL_PASSWORD_FILE);
  if (existsSync(file)) await rm(file);
}

/**
 * The provincial bureau (created by bootstrapAdministrator) and the given provincial agencies under it, each created
 * unless an agency of its name exists: their ids.
 */
export async function ensureProvincialAgencies<Name extends string>(
  db: Db,
  provincial: readonly { name: Name; kind: AgencyKind }[],
): Promise<{ bureau: number; agencies: Record<Name, number> }> {
  const bureau = await findProvincialBureau(db);
  if (!bureau) throw new Error('the provincial market-regulation bureau must exist before the agencies under it');
  const agencies = {} as Record<Name, number>;
  for (const agency of provincial) {
    const existing = await findAgencyByName(db, agency.name);
    const row =
      existing ??
      (await insertAgency(db, { ...agency, regionCode: '520000', level: 'province', parentId: Number(bureau.id) }));
    agencies[agency.name] = Number(row.id);
  }
  return { bureau: Number(bureau.id), agencies };
}
