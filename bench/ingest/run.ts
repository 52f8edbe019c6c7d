/**
 * Ingestion benchmark (SPEC §6: a 1,000,000-row upload with validation ≥ 100,000 rows/s and ≥ 25 % of a raw COPY of
 * the same rows, memory flat under 300 MB RSS; kill -9 during a large upload, then retry: 0 lost, 0 duplicated).
 * Runs the real server as a child process on a fresh PostgreSQL database, uploads a generated 行政处罚信息 CSV through
 * POST /api/console/uploads and polls the upload until its job is done. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig } from '../../apps/server/src/config';
import { getCurrentCatalogue } from '../../apps/server/src/modules/catalogue/index';
import { loadSubmissionContext } from '../../apps/server/src/modules/records/index';
import { openDatabase } from '../../apps/server/src/platform/database';
import { SESSION_COOKIE, startSession } from '../../apps/server/src/platform/sessions';
import { generateDemoEnterprises } from '../../apps/server/src/seed/demo-enterprises';
import type { UploadDto } from '../../packages/contracts/src/index';
import { type CpuShare, startCpuMeter } from '../search/cpu';
import { loadEnterprises } from '../search/load';
import { parseArgs } from './args';
import { BARE_TABLE, copyRecords, writeCopyFile } from './copy';
import { type KnownEntity, penaltyRows, writePenaltyCsv } from './generate';
import { httpRequest, memoryOf, type ServerProcess, startServer } from './server';

const log = (line = '') => console.log(line);
const perSecond = (value: number) => Math.round(value).toLocaleString('en');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const seconds = (value: number) => `${value.toFixed(1)} s`;
const cores = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');

const options = parseArgs(process.argv.slice(2));
const adminUrl = new URL(options.databaseUrl);
const databaseName = decodeURIComponent(adminUrl.pathname.slice(1));
adminUrl.pathname = '/postgres';

async function freshDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const name = admin.escapeIdentifier(databaseName);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  } finally {
    await admin.end();
  }
}

/** The server process and the PostgreSQL backends of the benchmark database, measured apart from everything else. */
async function cpuMeters(server: ServerProcess, helper: pg.Client) {
  const backends = async () =>
    (
      await helper.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )
    ).rows.map((row) => row.pid);
  const serverMeter = await startCpuMeter(async () => [server.pid]);
  const databaseMeter = await startCpuMeter(backends);
  return {
    async stop(): Promise<{ server: CpuShare; database: CpuShare }> {
      return { server: await serverMeter.stop(), database: await databaseMeter.stop() };
    },
  };
}

