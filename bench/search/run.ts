/**
 * Public search benchmark (SPEC §6: 5,000,000 entities, p95 ≤ 20 ms for 2–6 character fragments, ≥ 2,000 searches/s
 * at 50 connections). Loads generated entities into PostgreSQL with COPY, then measures each query class through the
 * real HTTP server and directly against PostgreSQL with the repository's own SQL. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../../apps/server/src/app';
import { loadConfig } from '../../apps/server/src/config';
import { migrations } from '../../apps/server/src/db/migrations/index';
import { refreshNameStatistics } from '../../apps/server/src/modules/enterprises/index';
import {
  assertChineseCapableDatabase,
  type DatabaseHandle,
  type Db,
  migrateToLatest,
  openDatabase,
  SESSION_OPTIONS,
} from '../../apps/server/src/platform/database';
import { SEARCH_RESULT_CAP, SearchEnterprisesResponseSchema } from '../../packages/contracts/src/index';
import { parseArgs, type SearchBenchOptions } from './args';
import { type Statement, search, searchStatements, sendStatement } from './capture';
import { type CpuShare, startCpuMeter } from './cpu';
import { explain } from './explain';
import { startHttpClient } from './http-driver';
import { ensureDatabase, type LoadReport, loadEnterprises, repairIndexes } from './load';
import { closedLoop, type LoadResult, sequential } from './measure';
import { pickQueries, type QueryClass } from './queries';
import { timeResponseWriters } from './serializers';

const log = (line = '') => console.log(line);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const perSecond = (value: number) => Math.round(value).toLocaleString('en');
const cores = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

type Measured = LoadResult & { cpu: CpuShare };

/** The server's pool size (platform/database.ts): the raw baseline gets as many connections. */
const RAW_POOL_SIZE = 10;

const publicSearchPath = (query: string) => `/api/public/enterprises?q=${encodeURIComponent(query)}`;

function checkStatuses(label: string, statuses: Record<string, number>) {
  const other = Object.entries(statuses).filter(([status]) => status !== '200');
  if (other.length > 0) log(`  WARNING ${label}: non-200 answers ${JSON.stringify(Object.fromEntries(other))}`);
}

/** The benchmark's own processes: this one, the load generator, and the backends connected to the bench database. */
function benchProcesses(helper: pg.Pool, extra: () => (number | undefined)[]) {
  return async () => {
    const { rows } = await helper.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    return [process.pid, ...extra(), ...rows.map((row) => row.pid)].filter((pid): pid is number => pid !== undefined);
  };
}

async function metered(pids: () => Promise<number[]>, run: () => Promise<LoadResult>): Promise<Measured> {
  const meter = await startCpuMeter(pids);
  const result = await run();
  return { ...result, cpu: await meter.stop() };
}

const describe = (name: string, label: string, load: Measured, single: LoadResult) =>
  `  ${name} ${label}: ${perSecond(load.perSecond)}/s, p50 ${ms(load.p50)} ms, p95 ${ms(load.p95)} ms ` +
  `(cores: machine ${cores(load.cpu.machine)}, other processes ${cores(load.cpu.other)}); ` +
  `single client p50 ${ms(single.p50)} ms, p95 ${ms(single.p95)} ms`;

async function loadData(options: SearchBenchOptions, helper: pg.Pool, db: Db): Promise<void> {
  await repairIndexes(options.databaseUrl, log);
  const { rows: counted } = await helper.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprises');
  const present = counted[0]?.n ?? 0;
  if (options.reload || present !== options.entities) {
    log(`## Load (${present.toLocaleString('en')} rows present, ${options.entities.toLocaleString('en')} wanted)`);
    const load: LoadReport = await loadEnterprises(options.databaseUrl, options.entities, log);
    log(
      `COPY: ${load.rows.toLocaleString('en')} rows in ${load.copySeconds.toFixed(1)} s = ` +
        `${perSecond(load.rowsPerSecond)} rows/s (generation in the same process included); ` +
        `indexes rebuilt in ${load.indexSeconds.toFixed(1)} s (two at a time); ` +
        `VACUUM ANALYZE ${load.vacuumAnalyzeSeconds.toFixed(1)} s`,
    );
  } else {
    log(`## Data: ${present.toLocaleString('en')} entities already loaded (--reload to regenerate)`);
  }
  const refreshStarted = performance.now();
  const grams = await refreshNameStatistics(db);
  log(
    `Gram counts refreshed (the nightly job's work): ${grams.toLocaleString('en')} grams in ` +
      `${((performance.now() - refreshStarted) / 1000).toFixed(1)} s`,
  );
  const { rows: sizes } = await helper.query<{
    table: string;
    indexes: string;
    postings: string;
    postingsIndex: string;
  }>(
    `SELECT pg_size_pretty(pg_table_size('enterprises')) AS table,
            pg_size_pretty(pg_indexes_size('enterprises')) AS indexes,
            pg_size_pretty(pg_table_size('enterprise_name_grams')) AS postings,
            pg_size_pretty(pg_indexes_size('enterprise_name_grams')) AS "postingsIndex"`,
  );
  log(
    `enterprises: table ${sizes[0]?.table}, indexes ${sizes[0]?.indexes}; ` +
      `enterprise_name_grams: table ${sizes[0]?.postings}, index ${sizes[0]?.postingsIndex}`,
  );
  log();
}

