import type { MeDto } from '@gzcredit/contracts';
import { buildCreditCode, organizationCodeCheckCharacter, type Permission } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import type { Insertable, Selectable } from 'kysely';
import { generate } from 'otplib';
import { loadConfig } from '../src/config';
import type { AccountsTable, AgenciesTable } from '../src/db/schema';
import { hashPassword } from '../src/modules/accounts/passwords';
import type { NewEnterprise } from '../src/modules/enterprises';
import { addEnterprises } from '../src/modules/enterprises';
import { sm4Encrypt } from '../src/platform/crypto';
import type { Db } from '../src/platform/database';
import { SESSION_COOKIE, startSession } from '../src/platform/sessions';
import { TEST_DATA_KEY } from './app';

let serial = 0;

/** A valid credit code that no other factory call returns: 91 + 南明区 + a serial organisation code. */
export function uniqueCreditCode(kindCode = '91', regionCode = '520102'): string {
  serial += 1;
  const first8 = `T${String(serial).padStart(7, '0')}`;
  return buildCreditCode(`${kindCode}${regionCode}${first8}${organizationCodeCheckCharacter(first8)}`);
}

export async function createEnterprise(db: Db, overrides: Partial<NewEnterprise> = {}): Promise<NewEnterprise> {
  const row: NewEnterprise = {
    creditCode: overrides.creditCode ?? uniqueCreditCode(),
    name: '贵州测试科技有限公司',
    kind: 'enterprise',
    status: 'active',
    regionCode: '520102',
    industryCode: 'I65',
    legalRepresentative: '张三',
    establishedOn: '2018-05-20',
    registrationAuthority: '贵阳市南明区市场监督管理局',
    address: '贵州省贵阳市南明区中华南路1号',
    ...overrides,
  };
  await addEnterprises(db, [row]);
  return row;
}

/** The password every factory account gets unless told otherwise (meets the rules: 3 of 4 classes, 8+ characters). */
export const TEST_PASSWORD = 'Guizhou-Credit-2026';
const passwordHashes = new Map<string, Promise<string>>();
/** argon2 once per distinct password, so a file can create dozens of accounts quickly. */
function cachedPasswordHash(password: string): Promise<string> {
  let hashed = passwordHashes.get(password);
  if (!hashed) {
    hashed = hashPassword(password);
    passwordHashes.set(password, hashed);
  }
  return hashed;
}

export type TestAgency = Selectable<AgenciesTable>;

