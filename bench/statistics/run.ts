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
import { upsertSetting } from '../../apps/server/src/modules/publicity/publicity.repository';
import { createStatisticsService, type StatisticsService } from '../../apps/server/src/modules/statistics/index';
import {
  type AnalysisFilters,
  type AnalysisGrouping,
  sumAnalysis,
} from '../../apps/server/src/modules/statistics/statistics.repository';
import { type Db, migrateToLatest, openDatabase } from '../../apps/server/src/platform/database';
import { seedDatabase } from '../../apps/server/src/seed/seed';
import { parseFlags } from '../args';
import { ensureDatabase, loadEnterprises } from '../search/load';
import { benchAccount, countRows, dropSecondaryIndexes, provincialAgency } from '../sql';

interface StatisticsBenchOptions {
  entities: number;
  records: number;
  runs: number;
  analysisRuns: number;
  baselineRuns: number;
  settingRuns: number;
  databaseUrl: string;
  reload: boolean;
}

const USAGE = `Usage: npm run statistics -w bench -- [--entities 200000] [--records 2000000] [--runs 50] [--analysis-runs 20] [--baseline-runs 3]
  [--setting-runs 3]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_statistics_bench] [--reload]`;

const options = parseFlags(
  process.argv.slice(2),
  USAGE,
  {
    entities: 200_000,
    records: 2_000_000,
    runs: 50,
    analysisRuns: 20,
    baselineRuns: 3,
    settingRuns: 3,
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_statistics_bench',
    reload: false,
  } satisfies StatisticsBenchOptions,
  {
    entities: 'count',
    records: 'count',
    runs: 'count',
    analysisRuns: 'count',
    baselineRuns: 'count',
    settingRuns: 'count',
    databaseUrl: 'database-url',
    reload: 'switch',
  },
);

type StatisticsBreakdownQuery = Parameters<StatisticsService['getBreakdown']>[0];

/** Records generated per statement (and transaction) of the load. */
const LOAD_CHUNK = 200_000;
/** Connections generating chunks side by side (the machine has two cores). */
const LOADERS = 2;

const log = (line = '') => console.log(line);
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function connect(settings: string[] = []): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  for (const setting of settings) await client.query(setting);
  return client;
}

