/**
 * Statistics benchmark (issue 19: the dashboard queries at 50,000,000 records on PostgreSQL, p95 ≤ 100 ms, beside the
 * GROUP BY over the base tables in the same run). Loads the entities (bench/search/load.ts) and generates records in
 * SQL (generate_series), counts the rollups afresh (`statistics_rebuild()`, as after any bulk load that bypasses the
 * triggers), then times each public breakdown through the service (no cache: every call reads the rollups) against
 * the same figures grouped from `records` and `enterprises`. See bench/README.md.
 */
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { migrations } from '../../apps/server/src/db/migrations/index';
import { createStatisticsService, type StatisticsService } from '../../apps/server/src/modules/statistics/index';
import {
  type AnalysisFilters,
  type AnalysisGrouping,
  sumAnalysis,
} from '../../apps/server/src/modules/statistics/statistics.repository';
import { migrateToLatest, openDatabase } from '../../apps/server/src/platform/database';
import { seedDatabase } from '../../apps/server/src/seed/seed';
import { parseFlags } from '../args';
import { ensureDatabase, loadEnterprises } from '../search/load';
import { countRows, provincialAgency } from '../sql';

interface StatisticsBenchOptions {
  entities: number;
  records: number;
  runs: number;
  baselineRuns: number;
  databaseUrl: string;
  reload: boolean;
}

const USAGE = `Usage: npm run statistics -w bench -- [--entities 200000] [--records 2000000] [--runs 50] [--baseline-runs 3]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_statistics_bench] [--reload]`;

const options = parseFlags(
  process.argv.slice(2),
  USAGE,
  {
    entities: 200_000,
    records: 2_000_000,
    runs: 50,
    baselineRuns: 3,
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_statistics_bench',
    reload: false,
  } satisfies StatisticsBenchOptions,
  {
    entities: 'count',
    records: 'count',
    runs: 'count',
    baselineRuns: 'count',
    databaseUrl: 'database-url',
    reload: 'switch',
  },
);

type StatisticsBreakdownQuery = Parameters<StatisticsService['getBreakdown']>[0];

/** Records generated per statement (and transaction) of the load. */
const LOAD_CHUNK = 200_000;

const log = (line = '') => console.log(line);
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/**
 * The records in INSERT … SELECTs of LOAD_CHUNK: every entity gets records/entities of them from six agencies, cycling through
 * eight items (不良 of three levels, 良好, 经营异常名录), received over the last 24 months, mostly public; 1 in 17
 * revoked, 1 in 7 late. The statistics insert trigger is disabled for the load (as for any bulk load)
 * and the rollups are counted afresh after it.
 */
async function loadRecords(client: pg.Client, agencyIds: number[]): Promise<number> {
  const started = performance.now();
  await client.query('SET synchronous_commit = off');
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query(
    'TRUNCATE records, record_changes, record_events, listing_removals, publicity_withholdings CASCADE',
  );
  await client.query('ALTER TABLE records DISABLE TRIGGER records_statistics_insert');
  const batch = await client.query<{ id: string }>(
    `INSERT INTO exchange_batches (agency_id, channel, account_id, received, accepted, details)
     VALUES ($1, 'api', NULL, $2, $2, '{"bench":"statistics"}') RETURNING id`,
    [agencyIds[0], options.records],
  );
  const items = [
    'penalty',
    'major_tax_violation',
    'quality_failure',
    'honour',
    'tax_credit_a',
    'abnormal_list',
    'licence',
    'contract_credit',
  ];
  // In chunks of LOAD_CHUNK records, each committed on its own: a multi-minute transaction would hold back the
  // cluster-wide snapshot xmin the change feeds of everyone else's tests wait for (docs/deployment.md).
  for (let first = 1; first <= options.records; first += LOAD_CHUNK) {
    const last = Math.min(options.records, first + LOAD_CHUNK - 1);
    await client.query(
      `WITH items AS (
       SELECT array_agg(i.id ORDER BY array_position($4::text[], i.code)) AS ids
       FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
       WHERE e.status = 'current' AND i.code = ANY ($4::text[])
     )
     INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
       days_late, dishonesty_level, use_scope, status, content_hash, channel, batch_id, received_at)
     SELECT items.ids[g % 8 + 1], ($3::bigint[])[g % 6 + 1], e.credit_code, e.id, e.name,
       '{}'::jsonb, DATE '2026-06-01' - (g % 700)::int, DATE '2026-07-01', CASE WHEN g % 7 = 0 THEN 3 ELSE 0 END,
       CASE g % 8 WHEN 0 THEN 'general' WHEN 1 THEN 'serious' WHEN 2 THEN CASE WHEN g % 3 = 0 THEN 'severe' ELSE 'general' END
         WHEN 5 THEN 'general' END,
       CASE WHEN g % 13 = 0 THEN 'internal' WHEN g % 5 = 0 THEN 'shared' ELSE 'public' END,
       CASE WHEN g % 17 = 0 THEN 'revoked' ELSE 'active' END, md5(g::text) || md5(g::text), 'api', $5,
       now() - make_interval(days => (g % 730)::int)
     FROM generate_series($6::bigint, $1::bigint) g JOIN enterprises e ON e.id = (g - 1) % $2 + 1 CROSS JOIN items`,
      [last, options.entities, agencyIds, items, batch.rows[0]!.id, first],
    );
  }
  await client.query('ALTER TABLE records ENABLE TRIGGER records_statistics_insert');
  log(`  INSERT … SELECT ${options.records.toLocaleString('en')} records in ${ms(performance.now() - started)}`);
  await client.query('VACUUM ANALYZE records');
  return performance.now() - started;
}

