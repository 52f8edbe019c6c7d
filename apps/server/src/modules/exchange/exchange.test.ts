import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
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
import { penaltyRecord, registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { EXCHANGE_REQUESTS_PER_MINUTE } from './exchange.routes';
import { pruneExchangeNonces } from './exchange.service';

/**
 * The exchange API (SPEC C4(a), Rules Art. 8, 13, 14) through the real app. Requests are signed here with node:crypto
 * directly, not with the server's own helpers, so a mistake in the server's scheme cannot cancel out.
 */

let database: DatabaseHandle;
let app: FastifyInstance;

interface Client {
  id: number;
  keyId: string;
  secret: string;
  agencyId: number;
}

let bureau: Client;
let otherBureau: Client;
let bureauSession: TestSession;
let otherSession: TestSession;

type Algorithm = 'HMAC-SM3' | 'HMAC-SHA256';

function signedHeaders(
  client: Pick<Client, 'keyId' | 'secret'>,
  request: { method: string; url: string; body?: string },
  options: { algorithm?: Algorithm; timestamp?: number; nonce?: string; sendMethodHeader?: boolean } = {},
): Record<string, string> {
  const algorithm = options.algorithm ?? 'HMAC-SM3';
  const hash = algorithm === 'HMAC-SM3' ? 'sm3' : 'sha256';
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const digest = createHash(hash)
    .update(request.body ?? '')
    .digest('hex');
  const signature = createHmac(hash, client.secret)
    .update([request.method, request.url, timestamp, nonce, digest].join('\n'))
    .digest('hex');
  return {
    'x-gz-key-id': client.keyId,
    'x-gz-timestamp': timestamp,
    'x-gz-nonce': nonce,
    ...(options.sendMethodHeader === false ? {} : { 'x-gz-signature-method': algorithm }),
    'x-gz-signature': signature,
  };
}

const PUSH_URL = '/api/exchange/v1/records';

function push(
  client: Pick<Client, 'keyId' | 'secret'>,
  records: unknown[],
  options: Parameters<typeof signedHeaders>[2] & { idempotencyKey?: string | null; sentBody?: string } = {},
) {
  const body = JSON.stringify({ records });
  const headers = signedHeaders(client, { method: 'POST', url: PUSH_URL, body }, options);
  return app.inject({
    method: 'POST',
    url: PUSH_URL,
    headers: {
      ...headers,
      'content-type': 'application/json',
      ...(options.idempotencyKey === null
        ? {}
        : { 'idempotency-key': options.idempotencyKey ?? randomBytes(8).toString('hex') }),
    },
    payload: options.sentBody ?? body,
  });
}

function pull(client: Pick<Client, 'keyId' | 'secret'>, query: string) {
  const url = `${PUSH_URL}${query}`;
  return app.inject({ method: 'GET', url, headers: signedHeaders(client, { method: 'GET', url }) });
}

async function countRecords(creditCode: string): Promise<number> {
  const row = await database.db
    .selectFrom('records')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('creditCode', '=', creditCode)
    .executeTakeFirstOrThrow();
  return row.count;
}

async function auditRows(requestId: string) {
  return database.db.selectFrom('auditLog').selectAll().where('requestId', '=', requestId).execute();
}

async function createClient(session: TestSession, agencyId: number, name: string): Promise<Client> {
  const response = await consoleCall(app, session, 'POST', '/api-clients', { name });
  expect(response.statusCode).toBe(200);
  const { client, secret } = response.json();
  return { id: client.id, keyId: client.keyId, secret, agencyId };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const nanming = await createAgency(database.db, {
    name: '贵阳市南明区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520102',
    level: 'county',
  });
  const zunyi = await createAgency(database.db, {
    name: '遵义市市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520300',
    level: 'prefecture',
  });
  const configurer = await createAccount(database.db, {
    agencyId: Number(nanming.id),
    permissions: ['exchange.configure'],
    displayName: '王信用',
  });
  const otherConfigurer = await createAccount(database.db, {
    agencyId: Number(zunyi.id),
    permissions: ['exchange.configure'],
  });
  bureauSession = await openSession(database.db, configurer.id);
  otherSession = await openSession(database.db, otherConfigurer.id);
  bureau = await createClient(bureauSession, Number(nanming.id), '南明区行政处罚系统');
  otherBureau = await createClient(otherSession, Number(zunyi.id), '遵义市市场监管业务系统');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('api clients (console)', () => {
  it('shows the secret once, stores it encrypted, and lists keys without it', async () => {
    const created = await consoleCall(app, bureauSession, 'POST', '/api-clients', { name: '双公示报送系统' });
    expect(created.statusCode).toBe(200);
    const { client, secret } = created.json();
    expect(client).toMatchObject({ name: '双公示报送系统', createdBy: '王信用', lastUsedAt: null, revokedAt: null });
    expect(client.keyId).toMatch(/^gz_[0-9a-f]{24}$/);
    expect(secret.length).toBeGreaterThanOrEqual(40);

    const list = await consoleCall(app, bureauSession, 'GET', '/api-clients');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    const items = list.json().items as Array<Record<string, unknown>>;
    expect(items.map((item) => item.keyId)).toContain(client.keyId);
    expect(items.map((item) => item.keyId)).not.toContain(otherBureau.keyId);
    expect(Object.keys(items[0]!).sort()).toEqual(
      ['createdAt', 'createdBy', 'id', 'keyId', 'lastUsedAt', 'name', 'revokedAt'].sort(),
    );

    const stored = await database.db
      .selectFrom('apiClients')
      .select('secretCipher')
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(stored.secretCipher.toString('latin1')).not.toContain(secret);
    const [audit] = await auditRows(String(created.headers['x-request-id']));
    expect(audit).toMatchObject({ action: 'api-client.created', objectType: 'api-client', result: 'success' });
    expect(JSON.stringify(audit!.details)).not.toContain(secret);
  });

  it("answers another agency's key as not found, and revokes the caller's own", async () => {
    const foreign = await consoleCall(app, bureauSession, 'POST', `/api-clients/${otherBureau.id}/revocation`, {});
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('API_CLIENT_NOT_FOUND');
    const untouched = await database.db
      .selectFrom('apiClients')
      .select('revokedAt')
      .where('id', '=', otherBureau.id)
      .executeTakeFirstOrThrow();
    expect(untouched.revokedAt).toBeNull();

    const spare = await createClient(bureauSession, bureau.agencyId, '待停用系统');
    const revoked = await consoleCall(app, bureauSession, 'POST', `/api-clients/${spare.id}/revocation`, {});
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const [audit] = await auditRows(String(revoked.headers['x-request-id']));
    expect(audit).toMatchObject({ action: 'api-client.revoked', objectId: String(spare.id), result: 'success' });
  });
});

describe('POST /api/exchange/v1/records', () => {
  it('stores the valid records of an HMAC-SM3 push and answers the invalid one with a Chinese error naming the field', async () => {
    const entity = await createEnterprise(database.db);
    const unknown = uniqueCreditCode();
    const response = await push(bureau, [
      penaltyRecord(entity.creditCode),
      penaltyRecord(entity.creditCode, { dishonestyLevel: undefined }),
      penaltyRecord(unknown, { useScope: 'shared', withholdingGround: '商业秘密' }),
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(body.results[0]).toMatchObject({ index: 0, status: 'accepted', matched: true });
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected' });
    expect(body.results[1].errors).toEqual([
      expect.objectContaining({
        field: 'dishonestyLevel',
        label: '失信等级',
        message: expect.stringContaining('失信等级'),
      }),
    ]);
    expect(body.results[2]).toMatchObject({ index: 2, status: 'accepted', matched: false });
    expect(await countRecords(entity.creditCode)).toBe(1);
    expect(await countRecords(unknown)).toBe(1);

    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('id', '=', body.batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ channel: 'api', received: 3, accepted: 2, rejected: 1, accountId: null });
    expect(Number(batch.apiClientId)).toBe(bureau.id);
    const stored = await database.db
      .selectFrom('records')
      .select(['agencyId', 'channel', 'createdBy'])
      .where('id', '=', body.results[0].recordId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ channel: 'api', createdBy: null });
    expect(Number(stored.agencyId)).toBe(bureau.agencyId);

    const [audit] = await auditRows(String(response.headers['x-request-id']));
    expect(audit).toMatchObject({
      action: 'exchange.records-pushed',
      objectType: 'exchange-batch',
      objectId: String(body.batchId),
      result: 'success',
      accountId: null,
      details: expect.objectContaining({ keyId: bureau.keyId, received: 3, accepted: 2, rejected: 1 }),
    });
    expect(Number(audit!.agencyId)).toBe(bureau.agencyId);
    const client = await database.db
      .selectFrom('apiClients')
      .select('lastUsedAt')
      .where('id', '=', bureau.id)
      .executeTakeFirstOrThrow();
    expect(client.lastUsedAt).toBeInstanceOf(Date);
  });

  it('accepts HMAC-SHA256 signatures, and HMAC-SM3 when the method header is left out', async () => {
    const code = uniqueCreditCode();
    const sha = await push(bureau, [penaltyRecord(code)], { algorithm: 'HMAC-SHA256' });
    expect(sha.statusCode).toBe(200);
    expect(sha.json().accepted).toBe(1);
    const implicit = await push(bureau, [penaltyRecord(code)], { sendMethodHeader: false });
    expect(implicit.statusCode).toBe(200);
    expect(await countRecords(code)).toBe(2);
    const mismatch = await app.inject({
      method: 'POST',
      url: PUSH_URL,
      headers: {
        ...signedHeaders(bureau, { method: 'POST', url: PUSH_URL, body: '{}' }, { algorithm: 'HMAC-SHA256' }),
        'x-gz-signature-method': 'HMAC-SM3',
        'content-type': 'application/json',
        'idempotency-key': 'mismatch-1',
      },
      payload: '{}',
    });
    expect(mismatch.json().error.code).toBe('API_SIGNATURE_INVALID');
  });

  it('refuses a replayed request (same nonce) and audits the refusal with the key id and reason', async () => {
    const code = uniqueCreditCode();
    const nonce = randomBytes(16).toString('hex');
    const first = await push(bureau, [penaltyRecord(code)], { nonce, idempotencyKey: 'replay-1' });
    expect(first.statusCode).toBe(200);
    const replay = await push(bureau, [penaltyRecord(code)], { nonce, idempotencyKey: 'replay-2' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toMatchObject({ code: 'API_NONCE_REUSED', message: expect.stringContaining('重放') });
    expect(await countRecords(code)).toBe(1);
    const [audit] = await auditRows(String(replay.headers['x-request-id']));
    expect(audit).toMatchObject({
      action: 'exchange.request-refused',
      result: 'denied',
      objectType: 'api-client',
      objectId: String(bureau.id),
      details: expect.objectContaining({ keyId: bureau.keyId, reason: 'API_NONCE_REUSED', status: 401 }),
    });
    expect(Number(audit!.agencyId)).toBe(bureau.agencyId);
    // Another client may use the same nonce: replay protection is per client.
    const other = await push(otherBureau, [penaltyRecord(uniqueCreditCode())], { nonce });
    expect(other.statusCode).toBe(200);
  });

  it('refuses a timestamp 6 minutes old or ahead', async () => {
    const code = uniqueCreditCode();
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 360, now + 360]) {
      const stale = await push(bureau, [penaltyRecord(code)], { timestamp });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().error.code).toBe('API_REQUEST_EXPIRED');
      const [audit] = await auditRows(String(stale.headers['x-request-id']));
      expect(audit!.details).toMatchObject({ reason: 'API_REQUEST_EXPIRED' });
    }
    const recent = await push(bureau, [penaltyRecord(code)], { timestamp: now - 240 });
    expect(recent.statusCode).toBe(200);
    expect(await countRecords(code)).toBe(1);
  });

  it('refuses an altered body sent with the original signature', async () => {
    const code = uniqueCreditCode();
    const altered = JSON.stringify({ records: [penaltyRecord(code, { dishonestyLevel: '严重失信' })] });
    const response = await push(bureau, [penaltyRecord(code)], { sentBody: altered });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('API_SIGNATURE_INVALID');
    expect(await countRecords(code)).toBe(0);
    const [audit] = await auditRows(String(response.headers['x-request-id']));
    expect(audit).toMatchObject({ action: 'exchange.request-refused', result: 'denied' });
    expect(audit!.details).toMatchObject({ keyId: bureau.keyId, reason: 'API_SIGNATURE_INVALID' });
  });

  it('refuses a wrong secret, an unknown key, missing headers and a malformed nonce', async () => {
    const code = uniqueCreditCode();
    const wrongSecret = await push({ keyId: bureau.keyId, secret: 'not-the-secret' }, [penaltyRecord(code)]);
    expect(wrongSecret.json().error.code).toBe('API_SIGNATURE_INVALID');
    const unknownKey = await push({ keyId: 'gz_000000000000000000000000', secret: bureau.secret }, [
      penaltyRecord(code),
    ]);
    expect(unknownKey.json().error.code).toBe('API_SIGNATURE_INVALID');
    const [unknownAudit] = await auditRows(String(unknownKey.headers['x-request-id']));
    expect(unknownAudit).toMatchObject({ agencyId: null, objectId: null });
    expect(unknownAudit!.details).toMatchObject({ keyId: 'gz_000000000000000000000000' });
    const unsigned = await app.inject({
      method: 'POST',
      url: PUSH_URL,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'x' },
      payload: JSON.stringify({ records: [penaltyRecord(code)] }),
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error).toMatchObject({
      code: 'API_SIGNATURE_INVALID',
      message: expect.stringContaining('X-GZ-Key-Id'),
    });
    const shortNonce = await push(bureau, [penaltyRecord(code)], { nonce: 'short' });
    expect(shortNonce.json().error).toMatchObject({
      code: 'API_SIGNATURE_INVALID',
      message: expect.stringContaining('X-GZ-Nonce'),
    });
    expect(await countRecords(code)).toBe(0);
  });

  it('refuses a revoked key at once', async () => {
    const client = await createClient(bureauSession, bureau.agencyId, '即将吊销的系统');
    expect((await push(client, [penaltyRecord(uniqueCreditCode())])).statusCode).toBe(200);
    await consoleCall(app, bureauSession, 'POST', `/api-clients/${client.id}/revocation`, {});
    const code = uniqueCreditCode();
    const refused = await push(client, [penaltyRecord(code)]);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('API_SIGNATURE_INVALID');
    expect(await countRecords(code)).toBe(0);
    const [audit] = await auditRows(String(refused.headers['x-request-id']));
    expect(audit).toMatchObject({
      objectId: String(client.id),
      details: expect.objectContaining({ keyId: client.keyId }),
    });
  });

  it('answers a repeated Idempotency-Key with the first answer and stores nothing twice; another body is a conflict', async () => {
    const code = uniqueCreditCode();
    const records = [penaltyRecord(code), { ...penaltyRecord(code), fields: {} }];
    const first = await push(bureau, records, { idempotencyKey: 'batch-2026-12-01-001' });
    expect(first.statusCode).toBe(200);
    const batches = async () =>
      (
        await database.db
          .selectFrom('exchangeBatches')
          .select(sql<number>`count(*)::int`.as('count'))
          .where('apiClientId', '=', bureau.id)
          .where('channel', '=', 'api')
          .executeTakeFirstOrThrow()
      ).count;
    const batchesBefore = await batches();
    const again = await push(bureau, records, { idempotencyKey: 'batch-2026-12-01-001' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await countRecords(code)).toBe(1);
    expect(await batches()).toBe(batchesBefore);

    const other = await push(bureau, [penaltyRecord(code, { dishonestyLevel: '较重失信' })], {
      idempotencyKey: 'batch-2026-12-01-001',
    });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    expect(await countRecords(code)).toBe(1);

    // Keys are per client: another system may use the same key for its own batch.
    const otherClient = await push(otherBureau, [penaltyRecord(code)], { idempotencyKey: 'batch-2026-12-01-001' });
    expect(otherClient.statusCode).toBe(200);
    expect(otherClient.headers['idempotent-replayed']).toBeUndefined();
    expect(await countRecords(code)).toBe(2);
  });

  it('stores a batch once when two requests with the same Idempotency-Key arrive together', async () => {
    const code = uniqueCreditCode();
    const records = Array.from({ length: 50 }, () => penaltyRecord(code));
    const [a, b] = await Promise.all([
      push(bureau, records, { idempotencyKey: 'concurrent-1' }),
      push(bureau, records, { idempotencyKey: 'concurrent-1' }),
    ]);
    expect([a!.statusCode, b!.statusCode]).toEqual([200, 200]);
    expect(a!.json().batchId).toBe(b!.json().batchId);
    expect([a!.headers['idempotent-replayed'], b!.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(await countRecords(code)).toBe(50);
  });

  it('requires an Idempotency-Key', async () => {
    const code = uniqueCreditCode();
    const response = await push(bureau, [penaltyRecord(code)], { idempotencyKey: null });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const tooLong = await push(bureau, [penaltyRecord(code)], { idempotencyKey: 'k'.repeat(101) });
    expect(tooLong.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await countRecords(code)).toBe(0);
  });

  it('refuses a batch of 1,001 records with a Chinese message and stores none of it', async () => {
    const code = uniqueCreditCode();
    const response = await push(
      bureau,
      Array.from({ length: 1001 }, () => penaltyRecord(code)),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('每批最多 1,000 条'),
    });
    expect(await countRecords(code)).toBe(0);
    const [audit] = await auditRows(String(response.headers['x-request-id']));
    expect(audit).toMatchObject({ action: 'exchange.request-refused', result: 'denied' });
    expect(audit!.details).toMatchObject({ reason: 'VALIDATION_FAILED', status: 400, keyId: bureau.keyId });
  });

  it('takes a full batch of 1,000 long records (several MB) in one request, and refuses a body over 10 MB', async () => {
    const code = uniqueCreditCode();
    const facts = '当事人在门店宣传中使用“国家级”“最佳”等绝对化用语，'.repeat(50).slice(0, 1200);
    const records = Array.from({ length: 1000 }, () => penaltyRecord(code, { fields: { violationFacts: facts } }));
    const bytes = Buffer.byteLength(JSON.stringify({ records }));
    expect(bytes).toBeGreaterThan(3 * 1024 * 1024);
    const started = performance.now();
    const response = await push(bureau, records);
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(200);
    expect(response.json().accepted).toBe(1000);
    expect(await countRecords(code)).toBe(1000);
    console.log(`1,000-record signed push of ${(bytes / 1024 / 1024).toFixed(1)} MB: ${Math.round(elapsed)} ms`);

    const huge = await push(bureau, [penaltyRecord(code, { entityName: 'x'.repeat(11 * 1024 * 1024) })]);
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const [audit] = await auditRows(String(huge.headers['x-request-id']));
    expect(audit!.details).toMatchObject({ reason: 'PAYLOAD_TOO_LARGE', status: 413, keyId: bureau.keyId });
  });

  it('checks the signature before reading the body: a signed non-JSON body is refused as such, an unsigned one as unsigned', async () => {
    const body = 'itemCode=penalty';
    const headers = signedHeaders(bureau, { method: 'POST', url: PUSH_URL, body });
    const form = await app.inject({
      method: 'POST',
      url: PUSH_URL,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'form-1' },
      payload: body,
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('JSON') });
    const broken = '{"records": [';
    const malformed = await app.inject({
      method: 'POST',
      url: PUSH_URL,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'broken-1' },
      payload: broken,
    });
    expect(malformed.json().error.code).toBe('API_SIGNATURE_INVALID');
    const signedMalformed = await app.inject({
      method: 'POST',
      url: PUSH_URL,
      headers: {
        ...signedHeaders(bureau, { method: 'POST', url: PUSH_URL, body: broken }),
        'content-type': 'application/json',
        'idempotency-key': 'broken-2',
      },
      payload: broken,
    });
    expect(signedMalformed.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('不是有效的 JSON'),
    });
  });
});

