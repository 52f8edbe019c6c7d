/**
 * Sync benchmark (issue 22): events delivered per second to the receiver simulator at 0 % and 30 % failure, beside the
 * rate of writing the same events through the outbox (and without it), and the backlog drain time after 10 minutes
 * down at the ingest rate, as a projection computed from these rates. See bench/README.md.
 *
 *   npm run sync -w bench -- --events 20000 --per-entity 5 --database-url postgres://postgres@127.0.0.1:5432/gzcredit_sync_bench
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../../apps/server/src/db/migrations/index';
import { seedCatalogue } from '../../apps/server/src/modules/catalogue/index';
import { deliverSyncEvents } from '../../apps/server/src/modules/sync/sync-delivery.service';
import { sm4Encrypt } from '../../apps/server/src/platform/crypto';
import { type Db, migrateToLatest, openDatabase } from '../../apps/server/src/platform/database';
import { startReceiver } from '../../apps/server/test/sync-receiver';
import { startCpuMeter } from '../search/cpu';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'per-entity': { type: 'string', default: '5' },
    chunk: { type: 'string', default: '1000' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/gzcredit_sync_bench' },
    /** Rows/s of the console upload on PostgreSQL (bench/README.md, npm run bench:ingest) for the drain projection. */
    'ingest-rate': { type: 'string', default: '7263' },
  },
});
const EVENTS = Number(args.events);
const PER_ENTITY = Number(args['per-entity']);
const CHUNK = Number(args.chunk);
const INGEST_RATE = Number(args['ingest-rate']);
const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const SECRET = 'bench-shared-secret-0123456789abcdef';
const log = (line = '') => console.log(line);
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en');

async function freshDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  } finally {
    await client.end();
  }
}

let serial = 0;
/**
 * Writes `count` records and their `created` change rows in chunks of CHUNK, one transaction and two set-based
 * statements a chunk, as an upload's chunk does; the outbox trigger on record_changes adds the events. Answers ms.
 */
async function writeRecords(db: Db, count: number, context: { itemId: number; agencyId: number; batchId: number }) {
  const started = performance.now();
  for (let done = 0; done < count; done += CHUNK) {
    const size = Math.min(CHUNK, count - done);
    const first = serial;
    serial += size;
    await db.transaction().execute(async (trx) => {
      await sql`
        WITH inserted AS (
          INSERT INTO records (item_id, agency_id, credit_code, entity_name, payload, arose_on, due_on, use_scope,
            content_hash, channel, batch_id)
          SELECT ${context.itemId}, ${context.agencyId},
            '91520102BENCH' || lpad(((n / ${PER_ENTITY}))::text, 5, '0'), '贵州基准测试有限公司',
            jsonb_build_object('decisionNumber', '黔基准罚〔2026〕' || n || '号'), '2026-11-01', '2026-11-30', 'public',
            md5(n::text), 'upload', ${context.batchId}
          FROM generate_series(${first}::int, ${first + size - 1}::int) AS n
          RETURNING id)
        INSERT INTO record_changes (record_id, kind) SELECT id, 'created' FROM inserted ORDER BY id`.execute(trx);
    });
  }
  return performance.now() - started;
}

