import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { consoleCall } from '../../test/console';
import { createTestDatabase } from '../../test/database';
import { consoleHeaders, createAccount, createAgency, openSession, type TestSession } from '../../test/factories';
import type { DatabaseHandle } from './database';

/**
 * What every request passes before a route (issue 14): control characters refused with a Chinese 400 (item 9), the
 * Host header allowed only for loopback and PUBLIC_HOSTS while PUBLIC_BASE_URL is unset (item 7), body limits that
 * name the limit (item 1).
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let session: TestSession;
let client: { keyId: string; secret: string };

const FAULT = {
  title: '上传页面无响应',
  description: '点击上传后页面一直转圈',
  location: '数据上传',
  occurredAt: '2026-11-30T09:00:00+08:00',
  severity: 'high',
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const agency = await createAgency(database.db, {
    name: '贵阳市南明区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520102',
    level: 'county',
  });
  const account = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['exchange.configure'],
  });
  session = await openSession(database.db, account.id);
  const created = await consoleCall(app, session, 'POST', '/api-clients', { name: '南明区行政处罚系统' });
  client = { keyId: created.json().client.keyId, secret: created.json().secret };
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function refusals(requestId: string) {
  return database.db
    .selectFrom('auditLog')
    .select(['action', 'username', 'result', 'details'])
    .where('requestId', '=', requestId)
    .execute();
}

async function faultCount(): Promise<number> {
  const rows = await database.db.selectFrom('faultTickets').select('id').execute();
  return rows.length;
}

describe('control characters (issue 14, item 9)', () => {
  it('refuses a NUL in the public search query with a Chinese 400 naming the parameter (it answered 500)', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/public/enterprises?q=%E8%B4%B5%E5%B7%9E%00' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '查询参数 q 含有控制字符 U+0000，请删除后重试',
      details: [{ field: 'q', message: '含有控制字符 U+0000，请删除后重试' }],
    });
    for (const encoded of ['%7F', '%09', '%0A', '%1b'])
      expect((await app.inject({ method: 'GET', url: `/api/public/enterprises?q=贵州${encoded}` })).statusCode).toBe(
        400,
      );
  });

  it('refuses a control character in the path', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/public/enterprises/91520102%00' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/^请求路径 .* 含有控制字符 U\+0000/);
  });

  it('refuses a NUL in a console text field before the handler runs, and audits the refusal; TAB, LF, CR pass', async () => {
    const before = await faultCount();
    const response = await consoleCall(app, session, 'POST', '/faults', {
      ...FAULT,
      description: '页面\u0000一直转圈',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '请求体字段 description 含有控制字符 U+0000，请删除后重试',
      details: [{ field: 'description', message: '含有控制字符 U+0000，请删除后重试' }],
    });
    expect(await faultCount()).toBe(before);
    expect(await refusals(String(response.headers['x-request-id']))).toEqual([
      {
        action: 'request.refused',
        username: null,
        result: 'denied',
        details: { reason: 'control-character', method: 'POST', route: '/api/console/faults' },
      },
    ]);
    const multiline = await consoleCall(app, session, 'POST', '/faults', {
      ...FAULT,
      description: '第一步：点击上传\r\n第二步：\t页面一直转圈',
    });
    expect(multiline.statusCode).toBe(200);
    expect(multiline.json().description).toBe('第一步：点击上传\r\n第二步：\t页面一直转圈');
  });

  it('refuses DEL and the C0 controls in nested values and in keys, naming the path', async () => {
    const nested = await consoleCall(app, session, 'POST', '/faults', {
      ...FAULT,
      screenshotIds: [],
      x: [{ y: 'a\u007f' }],
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.message).toBe('请求体字段 x.0.y 含有控制字符 U+007F，请删除后重试');
    const key = await consoleCall(app, session, 'POST', '/faults', { ...FAULT, 'a\u0001b': 1 });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.message).toBe('请求体字段 a\\u0001b 含有控制字符 U+0001，请删除后重试');
  });

  it('refuses a NUL in the sign-in user name with a 400 and audits it with the name claimed (it answered 500, unaudited)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/console/session',
      payload: { username: 'admin\u0000', password: 'whatever' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('请求体字段 username 含有控制字符 U+0000，请删除后重试');
    expect(await refusals(String(response.headers['x-request-id']))).toEqual([
      {
        action: 'request.refused',
        username: 'admin\\u0000',
        result: 'denied',
        details: { reason: 'control-character', method: 'POST', route: '/api/console/session' },
      },
    ]);
  });

  it('refuses a NUL in a pushed record after the signature held, and traces the refused push', async () => {
    const url = '/api/exchange/v1/records';
    const body = JSON.stringify({
      records: [{ itemCode: 'penalty', creditCode: '91520102MA6DXXXX0X', entityName: '贵州\u0000测试', fields: {} }],
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const digest = createHash('sm3').update(body).digest('hex');
    const response = await app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomBytes(8).toString('hex'),
        'x-gz-key-id': client.keyId,
        'x-gz-timestamp': timestamp,
        'x-gz-nonce': nonce,
        'x-gz-signature': createHmac('sm3', client.secret)
          .update(['POST', url, timestamp, nonce, digest].join('\n'))
          .digest('hex'),
      },
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('请求体字段 records.0.entityName 含有控制字符 U+0000，请删除后重试');
    const [row] = await refusals(String(response.headers['x-request-id']));
    expect(row).toMatchObject({ action: 'exchange.request-refused', details: { reason: 'VALIDATION_FAILED' } });
  });
});

describe('body limits (issue 14, item 1)', () => {
  it('answers a body over the route limit with a Chinese 413 naming the limit, and audits it on a console route', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/console/faults',
      headers: consoleHeaders(session),
      payload: { ...FAULT, description: '长'.repeat(30_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '请求内容过大：此接口的请求体不得超过 64 KiB',
    });
    const [row] = await refusals(String(response.headers['x-request-id']));
    expect(row).toMatchObject({ action: 'request.refused', details: { reason: 'too-large' } });
  });

  it('refuses a body nested deeper than 64 levels and accepts 64', async () => {
    const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const refused = await app.inject({
      method: 'POST',
      url: '/api/console/session',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"a","password":"b","x":${nest(64)}}`,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('请求体嵌套超过 64 层，无法处理');
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/console/session',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"nobody","password":"b","x":${nest(63)}}`,
    });
    expect(accepted.statusCode).toBe(401);
  });

  it('gives the larger limits only to the routes that need them, and every listed route exists', async () => {
    for (const [method, url] of [
      ['POST', '/api/console/records'],
      ['POST', '/api/console/records/:id/corrections'],
      ['POST', '/api/console/catalogue/editions/:id/items'],
      ['PUT', '/api/console/catalogue/items/:id'],
      ['POST', '/api/console/articles'],
      ['PUT', '/api/console/articles/:id'],
    ] as const)
      expect(app.hasRoute({ method, url }), `${method} ${url}`).toBe(true);
    const article = await app.inject({
      method: 'POST',
      url: '/api/console/articles',
      headers: consoleHeaders(session),
      payload: { bodyHtml: '<p>长</p>'.repeat(150_000) },
    });
    expect(article.statusCode).not.toBe(413);
  });
});

describe('host header (issue 14, item 7)', () => {
  it('without PUBLIC_BASE_URL refuses any Host but loopback and PUBLIC_HOSTS with a Chinese 400 on every route; with it, none', async () => {
    const guarded = await createTestApp(database, { PUBLIC_HOSTS: 'xinyong.example.gov.cn' });
    try {
      for (const host of ['evil.example.com', 'evil.example.com:80', '10.0.0.9:3000', 'localhost.evil.example.com']) {
        for (const url of ['/api/public/enterprises?q=贵州', '/api/console/me', '/healthz']) {
          const response = await guarded.inject({ method: 'GET', url, headers: { host } });
          expect(response.statusCode, `${host} ${url}`).toBe(400);
          expect(response.json().error).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
          expect(response.json().error.message).toContain('PUBLIC_BASE_URL');
        }
      }
      for (const host of ['localhost', 'localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'XinYong.Example.gov.cn']) {
        const response = await guarded.inject({ method: 'GET', url: '/healthz', headers: { host } });
        expect(response.statusCode, host).toBe(200);
      }
    } finally {
      await guarded.close();
    }
    // With PUBLIC_BASE_URL the Host header is never used, so any is answered.
    const configured = await createTestApp(database, { PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn' });
    try {
      const response = await configured.inject({
        method: 'GET',
        url: '/healthz',
        headers: { host: 'evil.example.com' },
      });
      expect(response.statusCode).toBe(200);
    } finally {
      await configured.close();
    }
  });
});
