import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test/app';
import { consoleCall } from '../test/console';
import { createTestDatabase } from '../test/database';
import { createAccount, createAgency, openSession } from '../test/factories';
import type { DatabaseHandle } from './platform/database';

/**
 * Issue 14, item 1: one unauthenticated request with a deeply nested JSON body stalled or killed the server. This runs
 * the real server on a socket and keeps a /healthz probe going while deep and wide bodies reach every kind of route.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let origin: string;
let client: { keyId: string; secret: string };

const PUSH_URL = '/api/exchange/v1/records';
/**
 * A stalled server answers its probe seconds late or never. A busy test machine also delays probes, so the bound is
 * relative: the slowest probe while the bodies arrive may be at most five times the slowest of a calm phase of the
 * same server in the same run just before, and never less than 200 ms.
 */
const PROBE_FLOOR_MS = 200;
const PROBE_RATIO = 5;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const agency = await createAgency(database.db, {
    name: '贵阳市南明区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520102',
    level: 'county',
  });
  const configurer = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['exchange.configure'],
  });
  const session = await openSession(database.db, configurer.id);
  const created = await consoleCall(app, session, 'POST', '/api-clients', { name: '南明区行政处罚系统' });
  client = { keyId: created.json().client.keyId, secret: created.json().secret };
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

interface Answer {
  status: number;
  code?: string;
  message?: string;
}

/** One request on its own connection; 'reset' when the server closed it before answering (it refused to read on). */
function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer | 'reset'> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(`${origin}${path}`, {
      method,
      agent: false,
      headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const error = response.headers['content-type']?.includes('json') ? JSON.parse(text).error : undefined;
        resolve({ status: response.statusCode!, code: error?.code, message: error?.message });
      });
    });
    outgoing.on('error', () => resolve('reset'));
    outgoing.end(body);
  });
}

/** `send` bound to its arguments, all made now. */
const sender =
  (...args: Parameters<typeof send>) =>
  () =>
    send(...args);