async function main() {
  const workDir = await mkdtemp(join(tmpdir(), 'gzcredit-ingest-'));
  const dataDir = join(workDir, 'data');
  const env = {
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: dataDir,
    DEMO_DATA: '0',
    LOG_LEVEL: 'warn',
    // Required on PostgreSQL (platform/secrets.ts); the same for the restarted server below.
    DATA_ENCRYPTION_KEY: randomBytes(16).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
    UPLOAD_MAX_BYTES: String(2 ** 31 - 1),
  };
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  let server: ServerProcess | undefined;
  const helper = new pg.Client({ connectionString: options.databaseUrl });
  try {
    log(
      `# Ingestion benchmark: ${options.rows.toLocaleString('en')} rows, ${options.entities.toLocaleString('en')} entities`,
    );
    await freshDatabase();
    server = await startServer(env, port, options.serverNodeFlags);
    log(`server pid ${server.pid} on port ${port} (migrated and seeded a fresh database ${databaseName})`);
    await helper.connect();

    log('## Entities');
    const load = await loadEnterprises(options.databaseUrl, options.entities, (line) => log(line));
    log(`  ${load.rows.toLocaleString('en')} entities (${perSecond(load.rowsPerSecond)} rows/s)`);
    const known: KnownEntity[] = [];
    for (const batch of generateDemoEnterprises(options.entities, { batchSize: 10_000 }))
      for (const entity of batch) known.push({ creditCode: entity.creditCode, name: entity.name });

    // An agency account with the record.submit permission and a session, written directly (no sign-in, no TOTP).
    const database = await openDatabase({ url: options.databaseUrl });
    const agency = await database.db
      .insertInto('agencies')
      .values({
        name: '贵阳市市场监督管理局',
        regionCode: '520100',
        level: 'prefecture',
        kind: 'market_regulation',
        parentId: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await database.db
      .insertInto('accounts')
      .values({
        username: 'bench.ingest',
        agencyId: Number(agency.id),
        displayName: '基准测试',
        passwordHash: 'not-used',
        mustChangePassword: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('accountPermissions')
      .values({ accountId: account.id, permission: 'record.submit' })
      .execute();
    const session = await startSession(database.db, {
      accountId: Number(account.id),
      ip: '127.0.0.1',
      userAgent: 'bench',
      timeouts: loadConfig({}),
    });
    const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-csrf-token': session.csrfToken };
    const item = (await getCurrentCatalogue(database.db)).items.find((candidate) => candidate.code === 'penalty')!;
    const context = await loadSubmissionContext(database.db, randomBytes(16));
    const base = `http://127.0.0.1:${port}/api/console`;

    log('## Data');
    const template = await httpRequest(`${base}/catalogue/items/${item.id}/template?format=csv`, {
      method: 'GET',
      headers,
    });
    if (template.status !== 200) throw new Error(`template: ${template.status} ${template.body}`);
    const header = template.body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    const csvPath = join(workDir, '行政处罚信息.csv');
    let started = performance.now();
    const size = await writePenaltyCsv(csvPath, header, penaltyRows(options.rows, known));
    log(`  CSV ${mb(size)} (${header.length} columns) written in ${seconds((performance.now() - started) / 1000)}`);

    let copyRate = Number.NaN;
    let bareRate = Number.NaN;
    let copyCpuPerRow = Number.NaN;
    if (!options.skipCopy) {
      log('## Raw COPY of the same rows (values computed beforehand, entity ids looked up)');
      const enterpriseIds = new Map<string, number>();
      const entities = await helper.query<{ credit_code: string; id: string }>(
        'SELECT credit_code, id FROM enterprises',
      );
      for (const row of entities.rows) enterpriseIds.set(row.credit_code, Number(row.id));
      const batch = await helper.query<{ id: string }>(
        `INSERT INTO exchange_batches (agency_id, channel, account_id, item_id, details)
         VALUES ($1, 'api', $2, $3, '{"bench":"copy"}') RETURNING id`,
        [agency.id, account.id, item.id],
      );
      const copyPath = join(workDir, 'records.copy');
      started = performance.now();
      const prepared = await writeCopyFile(copyPath, penaltyRows(options.rows, known), item, context, {
        agencyId: Number(agency.id),
        batchId: Number(batch.rows[0]!.id),
        accountId: Number(account.id),
        enterpriseIds,
      });
      log(
        `  ${prepared.toLocaleString('en')} rows prepared in ${seconds((performance.now() - started) / 1000)} (not timed)`,
      );
      const bare = await copyRecords(options.databaseUrl, copyPath, BARE_TABLE);
      bareRate = bare.rows / bare.seconds;
      log(
        `  COPY into a bare table of the same columns (no key, no index): ${bare.rows.toLocaleString('en')} rows in ` +
          `${seconds(bare.seconds)}: ${perSecond(bareRate)} rows/s; its backend used ${seconds(bare.cpuSeconds)} of CPU ` +
          `(${((bare.cpuSeconds / bare.rows) * 1e6).toFixed(0)} µs per row)`,
      );
      await helper.query('CHECKPOINT');
      const copied = await copyRecords(options.databaseUrl, copyPath, 'records');
      copyRate = copied.rows / copied.seconds;
      copyCpuPerRow = (copied.cpuSeconds / copied.rows) * 1e6;
      log(
        `  COPY into records as it is: ${copied.rows.toLocaleString('en')} rows in ${seconds(copied.seconds)}: ` +
          `${perSecond(copyRate)} rows/s; its backend used ${seconds(copied.cpuSeconds)} of CPU ` +
          `(${copyCpuPerRow.toFixed(0)} µs per row)`,
      );
      await rm(copyPath, { force: true });
      await helper.query('VACUUM (ANALYZE) records');
      await helper.query('CHECKPOINT');
    }
    await database.close();

    log('## Upload through POST /api/console/uploads');
    const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="itemId"\r\n\r\n${item.id}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="行政处罚信息.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const upload = async () => {
      const body = Readable.from(
        (async function* () {
          yield head;
          yield* createReadStream(csvPath, { highWaterMark: 1024 * 1024 });
          yield tail;
        })(),
      );
      const answer = await httpRequest(`${base}/uploads`, {
        method: 'POST',
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        length: head.length + (await stat(csvPath)).size + tail.length,
      });
      if (answer.status !== 200) throw new Error(`upload: ${answer.status} ${answer.body}`);
      return JSON.parse(answer.body.toString()) as UploadDto & { duplicate: boolean };
    };
    const poll = async (id: number, onProgress?: (upload: UploadDto) => Promise<boolean>) => {
      let maxRss = 0;
      while (true) {
        await sleep(250);
        maxRss = Math.max(maxRss, (await memoryOf(server!.pid)).rss);
        const answer = await httpRequest(`${base}/uploads/${id}`, { method: 'GET', headers });
        const current = JSON.parse(answer.body.toString()) as UploadDto;
        if (current.status === 'done' || current.status === 'failed') return { upload: current, maxRss };
        if (onProgress && (await onProgress(current))) return { upload: current, maxRss };
      }
    };

    const meter = await cpuMeters(server, helper);
    started = performance.now();
    const created = await upload();
    const uploadedAt = performance.now();
    let killed = false;
    let { upload: finished, maxRss } = await poll(created.id, async (current) => {
      if (options.killAt === null || current.progress < options.killAt * 100) return false;
      log(`  kill -9 at ${current.progress} % (${current.rowsDone.toLocaleString('en')} rows read)`);
      await server!.kill();
      killed = true;
      return true;
    });
    const total = (performance.now() - started) / 1000;
    const cpu = killed ? undefined : await meter.stop();
    const memory = await memoryOf(server.pid);

    if (killed) {
      server = await startServer(env, port, options.serverNodeFlags);
      const restarted = performance.now();
      const again = await upload();
      log(
        `  restarted; the same file uploaded again: duplicate=${again.duplicate}, upload ${again.id}, ${again.status}`,
      );
      ({ upload: finished, maxRss } = await poll(again.id));
      log(
        `  resumed and finished ${seconds((performance.now() - restarted) / 1000)} after the restart ` +
          '(the job is claimed again once its 60-second lease has run out)',
      );
    }

    const counts = await helper.query<{ stored: string; distinct: string }>(
      'SELECT count(*) AS stored, count(DISTINCT content_hash) AS distinct FROM records WHERE batch_id = $1',
      [finished.batchId],
    );
    const stored = Number(counts.rows[0]!.stored);
    const distinct = Number(counts.rows[0]!.distinct);
    const lost = options.rows - finished.accepted - finished.rejected;
    log(`  status ${finished.status}${finished.errorMessage ? ` (${finished.errorMessage})` : ''}`);
    log(
      `  rows ${finished.rowsDone.toLocaleString('en')}, accepted ${finished.accepted.toLocaleString('en')}, rejected ` +
        `${finished.rejected.toLocaleString('en')}; records stored ${stored.toLocaleString('en')} ` +
        `(${(stored - distinct).toLocaleString('en')} duplicated, ${lost.toLocaleString('en')} lost)`,
    );
    if (finished.status !== 'done' || stored !== finished.accepted || distinct !== stored || lost !== 0)
      process.exitCode = 1;
    if (killed) return;

    const rate = options.rows / total;
    const jobSeconds =
      finished.startedAt && finished.finishedAt
        ? (Date.parse(finished.finishedAt) - Date.parse(finished.startedAt)) / 1000
        : Number.NaN;
    log();
    log('| figure | value | target |');
    log('|---|---|---|');
    log(`| rows | ${options.rows.toLocaleString('en')} (${mb(size)}) | |`);
    log(`| upload (HTTP, streamed to disk, SHA-256) | ${seconds((uploadedAt - started) / 1000)} | |`);
    log(
      `| job (validate, store, checkpoint) | ${seconds(jobSeconds)} (${perSecond(options.rows / jobSeconds)} rows/s) | |`,
    );
    log(`| upload start → job done | ${seconds(total)} | |`);
    log(`| **rows/s** | **${perSecond(rate)}** | ≥ 100,000 |`);
    if (!options.skipCopy) {
      log(`| raw COPY into records rows/s | ${perSecond(copyRate)} | |`);
      log(`| COPY into a bare table rows/s | ${perSecond(bareRate)} | |`);
      log(`| **ratio to COPY into records** | **${((rate / copyRate) * 100).toFixed(0)} %** | |`);
      log(`| **ratio to COPY into a bare table** | **${((rate / bareRate) * 100).toFixed(0)} %** | ≥ 25 % |`);
    }
    log(`| **server peak RSS (VmHWM)** | **${mb(memory.peak)}** (largest sample ${mb(maxRss)}) | < 300 MB |`);
    if (cpu) {
      const serverPerRow = ((cpu.server.ours * total) / options.rows) * 1e6;
      const databasePerRow = ((cpu.database.ours * total) / options.rows) * 1e6;
      log(
        `| CPU (cores, average) | server ${cores(cpu.server.ours)}, PostgreSQL ${cores(cpu.database.ours)}, ` +
          `other processes ${cores(Math.max(0, cpu.server.machine - cpu.server.ours - cpu.database.ours))} | |`,
      );
      log(`| CPU per row | server ${serverPerRow.toFixed(0)} µs, PostgreSQL ${databasePerRow.toFixed(0)} µs | |`);
      if (!options.skipCopy) {
        // Two otherwise idle cores: the server and PostgreSQL overlap, so the side with more CPU per row sets the pace.
        const projected = 1e6 / Math.max(serverPerRow, databasePerRow);
        const projectedCopy = 1e6 / copyCpuPerRow;
        log(
          `| CPU-bound projection (idle machine) | upload ${perSecond(projected)} rows/s, COPY ${perSecond(projectedCopy)} ` +
            `rows/s: ${((projected / projectedCopy) * 100).toFixed(0)} % | |`,
        );
      }
    }
  } finally {
    await helper.end().catch(() => undefined);
    await server?.stop();
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
    else log(`kept ${workDir}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
