// Temporary experiment (not committed): raw pg throughput of the captured search SQL under session variants.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { openDatabase, SESSION_OPTIONS } from '../../apps/server/src/platform/database';
import { captureStatements } from './capture';
import { closedLoop, sequential } from './measure';
import { pickQueries } from './queries';

const url = 'postgres://postgres@127.0.0.1:5432/gzcredit_bench';
const seconds = Number(process.env.SECONDS ?? 5);
const variants = (process.env.VARIANTS ?? '').split('|').filter(Boolean);
const classesWanted = (process.env.CLASSES ?? '2-char,3-char,4-char,6-char').split(',');
const helper = new pg.Pool({ connectionString: url, max: 2, options: SESSION_OPTIONS });
const classes = (await pickQueries(helper, { count: false })).filter((c) => classesWanted.includes(c.label));
const database = await openDatabase({ url });
const statements = await captureStatements(
  database.db,
  classes.flatMap((c) => c.queries),
);
await database.close();
if (process.env.EXPLAIN) {
  const s = statements.get(process.env.EXPLAIN)!;
  const { rows } = await helper.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, [...s.parameters]);
  for (const r of rows) console.log(r['QUERY PLAN']);
}
for (const variant of variants.length ? variants : ['']) {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `${SESSION_OPTIONS} ${variant}` });
  for (const c of classes) {
    const run = (q: string) => {
      const s = statements.get(q)!;
      const name = `x_${createHash('sha1').update(s.sql).digest('hex')}`;
      return pool.query({ name, text: s.sql, values: [...s.parameters] });
    };
    await closedLoop(c.queries, { concurrency: 50, seconds: 1 }, run);
    const load = await closedLoop(c.queries, { concurrency: 50, seconds }, run);
    const single = await sequential(c.queries, 200, run);
    console.log(
      `${variant || 'default'} ${c.label}: ${Math.round(load.perSecond)} q/s p95 ${load.p95.toFixed(1)} | single p50 ${single.p50.toFixed(2)} p95 ${single.p95.toFixed(2)}`,
    );
  }
  await pool.end();
}
await helper.end();
