/**
 * Compares the repository's search SQL with a candidate rewrite on the benchmark's own fragments (run `search` first
 * to load the data): best of 3 rounds per query on one connection, a check that both give the same count and, below
 * the cap, the same page, and with --concurrency N the queries/s of each on N connections.
 *   npm run search:variants -w bench -- [--database-url …] [--cap 1000] [--ratio 0.4] [--concurrency 10 --duration 5]
 *     [--set "work_mem=32MB,max_parallel_workers_per_gather=0,jit=off"]   (session settings for both variants)
 *
 * The candidate (what searchEnterprises could do; filters left out here):
 * - a query shaped like a credit code runs the code tier alone, a 15-digit one the registration-number tier alone,
 *   anything else only the three name tiers: less planning for names, a fraction of the work for codes;
 * - tiers carry `name`, so only the 20 rows of the page are joined back, not every id of the union (up to 3,003);
 * - the substring tier of a 2-character fragment is `bigrams(name) @> ARRAY[q]` alone (the LIKE adds nothing for two
 *   characters), or, when the bigram is common in pg_stats (frequency above √(ratio·(cap+1)/rows)), `name LIKE '%q%'`,
 *   which the planner runs as a sequential scan that stops at cap+1 rows instead of a bitmap of every match;
 * - for 3+ characters it is `name LIKE '%q%'` alone: its estimate comes from the name histogram, so the planner
 *   chooses between the trigram GIN index and a scan that stops early, whereas `bigrams(name) @> … AND name LIKE …`
 *   multiplies two correlated selectivities, underestimates common fragments 5–20× and always builds the bitmap.
 */
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/platform/database';
import { SEARCH_RESULT_CAP } from '../../packages/contracts/src/index';
import { captureStatements, PAGE_SIZE, type Statement } from './capture';
import { closedLoop, percentile } from './measure';
import { pickQueries } from './queries';

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const url = argument('--database-url') ?? 'postgres://postgres@127.0.0.1:5432/gzcredit_bench';
/** The candidate's count cap (the current SQL keeps SEARCH_RESULT_CAP): the scan that stops early reads cap/f rows. */
const cap = Number(argument('--cap') ?? SEARCH_RESULT_CAP);
const tierLimit = cap + 1;
/**
 * Cost of a row read by the early-stopping scan relative to a row id taken from the GIN bitmap (~0.35 µs vs ~0.9 µs
 * at 5M here): a bigram is routed to the scan above the frequency √(ratio·(cap+1)/rows).
 */
const ratio = Number(argument('--ratio') ?? 0.4);
/** Session settings for both variants, e.g. --set "work_mem=32MB,max_parallel_workers_per_gather=0". */
const settings = (argument('--set') ?? '').split(',').filter(Boolean);
/** With --concurrency N: also a closed loop of N connections for --duration seconds per class and variant. */
const concurrency = Number(argument('--concurrency') ?? 0);
const duration = Number(argument('--duration') ?? 10);

async function applySettings(client: pg.ClientBase) {
  for (const setting of settings) {
    const [name, value] = setting.split('=') as [string, string];
    await client.query('SELECT set_config($1, $2, false)', [name.trim(), value.trim()]);
  }
}
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (character) => `\\${character}`);

function candidate(query: string, commonBigrams: Set<string>): Statement & { path: string } {
  const code = query.toUpperCase();
  const page = (tiers: string) => `
    WITH hits AS (${tiers}),
    ranked AS (SELECT id, min(rank) AS rank, min(name) AS name FROM hits GROUP BY id),
    page AS (SELECT id, rank, name, count(*) OVER () AS matched FROM ranked ORDER BY rank, name, id LIMIT $2 OFFSET 0)
    SELECT e.*, p.rank, p.matched::int AS matched FROM page p JOIN enterprises e ON e.id = p.id
    ORDER BY p.rank, p.name, p.id`;
  if (/^[0-9A-Z]{18}$/.test(code)) {
    return {
      path: 'code',
      sql: page('SELECT id, name, 0 AS rank FROM enterprises WHERE credit_code = $1'),
      parameters: [code, PAGE_SIZE],
    };
  }
  if (/^\d{15}$/.test(query)) {
    return {
      path: 'registration',
      sql: page('SELECT id, name, 0 AS rank FROM enterprises WHERE former_registration_numbers @> ARRAY[$1]::text[]'),
      parameters: [query, PAGE_SIZE],
    };
  }
  const twoCharacters = [...query].length === 2;
  const bigramPath = twoCharacters && !commonBigrams.has(query);
  const substring = bigramPath
    ? 'SELECT id, name, 3 AS rank FROM enterprises WHERE bigrams(name) @> ARRAY[$5]::text[] LIMIT $3'
    : 'SELECT id, name, 3 AS rank FROM enterprises WHERE name LIKE $5 LIMIT $3';
  return {
    path: bigramPath ? 'bigram GIN' : twoCharacters ? 'LIKE (common bigram)' : 'LIKE',
    sql: page(`
      (SELECT id, name, 1 AS rank FROM enterprises WHERE name = $1 LIMIT $3)
      UNION ALL (SELECT id, name, 2 AS rank FROM enterprises WHERE name LIKE $4 LIMIT $3)
      UNION ALL (${substring})`),
    parameters: [query, PAGE_SIZE, tierLimit, `${likeEscape(query)}%`, bigramPath ? query : `%${likeEscape(query)}%`],
  };
}

