import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test/app';
import { consoleCall } from '../test/console';
import { createAccount, createAgency, createEnterprise, openSession, uniqueCreditCode } from '../test/factories';
import { type PrivatePostgres, startPrivatePrimary, startPrivateReplica } from '../test/private-postgres';
import { startServerProcess } from '../test/server-process';
import { startReceiver } from '../test/sync-receiver';
import { migrations } from './db/migrations';
import { seedCatalogue } from './modules/catalogue';
import { seedMeasures } from './modules/checks';
import { sm4Encrypt } from './platform/crypto';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './platform/database';

/**
 * Issue 22 items 4–5, the drills that need a PostgreSQL server of their own: a private primary (initdb in a temporary
 * directory, on a loopback port) and a streaming replica base-backed-up from it. The machine's PostgreSQL on 5432 is
 * never touched. Runs with the PostgreSQL tests (TEST_DATABASE_URL), with the Debian server binaries.
 *
 * - Read replica: with DATABASE_REPLICA_URL the public reads go to the replica, the writes to the primary; a replica
 *   lagging past DATABASE_REPLICA_MAX_LAG_SECONDS or stopped sends the reads back to the primary.
 * - Restart under load: the primary is restarted while a real node (src/main.ts) serves searches and delivers sync
 *   events; /readyz answers 503 while it is down and 200 after, with no restart of the node, and every event is
 *   delivered once, in order.
 */

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const DATABASE = 'gzcredit';
const MAX_LAG_SECONDS = 2;
let primary: PrivatePostgres;
let replica: PrivatePostgres;

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
  return Date.now() - started;
}

beforeAll(async () => {
  if (!onPostgres) return;
  primary = await startPrivatePrimary();
  await onServer(primary.url('postgres'), (client) =>
    client.query(`CREATE DATABASE ${DATABASE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`),
  );
  const setup = await openDatabase({ url: primary.url(DATABASE) });
  await migrateToLatest(setup.db, migrations);
  await seedCatalogue(setup.db);
  await seedMeasures(setup.db);
  await setup.close();
  replica = await startPrivateReplica(primary);
}, 120_000);

afterAll(async () => {
  if (!onPostgres) return;
  await replica?.destroy();
  await primary?.destroy();
});

