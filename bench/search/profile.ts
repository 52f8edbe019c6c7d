/**
 * Entity page benchmark (SPEC §6: entity page with 50 records, p95 ≤ 15 ms). Loads entities with 50 public records
 * each (plus a registration record, a corrected old version and 5 internal-only records) into PostgreSQL, then measures
 * GET /api/public/enterprises/{creditCode} through the real HTTP server, the enterprises service without HTTP, and the
 * two SQL statements the service sends, raw on a pg.Pool. See bench/README.md.
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
import { CATALOGUE_2015, seedCatalogue } from '../../apps/server/src/modules/catalogue/index';
import {
  enterpriseByCreditCodeStatement,
  findEnterpriseByCreditCode,
  profileRecordsStatement,
} from '../../apps/server/src/modules/enterprises/enterprises.repository';
import { addEnterprises, createEnterprisesService } from '../../apps/server/src/modules/enterprises/index';
import {
  assertChineseCapableDatabase,
  type Db,
  migrateToLatest,
  openDatabase,
  SESSION_OPTIONS,
} from '../../apps/server/src/platform/database';
import { generateDemoEnterprises } from '../../apps/server/src/seed/demo-enterprises';
import { EnterpriseProfileSchema } from '../../packages/contracts/src/index';
import { addMonths, type CatalogueField, chinaToday } from '../../packages/domain/src/index';
import { parseFlags } from '../args';
import { type Statement, sendStatement } from './capture';
import { type CpuShare, startCpuMeter } from './cpu';
import { startHttpClient } from './http-driver';
import { ensureDatabase } from './load';
import { closedLoop, type LoadResult, summarise } from './measure';
import { timeResponseWriters } from './serializers';

interface Options {
  entities: number;
  records: number;
  duration: number;
  connections: number;
  sequential: number;
  sample: number;
  databaseUrl: string;
  reload: boolean;
}

const DEFAULTS: Options = {
  entities: 10_000,
  records: 50,
  duration: 10,
  connections: 10,
  sequential: 1_000,
  sample: 500,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_bench_profile',
  reload: false,
};
const USAGE = `Usage: npm run profile -w bench -- [--entities 10000] [--records 50] [--duration 10] [--connections 10]
  [--sequential 1000] [--sample 500] [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_bench_profile] [--reload]`;

const parseOptions = (argv: string[]): Options =>
  parseFlags(argv, USAGE, DEFAULTS, {
    entities: 'count',
    records: 'count',
    duration: 'count',
    connections: 'count',
    sequential: 'count',
    sample: 'count',
    databaseUrl: 'database-url',
    reload: 'switch',
  });

const log = (line = '') => console.log(line);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
const perSecond = (value: number) => Math.round(value).toLocaleString('en');
const cores = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');

/** A plausible stored value for a catalogue field (personal fields as the payload stores them: masked). */
function sampleValue(field: CatalogueField, aroseOn: string): string {
  switch (field.type) {
    case 'date':
      return aroseOn;
    case 'amount':
      return '12.5';
    case 'integer':
      return '8';
    case 'enum':
      return field.values![0]!;
    case 'credit_code':
      return '9152000071430580XT';
    case 'id_card':
      return '5201**********123X';
    case 'mobile':
      return '138****1234';
    case 'industry':
      return 'C15';
    case 'long_text':
      return `${field.label}：${'经查，该单位在经营活动中存在相关违法行为，事实清楚，证据确凿。'.repeat(4)}`;
    default:
      return `${field.label}示例〔2026〕12号`;
  }
}

const PROVIDERS = {
  market_regulation: '贵州省市场监督管理局',
  development_reform: '贵州省发展和改革委员会',
  administrative: '贵州省生态环境厅',
  judicial: '贵州省高级人民法院',
  authorised: '贵州省消费者权益保护委员会',
} as const;

