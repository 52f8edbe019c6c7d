import { resolve } from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { migrations } from './db/migrations';
import { bootstrapAdministrator, INITIAL_ADMIN_USERNAME, INITIAL_PASSWORD_FILE } from './modules/accounts';
import { enterprisesJobs, scheduleEnterprisesJobs } from './modules/enterprises';
import { ingestionJobs, scheduleIngestionJobs } from './modules/ingestion';
import { publicityJobs, schedulePublicityJobs } from './modules/publicity';
import { recordsJobs } from './modules/records';
import { scheduleStatisticsJobs, statisticsJobs } from './modules/statistics';
import { scheduleSyncJobs, syncJobs } from './modules/sync';
import {
  createTransparencyService,
  logKeysOf,
  scheduleTransparencyJobs,
  transparencyJobs,
} from './modules/transparency';
import { scheduleWatchlistsJobs, watchlistsJobs } from './modules/watchlists';
import { witnessAuditHead } from './platform/audit';
import {
  assertChineseCapableDatabase,
  DatabaseEncodingError,
  migrateToLatest,
  openDatabase,
  withStartLock,
} from './platform/database';
import { startJobWorker } from './platform/jobs';
import { createMailer } from './platform/mail';
import { loadDataEncryptionKey, loadLogSigningKey } from './platform/secrets';
import { demoEntities, seedDatabase } from './seed/seed';

