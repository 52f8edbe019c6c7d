import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../test/factories';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { type RunningReceiver, startReceiver } from '../test/sync-receiver';
import { verifyAuditChain } from './platform/audit';
import { sm4Encrypt } from './platform/crypto';
import type { DatabaseHandle } from './platform/database';

/**
 * Issue 22 items 4–5: two real platform processes (`src/main.ts`) on one PostgreSQL database. One is killed with
 * SIGKILL while the receiver simulator holds its delivery batch; the other finishes the delivery: every event applied
 * exactly once (repeats refused by event id), in order per entity, none lost. The same two nodes, started at once and
 * serving audited requests side by side, book each recurring job once, run each daily job once, and keep one audit
 * chain. PostgreSQL only: PGlite is one process's embedded database.
 */

const DATA_KEY = randomBytes(16);
const LOG_SIGNING_KEY = randomBytes(32).toString('hex');
const SECRET = randomBytes(24).toString('hex');
const ENTITIES = 60;
const UPDATES = 2;
const AUDITED_REQUESTS_PER_NODE = 10;
const DAILY_JOBS = ['publicity.expire-records', 'enterprises.refresh-name-statistics', 'ingestion.sweep-incoming'];

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let database: DatabaseHandle & { url?: string };
let receiver: RunningReceiver;
let operator: TestSession;
const nodes: ServerProcess[] = [];
const dataDirs: string[] = [];