/** The wall time of `work` on its own connection, closed after it. */
async function timed(settings: string[], work: (client: pg.Client) => Promise<void>): Promise<number> {
  const client = await connect(settings);
  try {
    const started = performance.now();
    await work(client);
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

/**
 * The records in INSERT … SELECTs of LOAD_CHUNK: every entity gets records/entities of them from six agencies, cycling through
 * eight items (不良 of three levels, 良好, 经营异常名录), received over the last 24 months, mostly public; 1 in 17
 * revoked, 1 in 7 late. What a record holds depends on its number g only, so the chunks may run side by side. For the
 * load (as for any bulk load) the statistics insert trigger is off and the secondary indexes of `records` are dropped;
 * then the indexes are built again on one connection while `statistics_rebuild()` counts the rollups afresh on
 * another (it reads `records` whole, no index), and both tables are vacuumed and analysed.
 */
async function loadRecords(client: pg.Client, agencyIds: number[]): Promise<void> {
  let started = performance.now();
  await client.query(
    'TRUNCATE records, record_changes, record_events, listing_removals, publicity_withholdings CASCADE',
  );
  await client.query('ALTER TABLE records DISABLE TRIGGER records_statistics_insert');
  const indexes = await dropSecondaryIndexes(client, 'records');
  log(`  dropped ${indexes.length} secondary indexes of records: ${indexes.map((index) => index.name).join(', ')}`);
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
  const chunks: number[] = [];
  for (let first = 1; first <= options.records; first += LOAD_CHUNK) chunks.push(first);
  let loaded = 0;
  let reported = 0;
  const loader = (loaderClient: pg.Client) => async () => {
    for (let first = chunks.shift(); first !== undefined; first = chunks.shift()) {
      const last = Math.min(options.records, first + LOAD_CHUNK - 1);
      await loaderClient.query(
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
      loaded += last - first + 1;
      if (loaded - reported >= 5_000_000) {
        reported = loaded;
        const seconds = (performance.now() - started) / 1000;
        log(`  … ${loaded.toLocaleString('en')} records, ${Math.round(loaded / seconds).toLocaleString('en')}/s`);
      }
    }
  };
  const loaders = await Promise.all(Array.from({ length: LOADERS }, () => connect()));
  try {
    await Promise.all(loaders.map((loaderClient) => loader(loaderClient)()));
  } finally {
    await Promise.all(loaders.map((loaderClient) => loaderClient.end()));
  }
  await client.query('ALTER TABLE records ENABLE TRIGGER records_statistics_insert');
  const insertMs = performance.now() - started;
  log(
    `  INSERT … SELECT ${options.records.toLocaleString('en')} records in ${ms(insertMs)} ` +
      `(${Math.round(options.records / (insertMs / 1000)).toLocaleString('en')}/s, ${LOADERS} connections)`,
  );

  started = performance.now();
  const [indexMs, rebuildMs] = await Promise.all([
    timed(["SET maintenance_work_mem = '2GB'"], async (indexClient) => {
      for (const index of indexes) {
        const indexStarted = performance.now();
        await indexClient.query(index.definition);
        log(`  index ${index.name}: ${ms(performance.now() - indexStarted)}`);
      }
    }),
    timed(["SET work_mem = '1GB'"], async (rebuildClient) => {
      await rebuildClient.query('SELECT statistics_rebuild()');
    }),
  ]);
  log(`  ${indexes.length} indexes built again in ${ms(indexMs)}, one after the other on one connection`);
  log(`  rollups counted afresh (statistics_rebuild(), work_mem 1GB) in ${ms(rebuildMs)}, beside the index builds`);
  const vacuumStarted = performance.now();
  for (const table of [
    'records',
    'statistics_record_counts',
    'statistics_entity_counts',
    'statistics_public_counts',
    'statistics_analysis_counts',
  ])
    await client.query(`VACUUM ANALYZE ${table}`);
  log(
    `  VACUUM ANALYZE in ${ms(performance.now() - vacuumStarted)}; ${ms(performance.now() - started)} after the INSERTs`,
  );
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

/**
 * Console analysis views: a dimension with other dimensions' filters, and the base GROUP BY's key and filter. The
 * first six read a grain of the analysis counts (prefecture × 门类 × kind × month); the drills (a prefecture's
 * counties, a 门类's 大类) and a county's filter read the finest counts of their parent only.
 */
const ANALYSIS_VIEWS: ReadonlyArray<readonly [string, AnalysisGrouping, AnalysisFilters, string, string]> = [
  ['region (9 prefectures)', { by: 'prefecture' }, {}, 'substr(e.region_code, 1, 4)', ''],
  [
    'industry (门类), region 贵阳市',
    { by: 'section' },
    { regionPrefix: '5201' },
    'e.industry_code',
    "AND e.region_code LIKE '5201%'",
  ],
  [
    'agency, industry C',
    { by: 'agency' },
    { section: 'C' },
    'r.agency_id',
    "AND statistics_division(e.industry_code) BETWEEN '13' AND '43'",
  ],
  [
    'region, industry C, 12 months',
    { by: 'prefecture' },
    { section: 'C', fromMonth: '2026-01-01', toMonth: '2026-12-01' },
    'substr(e.region_code, 1, 4)',
    "AND statistics_division(e.industry_code) BETWEEN '13' AND '43' AND r.received_at >= '2025-12-31T16:00:00Z'",
  ],
  [
    'kind, region 贵阳市, industry C, 12 months',
    { by: 'kind' },
    { regionPrefix: '5201', section: 'C', fromMonth: '2026-01-01', toMonth: '2026-12-01' },
    'e.kind',
    "AND e.region_code LIKE '5201%' AND statistics_division(e.industry_code) BETWEEN '13' AND '43' " +
      "AND r.received_at >= '2025-12-31T16:00:00Z'",
  ],
  [
    'month, level severe',
    { by: 'month' },
    { level: 'severe' },
    "date_trunc('month', r.received_at)",
    "AND r.dishonesty_level = 'severe'",
  ],
  [
    'drill: counties of 贵阳市',
    { by: 'county', prefecture: '520100' },
    {},
    'e.region_code',
    "AND e.region_code LIKE '5201%'",
  ],
  [
    'drill: 大类 of C',
    { by: 'division', section: 'C' },
    {},
    'statistics_division(e.industry_code)',
    "AND statistics_division(e.industry_code) BETWEEN '13' AND '43'",
  ],
  ['kind, region 南明区', { by: 'kind' }, { regionPrefix: '520102' }, 'e.kind', "AND e.region_code = '520102'"],
];

/**
 * One publicity-setting change (Art. 22(五)) as the console makes it (`upsertSetting`): the statement trigger on
 * `publicity_settings` recounts the (agency, item) pair's public counts from its finest counts. 行政处罚 of the first
 * agency is withheld, then publicised again, `settingRuns` times; the statement time of each is the figure.
 */
async function timeSettingChange(db: Db, client: pg.Client, agencyId: number): Promise<void> {
  const updatedBy = await benchAccount(client, 'bench.statistics', agencyId);
  const { rows } = await client.query<{ item_id: number; finest: string }>(
    `SELECT i.id AS item_id,
       (SELECT count(*) FROM statistics_record_counts WHERE agency_id = $1 AND item_code = 'penalty') AS finest
     FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
     WHERE e.status = 'current' AND i.code = 'penalty'`,
    [agencyId],
  );
  const { item_id: itemId, finest } = rows[0]!;
  log(
    `## Publicity setting change (行政处罚 of 贵州省市场监督管理局: ${Number(finest).toLocaleString('en')} finest count rows)`,
  );
  log(`| change | statement p50 | slowest (${options.settingRuns} runs) |`);
  log('|---|---:|---:|');
  const times: Record<'withheld' | 'publicised again', number[]> = { withheld: [], 'publicised again': [] };
  for (let run = 0; run < options.settingRuns; run++) {
    for (const [change, publicised] of [
      ['withheld', false],
      ['publicised again', true],
    ] as const) {
      const started = performance.now();
      await upsertSetting(db, { agencyId, itemId, publicised, hiddenFields: [], updatedBy });
      times[change].push(performance.now() - started);
    }
  }
  for (const [change, values] of Object.entries(times))
    log(`| ${change} | ${ms(percentile(values, 0.5))} | ${ms(Math.max(...values))} |`);
}

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
    if (reloaded || (await countRows(client, 'records')) !== options.records) await loadRecords(client, agencyIds);
    else log('  entities and records already loaded (--reload to generate them again)');
    log(
      `  rollup rows: ${(await countRows(client, 'statistics_record_counts')).toLocaleString('en')} record counts, ` +
        `${(await countRows(client, 'statistics_analysis_counts')).toLocaleString('en')} analysis counts, ` +
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

    await timeSettingChange(database.db, client, agencyIds[0]!);

    // Last, as the slowest at scale: the console analysis (issue 19 item 3), the rollups with a cross-filter and the
    // sharing rule of one provincial agency (not the records' provider), beside the same count grouped from `records`
    // (without the rule: a floor).
    log('## Console analysis (viewer 贵州省税务局, sharing rule applied)');
    log(
      `| view | rollups p50 | rollups p95 (${options.analysisRuns} runs) | base GROUP BY p50 (${options.baselineRuns} runs) | ratio |`,
    );
    log('|---|---:|---:|---:|---:|');
    const viewer = agencyIds[1]!;
    for (const [name, grouping, filters, key, where] of ANALYSIS_VIEWS) {
      const rollup: number[] = [];
      for (let run = 0; run < options.analysisRuns; run++) {
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
