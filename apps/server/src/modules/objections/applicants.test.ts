import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import {
  APPLICANT_COOKIE,
  ageApplicantCodes,
  applicantHeaders,
  readSinkCode,
  signInApplicant,
} from '../../../test/applicants';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { seedCalendarFromLibrary } from '../calendar';

let database: DatabaseHandle;
let app: FastifyInstance;
/** 贵阳市市场监督管理局, registering entities. */
let registrar: SessionOf;
/** The provincial operator, who reads the development SMS sink (as does the security administrator, `securityAdmin`). */
let operator: TestSession;
let securityAdmin: SessionOf;
/** A console session and the account it belongs to (the audit trail names the account). */
type SessionOf = TestSession & { accountId: number };
const ENV = { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' };

async function registerEntity(mobile: string | null = '13812345678'): Promise<string> {
  const creditCode = uniqueCreditCode();
  const record = registrationRecord(creditCode, {
    entityName: `贵州申请人测试${creditCode.slice(-4)}有限公司`,
    fields: { contactMobile: mobile ?? undefined },
  });
  const response = await consoleCall(app, registrar, 'POST', '/records', { record });
  expect(response.statusCode, response.body).toBe(200);
  return creditCode;
}

function requestCode(creditCode: string, target = app) {
  return target.inject({
    method: 'POST',
    url: '/api/public/applicant/codes',
    payload: { creditCode, role: 'authorised_person', name: '王五' },
  });
}

function signIn(creditCode: string, code: string) {
  return app.inject({ method: 'POST', url: '/api/public/applicant/session', payload: { creditCode, code } });
}

async function count(table: 'applicant_sessions' | 'applicant_codes' | 'sms_sink_messages'): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, ENV);
  await seedCalendarFromLibrary(database.db);
  const bureau = await createAgency(database.db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
  });
  const account = async (permissions: Parameters<typeof createAccount>[1]['permissions']) => {
    const { id } = await createAccount(database.db, { agencyId: Number(bureau.id), permissions });
    return { ...(await openSession(database.db, id)), accountId: id };
  };
  registrar = await account(['record.submit']);
  operator = await account(['platform.operator']);
  securityAdmin = await account(['security.admin']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('applicant identity by a code to the registered mobile', () => {
  it('sends the code to the registration record’s mobile, shows only its mask, and keeps the code for the console sink', async () => {
    const creditCode = await registerEntity('13987654321');
    const response = await requestCode(creditCode);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ maskedMobile: '139****4321', resendAfterSeconds: 60 });
    expect(response.body).not.toContain('13987654321');
    const sink = await consoleCall(app, operator, 'GET', '/sms-sink');
    expect(sink.statusCode, sink.body).toBe(200);
    const message = sink.json().messages.find((each: { creditCode: string }) => each.creditCode === creditCode);
    expect(message.maskedMobile).toBe('139****4321');
    expect(message.text).toMatch(/验证码：\d{6}，5 分钟内有效/);
    // The sink is the console's: the portal without a console session reaches nothing.
    expect((await app.inject({ method: 'GET', url: '/api/console/sms-sink' })).statusCode).toBe(401);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['result', 'details'])
      .where('action', '=', 'applicant.code-sent')
      .where('objectId', '=', String(message && (await entityId(creditCode))))
      .executeTakeFirstOrThrow();
    expect(audit.result).toBe('success');
    expect(JSON.stringify(audit.details)).not.toContain('13987654321');
  });

  it('shows the development sink only to the operator and the security administrator, and audits every read', async () => {
    const creditCode = await registerEntity();
    expect((await requestCode(creditCode)).statusCode).toBe(200);
    // Another console account (the agency that registers entities) is refused: the page holds live sign-in codes.
    const clerk = await consoleCall(app, registrar, 'GET', '/sms-sink');
    expect(clerk.statusCode).toBe(403);
    expect(clerk.body).not.toContain(creditCode);
    const asAdmin = await consoleCall(app, securityAdmin, 'GET', '/sms-sink');
    expect(asAdmin.statusCode, asAdmin.body).toBe(200);
    expect(asAdmin.json().messages.map((each: { creditCode: string }) => each.creditCode)).toContain(creditCode);
    const reads = await database.db
      .selectFrom('auditLog')
      .select(['accountId', 'result'])
      .where('action', '=', 'applicant.sms-sink-viewed')
      .where('accountId', 'in', [registrar.accountId, securityAdmin.accountId])
      .execute();
    expect(reads).toEqual(
      expect.arrayContaining([
        { accountId: registrar.accountId, result: 'denied' },
        { accountId: securityAdmin.accountId, result: 'success' },
      ]),
    );
  });

  it('signs in with the code into a session of its own, separate from the console’s, for that entity only', async () => {
    const creditCode = await registerEntity();
    const applicant = await signInApplicant(app, operator, creditCode);
    expect(applicant.session).toMatchObject({ creditCode, method: 'sms', role: 'legal_representative', name: '李四' });
    const me = await app.inject({
      method: 'GET',
      url: '/api/public/applicant/session',
      headers: { cookie: applicant.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().creditCode).toBe(creditCode);
    // Neither session stands for the other.
    expect(
      (await app.inject({ method: 'GET', url: '/api/console/me', headers: { cookie: applicant.cookie } })).statusCode,
    ).toBe(401);
    const asConsole = await app.inject({
      method: 'GET',
      url: '/api/public/applicant/session',
      headers: { cookie: registrar.cookie },
    });
    expect(asConsole.statusCode).toBe(401);
    expect(asConsole.json().error).toMatchObject({
      code: 'APPLICANT_UNAUTHENTICATED',
      message: expect.stringMatching(/申请人身份/),
    });
  });

  it('accepts a code once, and refuses an expired one in Chinese without starting a session', async () => {
    const creditCode = await registerEntity();
    await requestCode(creditCode);
    const code = await readSinkCode(app, operator, creditCode);
    expect((await signIn(creditCode, code)).statusCode).toBe(200);
    const again = await signIn(creditCode, code);
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toMatchObject({ code: 'APPLICANT_CODE_EXPIRED', message: '验证码已失效，请重新获取' });

    const other = await registerEntity();
    await requestCode(other);
    const late = await readSinkCode(app, operator, other);
    await sql`UPDATE applicant_codes SET expires_at = now() - interval '1 second'
      WHERE enterprise_id = ${await entityId(other)}`.execute(database.db);
    const sessions = await count('applicant_sessions');
    const expired = await signIn(other, late);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('APPLICANT_CODE_EXPIRED');
    expect(expired.cookies.find((cookie) => cookie.name === APPLICANT_COOKIE)).toBeUndefined();
    expect(await count('applicant_sessions')).toBe(sessions);
  });

  it('locks the entity’s applications after five wrong codes: even the right code and a new code are refused', async () => {
    const creditCode = await registerEntity();
    await requestCode(creditCode);
    const code = await readSinkCode(app, operator, creditCode);
    const wrong = code === '000000' ? '111111' : '000000';
    const sessions = await count('applicant_sessions');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await signIn(creditCode, wrong);
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({
        code: 'APPLICANT_CODE_INVALID',
        message: `验证码错误，还可再试 ${5 - attempt} 次`,
      });
    }
    const fifth = await signIn(creditCode, wrong);
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error).toMatchObject({
      code: 'APPLICANT_LOCKED',
      message: expect.stringMatching(/已锁定，请 30 分钟后再试/),
    });
    const right = await signIn(creditCode, code);
    expect(right.statusCode).toBe(423);
    await ageApplicantCodes(database.db, creditCode);
    const codes = await count('applicant_codes');
    const more = await requestCode(creditCode);
    expect(more.statusCode).toBe(423);
    expect(await count('applicant_codes')).toBe(codes);
    expect(await count('applicant_sessions')).toBe(sessions);
    const denied = await database.db
      .selectFrom('auditLog')
      .select('result')
      .where('action', '=', 'applicant.signed-in')
      .where('objectId', '=', String(await entityId(creditCode)))
      .execute();
    expect(denied.map((row) => row.result)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'denied']);
    // Another entity is not locked by it.
    const neighbour = await registerEntity();
    await signInApplicant(app, operator, neighbour);
  });

  it('sends another code only after a minute, and only the newest code counts', async () => {
    const creditCode = await registerEntity();
    await requestCode(creditCode);
    const first = await readSinkCode(app, operator, creditCode);
    const soon = await requestCode(creditCode);
    expect(soon.statusCode).toBe(429);
    expect(soon.json().error).toMatchObject({
      code: 'APPLICANT_CODE_TOO_SOON',
      message: expect.stringMatching(/秒后再重新获取/),
    });
    await ageApplicantCodes(database.db, creditCode);
    expect((await requestCode(creditCode)).statusCode).toBe(200);
    const second = await readSinkCode(app, operator, creditCode);
    if (first !== second) expect((await signIn(creditCode, first)).json().error.code).toBe('APPLICANT_CODE_INVALID');
    expect((await signIn(creditCode, second)).statusCode).toBe(200);
  });

  it('refuses an entity without a registered mobile and an unknown one, storing no code', async () => {
    const noMobile = await registerEntity(null);
    const codes = await count('applicant_codes');
    const missing = await requestCode(noMobile);
    expect(missing.statusCode).toBe(409);
    expect(missing.json().error.message).toMatch(/没有联系电话/);
    const unregistered = await createEnterprise(database.db);
    expect((await requestCode(unregistered.creditCode)).json().error.code).toBe('APPLICANT_MOBILE_MISSING');
    const unknown = await requestCode(uniqueCreditCode());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ENTERPRISE_NOT_FOUND');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/public/applicant/codes',
      payload: { creditCode: '123', role: 'boss', name: '' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/统一社会信用代码应为 18 位/);
    expect(await count('applicant_codes')).toBe(codes);
  });

  it('signs out with the CSRF token only, and the session ends', async () => {
    const applicant = await signInApplicant(app, operator, await registerEntity());
    const forged = await app.inject({
      method: 'DELETE',
      url: '/api/public/applicant/session',
      headers: { cookie: applicant.cookie },
    });
    expect(forged.statusCode).toBe(403);
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/public/applicant/session',
      headers: applicantHeaders(applicant),
    });
    expect(out.statusCode).toBe(200);
    const after = await app.inject({
      method: 'GET',
      url: '/api/public/applicant/session',
      headers: { cookie: applicant.cookie },
    });
    expect(after.statusCode).toBe(401);
  });
});

