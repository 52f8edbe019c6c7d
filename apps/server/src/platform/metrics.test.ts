import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { createEnterprise } from '../../test/factories';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { recordAudit } from './audit';
import type { DatabaseHandle } from './database';
import { enqueueJob } from './jobs';

const TOKEN = 'metrics-token-0123456789abcdef';
let database: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { METRICS_TOKEN: TOKEN });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const scrape = (target: FastifyInstance, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  target.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

/** The value of one series of the exposition text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('answers the Prometheus text with the HTTP histogram by route pattern and status, never by raw URL', async () => {
    const entity = await createEnterprise(database.db);
    expect((await app.inject(`/api/public/enterprises/${entity.creditCode}`)).statusCode).toBe(200);
    expect((await app.inject('/api/no-such-address/12345')).statusCode).toBe(404);

    const response = await scrape(app);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const labels = 'method="GET",route="/api/public/enterprises/:creditCode",status="200"';
    expect(sample(response.body, `gzcredit_http_request_duration_seconds_count{${labels}}`)).toBe(1);
    expect(response.body).toContain(`gzcredit_http_request_duration_seconds_bucket{le="0.005",${labels}}`);
    expect(
      sample(
        response.body,
        'gzcredit_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}',
      ),
    ).toBe(1);
    expect(response.body).not.toContain(entity.creditCode);
    expect(response.body).not.toContain('no-such-address');
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'gzcredit_upload_rows_total',
    ]) {
      expect(response.body).toContain(`# TYPE ${name} `);
    }
  });

  it('reports due jobs per name with the age of the oldest, and the audit chain head', async () => {
    await enqueueJob(database.db, 'metrics-test.due', {}, { runAfter: new Date(Date.now() - 120_000) });
    await enqueueJob(database.db, 'metrics-test.due', {}, { runAfter: new Date(Date.now() - 10_000) });
    await enqueueJob(database.db, 'metrics-test.later', {}, { runAfter: new Date(Date.now() + 3_600_000) });
    await recordAudit(database.db, { accountId: null, action: 'audit.verified', result: 'success' });
    const head = await database.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();

    const body = (await scrape(app)).body;
    expect(sample(body, 'gzcredit_job_queue_depth{name="metrics-test.due"}')).toBe(2);
    expect(sample(body, 'gzcredit_job_queue_oldest_age_seconds{name="metrics-test.due"}')).toBeGreaterThanOrEqual(119);
    expect(sample(body, 'gzcredit_job_queue_oldest_age_seconds{name="metrics-test.due"}')).toBeLessThan(200);
    // Booked for later is not a backlog.
    expect(body).not.toContain('metrics-test.later');
    expect(sample(body, 'gzcredit_audit_chain_head_id')).toBe(Number(head.id));
  });

  it('reports the connection pool on PostgreSQL only (PGlite has one connection)', async () => {
    const response = await scrape(app);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    if (database.engine === 'postgres') {
      expect(sample(body, 'gzcredit_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(sample(body, 'gzcredit_db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
      expect(sample(body, 'gzcredit_db_pool_waiting_requests')).toBe(0);
    } else {
      expect(body).not.toContain('gzcredit_db_pool');
    }
  });

  it('is open to loopback and private addresses (10/8, 172.16/12, 192.168/16, fc00::/7)', async () => {
    for (const address of [
      '127.0.0.1',
      '::1',
      '10.20.30.40',
      '172.31.255.1',
      '192.168.1.9',
      'fd12::7',
      '::ffff:10.0.0.5',
    ]) {
      expect((await scrape(app, address)).statusCode, address).toBe(200);
    }
  });

  it('refuses any other address without the token: 403 in Chinese, naming METRICS_TOKEN', async () => {
    for (const address of ['203.0.113.9', '172.32.0.1', '11.0.0.1', '2001:db8::1', 'fe80::1', '::ffff:8.8.8.8']) {
      const response = await scrape(app, address);
      expect(response.statusCode, address).toBe(403);
      expect(response.json().error).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('METRICS_TOKEN'),
      });
      expect(response.json().error.message).toContain(address);
    }
    expect(
      (await scrape(app, '203.0.113.9', { authorization: 'Bearer wrong-token-0123456789abcdef' })).statusCode,
    ).toBe(403);
    expect((await scrape(app, '203.0.113.9', { authorization: TOKEN })).statusCode).toBe(403);
    expect((await scrape(app, '203.0.113.9', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it('takes the client behind TRUST_PROXY from the proxy’s own X-Forwarded-For entry, not from what the client sent', async () => {
    const proxied = await createTestApp(database, { TRUST_PROXY: 'true' });
    try {
      const via = (forwardedFor: string) => scrape(proxied, '127.0.0.1', { 'x-forwarded-for': forwardedFor });
      expect((await via('203.0.113.9')).statusCode).toBe(403);
      // A public client claiming an internal address: the proxy appends the address it really saw.
      expect((await via('10.0.0.1, 203.0.113.9')).statusCode).toBe(403);
      expect((await via('203.0.113.9, 10.0.0.7')).statusCode).toBe(200);
      expect((await scrape(proxied, '127.0.0.1')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
    // Without a proxy the header is the client's own word: ignored.
    expect((await scrape(app, '203.0.113.9', { 'x-forwarded-for': '10.0.0.1' })).statusCode).toBe(403);
    expect((await scrape(app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(200);
  });
});

describe('addresses the portal never answers', () => {
  let webRoot: string;
  let withPortal: FastifyInstance;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'gzcredit-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>portal</title>');
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    withPortal = await buildApp({ config, database, dataKey: TEST_DATA_KEY, webRoot });
  });

  afterAll(async () => {
    await withPortal?.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('answers unknown /api addresses, /metrics and its subpaths with JSON, and other pages with the portal', async () => {
    for (const url of ['/api/nope', '/api', '/api?x=1', '/api/public/nope?q=1', '/metrics/extra', '/healthz?x']) {
      const response = await withPortal.inject(url);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      expect(response.statusCode, url).toBe(url === '/healthz?x' ? 200 : 404);
      if (response.statusCode === 404) expect(response.json().error.code, url).toBe('ROUTE_NOT_FOUND');
    }
    const refused = await withPortal.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect((await withPortal.inject('/metrics')).body).toContain('# TYPE gzcredit_http_request_duration_seconds');
    const page = await withPortal.inject('/enterprises/anything');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });
});
