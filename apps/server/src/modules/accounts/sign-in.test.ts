import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  openSession,
  signIn,
  type TestAccount,
  type TestAgency,
} from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';
import { SESSION_COOKIE } from '../../platform/sessions';

/** Issue 14, items 3, 4, 8 (the TOTP step) and 10: sign-in under concurrency, TOTP replay, user-name enumeration. */

let database: DatabaseHandle;
let app: FastifyInstance;
let bureau: TestAgency;

beforeAll(async () => {
  database = await createTestDatabase();
  // The per-address rate limit is not under test: bursts must reach the service.
  app = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' });
  bureau = await createAgency(database.db, { name: '贵州省市场监督管理局', kind: 'market_regulation' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

function newAccount(options: Partial<Parameters<typeof createAccount>[1]> = {}): Promise<TestAccount> {
  return createAccount(database.db, { agencyId: Number(bureau.id), ...options });
}

function attempt(payload: { username: string; password: string; otp?: string }, ip = '10.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/console/session', payload, remoteAddress: ip });
}

function answerOf(response: LightMyRequestResponse) {
  const { code, message } = response.json().error;
  return { status: response.statusCode, code, message };
}

const wrongPassword = (i: number) => `Wrong-Passw0rd-${i}`;

/** A six-digit code that is not the account's code of the current step nor of either neighbour. */
async function wrongCodes(secret: string, count: number): Promise<string[]> {
  const now = Date.now() / 1000;
  const valid = await Promise.all([-30, 0, 30].map((offset) => generate({ secret, epoch: now + offset })));
  const codes: string[] = [];
  for (let n = 100_000; codes.length < count; n += 7_919) {
    const code = String(n % 1_000_000).padStart(6, '0');
    if (!valid.includes(code)) codes.push(code);
  }
  return codes;
}

/** How many of these sign-in requests had a password or code checked: all but those refused unheard ('denied'). */
async function judgedCount(responses: LightMyRequestResponse[]): Promise<number> {
  const rows = await database.db
    .selectFrom('auditLog')
    .select('result')
    .where('action', '=', 'session.signed-in')
    .where(
      'requestId',
      'in',
      responses.map((response) => String(response.headers['x-request-id'])),
    )
    .execute();
  expect(rows).toHaveLength(responses.length);
  return rows.filter((row) => row.result !== 'denied').length;
}

function signedIn(response: LightMyRequestResponse): boolean {
  return response.statusCode === 200 || response.cookies.some((cookie) => cookie.name === SESSION_COOKIE);
}

describe('parallel guessing (issue 14 item 3)', () => {
  it('judges five of 25 simultaneous wrong passwords from one network; the right one in a burst past that is refused', async () => {
    const account = await newAccount();
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt({ username: account.username, password: wrongPassword(i) })),
    );
    expect(await judgedCount(burst)).toBe(5);
    expect(burst.filter((response) => response.statusCode === 423)).toHaveLength(21);

    const withRight = await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        attempt({ username: account.username, password: i === 10 ? account.password : wrongPassword(i) }),
      ),
    );
    expect(await judgedCount(withRight)).toBe(0);
    expect(withRight.map((response) => response.statusCode)).toEqual(Array(21).fill(423));
    expect(withRight.some(signedIn)).toBe(false);
  });

  it('judges five of 25 simultaneous wrong TOTP codes; the right code in a burst past that is refused', async () => {
    const admin = await newAccount({ permissions: ['security.admin'] });
    const credentials = { username: admin.username, password: admin.password };
    const codes = await wrongCodes(admin.totpSecret!, 25);
    const burst = await Promise.all(codes.map((otp) => attempt({ ...credentials, otp })));
    expect(await judgedCount(burst)).toBe(5);

    const rightCode = await generate({ secret: admin.totpSecret! });
    const withRight = await Promise.all(
      codes.slice(0, 20).map((otp, i) => attempt({ ...credentials, otp: i === 10 ? rightCode : otp })),
    );
    expect(await judgedCount(withRight)).toBe(0);
    expect(withRight.map((response) => response.statusCode)).toEqual(Array(20).fill(423));
    expect(withRight.some(signedIn)).toBe(false);
  });

  it('judges at most 50 of 60 simultaneous guesses from 60 networks, and the account still signs in from its own network', async () => {
    const account = await newAccount();
    const credentials = { username: account.username, password: account.password };
    expect((await attempt(credentials, '10.20.30.40')).statusCode).toBe(200);

    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        attempt({ username: account.username, password: wrongPassword(i) }, `172.16.${i}.9`),
      ),
    );
    // 50 attempts from networks it never signed in from: the first sign-in above (a new network then) was one.
    expect(await judgedCount(burst)).toBe(49);
    const elsewhere = await attempt(credentials, '192.168.7.7');
    expect(answerOf(elsewhere)).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    expect(signedIn(elsewhere)).toBe(false);
    // Another address of the network it signed in from before.
    expect((await attempt(credentials, '10.20.30.99')).statusCode).toBe(200);
    // Its administrators see the account-wide lock (locked for a day on networks it never used).
    const administrator = await openSession(database.db, (await newAccount({ permissions: ['account.admin'] })).id);
    const shown = await app.inject({
      url: `/api/console/accounts/${account.id}`,
      headers: consoleHeaders(administrator),
    });
    expect(new Date(shown.json().lockedUntil).getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
  });
});

