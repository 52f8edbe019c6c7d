import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { databaseUrl } from '../../test/database-url';
import { consoleHeaders, createAccount, createAgency, signIn, type TestAccount } from '../../test/factories';
import { migrations } from '../db/migrations';
import { resetSecondFactor, unlockSignIn } from '../modules/accounts';
import { type DatabaseHandle, openDatabase } from '../platform/database';
import { AppError } from '../platform/errors';

/** Issue 17 item 8: administrator recovery from the server's shell, audited. */

const run = promisify(execFile);
const repository = resolve(import.meta.dirname, '../../../..');
const operator = { osUser: 'ops', host: 'gz-app-1' };

let database: DatabaseHandle;
let app: FastifyInstance;
let agencyId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' });
  agencyId = Number((await createAgency(database.db, { name: '贵州省市场监督管理局', kind: 'market_regulation' })).id);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

function attempt(account: Pick<TestAccount, 'username' | 'password'>, ip = '10.1.1.1', otp?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/console/session',
    payload: { username: account.username, password: account.password, ...(otp ? { otp } : {}) },
    remoteAddress: ip,
  });
}

async function auditRows(action: string, objectId: number) {
  return database.db
    .selectFrom('auditLog')
    .select(['username', 'accountId', 'result', 'details'])
    .where('action', '=', action)
    .where('objectId', '=', String(objectId))
    .execute();
}

describe('administrator recovery', () => {
  it('reset-totp: the administrator who lost the authenticator signs in with the password alone, sessions ended', async () => {
    const admin = await createAccount(database.db, { agencyId, permissions: ['account.admin'] });
    const session = await signIn(app, admin);
    expect((await attempt(admin)).json().error.code).toBe('OTP_REQUIRED');

    await resetSecondFactor(database.db, admin.username, operator);

    const me = await app.inject({ method: 'GET', url: '/api/console/me', headers: consoleHeaders(session) });
    expect(me.statusCode).toBe(401);
    const signedIn = await attempt(admin);
    expect(signedIn.statusCode).toBe(200);
    // Administrators must have a second factor: the console asks for a new enrolment.
    expect(signedIn.json()).toMatchObject({ totpEnabled: false, totpRequired: true });
    expect(await auditRows('account.second-factor-reset', admin.id)).toEqual([
      {
        username: 'cli',
        accountId: null,
        result: 'success',
        details: { ...operator, account: admin.username, hadSecondFactor: true },
      },
    ]);
  });

  it('unlock: lifts the lock of a user name on every network', async () => {
    const user = await createAccount(database.db, { agencyId });
    for (let i = 0; i < 5; i++) await attempt({ ...user, password: `Wrong-Passw0rd-${i}` });
    expect((await attempt(user)).json().error.code).toBe('ACCOUNT_LOCKED');

    expect(await unlockSignIn(database.db, user.username, operator)).toEqual({ counters: 2, disabled: false });

    expect((await attempt(user)).statusCode).toBe(200);
    expect(await auditRows('account.unlocked', user.id)).toEqual([
      {
        username: 'cli',
        accountId: null,
        result: 'success',
        details: { ...operator, account: user.username, counters: 2 },
      },
    ]);
  });

  it('refuses a user name no account has, and audits nothing', async () => {
    const unknown = `nobody${randomBytes(3).toString('hex')}`;
    await expect(resetSecondFactor(database.db, unknown, operator)).rejects.toThrow(AppError);
    await expect(unlockSignIn(database.db, unknown, operator)).rejects.toThrow(`未找到用户名为 ${unknown} 的账户`);
    const rows = await database.db
      .selectFrom('auditLog')
      .select('id')
      .where('username', '=', 'cli')
      .where('details', '@>', JSON.stringify({ account: unknown }))
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('npm run admin', () => {
  let directory: string;
  let target: { env: Record<string, string>; open: () => Promise<DatabaseHandle>; drop: () => Promise<void> };

  /** An empty database the command runs on: a new PGlite directory, or a new PostgreSQL database. */
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'gzcredit-admin-'));
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      const name = `gzcredit_admin_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
      await admin.end();
      const own = databaseUrl(url, name);
      target = {
        env: { DATABASE_URL: own },
        open: () => openDatabase({ url: own }),
        drop: async () => {
          const dropper = new pg.Client({ connectionString: url });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await dropper.end();
        },
      };
    } else {
      const dataDir = join(directory, 'pglite');
      await (await openDatabase({ dataDir })).close();
      target = { env: {}, open: () => openDatabase({ dataDir }), drop: async () => undefined };
    }
  });

  afterAll(async () => {
    await target?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  async function admin(...args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: directory, ...target.env };
    delete env.TEST_DATABASE_URL;
    if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
    return run('npm', ['run', '--silent', 'admin', '--', ...args], { cwd: repository, env }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stderr }),
    );
  }

  it('migrates an empty database, then resets a second factor, each audited with the operating-system user', async () => {
    const migrated = await admin('migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`已执行 ${Object.keys(migrations).length} 个迁移`);

    const handle = await target.open();
    let account: TestAccount;
    try {
      const agency = await createAgency(handle.db, { name: '贵州省市场监督管理局', kind: 'market_regulation' });
      account = await createAccount(handle.db, { agencyId: Number(agency.id), permissions: ['account.admin'] });
    } finally {
      await handle.close();
    }

    const reset = await admin('reset-totp', account.username);
    expect(reset).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`已清除账户 ${account.username} 的动态口令`),
    });
    expect(await admin('unlock', 'nobody')).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('未找到用户名为 nobody 的账户'),
    });

    const check = await target.open();
    try {
      const stored = await check.db
        .selectFrom('accounts')
        .select(['totpSecretCipher', 'totpEnabledAt'])
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ totpSecretCipher: null, totpEnabledAt: null });
      const audit = await check.db
        .selectFrom('auditLog')
        .select(['action', 'username', 'details'])
        .orderBy('id')
        .execute();
      const osUser = (await import('node:os')).userInfo().username;
      expect(audit.map((row) => [row.action, row.username, (row.details as { osUser?: string }).osUser])).toEqual([
        ['platform.migrated', 'cli', osUser],
        ['account.second-factor-reset', 'cli', osUser],
      ]);
    } finally {
      await check.close();
    }
  });
});
