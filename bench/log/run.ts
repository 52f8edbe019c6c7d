/**
 * Verifiable-log benchmark (issue 23): records stored through the ingest path (`submitRecords`, as the exchange API
 * and the form call it; the upload job calls the same `storePreparedRecords`) in batches, each in its own transaction,
 * with the log's leaves appended in those transactions. Prints, from the same run: records per second with the log;
 * the time spent inside the log's code (the process counter `gzcredit_log_append_seconds_total`: reading what each
 * leaf attests, hashing, storing leaves and nodes, moving the head); leaves appended per second inside the ingest
 * path; and the ingest rate without the log (the same run's time less the log's). Then the append alone (synthetic
 * leaves of the same size, no record work) for comparison. See bench/README.md.
 */
import { availableParallelism } from 'node:os';
import { migrations } from '../../apps/server/src/db/migrations/index';
import { loadSubmissionContext, submitRecords } from '../../apps/server/src/modules/records/index';
import { appendLogLeaves } from '../../apps/server/src/modules/transparency/index';
import { migrateToLatest, openDatabase } from '../../apps/server/src/platform/database';
import { logAppendSeconds, logLeavesAppended } from '../../apps/server/src/platform/metrics';
import { seedDatabase } from '../../apps/server/src/seed/seed';
import { createAgency, uniqueCreditCode } from '../../apps/server/test/factories';
import { penaltyRecord } from '../../apps/server/test/records';
import { parseFlags } from '../args';
import { ensureDatabase } from '../search/load';

const USAGE = `Usage: npm run log -w bench -- [--records 20000] [--batch 1000]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_log_bench | --database-url pglite]`;

const options = parseFlags(
  process.argv.slice(2),
  USAGE,
  { records: 20_000, batch: 1_000, databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_log_bench' },
  { records: 'count', batch: 'count', databaseUrl: 'database-url' },
);

const log = (line = '') => console.log(line);
const rate = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en')}/s`;
const counter = async (metric: typeof logAppendSeconds) => (await metric.get()).values[0]?.value ?? 0;

async function main(): Promise<void> {
  const pglite = options.databaseUrl === 'pglite';
  if (!pglite) await ensureDatabase(options.databaseUrl);
  const database = await openDatabase(pglite ? {} : { url: options.databaseUrl });
  try {
    await migrateToLatest(database.db, migrations);
    const dataKey = Buffer.alloc(16, 7);
    await seedDatabase(database.db, { demoEntities: 0, dataKey, log: { info() {}, warn() {}, error() {} } as never });
    const agency = await createAgency(database.db, {
      name: `贵阳市市场监督管理局${Date.now()}`.slice(0, 40),
      regionCode: '520100',
      level: 'prefecture',
      kind: 'market_regulation',
    });
    const context = await loadSubmissionContext(database.db, dataKey);
    const submitter = {
      agencyId: Number(agency.id),
      agencyKind: 'market_regulation' as const,
      accountId: null,
      channel: 'api' as const,
    };
    log(
      `# Verifiable log: ${options.records.toLocaleString('en')} records in batches of ${options.batch}, ${pglite ? 'PGlite' : 'PostgreSQL'}`,
    );
    log(`Node and the database share this machine's ${availableParallelism()} cores with other work: compare ratios.`);

    const secondsBefore = await counter(logAppendSeconds);
    const leavesBefore = await counter(logLeavesAppended);
    const started = performance.now();
    let stored = 0;
    for (let done = 0; done < options.records; done += options.batch) {
      const inputs = Array.from({ length: Math.min(options.batch, options.records - done) }, () =>
        penaltyRecord(uniqueCreditCode()),
      );
      const result = await database.db.transaction().execute((trx) => submitRecords(trx, submitter, context, inputs));
      stored += result.accepted;
    }
    const total = (performance.now() - started) / 1000;
    const inLog = (await counter(logAppendSeconds)) - secondsBefore;
    const leaves = (await counter(logLeavesAppended)) - leavesBefore;
    log('');
    log('## Ingest path');
    log(`records stored:                       ${stored.toLocaleString('en')} in ${total.toFixed(2)} s`);
    log(`ingest with the log:                  ${rate(stored, total)}`);
    log(
      `time inside the log's code:           ${inLog.toFixed(2)} s (${((inLog / total) * 100).toFixed(1)} % of the ingest)`,
    );
    log(`leaves appended inside the ingest:    ${rate(leaves, inLog)} (${leaves.toLocaleString('en')} leaves)`);
    log(`ingest without the log (same run):    ${rate(stored, total - inLog)}`);
    log(`ratio with / without:                 ${((total - inLog) / total).toFixed(2)}`);

    const size =
      (await database.db.selectFrom('transparencyLeaves').select('content').limit(1).executeTakeFirst())?.content
        .length ?? 600;
    const filler = 'x'.repeat(Math.max(0, size - 60));
    const appendStarted = performance.now();
    for (let done = 0; done < options.records; done += options.batch) {
      await database.db.transaction().execute((trx) =>
        appendLogLeaves(
          trx,
          Array.from({ length: Math.min(options.batch, options.records - done) }, (_, offset) => ({
            kind: 'bench',
            subject: String(done + offset),
            content: { filler, n: done + offset },
          })),
        ),
      );
    }
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    log('');
    log('## The append alone (same leaf size, same batches, no record work)');
    log(`leaves appended:                      ${rate(options.records, appendSeconds)} (${size} bytes a leaf)`);
  } finally {
    await database.close();
  }
}

await main();