describe('locking out (issue 14 item 10)', () => {
  it('lets five failures from one network lock the province administrator out of that network only', async () => {
    const admin = await newAccount({ permissions: ['account.admin'] });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(answerOf(await attempt({ username: admin.username, password: wrongPassword(i) }, '203.0.113.5')));
    }
    expect(answers[4]).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED' });
    // Its own sign-in from another network (127.0.0.1, with its code) is not affected.
    expect((await signIn(app, admin)).me.username).toBe(admin.username);
  });

  it('locks a network twice as long when it locks again', async () => {
    const account = await newAccount();
    const fail = async () =>
      answerOf(await attempt({ username: account.username, password: 'Wrong-Passw0rd' }, '198.18.0.1'));
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await fail());
    expect(first[4]).toMatchObject({ status: 423, message: expect.stringContaining('请 30 分钟后再试') });
    // The first lock runs out.
    await sql`
      UPDATE sign_in_attempts SET locked_until = now() - interval '1 second'
      WHERE username = ${account.username} AND network = '198.18.0.0/24'`.execute(database.db);
    const second = [];
    for (let i = 0; i < 5; i++) second.push(await fail());
    expect(second.slice(0, 4).map((answer) => answer.code)).toEqual(Array(4).fill('SIGN_IN_FAILED'));
    expect(second[4]).toMatchObject({ status: 423, message: expect.stringContaining('请 60 分钟后再试') });
  });

  it('answers a real and an unknown user name identically after 0, 5 and 10 failures', async () => {
    const account = await newAccount();
    const answers: Record<'real' | 'unknown', ReturnType<typeof answerOf>[]> = { real: [], unknown: [] };
    for (let failures = 0; failures <= 10; failures++) {
      for (const [key, username] of [
        ['real', account.username],
        ['unknown', 'no.such.person'],
      ] as const) {
        answers[key].push(answerOf(await attempt({ username, password: wrongPassword(failures) }, '198.51.100.20')));
      }
    }
    expect(answers.unknown).toEqual(answers.real);
    expect(answers.real[0]).toEqual({ status: 401, code: 'SIGN_IN_FAILED', message: '用户名或密码错误' });
    for (const failures of [5, 10]) {
      expect(answers.real[failures]).toEqual({
        status: 423,
        code: 'ACCOUNT_LOCKED',
        message: '该用户名登录失败已达 5 次，已暂停在当前网络登录，请 30 分钟后再试',
      });
    }
    // The right password of the locked name is refused in the same words.
    expect(answerOf(await attempt(account, '198.51.100.20'))).toEqual(answers.real[10]);
  });
});

describe('TOTP codes (issue 14 items 4 and 8)', () => {
  it('refuses a code the second time it is used', async () => {
    const admin = await newAccount({ permissions: ['security.admin'] });
    const credentials = {
      username: admin.username,
      password: admin.password,
      otp: await generate({ secret: admin.totpSecret! }),
    };
    expect((await attempt(credentials)).statusCode).toBe(200);
    const replay = await attempt(credentials);
    expect(answerOf(replay)).toEqual({ status: 401, code: 'OTP_INVALID', message: '动态口令错误或已过期' });
    const [row] = await database.db
      .selectFrom('auditLog')
      .select(['result', 'details'])
      .where('requestId', '=', String(replay.headers['x-request-id']))
      .execute();
    expect(row).toMatchObject({ result: 'failure', details: { reason: 'otp-reused' } });
  });

  it('lets exactly one of simultaneous sign-ins with the same code through', async () => {
    const admin = await newAccount({ permissions: ['audit.admin'] });
    const credentials = {
      username: admin.username,
      password: admin.password,
      otp: await generate({ secret: admin.totpSecret! }),
    };
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => attempt(credentials, `198.51.${i}.1`)));
    expect(responses.filter(signedIn)).toHaveLength(1);
    expect(
      responses.filter((response) => response.statusCode === 401).map((response) => response.json().error.code),
    ).toEqual(Array(4).fill('OTP_INVALID'));
  });

  it('audits the step where the password is right and the code is missing', async () => {
    const admin = await newAccount({ permissions: ['account.admin'] });
    const response = await attempt({ username: admin.username, password: admin.password });
    expect(answerOf(response)).toMatchObject({ status: 401, code: 'OTP_REQUIRED' });
    const rows = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result', 'accountId', 'details'])
      .where('requestId', '=', String(response.headers['x-request-id']))
      .execute();
    expect(rows).toMatchObject([
      { action: 'session.signed-in', result: 'failure', accountId: admin.id, details: { reason: 'otp-required' } },
    ]);
  });
});