/**
 * Entities from generateDemoEnterprises, and per entity with SQL: one registration record, `records` public current
 * records spread over the year before today across the 13 other items (record 1 is version 2 of a corrected chain
 * whose version 1 is kept), and 5 records shared only among agencies. Every public record is inside its window.
 */
async function loadData(options: Options, db: Db, pool: pg.Pool): Promise<void> {
  const { rows: present } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprises');
  const { rows: recordCount } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
  const perEntity = options.records + 7;
  if (!options.reload && present[0]!.n === options.entities && recordCount[0]!.n === options.entities * perEntity) {
    log(
      `## Data: ${options.entities.toLocaleString('en')} entities, ${recordCount[0]!.n.toLocaleString('en')} records already loaded (--reload to regenerate)`,
    );
    return;
  }
  const started = performance.now();
  log(`## Load: ${options.entities.toLocaleString('en')} entities × ${perEntity} record rows`);
  await pool.query('TRUNCATE records, record_events, exchange_batches, publicity_settings, enterprises CASCADE');
  await seedCatalogue(db);
  const agencyIds = new Map<string, number>();
  for (const [kind, name] of Object.entries(PROVIDERS)) {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO agencies (name, region_code, level, kind) VALUES ($1, '520000', 'province', $2)
       ON CONFLICT (region_code, name) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`,
      [name, kind],
    );
    agencyIds.set(kind, Number(rows[0]!.id));
  }
  for (const batch of generateDemoEnterprises(options.entities, { seed: 515, batchSize: 10_000 }))
    await addEnterprises(db, batch);
  const { rows: batchRows } = await pool.query<{ id: number }>(
    `INSERT INTO exchange_batches (agency_id, channel, received, accepted) VALUES ($1, 'api', 0, 0) RETURNING id`,
    [agencyIds.get('market_regulation')],
  );
  const { rows: items } = await pool.query<{ id: number; code: string }>(
    `SELECT i.id, i.code FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
     WHERE e.status = 'current' ORDER BY i.sort_order`,
  );
  const today = chinaToday();
  const templates = items.map((item) => {
    const definition = CATALOGUE_2015.find((candidate) => candidate.code === item.code)!;
    const payload = Object.fromEntries(definition.fields.map((field) => [field.key, sampleValue(field, today)]));
    return {
      itemId: Number(item.id),
      agencyId: agencyIds.get(definition.providerKinds[0]!)!,
      payload,
      bad: definition.category === 'bad',
      registration: definition.role === 'registration',
    };
  });
  const registration = templates.find((template) => template.registration)!;
  const others = templates.filter((template) => !template.registration);
  // g = 0 registration; 1..records public (g = 1 becomes version 2 of a chain); records+1..records+5 shared.
  await pool.query(
    `INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
       dishonesty_level, use_scope, publicity_until, content_hash, channel, batch_id, received_at)
     SELECT t.item_id, t.agency_id, e.credit_code, e.id, e.name, t.payload,
       ($3::date - (g * 7 % 365)), ($3::date - (g * 7 % 365) + 28),
       CASE WHEN t.bad THEN (ARRAY['general', 'serious', 'severe'])[1 + g % 3] END,
       CASE WHEN g > $2 THEN 'shared' ELSE 'public' END,
       CASE WHEN t.registration THEN NULL ELSE ($4::date) END,
       'bench-' || g, 'api', $5, now() - make_interval(days => g * 7 % 365)
     FROM enterprises e
     CROSS JOIN generate_series(0, $2 + 5) AS g
     JOIN jsonb_to_recordset($1::jsonb) AS t(ordinality integer, item_id integer, agency_id integer, payload jsonb,
       bad boolean, registration boolean)
       ON t.ordinality = CASE WHEN g = 0 THEN 0 ELSE 1 + g % ${others.length} END`,
    [
      JSON.stringify(
        [registration, ...others].map((template, ordinality) => ({
          ordinality,
          item_id: template.itemId,
          agency_id: template.agencyId,
          payload: template.payload,
          bad: template.bad,
          registration: template.registration,
        })),
      ),
      options.records,
      today,
      addMonths(today, 36),
      batchRows[0]!.id,
    ],
  );
  // Record 1 of each entity was corrected: its version 2 is current, version 1 stays as 'corrected'.
  await pool.query(`
    INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
      dishonesty_level, use_scope, publicity_until, content_hash, channel, batch_id, root_id, version, reason)
    SELECT item_id, agency_id, credit_code, enterprise_id, entity_name,
      jsonb_set(payload, '{decisionNumber}', '"更正后文号〔2026〕13号"'), arose_on, due_on, dishonesty_level, use_scope,
      publicity_until, 'bench-1-v2', 'correction', batch_id, id, 2, '文号录入有误'
    FROM records WHERE content_hash = 'bench-1'`);
  await pool.query(`UPDATE records SET status = 'corrected' WHERE content_hash = 'bench-1'`);
  await pool.query('VACUUM ANALYZE');
  const { rows: counted } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
  log(
    `Loaded ${counted[0]!.n.toLocaleString('en')} record rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** The two statements the profile sends for a code (entity row, then its records). */