/** How often the audit chain head is witnessed outside the table (docs/deployment.md, audit trail). */
const AUDIT_WITNESS_INTERVAL_MS = 5 * 60_000;
/** At shutdown, requests still running after this long have their connections cut, so the database closes in time. */
const DRAIN_MS = 5_000;
/** Shutdown's last resort (systemd's TimeoutStopSec must be longer). */
const FORCE_EXIT_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  // Before the database is touched: on PostgreSQL a missing key stops the start (issue 17 item 1).
  const dataKey = await loadDataEncryptionKey(config);
  const logSigningKey = await loadLogSigningKey(config);
  // A signal during the start is acted on when the start is done: a step cut short could leave PGlite, which is not
  // crash safe, unable to open (docs/deployment.md#processes-and-signals).
  let received: string | undefined;
  let onSignal = (signal: string) => {
    received ??= signal;
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const database = await openDatabase(
    config.DATABASE_URL
      ? {
          url: config.DATABASE_URL,
          ...(config.DATABASE_REPLICA_URL
            ? {
                replica: {
                  url: config.DATABASE_REPLICA_URL,
                  maxLagSeconds: config.DATABASE_REPLICA_MAX_LAG_SECONDS,
                },
              }
            : {}),
        }
      : { dataDir: resolve(config.DATA_DIR, 'pglite') },
  );
  if (database.engine === 'postgres') await assertChineseCapableDatabase(database.db);
  // Where a start's time goes, logged with `ready` (a first start on PGlite: initdb, every migration, the demo seed).
  const phasesMs = { openDatabase: Date.now() - started, migrations: 0, seed: 0 };
  // Nodes starting at once take turns: the second finds the first's migrations, administrator and seed (two seeding
  // the calendar side by side collided on its keys: multi-node.test.ts).
  const { app, initialPassword } = await withStartLock(database, async () => {
    if (config.DATABASE_URL && config.DATABASE_MIGRATION_URL) {
      const owner = await openDatabase({ url: config.DATABASE_MIGRATION_URL });
      try {
        await migrateToLatest(owner.db, migrations, { dataKey });
      } finally {
        await owner.close();
      }
    } else {
      await migrateToLatest(database.db, migrations, { dataKey });
    }
    phasesMs.migrations = Date.now() - started - phasesMs.openDatabase;
    const built = await buildApp({ config, database, dataKey, logSigningKey });
    const password = await bootstrapAdministrator(database.db, config.DATA_DIR);
    const demo = demoEntities(config, database.engine);
    if (demo.reason) built.log.info({ demoData: 0 }, demo.reason);
    const seeding = Date.now();
    await seedDatabase(database.db, { demoEntities: demo.count, dataKey, log: built.log });
    phasesMs.seed = Date.now() - seeding;
    return { app: built, initialPassword: password };
  });
  if (initialPassword) {
    // For the person starting it, on stderr (stdout carries the JSON log stream only), the password on a line of its
    // own so that nothing around it is copied with it.
    process.stderr.write(
      `首次启动：已创建贵州省市场监督管理局系统管理员账户 ${INITIAL_ADMIN_USERNAME}，一次性密码见下一行` +
        `（已写入 ${resolve(config.DATA_DIR, INITIAL_PASSWORD_FILE)}，首次登录时须修改）：\n${initialPassword}\n`,
    );
  }

  // Publicity windows end by the day (SPEC §3): one expiry run now unless one is pending; each run books the next.
  await schedulePublicityJobs(database.db);
  // Name search picks its rarest trigram from gram counts: refreshed now (after the demo seed) and nightly.
  await scheduleEnterprisesJobs(database.db);
  // Partial uploads a killed process left in DATA_DIR/files/.incoming: swept now and nightly.
  await scheduleIngestionJobs(database.db);
  // Watch-list alerts from the change feed every minute; the digest now and daily at 08:00 (Art. 17 第二款).
  await scheduleWatchlistsJobs(database.db);
  // The statistics rollups' deltas folded into their counts every minute (modules/statistics/README.md).
  await scheduleStatisticsJobs(database.db);
  // Outbox events delivered to the destinations switched on (modules/sync/README.md).
  await scheduleSyncJobs(database.db);
  // The verifiable log: its consistency with the last witnessed checkpoint checked, then a checkpoint signed, now and
  // every LOG_CHECKPOINT_MINUTES (issue 23).
  await scheduleTransparencyJobs(database.db);
  // Deleting the newest audit rows leaves a chain that still holds: a witness of its head outside the table (DATA_DIR
  // and the log) at start, every few minutes and at shutdown lets audit:verify report them (issue 14 item 5).
  const witnessAudit = () =>
    witnessAuditHead(database.db, config.DATA_DIR).then(
      (witness) => app.log.info({ auditWitness: witness }, 'audit chain head witnessed'),
      (error: unknown) => app.log.error({ err: error }, 'could not witness the audit chain head'),
    );
  await witnessAudit();
  const witnessTimer = setInterval(witnessAudit, AUDIT_WITNESS_INTERVAL_MS);
  witnessTimer.unref();

  // Listening first: the jobs scheduled above (a name-search refresh, the alerts, the digest) run in the background
  // and do not hold the start back (on PGlite they share its one connection with the requests).
  await app.listen({ port: config.PORT, host: config.HOST });
  const mailer = createMailer(config);
  const worker = startJobWorker({
    db: database.db,
    handlers: {
      ...ingestionJobs({ db: database.db, dataDir: config.DATA_DIR, dataKey }),
      ...publicityJobs({ db: database.db }),
      ...enterprisesJobs({ db: database.db }),
      ...recordsJobs({ db: database.db }),
      ...watchlistsJobs({ db: database.db, mailer, dataKey }),
      ...statisticsJobs({ db: database.db }),
      ...syncJobs({ db: database.db, dataKey, config }),
      ...transparencyJobs({
        db: database.db,
        service: createTransparencyService(database.db, {
          keys: logKeysOf(logSigningKey),
          ...(config.LOG_WITNESS_DIR ? { witnessDir: config.LOG_WITNESS_DIR } : {}),
        }),
        intervalMinutes: config.LOG_CHECKPOINT_MINUTES,
      }),
    },
    log: app.log,
    pollMs: 500,
    leaseMs: config.JOB_LEASE_SECONDS * 1000,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), FORCE_EXIT_MS);
    force.unref();
    const cut = setTimeout(() => app.server.closeAllConnections(), DRAIN_MS);
    cut.unref();
    // No new requests or jobs; running requests finish (up to DRAIN_MS), the running job stops at its next
    // checkpoint and is released for the next start.
    await Promise.all([worker.stop(), app.close()]);
    clearInterval(witnessTimer);
    mailer?.close();
    // After the last request and job: the head the next start's chain must extend.
    await witnessAudit();
    await database.close();
    process.exit(0);
  };
  onSignal = (signal) => void shutdown(signal);
  if (received) return shutdown(received);
  app.log.info(
    { engine: database.engine, readyInMs: Date.now() - started, phasesMs, url: `http://localhost:${config.PORT}` },
    '贵州省企业公共信用信息平台 ready',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseEncodingError) {
    console.error(error.message);
  } else {
    console.error('Start failed:', error);
  }
  process.exit(1);
});