async function entityId(creditCode: string): Promise<number> {
  const row = await database.db
    .selectFrom('enterprises')
    .select('id')
    .where('creditCode', '=', creditCode)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

describe('the SMS gateway adapter', () => {
  let gateway: Server;
  let received: { authorization: string | undefined; body: { mobile: string; text: string } }[] = [];
  let failing = false;
  let gatewayApp: FastifyInstance;

  beforeAll(async () => {
    gateway = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      received.push({
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    gatewayApp = await createTestApp(database, {
      ...ENV,
      SMS_GATEWAY_URL: `http://127.0.0.1:${port}/send`,
      SMS_GATEWAY_TOKEN: 'gateway-token-0123456789',
    });
  });

  afterAll(async () => {
    await gatewayApp?.close();
    await new Promise((resolve) => gateway?.close(resolve));
  });

  it('posts the code to the gateway with its token and the full mobile, and nothing to the sink', async () => {
    received = [];
    const creditCode = await registerEntity('13600001111');
    const sink = await count('sms_sink_messages');
    const response = await requestCode(creditCode, gatewayApp);
    expect(response.statusCode, response.body).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!.authorization).toBe('Bearer gateway-token-0123456789');
    expect(received[0]!.body.mobile).toBe('13600001111');
    expect(received[0]!.body.text).toMatch(/验证码：\d{6}/);
    expect(await count('sms_sink_messages')).toBe(sink);
    // With a gateway the development sink does not exist at all, not even for the operator.
    const sinkPage = await consoleCall(gatewayApp, operator, 'GET', '/sms-sink');
    expect(sinkPage.statusCode).toBe(404);
  });

  it('answers 503 in Chinese when the gateway refuses, and keeps no code', async () => {
    failing = true;
    const creditCode = await registerEntity('13600002222');
    const codes = await count('applicant_codes');
    const response = await requestCode(creditCode, gatewayApp);
    failing = false;
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toMatchObject({ code: 'SMS_GATEWAY_FAILED', message: '短信发送失败，请稍后再试' });
    expect(await count('applicant_codes')).toBe(codes);
  });
});
