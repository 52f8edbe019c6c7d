import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { appendAudit } from '../../platform/audit';
import type { Db } from '../../platform/database';
import { countAgencies, insertAccount, insertAgency, insertPermissions } from './accounts.repository';
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

export async function removeInitialPasswordFile(dataDir: string): Promise<void> {
  const file = resolve(dataDir, INITIAL_PASSWORD_FILE);
  if (existsSync(file)) await rm(file);
}