/** Polls /healthz every 20 ms on a kept-alive connection until stopped; returns each probe's latency. */
function startProbe(): () => Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let running = true;
  const probeOnce = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      httpRequest(`${origin}/healthz`, { agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject()));
      })
        .on('error', reject)
        .end();
    });
  const loop = (async () => {
    while (running) {
      latencies.push(await probeOnce());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    agent.destroy();
    return latencies;
  };
}

const deepArray = (depth: number) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => Buffer.from(`${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`);
const wideArray = (bytes: number) => Buffer.from(`[${'0,'.repeat(Math.floor(bytes / 2) - 1)}0]`);
const wideObject = (bytes: number) =>
  Buffer.from(
    `{${Array.from({ length: Math.floor((bytes - 2) / 13) }, (_, index) => `"k${String(index).padStart(7, '0')}":0`).join(',')}}`,
  );

const KIB = 1024;
const MIB = 1024 * KIB;
const JSON_HEADERS = { 'content-type': 'application/json' };

function signed(body: Buffer, secret: string, keyId: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const digest = createHash('sm3').update(body).digest('hex');
  const signature = createHmac('sm3', secret)
    .update(['POST', PUSH_URL, timestamp, nonce, digest].join('\n'))
    .digest('hex');
  return {
    ...JSON_HEADERS,
    'idempotency-key': randomBytes(8).toString('hex'),
    'x-gz-key-id': keyId,
    'x-gz-timestamp': timestamp,
    'x-gz-nonce': nonce,
    'x-gz-signature': signature,
  };
}

describe('deep and wide JSON bodies (issue 14, item 1)', () => {
  it('refuses them on every kind of route while /healthz keeps answering as fast as in a calm phase', async () => {
    const deep3m = deepArray(3_000_000); // 5.7 MiB: within the exchange push's 10 MiB
    const deep1mb = deepArray(512 * KIB); // 1 MiB
    const deepWithin64k = deepArray(30_000);
    const deepObjectWithin64k = deepObject(10_000);
    // Each refused request is listed with the answers it may get: `reset` only where the body exceeds the route's
    // limit, which the server may refuse before it has read (and the client written) all of it.
    // Bodies and signatures are made before the probe starts: client and server share this process's event loop.
    const wide9m = wideArray(9 * MIB);
    const wideObject4m = wideObject(4 * MIB);
    const wideObject2m = wideObject(2 * MIB - KIB);
    const bogus = (body: Buffer) => signed(body, 'made-up', 'gz_000000000000000000000000');
    const attacks: Array<{ label: string; send: () => Promise<Answer | 'reset'>; expected: Array<number | 'reset'> }> =
      [
        {
          label: 'exchange push, bogus signature, 3,000,000 deep',
          send: sender('POST', PUSH_URL, bogus(deep3m), deep3m),
          expected: [401],
        },
        {
          label: 'exchange push, bogus signature, 1 MB deep',
          send: sender('POST', PUSH_URL, bogus(deep1mb), deep1mb),
          expected: [401],
        },
        {
          label: 'exchange push, bogus signature, 9 MiB wide array',
          send: sender('POST', PUSH_URL, bogus(wide9m), wide9m),
          expected: [401],
        },
        {
          label: 'exchange push, bogus signature, 4 MiB wide object',
          send: sender('POST', PUSH_URL, bogus(wideObject4m), wideObject4m),
          expected: [401],
        },
        {
          label: 'exchange push, valid signature, 3,000,000 deep',
          send: sender('POST', PUSH_URL, signed(deep3m, client.secret, client.keyId), deep3m),
          expected: [400],
        },
        {
          label: 'console route, 3,000,000 deep',
          send: sender('POST', '/api/console/faults', JSON_HEADERS, deep3m),
          expected: [413, 'reset'],
        },
        {
          label: 'console route, 1 MB deep',
          send: sender('POST', '/api/console/faults', JSON_HEADERS, deep1mb),
          expected: [413, 'reset'],
        },
        {
          label: 'console route, deep within its limit',
          send: sender('POST', '/api/console/faults', JSON_HEADERS, deepWithin64k),
          expected: [400],
        },
        {
          label: 'console article route (2 MiB), 1 MB deep',
          send: sender('POST', '/api/console/articles', JSON_HEADERS, deep1mb),
          expected: [400],
        },
        {
          label: 'console article route (2 MiB), 2 MiB wide object',
          send: sender('POST', '/api/console/articles', JSON_HEADERS, wideObject2m),
          expected: [401],
        },
        {
          label: 'sign-in, 1 MB deep',
          send: sender('POST', '/api/console/session', JSON_HEADERS, deep1mb),
          expected: [413, 'reset'],
        },
        {
          label: 'sign-in, deep object within its limit',
          send: sender('POST', '/api/console/session', JSON_HEADERS, deepObjectWithin64k),
          expected: [400],
        },
        {
          label: 'sign-in, wide array within its limit',
          send: sender('POST', '/api/console/session', JSON_HEADERS, wideArray(60 * KIB)),
          expected: [400],
        },
        {
          label: 'public route, 3,000,000 deep',
          send: sender('POST', '/api/public/enterprises', JSON_HEADERS, deep3m),
          expected: [413, 'reset'],
        },
        {
          label: 'public route, deep within the default limit',
          send: sender('POST', '/api/public/enterprises', JSON_HEADERS, deepWithin64k),
          expected: [400],
        },
        {
          label: 'public search with a 1 MB deep body (a GET body is never read)',
          send: sender('GET', '/api/public/enterprises?q=%E8%B4%B5%E5%B7%9E', JSON_HEADERS, deep1mb),
          expected: [200, 'reset'],
        },
      ];

    const stopCalmProbe = startProbe();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const calm = await stopCalmProbe();
    const limit = Math.max(PROBE_FLOOR_MS, PROBE_RATIO * Math.max(...calm));

    const stopProbe = startProbe();
    const outcomes: Array<{ label: string; answer: Answer | 'reset' }> = [];
    for (const attack of attacks) outcomes.push({ label: attack.label, answer: await attack.send() });
    const latencies = await stopProbe();

    console.log(
      JSON.stringify({
        calmMaxMs: Math.round(Math.max(...calm)),
        attackedMaxMs: Math.round(Math.max(...latencies)),
        limit,
      }),
    );
    expect(calm.length).toBeGreaterThan(5);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(limit);
    for (const [index, { label, answer }] of outcomes.entries()) {
      const status = answer === 'reset' ? 'reset' : answer.status;
      expect(attacks[index]!.expected, label).toContain(status);
      if (answer !== 'reset' && answer.status >= 400) expect(answer.message, label).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await send('GET', '/healthz', {})).toMatchObject({ status: 200 });
  }, 120_000);
});
