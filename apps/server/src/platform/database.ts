import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  type Migration,
  Migrator,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type RawBuilder,
  sql,
} from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from '../db/schema';

export type Engine = 'postgres' | 'pglite';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  /**
   * Where the public reads go (search, profile, statistics, report verification): the streaming replica while it is
   * up and its lag within the bound, otherwise the primary (`db`). Absent without a replica.
   */
  readDb?: Db;
  /** The replica's state, with DATABASE_REPLICA_URL. */
  replica?: ReplicaStatus;
  engine: Engine;
  /** PostgreSQL's connection pool, whose use /metrics reports; PGlite has one connection and no pool. */
  pool?: Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'>;
  /** PGlite: its data directory as a tar, which `openDatabase({ snapshot })` opens in memory (the tests' template). */
  snapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * Settings of every server connection to PostgreSQL. Short OLTP queries: JIT and parallel workers cost more than they
 * save (JIT alone added 270 ms to a 4-character search at 5,000,000 entities, bench/README.md).
 */
export const SESSION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=32MB';

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir` (in memory without one). */
export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  /**
   * PGlite in memory from another's `snapshot()` instead of an empty cluster: PostgreSQL's initdb in WebAssembly took
   * 16 s of a loaded 2-core machine, loading a migrated snapshot 2.6 s.
   */
  snapshot?: Blob;
  /** A streaming replica of `url` for the public reads (docs/deployment.md#read-replica). */
  replica?: { url: string; maxLagSeconds: number };
}): Promise<DatabaseHandle> {
  // Both engines hand `date` columns over as YYYY-MM-DD strings and int8 as numbers, so the queries return the same shapes.
  const plugins = [new CamelCasePlugin()];
  if (options.url) {
    const pool = createPool(options.url);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), plugins });
    if (!options.replica) return { db, engine: 'postgres', pool, close: () => db.destroy() };
    const replicaPool = createPool(options.replica.url);
    const monitor = await monitorReplica(pool, replicaPool, options.replica.maxLagSeconds);
    const primaryConnections = preparingPool(pool);
    const replicaConnections = preparingPool(replicaPool);
    const readDb = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: {
          connect: () => (monitor.status.inUse ? replicaConnections : primaryConnections).connect(),
          // The primary's pool is ended by `db`.
          end: () => replicaPool.end(),
        },
      }),
      plugins,
    });
    return {
      db,
      readDb,
      replica: monitor.status,
      engine: 'postgres',
      pool,
      close: async () => {
        monitor.stop();
        await readDb.destroy();
        await db.destroy();
      },
    };
  }
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
    // PostgreSQL's default 128 MB of shared buffers lives in PGlite's WebAssembly memory, which never shrinks: 16 MB
    // keeps a started server near 200 MB RSS instead of 330 MB (docs/deployment.md); the file system behind the data
    // directory is still cached by the operating system.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    extensions: { pg_trgm },
    parsers: { [DATE_OID]: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins });
  return {
    db,
    engine: 'pglite',
    snapshot: () => pglite.dumpDataDir('none'),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: SESSION_OPTIONS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return (value: string) => value;
        if (oid === INT8_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server ends (restart, failover, pg_terminate_backend, DROP DATABASE … FORCE) is
  // dropped by the pool and the next query opens another; unlistened, its error event would end the process.
  pool.on('error', () => {});
  // A connection that breaks while checked out (a restart in the middle of a query) fails that query, which answers
  // 503 (platform/errors.ts); the client's error event, unlistened while it is checked out, would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export interface ReplicaStatus {
  /** The public reads go to the replica now. */
  readonly inUse: boolean;
  /** Seconds the replica is behind the primary at most (measured every REPLICA_CHECK_MS); undefined while it is down. */
  readonly lagSeconds: number | undefined;
}

/** How often a node measures its replica's lag. */
const REPLICA_CHECK_MS = 1_000;

/** A WAL position (`16/B374D848`) as a number that orders like it. */
function walPosition(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * Measures the replica's lag every second: the primary's WAL position is noted with the time, and the replica is as far
 * behind as the oldest noted position it has not replayed yet (0 when it replayed them all, whether the primary is
 * busy or idle). The replica is used while it answers, is in recovery (a promoted or unrelated server is not a
 * replica of this primary) and lags at most `maxLagSeconds`; an error on its connections stops its use at once.
 */
async function monitorReplica(
  primary: pg.Pool,
  replica: pg.Pool,
  maxLagSeconds: number,
): Promise<{ status: ReplicaStatus; stop(): void }> {
  const status = { inUse: false, lagSeconds: undefined as number | undefined };
  const noted: { at: number; position: bigint }[] = [];
  const fallBack = () => {
    status.inUse = false;
    status.lagSeconds = undefined;
  };
  replica.on('error', fallBack);
  replica.on('connect', (client) => client.on('error', fallBack));
  const check = async () => {
    const now = Date.now();
    const [primaryPosition, replayed] = await Promise.allSettled([
      primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'),
      replica.query<{ lsn: string | null; standby: boolean }>(
        'SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS standby',
      ),
    ]);
    if (primaryPosition.status === 'fulfilled')
      noted.push({ at: now, position: walPosition(primaryPosition.value.rows[0]!.lsn) });
    const row = replayed.status === 'fulfilled' ? replayed.value.rows[0] : undefined;
    if (!row?.standby || row.lsn === null) return fallBack();
    const position = walPosition(row.lsn);
    while (noted.length > 0 && noted[0]!.position <= position) noted.shift();
    // Kept bounded while the primary is written and the replica is away: the oldest note is the one that counts.
    if (noted.length > 3_600) noted.splice(1, noted.length - 3_600);
    status.lagSeconds = noted.length === 0 ? 0 : (now - noted[0]!.at) / 1000;
    status.inUse = status.lagSeconds <= maxLagSeconds;
  };
  await check();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check()
      .catch(fallBack)
      .finally(() => {
        running = false;
      });
  }, REPLICA_CHECK_MS);
  timer.unref();
  return { status, stop: () => clearInterval(timer) };
}

/**
 * A statement whose SQL starts with this comment is prepared once per connection on PostgreSQL, so its plan is kept:
 * for the public name search, planning cost as much as running it (bench/README.md). PGlite ignores the comment.
 * Statements get it from {@link defineStatement}.
 */
export const PREPARED_STATEMENT = '/* prepared */';

/** Stands for a value while a statement shape is compiled: it must reach the SQL as a parameter, never as text. */
class StatementSlot {
  constructor(readonly key: string) {}
  [Symbol.toPrimitive](): never {
    throw new Error(`Statement value "${this.key}" was used in JavaScript; only bind it as a parameter`);
  }
}

/**
 * A hot statement: compiled once per shape, prepared once per connection (PREPARED_STATEMENT).
 *
 * Kysely builds and compiles a `sql` template again on every call. For the public search that was a fifth of the
 * server's time per request (bench/README.md). Here `build(values, shape)` is called once per shape with stand-ins
 * for the values, and later calls only bind their values in the order the first compile found. So `shape` (which
 * filters, how long the fragment is) must decide everything about the SQL text, and `values` may only appear as
 * parameters: a value used in JavaScript (in a condition, a string or arithmetic) throws or would freeze the first
 * call's text, so derive such values before the call and pass them in `values` or `shape`. The text is the same for
 * both engines and every handle (one dialect, the same plugins), so shapes are kept per statement, not per handle.
 */
export function defineStatement<Row, Values extends object, Shape = undefined>(
  build: (values: Values, shape: Shape) => RawBuilder<Row>,
): (db: Db, values: Values, ...shape: Shape extends undefined ? [] : [Shape]) => CompiledQuery<Row> {
  const shapes = new Map<string, { sql: string; keys: (keyof Values)[] }>();
  return (db, values, ...rest) => {
    const shape = rest[0] as Shape;
    const shapeKey = JSON.stringify(shape) ?? '';
    let compiled = shapes.get(shapeKey);
    if (compiled === undefined) {
      const slots = new Proxy({} as Values, {
        get: (_target, key) => (typeof key === 'string' ? new StatementSlot(key) : undefined),
      });
      const { sql: text, parameters } = sql<Row>`${sql.raw(PREPARED_STATEMENT)} ${build(slots, shape)}`.compile(db);
      const keys = parameters.map((parameter) => {
        if (!(parameter instanceof StatementSlot))
          throw new Error('A statement parameter did not come from its values');
        return parameter.key as keyof Values;
      });
      compiled = { sql: text, keys };
      shapes.set(shapeKey, compiled);
    }
    return CompiledQuery.raw(
      compiled.sql,
      compiled.keys.map((key) => values[key]),
    ) as CompiledQuery<Row>;
  };
}

const statementNames = new Map<string, string>();

/**
 * The name a marked statement is prepared under: a digest of its text, kept per text (marked statements are few
 * shapes, never user input, so the map stays small; it is emptied past 1,000).
 */
export function preparedStatementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= 1_000) statementNames.clear();
    name = `prepared_${createHash('sha1').update(text).digest('hex')}`;
    statementNames.set(text, name);
  }
  return name;
}

/** The pool Kysely sees: marked statements go out as named statements ({@link preparedStatementName}). */
function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      const query = (text: unknown, parameters?: readonly unknown[]) =>
        typeof text === 'string' && text.startsWith(PREPARED_STATEMENT)
          ? client.query({
              name: preparedStatementName(text),
              text,
              values: parameters ? [...parameters] : [],
            })
          : client.query(text as string, parameters ? [...parameters] : undefined);
      return { query, release: (destroy?: boolean) => client.release(destroy) } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** The advisory lock under which a node migrates and seeds at start (an arbitrary constant, like the audit chain's). */
const START_LOCK = 5_202_022;

/**
 * Runs the start's migrations and seeding while no other node runs its own: on PostgreSQL under a session advisory
 * lock on a connection of its own (released when the process dies, too), while `work` uses the pool's others. The
 * embedded engine has one process and one connection.
 */
export async function withStartLock<T>(database: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (database.engine !== 'postgres') return work();
  return database.db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${START_LOCK})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${START_LOCK})`.execute(connection);
    }
  });
}

