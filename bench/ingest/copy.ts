import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
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

/**
 * COPYs the file in one transaction into `records` as it is, or into a bare table of the same columns created for
 * it (the machine's limit for these rows; dropped afterwards); answers the seconds it took and the CPU its backend
 * used.
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
    await client.query('BEGIN');
    const copy = client.query(copyFrom(`COPY ${into} (${COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), copy);
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (await cpuSecondsOf(backend)) - cpuBefore;
    if (into === BARE_TABLE) await client.query(`DROP TABLE ${BARE_TABLE}`);
    return { rows: copy.rowCount, seconds, cpuSeconds };
  } finally {
    await client.end();
  }
}