async function main() {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const setup = await pool.connect();
  await applySettings(setup);
  setup.release();
  const database = await openDatabase({ url });
  try {
    const classes = await pickQueries(pool, { count: false });
    const current = await captureStatements(
      database.db,
      classes.flatMap((queryClass) => queryClass.queries),
    );
    const { rows: stats } = await pool.query<{ bigram: string; frequency: number }>(`
      SELECT e AS bigram, f AS frequency
      FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(e, f)
      WHERE s.tablename = 'enterprises_name_bigram' AND e IS NOT NULL`);
    const { rows: size } = await pool.query<{ rows: number }>(
      `SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = 'enterprises'::regclass`,
    );
    const threshold = Math.sqrt((ratio * tierLimit) / Math.max(1, size[0]?.rows ?? 1));
    const common = new Set(stats.filter((row) => row.frequency > threshold).map((row) => row.bigram));
    console.log(`cap ${cap}, ratio ${ratio}, session settings: ${settings.join(' ') || 'none'}`);
    console.log(
      `${Math.round(size[0]?.rows ?? 0).toLocaleString('en')} rows; bigrams above ${(threshold * 100).toFixed(2)} %: ` +
        `${[...common].slice(0, 30).join(' ')}${common.size > 30 ? ' …' : ''}`,
    );

    type Rows = { id: number | string; matched: number }[];
    const timed = async (statement: Statement) => {
      const started = performance.now();
      const { rows } = await pool.query(statement.sql, [...statement.parameters]);
      return { time: performance.now() - started, rows: rows as Rows };
    };
    const format = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `${percentile(sorted, 0.5).toFixed(2)} / ${percentile(sorted, 0.95).toFixed(2)} / ${sorted.at(-1)!.toFixed(2)}`;
    };
    console.log();
    console.log(
      '| class | current p50 / p95 / max ms | candidate p50 / p95 / max ms | candidate paths | differences |',
    );
    console.log('|---|---|---|---|---|');
    for (const queryClass of classes) {
      const paths = new Map<string, number>();
      const differences: string[] = [];
      const next = queryClass.queries.map((query) => candidate(query, common));
      for (const statement of next) paths.set(statement.path, (paths.get(statement.path) ?? 0) + 1);
      const before = queryClass.queries.map(() => Number.POSITIVE_INFINITY);
      const after = [...before];
      // Three rounds over the whole class, best per query: a burst of load from other processes spoils one round only.
      for (let round = 0; round < 3; round++) {
        for (const [i, query] of queryClass.queries.entries()) {
          const a = await timed(current.get(query)!);
          const b = await timed(next[i]!);
          before[i] = Math.min(before[i]!, a.time);
          after[i] = Math.min(after[i]!, b.time);
          if (round > 0) continue;
          const countA = Math.min(a.rows[0]?.matched ?? 0, tierLimit);
          const countB = Math.min(b.rows[0]?.matched ?? 0, tierLimit);
          const idsA = a.rows.map((row) => String(row.id)).join();
          const idsB = b.rows.map((row) => String(row.id)).join();
          if (countA <= cap ? countA !== countB || idsA !== idsB : countB !== tierLimit) differences.push(query);
        }
      }
      const slowest = queryClass.queries.map((query, i) => [query, after[i]!] as const);
      const ranked = [...slowest].sort((x, y) => y[1] - x[1]);
      console.log(
        `| ${queryClass.label} | ${format(before)} | ${format(after)} | ` +
          `${[...paths].map(([path, n]) => `${path} ${n}`).join(', ')} | ${differences.join(' ') || 'none'} |`,
      );
      console.error(
        `  slowest candidates ${queryClass.label}: ${ranked
          .slice(0, 5)
          .map(([query, time]) => `${query} ${time.toFixed(1)} ms`)
          .join(', ')}`,
      );
    }
    if (concurrency > 0) await throughput(classes, current, common);
  } finally {
    await database.close();
    await pool.end();
  }
}

/** Queries per second of each variant with `concurrency` connections (session settings applied to every one). */
async function throughput(
  classes: Awaited<ReturnType<typeof pickQueries>>,
  current: Map<string, Statement>,
  common: Set<string>,
) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
  try {
    await Promise.all(clients.map(applySettings));
    console.log();
    console.log(
      `| class | current q/s, p95 ms | candidate q/s, p95 ms | (${concurrency} connections × ${duration} s) |`,
    );
    console.log('|---|---|---|---|');
    for (const queryClass of classes) {
      const next = new Map(queryClass.queries.map((query) => [query, candidate(query, common)]));
      const run = (statements: Map<string, Statement>) =>
        closedLoop(queryClass.queries, { concurrency, seconds: duration }, (query, caller) => {
          const statement = statements.get(query)!;
          return clients[caller]!.query(statement.sql, [...statement.parameters]);
        });
      const a = await run(current);
      const b = await run(next);
      console.log(
        `| ${queryClass.label} | ${Math.round(a.perSecond)}, ${a.p95.toFixed(1)} | ${Math.round(b.perSecond)}, ` +
          `${b.p95.toFixed(1)} | |`,
      );
    }
  } finally {
    for (const client of clients) client.release();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