/** The same four figures per item grouped from the base tables: the entity key and the record key per dimension. */
const BASELINES: Record<
  string,
  { query: StatisticsBreakdownQuery; entityKey: string; recordKey: string; where?: string }
> = {
  'region (9 prefectures)': {
    query: { dimension: 'region' },
    entityKey: `substr(statistics_region(e.region_code), 1, 4) || '00'`,
    recordKey: `substr(statistics_region(e.region_code), 1, 4) || '00'`,
  },
  'region (counties of 贵阳市)': {
    query: { dimension: 'region', parent: '520100' },
    entityKey: 'statistics_region(e.region_code)',
    recordKey: 'statistics_region(e.region_code)',
    where: `statistics_region(e.region_code) LIKE '5201%'`,
  },
  'industry (20 sections)': {
    query: { dimension: 'industry' },
    entityKey: 'statistics_division(e.industry_code)',
    recordKey: 'statistics_division(e.industry_code)',
  },
  kind: { query: { dimension: 'kind' }, entityKey: 'e.kind', recordKey: 'e.kind' },
  level: { query: { dimension: 'level' }, entityKey: 'e.dishonesty_level', recordKey: 'r.dishonesty_level' },
  'month (12 months)': {
    query: { dimension: 'month' },
    entityKey: 'statistics_month(e.created_at)',
    recordKey: 'statistics_month(r.received_at)',
  },
};

function baselineSql(spec: (typeof BASELINES)[string]): string {
  const where = spec.where ? `AND ${spec.where}` : '';
  return `
    WITH entity_sums AS (
      SELECT ${spec.entityKey} AS code, count(*) AS entities,
        count(*) FILTER (WHERE e.badges @> ARRAY['blacklisted']) AS blacklisted,
        count(*) FILTER (WHERE e.badges @> ARRAY['abnormal']) AS abnormal
      FROM enterprises e WHERE true ${where} GROUP BY 1),
    record_sums AS (
      SELECT ${spec.recordKey} AS code, count(*) AS public_records
      FROM records r JOIN catalogue_items i ON i.id = r.item_id LEFT JOIN enterprises e ON e.id = r.enterprise_id
      WHERE r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified AND i.role <> 'registration' ${where}
      GROUP BY 1)
    SELECT * FROM entity_sums FULL JOIN record_sums USING (code)`;
}

/** Console analysis views: a dimension with another dimension's filter, and the base GROUP BY's key and filter. */
const ANALYSIS_VIEWS: ReadonlyArray<readonly [string, AnalysisGrouping, AnalysisFilters, string, string]> = [
  ['region (9 prefectures)', { by: 'prefecture' }, {}, 'substr(e.region_code, 1, 4)', ''],
  [
    'industry, region 贵阳市',
    { by: 'division' },
    { regionPrefix: '5201' },
    'e.industry_code',
    "AND e.region_code LIKE '5201%'",
  ],
  [
    'agency, industry C 13–15',
    { by: 'agency' },
    { divisions: ['13', '14', '15'] },
    'r.agency_id',
    "AND e.industry_code ~ '^C?1[345]'",
  ],
  [
    'month, level severe',
    { by: 'month' },
    { level: 'severe' },
    "date_trunc('month', r.received_at)",
    "AND r.dishonesty_level = 'severe'",
  ],
];

