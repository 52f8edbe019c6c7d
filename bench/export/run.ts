/**
 * Export benchmark (issue 18 item 2: a 100,000-row XLSX or CSV download of 共享查询 keeps the server's memory flat).
 * Runs the real server as a child process (`npm start`'s flags, 192 MB heap) on a fresh PostgreSQL database holding N
 * shared 行政处罚信息 records of another agency, downloads GET /api/console/shared-records/export as the viewing
 * agency over HTTP (the body read and dropped), and prints rows/s and the server's RSS sampled every 50 ms, against
 * two baselines: the idle server's RSS before the export, and the rows/s of the same keyset reads as raw SQL. See
 * bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig } from '../../apps/server/src/config';
import { openDatabase } from '../../apps/server/src/platform/database';
import { SESSION_COOKIE, startSession } from '../../apps/server/src/platform/sessions';
import { memoryOf, startServer } from '../ingest/server';
import { parseArgs } from './args';

const log = (line = '') => console.log(line);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const perSecond = (value: number) => Math.round(value).toLocaleString('en');

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

/** Downloads a URL, dropping the body: its byte count and the time it took. */
function download(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, ms: performance.now() - started }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function main() {
  const workDir = await mkdtemp(join(tmpdir(), 'gzcredit-export-'));
  const env = {
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: join(workDir, 'data'),
    DEMO_DATA: '0',
    LOG_LEVEL: 'warn',
    DATA_ENCRYPTION_KEY: randomBytes(16).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
  };
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  log(`# Export benchmark: ${options.rows.toLocaleString('en')} rows`);
  await freshDatabase();
  const server = await startServer(env, port, options.serverNodeFlags);
  const database = await openDatabase({ url: options.databaseUrl });
  const helper = new pg.Client({ connectionString: options.databaseUrl });
  await helper.connect();
  try {
    const db = database.db;
    const agency = (values: { name: string; regionCode: string; kind: 'market_regulation' | 'judicial' }) =>
      db
        .insertInto('agencies')
        .values({ ...values, level: 'prefecture', parentId: null })
        .returning('id')
        .executeTakeFirstOrThrow();
    const provider = await agency({ name: '贵阳市市场监督管理局', regionCode: '520100', kind: 'market_regulation' });
    const viewer = await agency({ name: '贵阳市中级人民法院', regionCode: '520100', kind: 'judicial' });
    const account = await db
      .insertInto('accounts')
      .values({
        username: 'bench.export',
        agencyId: Number(viewer.id),
        displayName: '基准测试',
        passwordHash: 'not-used',
        mustChangePassword: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('accountPermissions').values({ accountId: account.id, permission: 'record.query' }).execute();
    const session = await startSession(db, {
      accountId: Number(account.id),
      ip: '127.0.0.1',
      userAgent: 'bench',
      timeouts: loadConfig({}),
    });
    const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };

    // N shared penalty records of the provider, generated in SQL (the export reads them, it does not validate them).
    const loadStarted = performance.now();
    const { rowCount } = await helper.query(
      `WITH batch AS (
         INSERT INTO exchange_batches (agency_id, channel, received, accepted) VALUES ($1, 'api', $2, $2) RETURNING id),
       item AS (SELECT i.id FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
                WHERE e.status = 'current' AND i.code = 'penalty')
       INSERT INTO records (item_id, agency_id, credit_code, entity_name, payload, arose_on, due_on, dishonesty_level,
         use_scope, content_hash, channel, batch_id)
       SELECT item.id, $1, '915201' || lpad(n::text, 12, '0'), '贵州基准测试第' || n || '号有限公司',
         jsonb_build_object('decisionNumber', '筑市监罚〔2026〕' || n || '号', 'violationType', '虚假宣传',
           'violationFacts', '在门店宣传中使用“国家级”“最佳”等用语，违反广告法的规定，情节较轻',
           'legalBasis', '《中华人民共和国广告法》第五十七条', 'penaltyCategory', '罚款',
           'penaltyContent', '罚款人民币二万元', 'fineAmount', '2', 'decisionDate', '2026-11-02',
           'authority', '贵阳市市场监督管理局'),
         '2026-11-02', '2026-11-30', 'general', 'shared', md5(n::text), 'api', batch.id
       FROM generate_series(1, $2) AS n, batch, item`,
      [Number(provider.id), options.rows],
    );
    log(
      `loaded ${(rowCount ?? 0).toLocaleString('en')} records in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
    );
    await helper.query('VACUUM ANALYZE records');

    // Baseline 1: the same keyset pages (1,000 rows newest first) read as raw SQL, no rule, no formatting.
    let rawRows = 0;
    const rawStarted = performance.now();
    for (let before = Number.MAX_SAFE_INTEGER; ; ) {
      const page = await helper.query<{ id: string }>(
        'SELECT r.*, i.code, a.name FROM records r JOIN catalogue_items i ON i.id = r.item_id JOIN agencies a ON a.id = r.agency_id WHERE r.status = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT 1000',
        ['active', before],
      );
      rawRows += page.rows.length;
      if (page.rows.length < 1000) break;
      before = Number(page.rows.at(-1)!.id);
    }
    const rawRate = rawRows / ((performance.now() - rawStarted) / 1000);

    // Warm-up (a one-row export of each format), then baseline 2: the idle server's RSS.
    const base = `http://127.0.0.1:${port}/api/console/shared-records/export`;
    for (const format of ['csv', 'xlsx'])
      await download(`${base}?format=${format}&purpose=bench&creditCode=915201000000000001`, headers);
    await sleep(500);
    const idle = await memoryOf(server.pid);
    log(`raw SQL keyset read: ${perSecond(rawRate)} rows/s; idle server RSS ${mb(idle.rss)}`);
    log('');
    log('| format | rows | seconds | rows/s | ratio to raw SQL | file size | peak RSS (sampled) | idle RSS | growth |');
    log('|---|---|---|---|---|---|---|---|---|');
    for (const format of ['csv', 'xlsx']) {
      let peak = 0;
      const sampler = setInterval(async () => {
        peak = Math.max(peak, (await memoryOf(server.pid)).rss);
      }, 50);
      const answer = await download(`${base}?format=${format}&purpose=bench`, headers);
      clearInterval(sampler);
      if (answer.status !== 200) throw new Error(`export ${format} answered ${answer.status}`);
      const rate = options.rows / (answer.ms / 1000);
      log(
        `| ${format} | ${options.rows.toLocaleString('en')} | ${(answer.ms / 1000).toFixed(1)} | ${perSecond(rate)} | ${(rate / rawRate).toFixed(2)} | ${mb(answer.bytes)} | ${mb(peak)} | ${mb(idle.rss)} | ${mb(peak - idle.rss)} |`,
      );
    }
    log(`server VmHWM over the run: ${mb((await memoryOf(server.pid)).peak)}`);
  } finally {
    await helper.end();
    await database.close();
    await server.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