describe('GET /api/exchange/v1/records', () => {
  it("returns other agencies' public and shared records, never authorised, internal or the caller's own", async () => {
    const since = Number(
      (
        await database.db
          .selectFrom('records')
          .select(sql<number>`coalesce(max(id), 0)::int`.as('max'))
          .executeTakeFirstOrThrow()
      ).max,
    );
    const code = uniqueCreditCode();
    const pushed = await push(otherBureau, [
      penaltyRecord(code, { useScope: 'public' }),
      penaltyRecord(code, { useScope: 'shared', withholdingGround: '商业秘密' }),
      penaltyRecord(code, { useScope: 'authorised', withholdingGround: '个人隐私' }),
      penaltyRecord(code, { useScope: 'internal', withholdingGround: '国家秘密' }),
      registrationRecord(code, {
        entityName: '贵州测试科技有限公司',
        useScope: 'shared',
        fields: { registrationAuthority: '遵义市市场监督管理局', address: '贵州省遵义市红花岗区老城街道1号' },
      }),
    ]);
    expect(pushed.json().accepted).toBe(5);
    const [publicId, sharedId, , , registrationId] = pushed.json().results.map((r: { recordId: number }) => r.recordId);
    const own = await push(bureau, [penaltyRecord(code, { useScope: 'shared', withholdingGround: '商业秘密' })]);
    expect(own.json().accepted).toBe(1);

    const response = await pull(bureau, `?since=${since}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items.map((item: { id: number }) => item.id)).toEqual([publicId, sharedId, registrationId]);
    expect(body.nextSince).toBe(registrationId);
    expect(body.hasMore).toBe(false);
    expect(body.items[0]).toMatchObject({
      useScope: 'public',
      agency: { id: otherBureau.agencyId, name: '遵义市市场监督管理局' },
      item: { code: 'penalty' },
      status: 'active',
    });
    const registration = body.items[2];
    expect(registration.payload.legalRepresentativeIdCard).toBe('1101**********002X');
    expect(response.body).not.toContain('11010519491231002X');
    expect(response.body).not.toContain('13812345678');

    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('apiClientId', '=', bureau.id)
      .where('channel', '=', 'pull')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ received: 3, accountId: null });
    const [audit] = await auditRows(String(response.headers['x-request-id']));
    expect(audit).toMatchObject({
      action: 'exchange.records-pulled',
      objectType: 'exchange-batch',
      objectId: String(batch.id),
      details: expect.objectContaining({ keyId: bureau.keyId, count: 3, since, nextSince: registrationId }),
    });

    // The other agency sees the caller's shared record, and not its own.
    const reverse = await pull(otherBureau, `?since=${since}`);
    expect(reverse.json().items.map((item: { id: number }) => item.id)).toEqual([own.json().results[0].recordId]);
  });

  it('pages by id with limit and nextSince', async () => {
    const first = await pull(bureau, '?since=0&limit=1');
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(1);
    expect(first.json().hasMore).toBe(true);
    const second = await pull(bureau, `?since=${first.json().nextSince}&limit=1`);
    expect(second.json().items[0].id).toBeGreaterThan(first.json().nextSince);
    const tooMany = await pull(bureau, '?limit=1001');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('1000');
  });

  it('signs the query string too: a signature over the bare path does not cover ?since=', async () => {
    const headers = signedHeaders(bureau, { method: 'GET', url: PUSH_URL });
    const response = await app.inject({ method: 'GET', url: `${PUSH_URL}?since=5`, headers });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('API_SIGNATURE_INVALID');
  });
});

describe('rate limit', () => {
  it('counts requests under unknown keys per IP, apart from the active keys, and writes one audit row a minute, not one per 429', async () => {
    const flood = (index: number) =>
      app.inject({
        method: 'GET',
        url: PUSH_URL,
        remoteAddress: '10.20.30.40',
        headers: { 'x-gz-key-id': `gz_made_up_${index}` },
      });
    const auditBefore = await database.db
      .selectFrom('auditLog')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    // One at a time: the limit counts requests, not concurrency, and a burst would only widen the connection pool.
    const statuses = new Set<number>();
    for (let index = 0; index < EXCHANGE_REQUESTS_PER_MINUTE; index += 1) statuses.add((await flood(index)).statusCode);
    expect([...statuses]).toEqual([401]);
    for (let extra = 0; extra < 3; extra += 1) {
      const limited = await flood(EXCHANGE_REQUESTS_PER_MINUTE + extra);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
    }
    // The refusals' row (Art. 28 security events) is written beside the answer, once for the source and minute.
    const rateLimited = () =>
      database.db
        .selectFrom('auditLog')
        .select(['ip', 'details'])
        .where('action', '=', 'request.rate-limited')
        .execute();
    await expect.poll(async () => (await rateLimited()).length).toBe(1);
    expect((await rateLimited())[0]).toMatchObject({ ip: '10.20.30.40', details: { limiter: 'exchange' } });
    const auditAfter = await database.db
      .selectFrom('auditLog')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    expect(auditAfter.count - auditBefore.count).toBe(EXCHANGE_REQUESTS_PER_MINUTE + 1);

    const url = `${PUSH_URL}?limit=1`;
    const valid = await app.inject({
      method: 'GET',
      url,
      remoteAddress: '10.20.30.40',
      headers: signedHeaders(bureau, { method: 'GET', url }),
    });
    expect(valid.statusCode).toBe(200);
  });
});

describe('exchange housekeeping and documentation', () => {
  it('prunes nonces older than a day', async () => {
    await database.db
      .insertInto('exchangeNonces')
      .values([
        { apiClientId: bureau.id, nonce: 'old-nonce-0000000000', seenAt: new Date(Date.now() - 25 * 3600_000) },
        { apiClientId: bureau.id, nonce: 'new-nonce-0000000000', seenAt: new Date(Date.now() - 23 * 3600_000) },
      ])
      .execute();
    expect(await pruneExchangeNonces(database.db)).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .selectFrom('exchangeNonces')
      .select('nonce')
      .where('nonce', 'in', ['old-nonce-0000000000', 'new-nonce-0000000000'])
      .execute();
    expect(left.map((row) => row.nonce)).toEqual(['new-nonce-0000000000']);
  });

  it('lists the exchange routes in the OpenAPI document with the signing scheme', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    const spec = response.json();
    const path = spec.paths['/api/exchange/v1/records'];
    expect(path.post.summary).toContain('批量推送');
    expect(path.post.description).toContain('METHOD\\nPATH_WITH_QUERY');
    expect(path.get.description).toContain('后续版本');
    expect(spec.paths['/api/console/api-clients'].post.summary).toContain('接口凭证');
  });

  it('keeps the ordinary JSON parsing of other routes', async () => {
    const response = await consoleCall(app, bureauSession, 'POST', '/api-clients', { name: '另一个系统' });
    expect(response.statusCode).toBe(200);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/console/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(malformed.statusCode).toBe(400);
  });
});