async function main() {
  log('# Statistics benchmark: public breakdowns from the rollups beside a GROUP BY over the base tables');
  log(
    `${options.entities.toLocaleString('en')} entities, ${options.records.toLocaleString('en')} records; client and ` +
      `PostgreSQL share this machine's ${availableParallelism()} cores.`,
  );
  if (await ensureDatabase(options.databaseUrl)) log(`Created database ${options.databaseUrl}`);
  const database = await openDatabase({ url: options.databaseUrl });
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const applied = await migrateToLatest(database.db, migrations);
    if (applied.length > 0) log(`Migrations applied: ${applied.join(', ')}`);
    const dataKey = Buffer.alloc(16, 7);
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    await seedDatabase(database.db, { demoEntities: 0, dataKey, log: quiet as never });
    const agencyIds: number[] = [];
    for (const name of [
      '贵州省市场监督管理局',
      '贵州省税务局',
      '贵州省生态环境厅',
      '贵州省住房和城乡建设厅',
      '贵州省交通运输厅',
      '贵州省应急管理厅',
    ])
      agencyIds.push(
        await provincialAgency(client, name, agencyIds.length === 0 ? 'market_regulation' : 'administrative'),
      );

    log('## Data');
    let reloaded = false;
    if (options.reload || (await countRows(client, 'enterprises')) !== options.entities) {
      const load = await loadEnterprises(options.databaseUrl, options.entities, log);
      log(`  ${load.rows.toLocaleString('en')} entities loaded`);
      reloaded = true;
    }
    if (reloaded || (await countRows(client, 'records')) !== options.records) {
      log(`  records generated in ${ms(await loadRecords(client, agencyIds))}`);
      const started = performance.now();
      await client.query('SELECT statistics_rebuild()');
      await client.query('VACUUM ANALYZE statistics_record_counts');
      await client.query('VACUUM ANALYZE statistics_entity_counts');
      log(`  rollups counted afresh (statistics_rebuild) in ${ms(performance.now() - started)}`);
    } else log('  entities and records already loaded (--reload to generate them again)');
    log(
      `  rollup rows: ${(await countRows(client, 'statistics_record_counts')).toLocaleString('en')} record counts, ` +
        `${(await countRows(client, 'statistics_entity_counts')).toLocaleString('en')} entity counts, ` +
        `${(await countRows(client, 'statistics_public_counts')).toLocaleString('en')} public counts`,
    );

    log('## Breakdowns');
    log(
      `| breakdown | rollups p50 | rollups p95 (${options.runs} runs) | base GROUP BY p50 (${options.baselineRuns} runs) | ratio base/rollups (p50) |`,
    );
    log('|---|---:|---:|---:|---:|');
    const service = createStatisticsService(database.db, { ttlMs: 0 });
    for (const [name, spec] of Object.entries(BASELINES)) {
      const rollup: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        const started = performance.now();
        await service.getBreakdown(spec.query);
        rollup.push(performance.now() - started);
      }
      const base: number[] = [];
      for (let run = 0; run < options.baselineRuns; run++) {
        const started = performance.now();
        await client.query(baselineSql(spec));
        base.push(performance.now() - started);
      }
      const p50 = percentile(rollup, 0.5);
      const baseP50 = percentile(base, 0.5);
      log(
        `| ${name} | ${ms(p50)} | ${ms(percentile(rollup, 0.95))} | ${ms(baseP50)} | ${(baseP50 / p50).toFixed(0)}× |`,
      );
    }

    // The console analysis (issue 19 item 3): the rollups with a cross-filter and the sharing rule of one provincial
    // agency (not the records' provider), beside the same count grouped from `records` (without the rule: a floor).
    log('## Console analysis (viewer 贵州省税务局, sharing rule applied)');
    log(
      `| view | rollups p50 | rollups p95 (${options.runs} runs) | base GROUP BY p50 (${options.baselineRuns} runs) | ratio |`,
    );
    log('|---|---:|---:|---:|---:|');
    const viewer = agencyIds[1]!;
    for (const [name, grouping, filters, key, where] of ANALYSIS_VIEWS) {
      const rollup: number[] = [];
      for (let run = 0; run < options.runs; run++) {
        const started = performance.now();
        await sumAnalysis(database.db, viewer, grouping, filters);
        rollup.push(performance.now() - started);
      }
      const base: number[] = [];
      for (let run = 0; run < options.baselineRuns; run++) {
        const started = performance.now();
        await client.query(`SELECT ${key}, count(*) FROM records r JOIN catalogue_items i ON i.id = r.item_id
          LEFT JOIN enterprises e ON e.id = r.enterprise_id WHERE r.root_id IS NULL ${where} GROUP BY 1`);
        base.push(performance.now() - started);
      }
      const p50 = percentile(rollup, 0.5);
      const baseP50 = percentile(base, 0.5);
      log(
        `| ${name} | ${ms(p50)} | ${ms(percentile(rollup, 0.95))} | ${ms(baseP50)} | ${(baseP50 / p50).toFixed(0)}× |`,
      );
    }
  } finally {
    await client.end();
    await database.close();
  }
}

await main();
