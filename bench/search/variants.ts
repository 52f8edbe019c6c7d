/**
 * Compares the repository's search SQL with a candidate rewrite on the benchmark's own fragments (run `search` first
 * to load the data): best of 3 per query on one connection, and a check that both give the same count and, below the
 * cap, the same page. Usage: npm run search:variants -w bench [-- --database-url postgres://…]
 *
 * The candidate (what searchEnterprises could do, filters left out here):
 * - a query shaped like a credit code runs the code tier alone, a 15-digit one the registration-number tier alone,
 *   anything else only the three name tiers: half the planning work for names, a tenth for codes;
 * - tiers carry `name`, so only the 20 rows of the page are joined back, not every id of the union (up to 3,003);
 * - the substring tier of a 2-character fragment is `bigrams(name) @> ARRAY[q]` alone (the LIKE adds nothing for two
 *   characters), or, when the bigram is common in pg_stats (frequency above √(2·(cap+1)/rows)), `name LIKE '%q%'`, which
 *   the planner runs as a sequential scan that stops at cap+1 rows instead of building a bitmap of every match;
 * - for 3+ characters it is `name LIKE '%q%'` alone: its estimate (from the name histogram) is right, so the planner
 *   chooses between the trigram GIN index and a scan that stops early, whereas `bigrams(name) @> … AND name LIKE …`
 *   multiplies two correlated selectivities, underestimates common fragments by 5–20× and always builds the bitmap.
 */
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/platform/database';
import { SEARCH_RESULT_CAP } from '../../packages/contracts/src/index';
import { captureStatements, PAGE_SIZE, type Statement } from './capture';
import { percentile } from './measure';
import { pickQueries } from './queries';

const flag = process.argv.indexOf('--database-url');
const url = flag >= 0 ? process.argv[flag + 1]! : 'postgres://postgres@127.0.0.1:5432/gzcredit_bench';
const tierLimit = SEARCH_RESULT_CAP + 1;
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
    const threshold = Math.sqrt((2 * tierLimit) / Math.max(1, size[0]?.rows ?? 1));
    const common = new Set(stats.filter((row) => row.frequency > threshold).map((row) => row.bigram));
    console.log(
      `${Math.round(size[0]?.rows ?? 0).toLocaleString('en')} rows; bigrams above ${(threshold * 100).toFixed(2)} %: ` +
        `${[...common].slice(0, 30).join(' ')}${common.size > 30 ? ' …' : ''}`,
    );

    const best = async (statement: Statement) => {
      let fastest = Number.POSITIVE_INFINITY;
      let rows: { id: number | string; matched: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        ({ rows } = await pool.query(statement.sql, [...statement.parameters]));
        fastest = Math.min(fastest, performance.now() - started);
      }
      return { fastest, rows };
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
      const before: number[] = [];
      const after: number[] = [];
      const paths = new Map<string, number>();
      const differences: string[] = [];
      const slowest: [string, number][] = [];
      for (const query of queryClass.queries) {
        const next = candidate(query, common);
        paths.set(next.path, (paths.get(next.path) ?? 0) + 1);
        const a = await best(current.get(query)!);
        const b = await best(next);
        before.push(a.fastest);
        after.push(b.fastest);
        slowest.push([query, b.fastest]);
        const countA = Math.min(a.rows[0]?.matched ?? 0, tierLimit);
        const countB = Math.min(b.rows[0]?.matched ?? 0, tierLimit);
        const idsA = a.rows.map((row) => String(row.id)).join();
        const idsB = b.rows.map((row) => String(row.id)).join();
        if (countA !== countB || (countA <= SEARCH_RESULT_CAP && idsA !== idsB)) differences.push(query);
      }
      slowest.sort((x, y) => y[1] - x[1]);
      console.log(
        `| ${queryClass.label} | ${format(before)} | ${format(after)} | ` +
          `${[...paths].map(([path, n]) => `${path} ${n}`).join(', ')} | ${differences.join(' ') || 'none'} |`,
      );
      console.error(
        `  slowest candidates ${queryClass.label}: ${slowest
          .slice(0, 5)
          .map(([query, time]) => `${query} ${time.toFixed(1)} ms`)
          .join(', ')}`,
      );
    }
  } finally {
    await database.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
