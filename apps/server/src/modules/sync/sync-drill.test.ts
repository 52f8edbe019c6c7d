import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { exchangePost } from '../../../test/exchange';
import {
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import { type RunningReceiver, startReceiver } from '../../../test/sync-receiver';
import { type DatabaseHandle, openDatabase } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { scheduleSyncJobs, syncJobs } from '.';
import { deliverSyncEvents } from './sync-delivery.service';

/**
 * Fault drill (issue 22 item 5, first drill): the receiver goes away while changes are written, then comes back failing
 * 30 % of its requests. Two delivery workers run side by side (the job system's, and a second node's rounds; on
 * PostgreSQL on a connection of its own). Every event must be applied exactly once, in order per entity.
 */

let database: DatabaseHandle & { url?: string };
let secondNode: DatabaseHandle | undefined;
let app: FastifyInstance;
let operator: TestSession;
let client: { keyId: string; secret: string };
let receiver: RunningReceiver;
const dataDir = `/tmp/gzcredit-sync-drill-${process.pid}-${Date.now()}`;
const SECRET = 'drill-shared-secret-0123456789abcdef';
const ENTITIES = 30;
const PUSHES = 3;

const config = {
  SYNC_RETRY_BASE_SECONDS: 0.05,
  SYNC_RETRY_MAX_SECONDS: 0.4,
  SYNC_REQUEST_TIMEOUT_SECONDS: 5,
  SYNC_POLL_SECONDS: 0.05,
};

async function counts() {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM sync_deliveries WHERE destination_id = 1 GROUP BY status`.execute(
    database.db,
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n])) as Record<string, number>;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: dataDir });
  const bureau = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520000',
    level: 'province',
  });
  operator = await openSession(
    database.db,
    (
      await createAccount(database.db, {
        agencyId: Number(bureau.id),
        permissions: ['platform.operator', 'exchange.configure'],
      })
    ).id,
  );
  const key = await consoleCall(app, operator, 'POST', '/api-clients', { name: '业务系统' });
  client = { keyId: key.json().client.keyId, secret: key.json().secret };
  receiver = await startReceiver({ secret: SECRET, state: `${dataDir}-receiver.ndjson` });
  if (database.url) secondNode = await openDatabase({ url: database.url });
});

afterAll(async () => {
  await receiver?.stop();
  await secondNode?.close();
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}-receiver.ndjson`, { force: true });
});

describe('sync fault drill', () => {
  it('delivers every event exactly once and in order per entity through an outage and 30 % failures', async () => {
    const enabled = await consoleCall(app, operator, 'PUT', '/sync/destinations/1', {
      name: '国家企业信用信息公示系统',
      endpoint: receiver.endpoint,
      keyId: receiver.keyId,
      secret: SECRET,
      itemCodes: null,
      useScopes: ['public'],
      format: 'ndjson',
      enabled: true,
      maxAttempts: 100,
      ratePerSecond: 5000,
    });
    expect(enabled.statusCode, enabled.body).toBe(200);
    await receiver.set({ down: true });
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_events`.execute(database.db);

    const handlers = syncJobs({ db: database.db, dataKey: TEST_DATA_KEY, config, batchSize: 25 });
    await scheduleSyncJobs(database.db);
    let stop = false;
    const jobNode = (async () => {
      while (!stop) {
        await runJobsUntilIdle(database.db, handlers);
        await sleep(20);
      }
    })();
    const otherNode = (async () => {
      const options = {
        db: (secondNode ?? database).db,
        dataKey: TEST_DATA_KEY,
        retryBaseMs: 50,
        retryMaxMs: 400,
        requestTimeoutMs: 5000,
        batchSize: 25,
      };
      while (!stop) {
        await deliverSyncEvents(options);
        await sleep(20);
      }
    })();

    // Changes are written while the receiver is away.
    const codes = Array.from({ length: ENTITIES }, () => uniqueCreditCode());
    for (const code of codes) await createEnterprise(database.db, { creditCode: code });
    for (let push = 0; push < PUSHES; push++) {
      const response = await exchangePost(app, client, '/api/exchange/v1/records', {
        records: codes.flatMap((code) => [penaltyRecord(code), penaltyRecord(code)]),
      });
      expect(response.json().accepted).toBe(ENTITIES * 2);
    }
    await sleep(1500);
    const duringOutage = await counts();
    expect(duringOutage.delivered ?? 0).toBe(0);

    await receiver.set({ down: false, failRate: 0.3 });
    const deadline = Date.now() + 120_000;
    let current = await counts();
    while (Date.now() < deadline && (current.pending || current.waiting)) {
      await sleep(200);
      current = await counts();
    }
    stop = true;
    await Promise.all([jobNode, otherNode]);

    const written = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_events`.execute(database.db)).rows[0]!
      .n;
    const queued = Object.values(current).reduce((sum, n) => sum + n, 0);
    const state = await receiver.state();
    console.log(
      `sync drill (${database.url ? 'PostgreSQL, two connections' : 'PGlite'}): events written ${written - before.rows[0]!.n}, ` +
        `queued for the destination ${queued}, delivered ${current.delivered ?? 0}, applied ${state.applied}, ` +
        `duplicates refused ${state.duplicates}, requests ${state.requests} (failed on purpose ${state.failedOnPurpose}), ` +
        `out of order ${state.orderViolations}, dead ${current.dead ?? 0}`,
    );
    expect(queued).toBe(ENTITIES * (1 + 2 * PUSHES));
    expect(current).toEqual({ delivered: queued });
    expect(state.applied).toBe(queued);
    expect(state.orderViolations).toBe(0);
    expect(state.signatureRefused).toBe(0);
    expect(state.failedOnPurpose).toBeGreaterThan(0);
  }, 180_000);
});
