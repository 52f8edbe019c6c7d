import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CatalogueItem } from '../../apps/server/src/modules/catalogue/index';
import { recordInputOf, templateColumns } from '../../apps/server/src/modules/ingestion/ingestion.template';
import { prepareRecord, type SubmissionContext } from '../../apps/server/src/modules/records/index';
import { copyValue } from '../search/load';
import { cpuSecondsOf } from './server';

/** Every column the upload writes into `records`, in COPY order. */
const COLUMNS = [
  'item_id',
  'agency_id',
  'credit_code',
  'enterprise_id',
  'entity_name',
  'payload',
  'personal_cipher',
  'arose_on',
  'due_on',
  'due_provisional',
  'days_late',
  'dishonesty_level',
  'use_scope',
  'publicity_until',
  'content_hash',
  'channel',
  'batch_id',
  'flagged_for_review',
  'created_by',
  'root_id',
  'version',
  'reason',
] as const;

/**
 * The COPY text of the same rows the upload stores, with every value computed beforehand (validation, deadline,
 * hash, and the entity id looked up): what a raw COPY of those rows into `records` has to do, and nothing more.
 */
export async function writeCopyFile(
  path: string,
  rows: Iterable<Record<string, string>>,
  item: CatalogueItem,
  context: SubmissionContext,
  target: { agencyId: number; batchId: number; accountId: number; enterpriseIds: Map<string, number> },
): Promise<number> {
  const columns = templateColumns(item);
  const output = createWriteStream(path);
  let count = 0;
  let pending = '';
  for (const row of rows) {
    const prepared = prepareRecord(
      item,
      recordInputOf(
        columns,
        columns.map((column) => row[column.header] ?? ''),
      ),
      { agencyKind: 'market_regulation', channel: 'upload' },
      context,
    );
    if (!prepared.ok) continue;
    const record = prepared.record;
    const values = [
      record.itemId,
      target.agencyId,
      record.creditCode,
      target.enterpriseIds.get(record.creditCode) ?? null,
      record.entityName,
      JSON.stringify(record.payload),
      record.personal === null ? null : `\\x${Buffer.from(record.personal, 'base64').toString('hex')}`,
      record.aroseOn,
      record.dueOn,
      record.dueProvisional,
      record.daysLate,
      record.dishonestyLevel,
      record.useScope,
      record.publicityUntil,
      record.contentHash,
      'upload',
      target.batchId,
      record.flaggedForReview,
      target.accountId,
      record.rootId,
      record.version,
      record.reason,
    ];
    pending += `${values.map(copyValue).join('\t')}\n`;
    count += 1;
    if (pending.length > 256 * 1024) {
      if (!output.write(pending)) await once(output, 'drain');
      pending = '';
    }
  }
  output.end(pending);
  await once(output, 'finish');
  return count;
}

/** The bare table: the columns of `records` (and its identity), no key, no index, no check, no trigger. */
export const BARE_TABLE = 'bench_bare_records';

/** Rows a COPY statement carries: each commits on its own, so no transaction holds back the cluster's feeds for minutes. */
const COPY_CHUNK_ROWS = 100_000;

/**
 * COPYs the file into `records` as it is, or into a bare table of the same columns created for it (the machine's limit
 * for these rows; dropped afterwards), 100,000 rows a statement, each its own transaction: the change feeds of every
 * database of the cluster wait for its oldest open transaction (docs/deployment.md). Answers the seconds it took and
 * the CPU its backend used.
 */
export async function copyRecords(
  url: string,
  path: string,
  into: 'records' | typeof BARE_TABLE,
): Promise<{ rows: number; seconds: number; cpuSeconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (into === BARE_TABLE) {
      await client.query(`DROP TABLE IF EXISTS ${BARE_TABLE}`);
      await client.query(`CREATE TABLE ${BARE_TABLE} (LIKE records INCLUDING DEFAULTS INCLUDING IDENTITY)`);
      await client.query('CHECKPOINT');
    }
    const backend = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const cpuBefore = await cpuSecondsOf(backend);
    const started = performance.now();
    let rows = 0;
    for await (const piece of linePieces(path, COPY_CHUNK_ROWS)) {
      const copy = client.query(copyFrom(`COPY ${into} (${COLUMNS.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(piece), copy);
      rows += copy.rowCount;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (await cpuSecondsOf(backend)) - cpuBefore;
    if (into === BARE_TABLE) await client.query(`DROP TABLE ${BARE_TABLE}`);
    return { rows, seconds, cpuSeconds };
  } finally {
    await client.end();
  }
}

/** The file's bytes in pieces of whole lines, `lines` lines a piece (the last one shorter). */
async function* linePieces(path: string, lines: number): AsyncGenerator<Buffer[]> {
  let piece: Buffer[] = [];
  let count = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      count += 1;
      if (count < lines) continue;
      piece.push(chunk.subarray(start, at + 1));
      yield piece;
      piece = [];
      count = 0;
      start = at + 1;
    }
    if (start < chunk.length) piece.push(chunk.subarray(start));
  }
  if (piece.length > 0) yield piece;
}