describe.runIf(onPostgres)('PostgreSQL drills on a private primary and streaming replica (issue 22)', () => {
  let database: DatabaseHandle;
  let app: FastifyInstance;

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('sends public reads to the replica and writes to the primary; a lagging or stopped replica sends reads back', async () => {
    database = await openDatabase({
      url: primary.url(DATABASE),
      replica: { url: replica.url(DATABASE), maxLagSeconds: MAX_LAG_SECONDS },
    });
    // No reuse of search results: each read below must reach a server.
    app = await createTestApp(database, { SEARCH_CACHE_SECONDS: '0' });
    const profile = async (creditCode: string) =>
      (await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` })).statusCode;
    const replicaState = async () => (await app.inject({ method: 'GET', url: '/readyz' })).json().replica as string;
    const replicaHas = (creditCode: string) =>
      onServer(replica.url(DATABASE), async (client) => {
        const { rowCount } = await client.query('SELECT 1 FROM enterprises WHERE credit_code = $1', [creditCode]);
        return rowCount === 1;
      });
    const bureau = await createAgency(database.db, {
      name: '贵州省市场监督管理局',
      kind: 'market_regulation',
      regionCode: '520000',
      level: 'province',
    });
    const operator = await openSession(
      database.db,
      (await createAccount(database.db, { agencyId: Number(bureau.id), permissions: ['exchange.configure'] })).id,
    );
    expect(await replicaState()).toBe('in-use');

    const first = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: first, name: '贵州副本演练甲有限公司' });
    const replayedMs = await waitFor('the replica replays the new entity', () => replicaHas(first));
    expect(await profile(first)).toBe(200);
    const search = await app.inject({ method: 'GET', url: `/api/public/enterprises?q=${first}` });
    expect(search.statusCode).toBe(200);
    expect(search.json().items.map((item: { creditCode: string }) => item.creditCode)).toEqual([first]);

    // Replay paused: what the primary holds next is not on the replica, and the public reads do not see it.
    await onServer(replica.url(DATABASE), (client) => client.query('SELECT pg_wal_replay_pause()'));
    const second = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: second, name: '贵州副本演练乙有限公司' });
    expect(await profile(second), 'read from the replica, which has not replayed it').toBe(404);
    // Writes go to the primary, whose read-write transaction a replica could not run.
    const write = await consoleCall(app, operator, 'POST', '/api-clients', { name: '副本演练系统' });
    expect(write.statusCode, write.body).toBe(200);
    expect(await replicaState()).toBe('in-use');
    // Past the lag bound, the reads go back to the primary.
    const fallbackMs = await waitFor('fallback to the primary past the lag bound', async () => {
      return (await replicaState()) === 'fallback';
    });
    expect(await profile(second), 'read from the primary').toBe(200);
    await onServer(replica.url(DATABASE), (client) => client.query('SELECT pg_wal_replay_resume()'));
    const backMs = await waitFor('the replica in use again once it caught up', async () => {
      return (await replicaState()) === 'in-use';
    });
    expect(await profile(second)).toBe(200);

    // The replica stops: reads go to the primary, and every read keeps answering.
    await replica.stop('fast');
    const statuses: number[] = [];
    const stoppedMs = await waitFor('fallback once the replica stopped', async () => {
      statuses.push(await profile(second));
      return (await replicaState()) === 'fallback';
    });
    for (let read = 0; read < 5; read++) statuses.push(await profile(first));
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    console.log(
      `replica drill: replayed in ${replayedMs} ms; lag bound ${MAX_LAG_SECONDS} s passed after ${fallbackMs} ms ` +
        `(reads to the primary); back on the replica ${backMs} ms after replay resumed; replica stopped: reads on ` +
        `the primary after ${stoppedMs} ms, answers ${JSON.stringify(countBy(statuses))}`,
    );
    // A read in flight as the replica stopped may have answered 503 (retry); after the switch, each one answered 200.
    expect(statuses.slice(-5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
  }, 90_000);

  it('recovers from a restart of the primary under load without a restart of its own; readyz is honest', async () => {
    const dataKey = randomBytes(16);
    const secret = randomBytes(24).toString('hex');
    const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-restart-'));
    const receiver = await startReceiver({ secret, state: join(dataDir, 'receiver.ndjson') });
    const writer = await openDatabase({ url: primary.url(DATABASE) });
    const node = await startServerProcess({
      DATABASE_URL: primary.url(DATABASE),
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: dataKey.toString('hex'),
      LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
      JOB_LEASE_SECONDS: '3',
      SYNC_POLL_SECONDS: '0.2',
      SYNC_REQUEST_TIMEOUT_SECONDS: '1',
      SYNC_RETRY_BASE_SECONDS: '0.1',
      SYNC_RETRY_MAX_SECONDS: '0.5',
      SEARCH_CACHE_SECONDS: '0',
    });
    try {
      const agency = await createAgency(writer.db);
      await writer.db
        .updateTable('syncDestinations')
        .set({
          endpoint: receiver.endpoint,
          keyId: receiver.keyId,
          secretCipher: sm4Encrypt(dataKey, secret),
          useScopes: ['public'],
          format: 'json',
          enabled: true,
          maxAttempts: 100,
          ratePerSecond: 200,
          agencyId: Number(agency.id),
        })
        .where('id', '=', 1)
        .execute();
      const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_events`.execute(writer.db)).rows[0]!
        .n;
      const readyz = async () => (await fetch(`${node.baseUrl}/readyz`).catch(() => undefined))?.status ?? 0;
      // The load: public searches back to back for the whole drill, and entities registered before and after.
      const answers: number[] = [];
      let loading = true;
      const load = (async () => {
        while (loading) {
          const response = await fetch(`${node.baseUrl}/api/public/enterprises?q=${encodeURIComponent('重启演练')}`);
          answers.push(response.status);
          await response.arrayBuffer();
          await sleep(20);
        }
      })();
      const register = async (count: number, label: string) => {
        for (let index = 0; index < count; index++)
          await createEnterprise(writer.db, {
            creditCode: uniqueCreditCode(),
            name: `贵州重启演练${label}${index}号公司`,
          });
      };
      await register(20, '甲');
      await waitFor('deliveries begin', async () => (await receiver.state()).applied > 0);

      await primary.stop('fast');
      const downMs = await waitFor(
        'readyz answers 503 while the primary is down',
        async () => (await readyz()) === 503,
      );
      await sleep(1_500);
      const whileDown = await readyz();
      await primary.start();
      const upMs = await waitFor('readyz answers 200 once the primary is back', async () => (await readyz()) === 200);
      await register(20, '乙');
      await waitFor(
        'every event delivered',
        async () => {
          const { rows } = await sql<{ open: number }>`
            SELECT count(*)::int AS open FROM sync_deliveries WHERE status <> 'delivered'`.execute(writer.db);
          return rows[0]!.open === 0 && (await receiver.state()).applied >= 40;
        },
        40_000,
      );
      loading = false;
      await load;
      const written = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_events`.execute(writer.db)).rows[0]!
        .n;
      const state = await receiver.state();
      console.log(
        `restart drill: readyz 503 ${downMs} ms after the stop (still ${whileDown} 1.5 s later), 200 ${upMs} ms after ` +
          `the start; searches ${JSON.stringify(countBy(answers))}; events written ${written - before}, applied ` +
          `${state.applied}, duplicates refused ${state.duplicates}, out of order ${state.orderViolations}`,
      );
      expect(whileDown).toBe(503);
      expect(written - before).toBe(40);
      expect(state.applied).toBe(40);
      expect(state.orderViolations).toBe(0);
      // Searches answer 200, or 503 with Retry-After while the database is away; never 500.
      expect(answers.filter((status) => status !== 200 && status !== 503)).toEqual([]);
      expect(answers.at(-1)).toBe(200);
      expect(answers).toContain(503);
    } finally {
      await node.stop();
      await receiver.stop();
      await writer.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