function printQueryClasses(classes: QueryClass[]) {
  log('## Query classes (fragments cut from sampled names at random offsets; seeded, so every run asks the same)');
  log();
  log(`| class | queries | matches avg | median | max | > ${SEARCH_RESULT_CAP} (capped) | examples |`);
  log('|---|---:|---:|---:|---:|---:|---|');
  for (const queryClass of classes) {
    const sorted = [...queryClass.matches].sort((a, b) => a - b);
    const capped = sorted.filter((n) => n > SEARCH_RESULT_CAP).length;
    log(
      `| ${queryClass.label} | ${sorted.length} | ${perSecond(average(sorted))} | ` +
        `${sorted[Math.floor(sorted.length / 2)]} | ${sorted.at(-1)} | ${capped} | ${queryClass.queries.slice(0, 4).join(' ')} |`,
    );
  }
  log();
}

async function printExplains(
  helper: pg.Pool,
  classes: QueryClass[],
  statements: Map<string, Statement>,
  full: boolean,
) {
  log('## EXPLAIN (ANALYZE, BUFFERS) of the searchEnterprises SQL');
  const byLabel = (label: string) => classes.find((queryClass) => queryClass.label === label)!;
  const two = byLabel('2-char');
  const four = byLabel('4-char');
  const median = (queryClass: QueryClass) => {
    const order = queryClass.matches.map((n, i) => [n, i] as const).sort((a, b) => a[0] - b[0]);
    return order[Math.floor(order.length / 2)]![1];
  };
  const rarest = two.matches.indexOf(Math.min(...two.matches));
  const picks = [
    ['2-char, common', two, 0],
    ['2-char, rarest sampled', two, rarest],
    ['4-char, median', four, median(four)],
  ] as const;
  for (const [label, queryClass, index] of picks) {
    const query = queryClass.queries[index]!;
    log(`### ${label}: q=${query} (${queryClass.matches[index]} matching rows)`);
    for (const line of await explain(helper, statements.get(query)!, { full })) log(line);
  }
  log();
}

interface HttpResult {
  load: Measured;
  single: LoadResult;
  /** The same connections held to `--rate` requests/s (uncached server only). */
  paced?: Measured;
}

/**
 * The searches through the real server. `reuse`: the server as deployed, whose per-node cache of match lists answers
 * every fragment after the warm-up (the 50 fragments of a class repeat); otherwise `SEARCH_CACHE_SECONDS=0`, so every
 * request runs the search SQL.
 */
