/**
 * Credit-check benchmark (issue 18: 10,000 codes in one check at 1,000,000 entities and 10,000,000 records on
 * PostgreSQL, ≤ 2 s). Loads the entities (bench/search/load.ts) and generates the records in SQL (generate_series),
 * then times one check of N random codes through the service (`runCheck`, as both the console and the exchange API
 * call it) and through the console route (`buildApp`, `inject`: validation, the audit row and the response schema
 * included), against the raw SQL that reads the same entities' supervisory standings, in the same run; then prints the
 * plan of the check's one records statement (EXPLAIN ANALYZE, the server's session settings). See bench/README.md.
 */
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../apps/server/src/app';
import { loadConfig } from '../../apps/server/src/config';
import { migrations } from '../../apps/server/src/db/migrations/index';
import { runCheck } from '../../apps/server/src/modules/checks/index';
import { visibleRecordFactsQuery } from '../../apps/server/src/modules/records/visible-records.repository';
import { migrateToLatest, openDatabase, SESSION_OPTIONS } from '../../apps/server/src/platform/database';
import { SESSION_COOKIE, startSession } from '../../apps/server/src/platform/sessions';
import { seedDatabase } from '../../apps/server/src/seed/seed';
import { parseFlags } from '../args';
import { ensureDatabase, loadEnterprises } from '../search/load';
import { countRows, provincialAgency } from '../sql';

interface CheckBenchOptions {
  entities: number;
  records: number;
  codes: number;
  runs: number;
  databaseUrl: string;
  reload: boolean;
}

const USAGE = `Usage: npm run check -w bench -- [--entities 1000000] [--records 10000000] [--codes 10000] [--runs 3]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_check_bench] [--reload]`;

const options = parseFlags(
  process.argv.slice(2),
  USAGE,
  {
    entities: 1_000_000,
    records: 10_000_000,
    codes: 10_000,
    runs: 3,
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_check_bench',
    reload: false,
  } satisfies CheckBenchOptions,
  {
    entities: 'count',
    records: 'count',
    codes: 'count',
    runs: 'count',
    databaseUrl: 'database-url',
    reload: 'switch',
  },
);

const log = (line = '') => console.log(line);
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The records, generated in one INSERT … SELECT over generate_series: every entity gets records/entities of them, cycling
 * through ten items (registration, licences, 不良 items of three levels (严重失信 for 1 entity in 20), 良好 items,
 * 经营异常名录; 1 entity in 50 is on 严重违法失信名单), mostly public, some shared and some internal to their agency, all active. The supervisory standing
 * is then set from them in one UPDATE, as the records module keeps it.
 */
