import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  signIn,
  type TestAccount,
  type TestAgency,
  totpCode,
} from '../../test/factories';
import { loadConfig } from '../config';
import { sha256Hex } from './crypto';
import type { DatabaseHandle } from './database';
import { SESSION_COOKIE } from './sessions';

let database: DatabaseHandle;
let app: FastifyInstance;
let bureau: TestAgency;

beforeAll(async () => {
  database = await createTestDatabase();
  // Many sign-ins from one address: the per-IP limit is tested on its own below with its default.
  app = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000' });
  bureau = await createAgency(database.db, { name: '贵阳市市场监督管理局', kind: 'market_regulation' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

function newAccount(options: Partial<Parameters<typeof createAccount>[1]> = {}): Promise<TestAccount> {
  return createAccount(database.db, { agencyId: Number(bureau.id), ...options });
}

function postSession(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/console/session', payload, headers });
}

function getMe(cookie: string) {
  return app.inject({ url: '/api/console/me', headers: { cookie } });
}

function errorOf(response: LightMyRequestResponse) {
  const { code, message, details } = response.json().error;
  return { status: response.statusCode, code, message, ...(details === undefined ? {} : { details }) };
}

async function auditRowsOf(requestId: unknown) {
  return database.db.selectFrom('auditLog').selectAll().where('requestId', '=', String(requestId)).execute();
}

describe('sign-in (SPEC §6)', () => {
  it('signs in and sets an HttpOnly, SameSite=Strict session cookie for the whole site', async () => {
    const account = await newAccount();
    const response = await postSession({ username: account.username, password: account.password });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.json()).toMatchObject({ username: account.username, mustChangePassword: false });
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const proxied = await createTestApp(database, { TRUST_PROXY: 'true', SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000' });
    try {
      const account = await newAccount();
      const response = await proxied.inject({
        method: 'POST',
        url: '/api/console/session',
        payload: { username: account.username, password: account.password },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await proxied.close();
    }
  });

  it('answers an unknown user and a wrong password identically', async () => {
    const account = await newAccount();
    const unknown = await postSession({ username: 'nobody.here', password: 'Wrong-Passw0rd' });
    const wrong = await postSession({ username: account.username, password: 'Wrong-Passw0rd' });
    expect(errorOf(unknown)).toEqual({ status: 401, code: 'SIGN_IN_FAILED', message: '用户名或密码错误' });
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('takes about as long for an unknown user as for a wrong password (argon2 runs in both)', async () => {
    const account = await newAccount();
    const timings = { unknown: [] as number[], wrong: [] as number[] };
    const time = async (payload: Record<string, unknown>) => {
      const started = performance.now();
      const response = await postSession(payload);
      expect(response.statusCode).toBe(401);
      return performance.now() - started;
    };
    await time({ username: 'warm.up', password: 'x' });
    for (let i = 0; i < 10; i++) {
      // Not the lock-out under test here: keep the account below five failures.
      await database.db.deleteFrom('signInAttempts').execute();
      timings.unknown.push(await time({ username: `ghost${i}`, password: 'Wrong-Passw0rd' }));
      timings.wrong.push(await time({ username: account.username, password: 'Wrong-Passw0rd' }));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(timings.unknown) / median(timings.wrong);
    expect(ratio, `medians ${median(timings.unknown)} / ${median(timings.wrong)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('locks the name on this network at the fifth wrong password and refuses the sixth try even with the right one', async () => {
    const account = await newAccount();
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(errorOf(await postSession({ username: account.username, password: `Wrong-Passw0rd${i}` })));
    }
    expect(answers.slice(0, 4).map((a) => a.code)).toEqual(Array(4).fill('SIGN_IN_FAILED'));
    expect(answers[4]).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    const sixth = await postSession({ username: account.username, password: account.password });
    expect(errorOf(sixth)).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: expect.stringContaining('30 分钟'),
    });
    const locked = await database.db
      .selectFrom('signInAttempts')
      .select('lockedUntil')
      .where('username', '=', account.username)
      .where('network', '=', '127.0.0.0/24')
      .executeTakeFirstOrThrow();
    const minutes = (new Date(locked.lockedUntil!).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(await auditRowsOf(sixth.headers['x-request-id'])).toMatchObject([
      { action: 'session.signed-in', result: 'denied', accountId: account.id, details: { reason: 'locked' } },
    ]);
  });

  it('writes an audit row for every sign-in success and failure', async () => {
    const account = await newAccount();
    const success = await postSession({ username: account.username, password: account.password });
    const failure = await postSession({ username: account.username, password: 'Wrong-Passw0rd' });
    const unknown = await postSession({ username: 'no.such.user', password: 'Wrong-Passw0rd' });
    const common = {
      action: 'session.signed-in',
      ip: '127.0.0.1',
      occurredAt: expect.any(Date),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    };
    expect(await auditRowsOf(success.headers['x-request-id'])).toMatchObject([
      {
        ...common,
        result: 'success',
        accountId: account.id,
        username: account.username,
        agencyId: Number(bureau.id),
        requestId: success.headers['x-request-id'],
      },
    ]);
    expect(await auditRowsOf(failure.headers['x-request-id'])).toMatchObject([
      {
        ...common,
        result: 'failure',
        accountId: account.id,
        agencyId: Number(bureau.id),
        details: { reason: 'wrong-password' },
      },
    ]);
    expect(await auditRowsOf(unknown.headers['x-request-id'])).toMatchObject([
      { ...common, result: 'failure', accountId: null, username: 'no.such.user', details: { reason: 'unknown-user' } },
    ]);
  });

  it('limits sign-in attempts per client address', async () => {
    const limited = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const response = await limited.inject({
          method: 'POST',
          url: '/api/console/session',
          payload: { username: 'someone', password: 'Wrong-Passw0rd' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('administrator second factor', () => {
  it('asks an administrator with TOTP for the code and refuses a wrong one', async () => {
    const admin = await newAccount({ permissions: ['security.admin'] });
    const credentials = { username: admin.username, password: admin.password };
    expect(errorOf(await postSession(credentials))).toMatchObject({ status: 401, code: 'OTP_REQUIRED' });
    const code = await totpCode(admin.totpSecret!);
    const wrongCode = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    expect(errorOf(await postSession({ ...credentials, otp: wrongCode }))).toMatchObject({
      status: 401,
      code: 'OTP_INVALID',
    });
    const session = await signIn(app, admin);
    expect(session.me).toMatchObject({ totpEnabled: true, totpRequired: true });
  });

  it('keeps an administrator without TOTP to the enrolment routes', async () => {
    const admin = await newAccount({ permissions: ['audit.admin'], totp: false });
    const session = await signIn(app, admin);
    expect(session.me).toMatchObject({ totpEnabled: false, totpRequired: true });
    expect((await getMe(session.cookie)).statusCode).toBe(200);
    const audit = await app.inject({ url: '/api/console/audit', headers: consoleHeaders(session) });
    expect(errorOf(audit)).toMatchObject({ status: 403, code: 'TOTP_ENROLMENT_REQUIRED' });
  });
});

describe('sessions', () => {
  it('refuses a session idle for more than 30 minutes', async () => {
    const session = await signIn(app, await newAccount());
    const tokenHash = tokenHashOf(session.cookie);
    await sql`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE token_hash = ${tokenHash}`.execute(
      database.db,
    );
    expect((await getMe(session.cookie)).statusCode).toBe(200);
    await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = ${tokenHash}`.execute(
      database.db,
    );
    expect(errorOf(await getMe(session.cookie))).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    expect(await sessionEnd(tokenHash)).toBe('idle-timeout');
    expect((await getMe(session.cookie)).statusCode).toBe(401);
  });

  it("refuses an administrator's session idle for more than 15 minutes", async () => {
    const admin = await newAccount({ permissions: ['account.admin'] });
    const session = await signIn(app, admin);
    const tokenHash = tokenHashOf(session.cookie);
    await sql`UPDATE sessions SET last_seen_at = now() - interval '16 minutes' WHERE token_hash = ${tokenHash}`.execute(
      database.db,
    );
    expect(errorOf(await getMe(session.cookie))).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
  });

  it('refuses a session past its absolute 12-hour lifetime even while in use', async () => {
    const session = await signIn(app, await newAccount());
    const tokenHash = tokenHashOf(session.cookie);
    const expiresAt = await database.db
      .selectFrom('sessions')
      .select(['createdAt', 'expiresAt'])
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirstOrThrow();
    expect(new Date(expiresAt.expiresAt).getTime() - new Date(expiresAt.createdAt).getTime()).toBeCloseTo(
      12 * 3_600_000,
      -4,
    );
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE token_hash = ${tokenHash}`.execute(
      database.db,
    );
    expect(errorOf(await getMe(session.cookie))).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    expect(await sessionEnd(tokenHash)).toBe('absolute-timeout');
  });

  it('takes its timeouts from the configuration, only within the SPEC values (等保 level 3)', async () => {
    expect(loadConfig({})).toMatchObject({
      SESSION_IDLE_MINUTES: 30,
      ADMIN_SESSION_IDLE_MINUTES: 15,
      SESSION_MAX_HOURS: 12,
    });
    const outOfBounds = [
      ['SESSION_IDLE_MINUTES', '31'],
      ['SESSION_IDLE_MINUTES', '4'],
      ['ADMIN_SESSION_IDLE_MINUTES', '16'],
      ['ADMIN_SESSION_IDLE_MINUTES', '4'],
      ['SESSION_MAX_HOURS', '13'],
      ['SESSION_MAX_HOURS', '0'],
    ];
    for (const [name, value] of outOfBounds) {
      expect(() => loadConfig({ [name!]: value }), `${name}=${value}`).toThrow(new RegExp(`${name}="${value}"`));
    }

    const configured = await createTestApp(database, {
      SESSION_IDLE_MINUTES: '10',
      ADMIN_SESSION_IDLE_MINUTES: '5',
      SESSION_MAX_HOURS: '2',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
    });
    try {
      const account = await newAccount();
      const response = await configured.inject({
        method: 'POST',
        url: '/api/console/session',
        payload: { username: account.username, password: account.password },
      });
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
      expect(cookie.maxAge).toBe(2 * 3600);
      const tokenHash = sha256Hex(cookie.value);
      const row = await database.db
        .selectFrom('sessions')
        .select(['createdAt', 'expiresAt'])
        .where('tokenHash', '=', tokenHash)
        .executeTakeFirstOrThrow();
      expect(new Date(row.expiresAt).getTime() - new Date(row.createdAt).getTime()).toBeCloseTo(2 * 3_600_000, -4);
      const me = () =>
        configured.inject({ url: '/api/console/me', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } });
      await sql`UPDATE sessions SET last_seen_at = now() - interval '9 minutes' WHERE token_hash = ${tokenHash}`.execute(
        database.db,
      );
      expect((await me()).statusCode).toBe(200);
      await sql`UPDATE sessions SET last_seen_at = now() - interval '11 minutes' WHERE token_hash = ${tokenHash}`.execute(
        database.db,
      );
      expect(errorOf(await me())).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });

      const admin = await signIn(configured, await newAccount({ permissions: ['account.admin'] }));
      const adminHash = tokenHashOf(admin.cookie);
      await sql`UPDATE sessions SET last_seen_at = now() - interval '6 minutes' WHERE token_hash = ${adminHash}`.execute(
        database.db,
      );
      expect(
        errorOf(await configured.inject({ url: '/api/console/me', headers: { cookie: admin.cookie } })),
      ).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
      expect(await sessionEnd(adminHash)).toBe('idle-timeout');
    } finally {
      await configured.close();
    }
  });

  it("refuses a disabled account's live session at its next request", async () => {
    const account = await newAccount();
    const session = await signIn(app, account);
    expect((await getMe(session.cookie)).statusCode).toBe(200);
    await sql`UPDATE accounts SET disabled_at = now() WHERE id = ${account.id}`.execute(database.db);
    expect(errorOf(await getMe(session.cookie))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await sessionEnd(tokenHashOf(session.cookie))).toBe('account-disabled');
    expect(errorOf(await postSession({ username: account.username, password: account.password }))).toMatchObject({
      status: 401,
      code: 'SIGN_IN_FAILED',
    });
  });

  it('ends the session at sign-out and clears the cookie', async () => {
    const account = await newAccount();
    const session = await signIn(app, account);
    const response = await app.inject({
      method: 'DELETE',
      url: '/api/console/session',
      headers: consoleHeaders(session),
    });
    expect(response.json()).toEqual({ ok: true });
    const cleared = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect(errorOf(await getMe(session.cookie))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await auditRowsOf(response.headers['x-request-id'])).toMatchObject([
      { action: 'session.signed-out', result: 'success', accountId: account.id, objectType: 'account' },
    ]);
  });

  it('refuses a request without a session cookie or with a forged one', async () => {
    expect(errorOf(await app.inject({ url: '/api/console/me' }))).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(errorOf(await getMe(`${SESSION_COOKIE}=forged-token`))).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('CSRF', () => {
  it('refuses a console mutation without the CSRF token or with a wrong one', async () => {
    const account = await newAccount();
    const session = await signIn(app, account);
    const body = { currentPassword: account.password, newPassword: 'Another-Passw0rd' };
    const missing = await app.inject({
      method: 'PUT',
      url: '/api/console/me/password',
      headers: { cookie: session.cookie },
      payload: body,
    });
    expect(errorOf(missing)).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    const wrong = await app.inject({
      method: 'PUT',
      url: '/api/console/me/password',
      headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken.slice(0, -1)}x` },
      payload: body,
    });
    expect(errorOf(wrong)).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    const signOut = await app.inject({
      method: 'DELETE',
      url: '/api/console/session',
      headers: { cookie: session.cookie },
    });
    expect(errorOf(signOut)).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    // Nothing changed: the old password still signs in.
    expect((await postSession({ username: account.username, password: account.password })).statusCode).toBe(200);
  });
});

describe('passwords', () => {
  it('refuses a weak new password with the reasons', async () => {
    const account = await newAccount();
    const session = await signIn(app, account);
    const response = await app.inject({
      method: 'PUT',
      url: '/api/console/me/password',
      headers: consoleHeaders(session),
      payload: { currentPassword: account.password, newPassword: 'abc' },
    });
    expect(errorOf(response)).toEqual({
      status: 400,
      code: 'PASSWORD_TOO_WEAK',
      message: expect.stringContaining('密码长度至少 8 位'),
      details: [
        { field: 'newPassword', message: '密码长度至少 8 位' },
        { field: 'newPassword', message: '密码须包含大写字母、小写字母、数字、符号中的至少三类' },
      ],
    });
  });

  it('keeps an account that must change its password away from every other route until it does', async () => {
    const account = await newAccount({ permissions: ['audit.admin'], mustChangePassword: true });
    const session = await signIn(app, account);
    expect(session.me.mustChangePassword).toBe(true);
    const audit = () => app.inject({ url: '/api/console/audit', headers: consoleHeaders(session) });
    expect(errorOf(await audit())).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    const change = await app.inject({
      method: 'PUT',
      url: '/api/console/me/password',
      headers: consoleHeaders(session),
      payload: { currentPassword: account.password, newPassword: 'Brand-New-Passw0rd' },
    });
    expect(change.statusCode).toBe(200);
    expect((await audit()).statusCode).toBe(200);
    expect((await getMe(session.cookie)).json().mustChangePassword).toBe(false);
  });
});

/** The stored token hash of a session cookie (the database keeps only the hash). */
function tokenHashOf(cookie: string): string {
  return sha256Hex(cookie.slice(SESSION_COOKIE.length + 1));
}

async function sessionEnd(tokenHash: string): Promise<string | null> {
  const row = await database.db
    .selectFrom('sessions')
    .select('endReason')
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirstOrThrow();
  return row.endReason;
}