/** An agency (default: an ordinary administrative organ of 贵阳市); region code and name pairs must stay unique. */
export async function createAgency(db: Db, overrides: Partial<Insertable<AgenciesTable>> = {}): Promise<TestAgency> {
  serial += 1;
  return db
    .insertInto('agencies')
    .values({
      name: `测试机关${serial}`,
      regionCode: '520100',
      level: 'prefecture',
      kind: 'administrative',
      parentId: null,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface TestAccount {
  id: number;
  username: string;
  password: string;
  agencyId: number;
  /** Set when the account has TOTP enabled: pass it to `totpCode`. */
  totpSecret?: string;
}

/**
 * An account with the given permissions and a known password. By default it has changed its password already; an
 * administrator role gets TOTP enabled with a known secret unless `totp: false`.
 */
export async function createAccount(
  db: Db,
  options: {
    agencyId: number;
    permissions?: Permission[];
    username?: string;
    password?: string;
    mustChangePassword?: boolean;
    totp?: boolean;
  } & Partial<Pick<Insertable<AccountsTable>, 'displayName' | 'disabledAt'>>,
): Promise<TestAccount> {
  serial += 1;
  const { agencyId, permissions = [], password = TEST_PASSWORD, mustChangePassword = false, ...rest } = options;
  const username = options.username ?? `user${serial}`;
  const isAdministrator = permissions.some(
    (p) => p === 'account.admin' || p === 'security.admin' || p === 'audit.admin',
  );
  const totpSecret = (options.totp ?? isAdministrator) ? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' : undefined;
  const account = await db
    .insertInto('accounts')
    .values({
      username,
      agencyId,
      displayName: rest.displayName ?? `测试用户${serial}`,
      passwordHash: await cachedPasswordHash(password),
      mustChangePassword,
      disabledAt: rest.disabledAt ?? null,
      ...(totpSecret ? { totpSecretCipher: sm4Encrypt(TEST_DATA_KEY, totpSecret), totpEnabledAt: new Date() } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(account.id);
  if (permissions.length > 0) {
    await db
      .insertInto('accountPermissions')
      .values(permissions.map((permission) => ({ accountId: id, permission })))
      .execute();
  }
  return { id, username, password, agencyId, ...(totpSecret ? { totpSecret } : {}) };
}

/** The current 6-digit TOTP code for a factory account's secret. */
export function totpCode(secret: string): Promise<string> {
  return generate({ secret });
}

export interface TestSession {
  /** The `Cookie` request header value. */
  cookie: string;
  csrfToken: string;
}

/** Headers of a console request in that session, with the CSRF token mutations need. */
export function consoleHeaders(session: TestSession): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

/** Signs in through POST /api/console/session (with the TOTP code when the account has one); fails on any refusal. */
export async function signIn(
  app: FastifyInstance,
  account: Pick<TestAccount, 'username' | 'password' | 'totpSecret'>,
): Promise<TestSession & { me: MeDto }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/console/session',
    payload: {
      username: account.username,
      password: account.password,
      ...(account.totpSecret ? { otp: await totpCode(account.totpSecret) } : {}),
    },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${account.username} failed: ${response.body}`);
  const token = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!token) throw new Error(`sign-in of ${account.username} set no session cookie`);
  const me = response.json() as MeDto;
  return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken: me.csrfToken, me };
}

/** A session opened directly in the database with the default timeouts, without the sign-in route (no argon2, no TOTP). */
export async function openSession(db: Db, accountId: number): Promise<TestSession> {
  const { token, csrfToken } = await startSession(db, {
    accountId,
    ip: '127.0.0.1',
    userAgent: 'vitest',
    timeouts: loadConfig({}),
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken };
}

/** A session of a new account of the agency with these permissions. */
export async function openAgencySession(db: Db, agency: TestAgency, permissions: Permission[]): Promise<TestSession> {
  const account = await createAccount(db, { agencyId: Number(agency.id), permissions });
  return openSession(db, account.id);
}

/** An accepted filing of `count` managers for the agency, written directly; returns the manager ids. */
export async function createAcceptedFiling(db: Db, agencyId: number, count = 1): Promise<number[]> {
  const filing = await db
    .insertInto('managerFilings')
    .values({ agencyId, bureauId: agencyId, status: 'accepted', reviewedAt: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const manager = await db
      .insertInto('managers')
      .values({
        agencyId,
        name: `管理人员${i + 1}`,
        post: '科员',
        mobileCipher: sm4Encrypt(TEST_DATA_KEY, '13800000000'),
        mobileMasked: '138****0000',
        idCardCipher: sm4Encrypt(TEST_DATA_KEY, '11010519491231002X'),
        idCardMasked: '1101**********002X',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(manager.id));
  }
  await db
    .insertInto('managerFilingEntries')
    .values(ids.map((managerId) => ({ filingId: filing.id, managerId })))
    .execute();
  return ids;
}

export interface BureauTree {
  province: TestAgency;
  guiyang: TestAgency;
  zunyi: TestAgency;
  nanming: TestAgency;
  yunyan: TestAgency;
}

/** Market-regulation bureaus: 省局 → 贵阳市局, 遵义市局; 贵阳市局 → 南明区局, 云岩区局 (Art. 19 jurisdictions). */
export async function createBureauTree(db: Db): Promise<BureauTree> {
  const bureau = (name: string, regionCode: string, level: TestAgency['level'], parentId: number | null) =>
    createAgency(db, { name, regionCode, level, kind: 'market_regulation', parentId });
  const province = await bureau('贵州省市场监督管理局', '520000', 'province', null);
  const guiyang = await bureau('贵阳市市场监督管理局', '520100', 'prefecture', Number(province.id));
  const zunyi = await bureau('遵义市市场监督管理局', '520300', 'prefecture', Number(province.id));
  const nanming = await bureau('贵阳市南明区市场监督管理局', '520102', 'county', Number(guiyang.id));
  const yunyan = await bureau('贵阳市云岩区市场监督管理局', '520103', 'county', Number(guiyang.id));
  return { province, guiyang, zunyi, nanming, yunyan };
}