async function deliveryCounts(): Promise<Record<string, number>> {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM sync_deliveries WHERE destination_id = 1 GROUP BY status`.execute(
    database.db,
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

function startNode(dataDir: string): Promise<ServerProcess> {
  return startServerProcess({
    DATABASE_URL: database.url!,
    DATA_DIR: dataDir,
    DATA_ENCRYPTION_KEY: DATA_KEY.toString('hex'),
    LOG_SIGNING_KEY,
    JOB_LEASE_SECONDS: '3',
    SYNC_POLL_SECONDS: '0.2',
    SYNC_REQUEST_TIMEOUT_SECONDS: '2',
    SYNC_RETRY_BASE_SECONDS: '0.1',
    SYNC_RETRY_MAX_SECONDS: '0.5',
  });
}

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  const bureau = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520000',
    level: 'province',
  });
  const account = await createAccount(database.db, {
    agencyId: Number(bureau.id),
    permissions: ['platform.operator', 'exchange.configure'],
  });
  operator = await openSession(database.db, account.id);
  receiver = await startReceiver({ secret: SECRET, state: join(tmpdir(), `gzcredit-nodes-${process.pid}.ndjson`) });
  await database.db
    .updateTable('syncDestinations')
    .set({
      endpoint: receiver.endpoint,
      keyId: receiver.keyId,
      secretCipher: sm4Encrypt(DATA_KEY, SECRET),
      itemCodes: null,
      useScopes: ['public'],
      format: 'ndjson',
      enabled: true,
      maxAttempts: 100,
      ratePerSecond: 40,
      agencyId: Number(bureau.id),
    })
    .where('id', '=', 1)
    .execute();
  // The backlog the nodes find: each entity registered, then renamed twice (3 events an entity, in that order).
  for (let index = 0; index < ENTITIES; index++) {
    const creditCode = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode, name: `贵州多节点演练${index}号有限公司` });
    for (let update = 1; update <= UPDATES; update++) {
      await database.db
        .updateTable('enterprises')
        .set({ name: `贵州多节点演练${index}号有限公司（第${update}次更名）` })
        .where('creditCode', '=', creditCode)
        .execute();
    }
  }
  // Away until both nodes serve, so that the first to start does not deliver the whole backlog alone.
  await receiver.set({ down: true });
  for (let node = 0; node < 2; node++) dataDirs.push(await mkdtemp(join(tmpdir(), `gzcredit-node-${node}-`)));
}, 120_000);

afterAll(async () => {
  if (!onPostgres) return;
  await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
  await receiver?.stop();
  await database?.close();
  await rm(join(tmpdir(), `gzcredit-nodes-${process.pid}.ndjson`), { force: true });
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

describe.runIf(onPostgres)('two nodes on one PostgreSQL (issue 22, kill -9 drill)', () => {
  it('loses and repeats nothing when the delivering node is killed mid-batch; jobs and the audit chain never run twice or fork', async () => {
    // Started at once, as a deployment's nodes are: both migrate, seed and book their recurring jobs.
    nodes.push(...(await Promise.all(dataDirs.map((dir) => startNode(dir)))));
    const started = Date.now();
    // Back, answering slowly: the batch a node has sent is still at the receiver when the node is killed.
    await receiver.set({ down: false, delayMs: 600 });

    // Audited writes through both nodes side by side while the delivery runs.
    const audited = await Promise.all(
      nodes.flatMap((node, index) =>
        Array.from({ length: AUDITED_REQUESTS_PER_NODE }, (_, serial) =>
          fetch(`${node.baseUrl}/api/console/api-clients`, {
            method: 'POST',
            headers: { ...consoleHeaders(operator), 'content-type': 'application/json' },
            body: JSON.stringify({ name: `多节点演练系统${index}-${serial}` }),
          }).then((response) => response.status),
        ),
      ),
    );
    expect(audited).toEqual(Array(2 * AUDITED_REQUESTS_PER_NODE).fill(200));

    // The node whose batch the receiver holds is killed.
    let sender: string | undefined;
    while (!sender && Date.now() - started < 60_000) {
      sender = (await receiver.state()).inFlight[0];
      if (!sender) await sleep(20);
    }
    const pid = Number(/pid (\d+)/.exec(sender ?? '')?.[1]);
    const victim = nodes.find((node) => node.process.pid === pid);
    expect(victim, `the sender ${sender} is one of the nodes`).toBeDefined();
    const atKill = await deliveryCounts();
    await victim!.stop('SIGKILL');
    const survivor = nodes.find((node) => node !== victim)!;

    let current = await deliveryCounts();
    while (Date.now() - started < 90_000 && (current.pending || current.waiting)) {
      await sleep(250);
      current = await deliveryCounts();
    }
    const state = await receiver.state();
    const written = ENTITIES * (1 + UPDATES);
    console.log(
      `kill -9 drill (PostgreSQL, two nodes): events written ${written}, delivered before the kill ` +
        `${atKill.delivered ?? 0}, delivered ${current.delivered ?? 0}, applied ${state.applied}, duplicates refused ` +
        `${state.duplicates}, out of order ${state.orderViolations}, dead ${current.dead ?? 0}, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(current).toEqual({ delivered: written });
    expect(state.applied).toBe(written);
    expect(state.orderViolations).toBe(0);
    expect(state.signatureRefused).toBe(0);
    // The survivor still serves.
    expect((await fetch(`${survivor.baseUrl}/readyz`)).status).toBe(200);

    // Never two runs of a recurring job booked at once, whichever node booked it.
    const { rows: doubled } = await sql<{ name: string; n: number }>`
      SELECT name, count(*)::int AS n FROM jobs WHERE status = 'pending' GROUP BY name HAVING count(*) > 1`.execute(
      database.db,
    );
    expect(doubled).toEqual([]);
    // Each daily job ran once for the two starts, and its next run is booked once.
    const { rows: daily } = await sql<{ name: string; done: number; pending: number }>`
      SELECT name, count(*) FILTER (WHERE status = 'done')::int AS done,
        count(*) FILTER (WHERE status = 'pending')::int AS pending
      FROM jobs WHERE name = ANY (${DAILY_JOBS}) GROUP BY name ORDER BY name`.execute(database.db);
    expect(daily).toEqual([...DAILY_JOBS].sort().map((name) => ({ name, done: 1, pending: 1 })));
    // One audit chain: every audited request of both nodes in it, each link holding.
    const created = await database.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'api-client.created')
      .executeTakeFirstOrThrow();
    expect(Number(created.n)).toBe(2 * AUDITED_REQUESTS_PER_NODE);
    const chain = await verifyAuditChain(database.db);
    console.log(
      `kill -9 drill: audit chain ${chain.intact ? 'intact' : 'BROKEN'}, daily jobs ${JSON.stringify(daily)}`,
    );
    expect(chain.intact).toBe(true);
  }, 240_000);
});