/** PostgreSQL's codes for a transaction it aborted so that another could go on: deadlock, serialization failure. */
const ABORTED_FOR_ANOTHER = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/**
 * Runs `work` in a transaction and, when PostgreSQL aborted it to break a deadlock (or a serialization failure), runs
 * it again after a short random pause, up to three times in all. Writers of records hold their entities' sync
 * sequence rows until they commit (sequence order is commit order, migration 0034), and one transaction takes them in
 * several statements (the records, then the waiting records of new entities), so two writers can each wait for the
 * other; the one aborted then runs again on what the other committed. `work` must act on the database only (no
 * request stream read, no message sent): it may run more than once.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
      if (attempt >= TRANSACTION_ATTEMPTS || typeof code !== 'string' || !ABORTED_FOR_ANOTHER.has(code)) throw error;
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }
}

/** Escapes LIKE wildcards so a user's `%` or `_` is matched literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export class DatabaseEncodingError extends Error {}

/**
 * pg_trgm and LIKE see Chinese characters only in a UTF-8 database with a UTF-8 ctype: in a SQL_ASCII or "C" ctype
 * database name search silently finds nothing. Refuse to start there and say how to create a correct one.
 */
export async function assertChineseCapableDatabase(db: Db): Promise<void> {
  const { rows } = await sql<{ name: string; encoding: string; ctype: string }>`
    SELECT datname AS name, pg_encoding_to_char(encoding) AS encoding, datctype AS ctype
    FROM pg_database WHERE datname = current_database()`.execute(db);
  const row = rows[0];
  if (!row) throw new DatabaseEncodingError('Cannot read the current database from pg_database.');
  const ctypeIsUtf8 = /utf-?8/i.test(row.ctype);
  if (row.encoding !== 'UTF8' || !ctypeIsUtf8) {
    throw new DatabaseEncodingError(
      `PostgreSQL database "${row.name}" has encoding ${row.encoding} and ctype ${row.ctype}: ` +
        'Chinese name search would silently find nothing (pg_trgm ignores CJK characters outside a UTF-8 ctype).\n' +
        'Create the database as UTF-8, for example:\n' +
        `  CREATE DATABASE ${row.name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';`,
    );
  }
}

/** What a migration that moves personal data needs: the SM4 data key (absent, it may move nothing). */
export interface MigrationContext {
  dataKey?: Buffer;
}

/** A migration module, or a migration made for the context it runs in (one that encrypts existing values). */
export type MigrationSource = Migration | ((context: MigrationContext) => Migration);

export async function migrateToLatest(
  db: Db,
  migrations: Record<string, MigrationSource>,
  context: MigrationContext = {},
): Promise<string[]> {
  const resolved = Object.fromEntries(
    Object.entries(migrations).map(([name, source]) => [name, typeof source === 'function' ? source(context) : source]),
  );
  const migrator = new Migrator({ db, provider: { getMigrations: async () => resolved } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
/** True for PostgreSQL's unique_violation (23505) on the named constraint or index (both engines report it). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, constraint: violated, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code !== '23505') return false;
  if (!constraint) return true;
  return violated === constraint || (typeof message === 'string' && message.includes(constraint));
}

/** Refreshes the planner's statistics after a bulk load (PGlite never auto-analyzes). */
export async function analyzeDatabase(db: Db): Promise<void> {
  await sql`ANALYZE`.execute(db);
}