async function runHttp(
  options: SearchBenchOptions,
  database: DatabaseHandle,
  helper: pg.Pool,
  classes: QueryClass[],
  reuse: boolean,
): Promise<{ results: Map<string, HttpResult>; rss: { before: number; peak: number; after: number } }> {
  const label = reuse ? 'HTTP reused' : 'HTTP';
  log(
    `## ${label}: ${options.connections} connections × ${options.duration} s per class (wrk in a child process; ` +
      `SEARCH_CACHE_SECONDS=${reuse ? 'default' : '0'})`,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-bench-'));
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Production requires the portal's address (config.ts); no report is issued here.
    PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn',
    PUBLIC_RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    ...(reuse ? {} : { SEARCH_CACHE_SECONDS: '0' }),
  });
  const before = process.memoryUsage().rss;
  // Search never touches personal data: a throw-away SM4 key keeps the benchmark from writing one into a data dir.
  const app = await buildApp({ config, database, dataKey: randomBytes(16) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  const client = startHttpClient();
  const pids = benchProcesses(helper, () => [client.pid]);
  const results = new Map<string, HttpResult>();
  try {
    const warmPaths = classes.flatMap((queryClass) => queryClass.queries.map(publicSearchPath));
    await client.run({ kind: 'load', origin, paths: warmPaths, connections: options.connections, seconds: 3 });
    for (const queryClass of classes) {
      const paths = queryClass.queries.map(publicSearchPath);
      const single = await client.run({ kind: 'sequential', origin, paths, count: options.sequential });
      checkStatuses(`${queryClass.label} single client`, single.statuses);
      // wrk over the class's fragments at 50 connections: as fast as they go, or held to `rate` requests/s.
      const run = (name: string, rate?: number) =>
        metered(pids, async () => {
          const answer = await client.run({
            kind: 'load',
            origin,
            paths,
            connections: options.connections,
            seconds: options.duration,
            rate,
          });
          checkStatuses(name, answer.statuses);
          return answer;
        });
      const load = await run(queryClass.label);
      log(describe(label, queryClass.label, load, single));
      let paced: Measured | undefined;
      if (!reuse) {
        paced = await run(`${queryClass.label} at ${options.rate}/s`, options.rate);
        log(
          `  ${label} ${queryClass.label} at ${perSecond(options.rate)}/s asked: ${perSecond(paced.perSecond)}/s reached, ` +
            `p50 ${ms(paced.p50)} ms, p95 ${ms(paced.p95)} ms, p99 ${ms(paced.p99)} ms (cores: machine ${cores(paced.cpu.machine)})`,
        );
      }
      results.set(queryClass.label, { load, single, paced });
    }
    if (!reuse) {
      const page = await (await fetch(origin + publicSearchPath('贵州'))).json();
      log(`  ${timeResponseWriters('one 20-row page (贵州)', SearchEnterprisesResponseSchema, page, 2_000)}`);
    }
  } finally {
    client.stop();
    clearInterval(sampler);
  }
  const after = process.memoryUsage().rss;
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
  log();
  return { results, rss: { before, peak, after } };
}

/** The same searches straight to PostgreSQL: the repository function through Kysely, and the SQL text it compiled. */
async function runSql(
  options: SearchBenchOptions,
  helper: pg.Pool,
  classes: QueryClass[],
  statements: Map<string, Statement>,
) {
  log(`## SQL: ${options.connections} concurrent callers × ${options.duration} s per class`);
  const pids = benchProcesses(helper, () => []);
  // One handle: the server's pool of 10 connections, which the 50 callers share as the server's requests do (50
  // backends on 2 cores ran at a third of the rate of 10 in pgbench: they only add context switches).
  const handle = await openDatabase({ url: options.databaseUrl });
  const kysely = new Map<string, HttpResult>();
  try {
    for (const queryClass of classes) {
      const single = await sequential(queryClass.queries, options.sequential, (query) => search(handle.db, query));
      const load = await metered(pids, () =>
        closedLoop(queryClass.queries, { concurrency: options.connections, seconds: options.duration }, (query) =>
          search(handle.db, query),
        ),
      );
      log(describe('Kysely', queryClass.label, load, single));
      kysely.set(queryClass.label, { load, single });
    }
  } finally {
    await handle.close();
  }

  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: RAW_POOL_SIZE, options: SESSION_OPTIONS });
  const raw = new Map<string, HttpResult>();
  try {
    // Named statements, as the server prepares its search statements (platform/database.ts PREPARED_STATEMENT).
    const run = (query: string) => sendStatement(pool, statements.get(query)!);
    await Promise.all(Array.from({ length: RAW_POOL_SIZE }, () => pool.query('SELECT 1')));
    for (const queryClass of classes) {
      const single = await sequential(queryClass.queries, options.sequential, run);
      const load = await metered(pids, () =>
        closedLoop(queryClass.queries, { concurrency: options.connections, seconds: options.duration }, run),
      );
      log(describe('pg', queryClass.label, load, single));
      raw.set(queryClass.label, { load, single });
    }
  } finally {
    await pool.end();
  }
  log();
  return { kysely, raw };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  log(`# Public search benchmark: ${options.entities.toLocaleString('en')} entities`);
  log(
    `Client (wrk / pg), server (Fastify) and PostgreSQL share this machine's ${availableParallelism()} cores: ` +
      'compare ratios; absolute figures are a floor.',
  );
  log();

  if (await ensureDatabase(options.databaseUrl)) log(`Created database ${options.databaseUrl}`);
  const database = await openDatabase({ url: options.databaseUrl });
  const helper = new pg.Pool({ connectionString: options.databaseUrl, max: 2, options: SESSION_OPTIONS });
  try {
    await assertChineseCapableDatabase(database.db);
    const applied = await migrateToLatest(database.db, migrations);
    if (applied.length > 0) log(`Migrations applied: ${applied.join(', ')}`);
    await loadData(options, helper, database.db);

    const classes = await pickQueries(helper);
    printQueryClasses(classes);
    const statements = searchStatements(
      database.db,
      classes.flatMap((queryClass) => queryClass.queries),
    );
    await printExplains(helper, classes, statements, options.explainFull);

    const http = await runHttp(options, database, helper, classes, false);
    const reused = await runHttp(options, database, helper, classes, true);
    const sql = await runSql(options, helper, classes, statements);

    log(`## Results: ${options.entities.toLocaleString('en')} entities, ${options.connections} connections`);
    log();
    log(
      `| class | matches avg | HTTP at ${perSecond(options.rate)}/s: reached | p95 | HTTP p50 | HTTP p95 | HTTP req/s | ` +
        'SQL p50 | SQL p95 | SQL q/s | ratio HTTP/SQL | raw pg q/s | reused p95 | reused req/s | other CPU |',
    );
    log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const otherCpu: number[] = [];
    for (const queryClass of classes) {
      const h = http.results.get(queryClass.label)!.load;
      const paced = http.results.get(queryClass.label)!.paced!;
      const k = sql.kysely.get(queryClass.label)!.load;
      const r = sql.raw.get(queryClass.label)!.load;
      const c = reused.results.get(queryClass.label)!.load;
      const other = [h.cpu.other, k.cpu.other, r.cpu.other, c.cpu.other];
      otherCpu.push(...other);
      log(
        `| ${queryClass.label} | ${perSecond(average(queryClass.matches))} | ${perSecond(paced.perSecond)} | ` +
          `${ms(paced.p95)} | ${ms(h.p50)} | ${ms(h.p95)} | ` +
          `${perSecond(h.perSecond)} | ${ms(k.p50)} | ${ms(k.p95)} | ${perSecond(k.perSecond)} | ` +
          `${(h.perSecond / k.perSecond).toFixed(2)} | ${perSecond(r.perSecond)} | ${ms(c.p95)} | ` +
          `${perSecond(c.perSecond)} | ${cores(Math.max(...other))} |`,
      );
    }
    log();
    log(`Single client, ${options.sequential} requests per class in turn (latency without queueing), ms:`);
    log();
    log('| class | HTTP p50 | HTTP p95 | SQL p50 | SQL p95 | raw pg p50 | raw pg p95 | reused p50 | reused p95 |');
    log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const queryClass of classes) {
      const h = http.results.get(queryClass.label)!.single;
      const k = sql.kysely.get(queryClass.label)!.single;
      const r = sql.raw.get(queryClass.label)!.single;
      const c = reused.results.get(queryClass.label)!.single;
      log(
        `| ${queryClass.label} | ${ms(h.p50)} | ${ms(h.p95)} | ${ms(k.p50)} | ${ms(k.p95)} | ${ms(r.p50)} | ` +
          `${ms(r.p95)} | ${ms(c.p50)} | ${ms(c.p95)} |`,
      );
    }
    log();
    log(
      `Server process RSS: ${mb(http.rss.before)} before buildApp, peak ${mb(Math.max(http.rss.peak, reused.rss.peak))} under load (both servers), ` +
        `${mb(http.rss.after)} after (the process also holds the benchmark harness).`,
    );
    log(
      'HTTP = the real server (buildApp with all plugins, its pool of 10) driven by wrk from a child process, ' +
        'with SEARCH_CACHE_SECONDS=0 (every request runs the search SQL), as a closed loop that saturates the ' +
        `machine, and held to ${perSecond(options.rate)} requests/s over the same connections ("HTTP at …/s": its ` +
        'latency is the answer time at that load, without the queue a saturating loop builds); reused = the same server as deployed, whose ' +
        'match lists of these repeated fragments are all cached after the warm-up (each request reads its 20 rows by id); ' +
        'SQL = searchEnterprises through a Kysely handle from openDatabase (10 connections); ' +
        `raw pg = the SQL text it compiled, as named statements on a pg.Pool of ${RAW_POOL_SIZE}. Latencies in ms.`,
    );
    const worst = Math.max(...otherCpu);
    log(
      `Client, server and PostgreSQL share ${availableParallelism()} cores. "other CPU" = cores used by processes ` +
        'outside this benchmark during the run (worst of its four scenarios)' +
        (worst > 0.2 ? `: up to ${cores(worst)} here, so these figures are depressed; rerun on a quiet machine.` : '.'),
    );
    log(`Total run time ${((performance.now() - started) / 60_000).toFixed(1)} min.`);
  } finally {
    await helper.end();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