async function deliverAll(db: Db, expected: number, retryBaseMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    await deliverSyncEvents({
      db,
      dataKey: KEY,
      retryBaseMs,
      retryMaxMs: retryBaseMs * 8,
      requestTimeoutMs: 10_000,
      roundBudgetMs: 5000,
    });
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM sync_deliveries WHERE status = 'delivered'`.execute(db);
    if (rows[0]!.n >= expected) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main() {
  const url = args['database-url']!;
  await freshDatabase(url);
  const database = await openDatabase({ url });
  const db = database.db;
  await migrateToLatest(db, migrations);
  await seedCatalogue(db);
  const receiver = await startReceiver({ secret: SECRET, keyId: 'bench' });
  const cpu = await startCpuMeter(async () => [process.pid, receiver.process.pid!]);
  try {
    const { rows: agencies } = await sql<{ id: number }>`
      INSERT INTO agencies (name, region_code, level, kind) VALUES ('贵州省市场监督管理局', '520000', 'province',
        'market_regulation') RETURNING id`.execute(db);
    const agencyId = Number(agencies[0]!.id);
    const { rows: items } = await sql<{ id: number }>`
      SELECT i.id FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
      WHERE i.code = 'penalty' ORDER BY e.id DESC LIMIT 1`.execute(db);
    const { rows: batches } = await sql<{ id: number }>`
      INSERT INTO exchange_batches (agency_id, channel) VALUES (${agencyId}, 'upload') RETURNING id`.execute(db);
    const context = { itemId: Number(items[0]!.id), agencyId, batchId: Number(batches[0]!.id) };

    // Baseline: the same writes without the outbox (its trigger off), then with it and no destination on.
    await sql`ALTER TABLE record_changes DISABLE TRIGGER record_changes_sync_outbox`.execute(db);
    const withoutOutbox = await writeRecords(db, EVENTS, context);
    await sql`ALTER TABLE record_changes ENABLE TRIGGER record_changes_sync_outbox`.execute(db);
    const outboxOnly = await writeRecords(db, EVENTS, context);

    await sql`
      UPDATE sync_destinations SET endpoint = ${receiver.endpoint}, key_id = ${receiver.keyId},
        secret_cipher = ${sm4Encrypt(KEY, SECRET)}, enabled = true, agency_id = ${agencyId}, rate_per_second = 10000,
        max_attempts = 100
      WHERE id = 1`.execute(db);
    const withDestination = await writeRecords(db, EVENTS, context);
    const cleanMs = await deliverAll(db, EVENTS, 1000);

    await receiver.set({ failRate: 0.3 });
    await writeRecords(db, EVENTS, context);
    const failingMs = await deliverAll(db, 2 * EVENTS, 50);
    const state = await receiver.state();
    const share = await cpu.stop();

    const deliveredPerSecond = (EVENTS / cleanMs) * 1000;
    const backlog = INGEST_RATE * 600;
    log(
      `sync bench: ${EVENTS.toLocaleString('en')} events a phase, ${PER_ENTITY} per entity, chunks of ${CHUNK}, PostgreSQL`,
    );
    log(`(2 shared cores; other processes took about ${share.other.toFixed(2)} cores: compare ratios)`);
    log();
    log('| phase | events/s |');
    log('|---|---|');
    log(`| write records + changes, outbox trigger off (baseline) | ${rate(EVENTS, withoutOutbox)} |`);
    log(
      `| write, outbox on, no destination on | ${rate(EVENTS, outboxOnly)} (${((withoutOutbox / outboxOnly) * 100).toFixed(0)} % of baseline) |`,
    );
    log(
      `| write, outbox on, one destination on (fan-out) | ${rate(EVENTS, withDestination)} (${((withoutOutbox / withDestination) * 100).toFixed(0)} % of baseline) |`,
    );
    log(`| delivered to the simulator, 0 % failure | ${rate(EVENTS, cleanMs)} |`);
    log(`| delivered to the simulator, 30 % failure | ${rate(EVENTS, failingMs)} |`);
    log();
    log(
      `receiver: applied ${state.applied}, duplicates refused ${state.duplicates}, failed on purpose ${state.failedOnPurpose}, ` +
        `requests ${state.requests}, out of order ${state.orderViolations}`,
    );
    log(
      `drain projection (computed, not run): 10 minutes down at ${INGEST_RATE.toLocaleString('en')} rows/s = ` +
        `${backlog.toLocaleString('en')} events; at ${Math.round(deliveredPerSecond).toLocaleString('en')} events/s ` +
        `(0 % failure, the destination's rate cap above it) ≈ ${(backlog / deliveredPerSecond / 60).toFixed(1)} minutes, ` +
        `at the 30 % failure rate ≈ ${(backlog / ((EVENTS / failingMs) * 1000) / 60).toFixed(1)} minutes`,
    );
  } finally {
    await receiver.stop();
    await database.close();
  }
}

await main();
