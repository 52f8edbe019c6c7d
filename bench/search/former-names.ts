/**
 * EXPLAIN (ANALYZE, BUFFERS) of the public search for former names (曾用名, migration 0010), on the search benchmark's
 * data: `npm run search:former-names -w bench -- [--entities 200000] [--database-url …] [--reload] [--explain-full]`.
 * Loads the table with the benchmark's loader when it does not hold exactly N rows, then explains an exact former name,
 * a rare and a common fragment of former names, each three times (the best execution is printed).
 */
import pg from 'pg';
import { migrations } from '../../apps/server/src/db/migrations/index';
import { searchEnterprisesQuery } from '../../apps/server/src/modules/enterprises/enterprises.repository';
import { migrateToLatest, openDatabase } from '../../apps/server/src/platform/database';
import { parseArgs } from './args';
import { explain } from './explain';
import { ensureDatabase, loadEnterprises, repairIndexes } from './load';

const log = (line = '') => console.log(line);
const options = parseArgs(process.argv.slice(2));
await ensureDatabase(options.databaseUrl);
const database = await openDatabase({ url: options.databaseUrl });
const helper = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
try {
  await migrateToLatest(database.db, migrations);
  await repairIndexes(options.databaseUrl, log);
  const { rows: counted } = await helper.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprises');
  if (options.reload || counted[0]?.n !== options.entities) {
    const load = await loadEnterprises(options.databaseUrl, options.entities, log);
    log(`Loaded ${load.rows.toLocaleString('en')} entities in ${(load.copySeconds + load.indexSeconds).toFixed(1)} s`);
  }
  const { rows: stats } = await helper.query<{ entities: number; renamed: number; size: string }>(
    `SELECT count(*)::int AS entities, count(*) FILTER (WHERE former_names <> '{}')::int AS renamed,
       pg_size_pretty(pg_relation_size('enterprises_former_names_bigram')) AS size FROM enterprises`,
  );
  log(
    `# Former-name search: ${stats[0]!.entities.toLocaleString('en')} entities, ` +
      `${stats[0]!.renamed.toLocaleString('en')} with a former name; index enterprises_former_names_bigram ${stats[0]!.size}`,
  );
  // A sampled former name whose current name differs, so the former-name tier alone finds it.
  const { rows: sample } = await helper.query<{ former: string }>(
    `SELECT former_names[1] AS former FROM enterprises WHERE former_names <> '{}' AND former_names[1] <> name
     ORDER BY id LIMIT 1 OFFSET 37`,
  );
  const former = sample[0]!.former;
  const chars = [...former];
  const queries: [string, string][] = [
    ['exact former name', former],
    ['4-char fragment of a former name', chars.slice(-7, -3).join('')],
    ['2-char fragment common to all former names (经营)', '经营'],
  ];
  for (const [label, query] of queries) {
    const statement = searchEnterprisesQuery({ query, filters: {}, cap: 1000, limit: 20, offset: 0 }).compile(
      database.db,
    );
    const runs: string[][] = [];
    for (let i = 0; i < 3; i++) runs.push(await explain(helper, statement, { full: options.explainFull && i === 2 }));
    const executionMs = (lines: string[]) => Number(/execution ([\d.]+) ms/.exec(lines[0]!)?.[1] ?? Infinity);
    const best = runs.reduce((a, b) => (executionMs(b) < executionMs(a) ? b : a));
    log(`## ${label}: q=${query}`);
    for (const line of options.explainFull ? runs[2]! : best) log(line);
  }
} finally {
  await helper.end();
  await database.close();
}