async function loadRecords(client: pg.Client, providerId: number): Promise<number> {
  const started = performance.now();
  await client.query('SET synchronous_commit = off');
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query('BEGIN');
  await client.query(
    'TRUNCATE records, record_changes, record_events, listing_removals, publicity_withholdings CASCADE',
  );
  const indexes = (
    await client.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
       WHERE tablename = 'records' AND indexname <> 'records_pkey'`,
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  const batch = await client.query<{ id: string }>(
    `INSERT INTO exchange_batches (agency_id, channel, account_id, received, accepted, details)
     VALUES ($1, 'api', NULL, $2, $2, '{"bench":"check"}') RETURNING id`,
    [providerId, options.records],
  );
  await client.query(
    `WITH items AS (
       SELECT array_agg(i.id ORDER BY array_position($4::text[], i.code)) AS ids
       FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
       WHERE e.status = 'current' AND i.code = ANY ($4::text[])
     ), slots AS (
       SELECT g, (g - 1) % $2 + 1 AS enterprise_id, ((g - 1) / $2) % 10 AS slot FROM generate_series(1, $1::bigint) g
     )
     INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
       dishonesty_level, use_scope, status, content_hash, channel, batch_id)
     SELECT
       items.ids[CASE WHEN s.slot = 9 AND s.enterprise_id % 50 <> 0 THEN 2 ELSE s.slot + 1 END],
       $3, e.credit_code, e.id, e.name, '{}'::jsonb, DATE '2026-06-01' - (s.g % 300)::int, DATE '2026-07-01',
       CASE s.slot WHEN 2 THEN 'general' WHEN 3 THEN 'serious' WHEN 7 THEN 'general'
         WHEN 4 THEN CASE WHEN s.enterprise_id % 20 = 0 THEN 'severe' ELSE 'serious' END
         WHEN 9 THEN CASE WHEN s.enterprise_id % 50 = 0 THEN 'severe' END END,
       CASE WHEN s.g % 13 = 0 THEN 'internal' WHEN s.g % 5 = 0 THEN 'shared' ELSE 'public' END,
       'active', md5(s.g::text) || md5(s.g::text), 'api', $5
     FROM slots s JOIN enterprises e ON e.id = s.enterprise_id CROSS JOIN items`,
    [
      options.records,
      options.entities,
      providerId,
      [
        'registration',
        'licence',
        'penalty',
        'major_tax_violation',
        'quality_failure',
        'honour',
        'tax_credit_a',
        'abnormal_list',
        'contract_credit',
        'serious_illegal_list',
      ],
      batch.rows[0]!.id,
    ],
  );
  log(`  INSERT … SELECT ${options.records.toLocaleString('en')} records in ${ms(performance.now() - started)}`);
  for (const index of indexes) await client.query(index.definition);
  log(`  ${indexes.length} indexes rebuilt (${ms(performance.now() - started)} so far)`);
  await client.query(`
    UPDATE enterprises e SET supervisory_dishonesty_level = s.level, supervisory_badges = s.badges
    FROM (
      SELECT r.enterprise_id,
        (array['general', 'serious', 'severe'])[max(CASE r.dishonesty_level WHEN 'general' THEN 1 WHEN 'serious' THEN 2
          WHEN 'severe' THEN 3 END)] AS level,
        array_remove(array[CASE WHEN bool_or(i.role = 'serious_illegal_list') THEN 'blacklisted' END,
          CASE WHEN bool_or(i.role = 'abnormal_list') THEN 'abnormal' END], NULL) AS badges
      FROM records r JOIN catalogue_items i ON i.id = r.item_id
      WHERE r.status = 'active' GROUP BY r.enterprise_id
    ) s WHERE e.id = s.enterprise_id`);
  await client.query('COMMIT');
  await client.query('VACUUM ANALYZE records');
  await client.query('VACUUM ANALYZE enterprises');
  return performance.now() - started;
}

async function main() {
  log(`# Credit-check benchmark: ${options.codes.toLocaleString('en')} codes in one check`);
  log(
    `${options.entities.toLocaleString('en')} entities, ${options.records.toLocaleString('en')} records; server code and ` +
      `PostgreSQL share this machine's ${availableParallelism()} cores.`,
  );
  if (await ensureDatabase(options.databaseUrl)) log(`Created database ${options.databaseUrl}`);
  const database = await openDatabase({ url: options.databaseUrl });
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  let app: FastifyInstance | undefined;
  try {
    const applied = await migrateToLatest(database.db, migrations);
    if (applied.length > 0) log(`Migrations applied: ${applied.join(', ')}`);
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    const dataKey = Buffer.alloc(16, 7);
    app = await buildApp({ config, database, dataKey, webRoot: '/nonexistent' });
    await app.ready();
    // The reference data (catalogue, calendar, check purposes and measures) as every start seeds it; no demo data.
    await seedDatabase(database.db, { demoEntities: 0, dataKey, log: app.log });
    const providerId = await provincialAgency(client, '贵州省市场监督管理局', 'market_regulation');
    const checkerId = await provincialAgency(client, '贵州省财政厅', 'administrative');

    log('## Data');
    let reloaded = false;
    if (options.reload || (await countRows(client, 'enterprises')) !== options.entities) {
      const load = await loadEnterprises(options.databaseUrl, options.entities, log);
      log(`  ${load.rows.toLocaleString('en')} entities loaded`);
      reloaded = true;
    }
    if (reloaded || (await countRows(client, 'records')) !== options.records)
      log(`  records generated in ${ms(await loadRecords(client, providerId))}`);
    else log('  entities and records already loaded (--reload to generate them again)');

    const account = await client.query<{ id: string }>(
      `INSERT INTO accounts (username, agency_id, display_name, password_hash, must_change_password)
       VALUES ('bench.check', $1, '基准测试', 'not-used', false)
       ON CONFLICT (username) DO UPDATE SET agency_id = excluded.agency_id RETURNING id`,
      [checkerId],
    );
    const accountId = Number(account.rows[0]!.id);
    await client.query(
      `INSERT INTO account_permissions (account_id, permission) VALUES ($1, 'record.query') ON CONFLICT DO NOTHING`,
      [accountId],
    );
    const session = await startSession(database.db, {
      accountId,
      ip: '127.0.0.1',
      userAgent: 'bench',
      timeouts: config,
    });

    log('## Runs');
    log(
      '| run | service | service CPU (node) | HTTP (console route) | raw SQL (standings) | ratio service/raw | ratio HTTP/raw | found | refused | caution | records | peak RSS |',
    );
    log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const results = { service: [] as number[], http: [] as number[], raw: [] as number[] };
    let lastIds: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      // Fresh random codes each run, so that no run reads only what the previous one left in the cache.
      const codes = (
        await client
          .query<{ credit_code: string }>('SELECT credit_code FROM enterprises TABLESAMPLE SYSTEM_ROWS($1)', [
            options.codes,
          ])
          .catch(() =>
            client.query<{ credit_code: string }>('SELECT credit_code FROM enterprises ORDER BY random() LIMIT $1', [
              options.codes,
            ]),
          )
      ).rows.map((row) => row.credit_code);
      const body = {
        purpose: 'government_procurement',
        matter: `基准测试第 ${run} 次`,
        entities: codes.map((creditCode) => ({ creditCode })),
      };

      let started = performance.now();
      const raw = await client.query<{ id: string }>(
        `SELECT id, credit_code, name, status, supervisory_dishonesty_level, supervisory_badges
         FROM enterprises WHERE credit_code = ANY ($1::text[])`,
        [codes],
      );
      const rawMs = performance.now() - started;
      lastIds = raw.rows.map((row) => Number(row.id));

      started = performance.now();
      const cpu = process.cpuUsage();
      const result = await database.db
        .transaction()
        .execute((trx) => runCheck(trx, { agencyId: checkerId, accountId, apiClientId: null }, body));
      const serviceMs = performance.now() - started;
      const serviceCpu = process.cpuUsage(cpu);

      started = performance.now();
      const response = await app.inject({
        method: 'POST',
        url: '/api/console/checks',
        headers: { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-csrf-token': session.csrfToken },
        payload: body,
      });
      const httpMs = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`check: ${response.statusCode} ${response.body.slice(0, 500)}`);
      if (raw.rowCount !== result.items.filter((item) => item.resolution === 'found').length)
        throw new Error('the raw SQL and the check found different entities');

      results.service.push(serviceMs);
      results.http.push(httpMs);
      results.raw.push(rawMs);
      const verdicts = (verdict: string) => result.items.filter((item) => item.verdict === verdict).length;
      const records = result.items.reduce((sum, item) => sum + item.records.length, 0);
      log(
        `| ${run} | ${ms(serviceMs)} | ${ms((serviceCpu.user + serviceCpu.system) / 1000)} | ${ms(httpMs)} | ${ms(rawMs)} | ${(serviceMs / rawMs).toFixed(1)} | ` +
          `${(httpMs / rawMs).toFixed(1)} | ${raw.rowCount} | ${verdicts('refused')} | ${verdicts('caution')} | ` +
          `${records.toLocaleString('en')} | ${Math.round(process.resourceUsage().maxRSS / 1024)} MB |`,
      );
    }
    const service = median(results.service);
    const http = median(results.http);
    const raw = median(results.raw);
    log();
    log(
      `median of ${options.runs}: service ${ms(service)}, HTTP ${ms(http)} (target ≤ 2,000 ms: ` +
        `${http <= 2000 ? 'met' : 'NOT met'}), raw SQL ${ms(raw)}; ratio HTTP/raw ${(http / raw).toFixed(1)}`,
    );

    log();
    log("## The check's records statement (last run's entities), EXPLAIN (ANALYZE, BUFFERS)");
    const compiled = visibleRecordFactsQuery(database.db, checkerId, lastIds).compile();
    const explainer = new pg.Client({ connectionString: options.databaseUrl, options: SESSION_OPTIONS });
    await explainer.connect();
    try {
      const plan = await explainer.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`,
        compiled.parameters as unknown[],
      );
      log('```');
      for (const row of plan.rows) log(row['QUERY PLAN'].replace(/'\{[0-9,]{200,}\}'/g, "'{…}'"));
      log('```');
    } finally {
      await explainer.end();
    }
  } finally {
    await app?.close();
    await client.end();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
