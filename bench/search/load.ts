import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateDemoEnterprises } from '../../apps/server/src/seed/demo-enterprises';

/** Creates the benchmark database as UTF-8 with a UTF-8 ctype (pg_trgm ignores CJK otherwise) when it is missing. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error(`No database name in ${url}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`,
    );
    return true;
  } finally {
    await client.end();
  }
}

export interface LoadReport {
  rows: number;
  copySeconds: number;
  rowsPerSecond: number;
  indexes: { name: string; seconds: number }[];
  /** Wall time of all index builds (two at a time). */
  indexSeconds: number;
  vacuumAnalyzeSeconds: number;
}

/** COPY text format: backslash, tab, newline and carriage return are escaped; NULL is \N. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]!) : value;
}

/** A PostgreSQL array literal: every element quoted, `"` and `\` backslash-escaped inside the quotes. */
export function arrayLiteral(items: readonly unknown[]): string {
  const elements = items.map((item) =>
    item === null || item === undefined ? 'NULL' : `"${String(item).replace(/["\\]/g, '\\$&')}"`,
  );
  return `{${elements.join(',')}}`;
}

export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (Array.isArray(value)) return copyText(arrayLiteral(value));
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  return copyText(String(value));
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Secondary indexes to drop before the load: every index on the table that does not back a constraint. */
async function secondaryIndexes(client: pg.Client): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(`
    SELECT i.indexname AS name, i.indexdef AS definition
    FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename IN ('enterprises', 'enterprise_name_grams')
      AND NOT EXISTS (
        SELECT 1 FROM pg_constraint c
        WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
    ORDER BY i.indexname`);
  return rows;
}

/**
 * The definitions are kept in a table of the benchmark database between the drop and the rebuild, so a run killed
 * half-way recreates exactly what the migrations made on the next start.
 */
async function savedIndexes(client: pg.Client): Promise<{ name: string; definition: string }[]> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS bench_saved_indexes (name text PRIMARY KEY, definition text NOT NULL)',
  );
  const { rows } = await client.query<{ name: string; definition: string }>(
    'SELECT name, definition FROM bench_saved_indexes ORDER BY name',
  );
  return rows;
}

/** Recreates indexes left dropped by an interrupted load. Returns how many it built. */
export async function repairIndexes(url: string, log: (line: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const saved = await savedIndexes(client);
    if (saved.length === 0) return 0;
    log(`  an earlier load stopped before its indexes were rebuilt: rebuilding ${saved.length}`);
    await buildIndexes(url, saved, log);
    await client.query('DELETE FROM bench_saved_indexes');
    return saved.length;
  } finally {
    await client.end();
  }
}

/** Longest first (the name postings, then GIN), two builds at a time: the machine has two cores. */
async function buildIndexes(
  url: string,
  indexes: { name: string; definition: string }[],
  log: (line: string) => void,
): Promise<{ name: string; seconds: number }[]> {
  const weight = (definition: string) =>
    /enterprise_name_grams/.test(definition) ? 0 : /USING gin/i.test(definition) ? 1 : 2;
  const queue = [...indexes].sort((a, b) => weight(a.definition) - weight(b.definition));
  const timings: { name: string; seconds: number }[] = [];
  const worker = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SET maintenance_work_mem = '1GB'");
      for (let next = queue.shift(); next; next = queue.shift()) {
        const started = performance.now();
        await client.query(next.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
        const seconds = (performance.now() - started) / 1000;
        timings.push({ name: next.name, seconds });
        log(`  index ${next.name}: ${seconds.toFixed(1)} s`);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all([worker(), worker()]);
  return timings;
}

/**
 * Replaces the enterprises with `count` generated rows: drop the secondary indexes, TRUNCATE and COPY FREEZE in one
 * transaction (rows land frozen and visible, no hint-bit writes later), rebuild the indexes, VACUUM ANALYZE.
 */
export async function loadEnterprises(url: string, count: number, log: (line: string) => void): Promise<LoadReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    let indexes = await savedIndexes(client);
    if (indexes.length === 0) {
      indexes = await secondaryIndexes(client);
      for (const index of indexes) {
        await client.query('INSERT INTO bench_saved_indexes (name, definition) VALUES ($1, $2)', [
          index.name,
          index.definition,
        ]);
      }
    }
    log(`  dropping ${indexes.length} secondary indexes: ${indexes.map((index) => index.name).join(', ')}`);

    const batches = generateDemoEnterprises(count, { batchSize: 10_000 });
    const first = batches.next();
    if (first.done || !first.value[0]) throw new Error('The generator produced no rows');
    const keys = Object.keys(first.value[0]);
    const columns = keys.map(snakeCase).join(', ');
    let loaded = 0;
    let reported = 0;
    const encode = (batch: Record<string, unknown>[]) => {
      let text = '';
      for (const row of batch) {
        let line = copyValue(row[keys[0]!]);
        for (let k = 1; k < keys.length; k++) line += `\t${copyValue(row[keys[k]!])}`;
        text += `${line}\n`;
      }
      loaded += batch.length;
      if (loaded - reported >= 500_000) {
        reported = loaded;
        log(`  … ${loaded.toLocaleString('en')} rows`);
      }
      return text;
    };
    function* chunks() {
      yield encode(first.value as Record<string, unknown>[]);
      for (const batch of batches) yield encode(batch as Record<string, unknown>[]);
    }

    const started = performance.now();
    await client.query('BEGIN');
    for (const index of indexes) await client.query(`DROP INDEX IF EXISTS ${client.escapeIdentifier(index.name)}`);
    await client.query(
      'TRUNCATE enterprises, enterprise_name_grams, enterprise_name_gram_counts RESTART IDENTITY CASCADE',
    );
    await client.query('DROP TABLE IF EXISTS bench_fragment_matches');
    // The postings trigger would insert row by row: it is off for the COPY, and the postings are filled in one
    // statement afterwards (migration 0011's enterprise_name_grams_fill), in the same transaction.
    await client.query('ALTER TABLE enterprises DISABLE TRIGGER enterprises_name_grams');
    const copy = client.query(copyFrom(`COPY enterprises (${columns}) FROM STDIN WITH (FREEZE)`));
    await pipeline(Readable.from(chunks()), copy);
    const copySeconds = (performance.now() - started) / 1000;
    log(
      `  COPY ${copy.rowCount.toLocaleString('en')} rows in ${copySeconds.toFixed(1)} s (generation included, indexes dropped)`,
    );
    const fillStarted = performance.now();
    const { rows: filled } = await client.query<{ postings: string }>(
      'SELECT enterprise_name_grams_fill() AS postings',
    );
    await client.query('ALTER TABLE enterprises ENABLE TRIGGER enterprises_name_grams');
    await client.query('COMMIT');
    log(
      `  name postings: ${Number(filled[0]?.postings).toLocaleString('en')} rows in ` +
        `${((performance.now() - fillStarted) / 1000).toFixed(1)} s`,
    );

    const indexStarted = performance.now();
    const timings = await buildIndexes(url, indexes, log);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    await client.query('DELETE FROM bench_saved_indexes');

    const vacuumStarted = performance.now();
    await client.query('VACUUM (ANALYZE) enterprises');
    await client.query('VACUUM (ANALYZE) enterprise_name_grams');
    const vacuumAnalyzeSeconds = (performance.now() - vacuumStarted) / 1000;
    return {
      rows: copy.rowCount,
      copySeconds,
      rowsPerSecond: copy.rowCount / copySeconds,
      indexes: timings,
      indexSeconds,
      vacuumAnalyzeSeconds,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