async function profileStatements(db: Db, codes: string[]): Promise<Map<string, Statement[]>> {
  const statements = new Map<string, Statement[]>();
  const today = chinaToday();
  for (const code of codes) {
    const entity = await findEnterpriseByCreditCode(db, code);
    statements.set(code, [
      enterpriseByCreditCodeStatement(db, { creditCode: code }),
      profileRecordsStatement(db, { enterpriseId: Number(entity!.id), today }),
    ]);
  }
  return statements;
}

type Measured = { single: LoadResult; load: LoadResult & { cpu: CpuShare } };

async function main() {
  const options = parseOptions(process.argv.slice(2));
  log(`# Entity page benchmark: ${options.entities.toLocaleString('en')} entities × ${options.records} public records`);
  log(
    `Client, server and PostgreSQL share this machine's ${availableParallelism()} cores: compare ratios; ` +
      'absolute figures are a floor.',
  );
  log();
  if (await ensureDatabase(options.databaseUrl)) log(`Created database ${options.databaseUrl}`);
  const database = await openDatabase({ url: options.databaseUrl });
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: Math.max(options.connections, 2),
    options: SESSION_OPTIONS,
  });
  const pids = async () => {
    const { rows } = await pool.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    return [process.pid, ...rows.map((row) => row.pid)];
  };
  try {
    await assertChineseCapableDatabase(database.db);
    await migrateToLatest(database.db, migrations);
    await loadData(options, database.db, pool);

    const { rows: sampled } = await pool.query<{ creditCode: string }>(
      `SELECT credit_code AS "creditCode" FROM enterprises ORDER BY md5(credit_code) LIMIT $1`,
      [options.sample],
    );
    const codes = sampled.map((row) => row.creditCode);
    const service = createEnterprisesService(database.db, { searchCacheMs: 0 });
    const check = await service.getPublicProfile(codes[0]!);
    const shown = check.sections.reduce((sum, section) => sum + section.records.length, 0);
    log(
      `Sample: ${codes.length} codes; the first profile shows ${shown} records ` +
        `(${check.sections.map((section) => `${section.key} ${section.records.length}`).join(', ')})`,
    );
    const statements = await profileStatements(database.db, codes);
    const [, recordsStatement] = statements.get(codes[0]!)!;
    const { rows: plan } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${recordsStatement!.sql}`,
      [...recordsStatement!.parameters],
    );
    log();
    log('## EXPLAIN (ANALYZE, BUFFERS) of the records statement');
    for (const row of plan) log(`    ${row['QUERY PLAN']}`);
    log();

    const runRaw = async (code: string) => {
      for (const statement of statements.get(code)!) await sendStatement(pool, statement);
    };
    const runService = (code: string) => service.getPublicProfile(code);
    const results = new Map<string, Measured>();

    // HTTP: the real server (all plugins); the load generator runs in a child process.
    const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-bench-'));
    const config = loadConfig({
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // Production requires the portal's address (config.ts); no report is issued here.
      PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn',
      PUBLIC_RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    });
    const app = await buildApp({ config, database, dataKey: randomBytes(16) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const runHttp = async (code: string) => {
      const response = await fetch(`${origin}/api/public/enterprises/${code}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${code}`);
    };
    const client = startHttpClient();
    try {
      // Single client: the three scenarios interleaved request by request, so they share the same machine noise.
      const scenarios = [
        ['HTTP', runHttp],
        ['service', runService],
        ['raw SQL', runRaw],
      ] as const;
      const latencies = new Map<string, number[]>(scenarios.map(([name]) => [name, []]));
      const started = performance.now();
      for (let n = 0; n < options.sequential + 200; n++) {
        const code = codes[n % codes.length]!;
        for (const [name, run] of scenarios) {
          const sent = performance.now();
          await run(code);
          if (n >= 200) latencies.get(name)!.push(performance.now() - sent);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const single = new Map(scenarios.map(([name]) => [name, summarise(latencies.get(name)!, 0, seconds)]));

      const page = await (await fetch(`${origin}/api/public/enterprises/${codes[0]}`)).json();
      log(timeResponseWriters(`one page (${codes[0]})`, EnterpriseProfileSchema, page, 500));
      log();

      const paths = codes.map((code) => `/api/public/enterprises/${code}`);
      const meter = await startCpuMeter(async () => [...(await pids()), ...(client.pid ? [client.pid] : [])]);
      const load = await client.run({
        kind: 'load',
        origin,
        paths,
        connections: options.connections,
        seconds: options.duration,
      });
      if (Object.keys(load.statuses).some((status) => status !== '200'))
        log(`WARNING: non-200 answers ${JSON.stringify(load.statuses)}`);
      results.set('HTTP', { single: single.get('HTTP')!, load: { ...load, cpu: await meter.stop() } });
      for (const [name, run] of [
        ['service', runService],
        ['raw SQL', runRaw],
      ] as const) {
        const serviceMeter = await startCpuMeter(pids);
        const closed = await closedLoop(codes, { concurrency: options.connections, seconds: options.duration }, run);
        results.set(name, { single: single.get(name)!, load: { ...closed, cpu: await serviceMeter.stop() } });
      }
    } finally {
      client.stop();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }

    const raw = results.get('raw SQL')!;
    log(`## Results: GET /api/public/enterprises/{code}, ${options.records} public records per entity`);
    log();
    log(
      `| scenario | single p50 | single p95 | ${options.connections} conn p50 | ${options.connections} conn p95 | ` +
        'req/s | p95 / raw SQL p95 (single) | other CPU |',
    );
    log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, result] of results) {
      log(
        `| ${name} | ${ms(result.single.p50)} | ${ms(result.single.p95)} | ${ms(result.load.p50)} | ` +
          `${ms(result.load.p95)} | ${perSecond(result.load.perSecond)} | ` +
          `${(result.single.p95 / raw.single.p95).toFixed(2)} | ${cores(result.load.cpu.other)} |`,
      );
    }
    log();
    log(
      `Single client: ${options.sequential} requests per scenario, the three interleaved request by request (after ` +
        '200 warm-up rounds). HTTP = the real server (buildApp, all plugins, JSON serialisation with the response ' +
        'schema; under load driven by wrk from a child process); service = createEnterprisesService().getPublicProfile in this process (Kysely, decidePublicity, DTO); ' +
        'raw SQL = the two statements it sends (entity row, records) on a pg.Pool, as named statements as the server prepares them. Latencies in ms.',
    );
  } finally {
    await pool.end();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
