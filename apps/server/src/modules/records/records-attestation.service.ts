import type { RecordChangeKind } from '../../db/schema';
import { sm3Hex } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { logAppendSeconds } from '../../platform/metrics';
import { appendLogLeaves } from '../transparency';
import {
  type AttestedRecordRow,
  insertRecordChanges,
  type NewRecord,
  readArrivalAttestation,
  readAttestedRecords,
} from './records.repository';

/** The change kinds a leaf of the verifiable log attests; `reshared` changes who may see a record, not what it says. */
type AttestedChange = Exclude<RecordChangeKind, 'reshared'>;

/**
 * The canonical content of a record's leaf (docs/verifiable-log.md): the change, when, and the record as stored.
 * Personal fields appear only as the SM3 of their SM4 ciphertext, whose random IV salts it: the leaf binds them
 * without revealing them, and nobody without the data key can test a guess.
 */
export function recordLeafContent(row: AttestedRecordRow, event: AttestedChange): Record<string, unknown> {
  return {
    event,
    at: new Date(row.changedAt).toISOString(),
    record: {
      id: Number(row.id),
      rootId: row.rootId === null ? null : Number(row.rootId),
      version: Number(row.version),
      status: row.status,
      agencyId: Number(row.agencyId),
      agencyName: row.agencyName,
      itemCode: row.itemCode,
      editionCode: row.editionCode,
      creditCode: row.creditCode,
      entityName: row.entityName,
      aroseOn: row.aroseOn,
      dishonestyLevel: row.dishonestyLevel,
      useScope: row.useScope,
      publicityUntil: row.publicityUntil,
      payload: row.payload,
      personalDigest: row.personalCipher === null ? null : sm3Hex(Buffer.from(row.personalCipher)),
      contentHash: row.contentHash,
    },
  };
}

/** Appends a leaf per record change to the verifiable log, in the caller's transaction (the change's). */
export async function attestRecordChanges(
  trx: Db,
  changes: Array<{ recordId: number; event: AttestedChange }>,
): Promise<void> {
  if (changes.length === 0) return;
  const started = performance.now();
  const rows = await readAttestedRecords(
    trx,
    changes.map((change) => change.recordId),
  );
  // The read is the log's cost too (appendLogLeaves counts the rest).
  logAppendSeconds.inc((performance.now() - started) / 1000);
  await appendLogLeaves(
    trx,
    rows.map((row, index) => ({
      kind: 'record',
      subject: String(row.id),
      content: recordLeafContent(row, changes[index]!.event),
    })),
  );
}

/**
 * Appends the leaves of records a chunk has just inserted (`created`, or `corrected` for a new version), in the
 * caller's transaction. A leaf attests the record as stored; a new record is stored as it was prepared (status
 * `active`), so its leaf is built from what was sent to the database, with the agency's name, the item's code and
 * edition and the clock read in one small query, instead of reading every record back (which cost the ingest path
 * more than the rest of the log's append).
 */
export async function attestArrivals(
  trx: Db,
  agencyId: number,
  arrivals: Array<{ id: number; record: NewRecord }>,
): Promise<void> {
  if (arrivals.length === 0) return;
  const started = performance.now();
  const context = await readArrivalAttestation(trx, agencyId, [
    ...new Set(arrivals.map((arrival) => arrival.record.itemId)),
  ]);
  const leaves = arrivals.map(({ id, record }) => {
    const item = context.items.get(record.itemId)!;
    const row: AttestedRecordRow = {
      id,
      rootId: record.rootId,
      version: record.version,
      status: 'active',
      agencyId,
      agencyName: context.agencyName,
      itemCode: item.itemCode,
      editionCode: item.editionCode,
      creditCode: record.creditCode,
      entityName: record.entityName,
      aroseOn: record.aroseOn,
      dishonestyLevel: record.dishonestyLevel,
      useScope: record.useScope,
      publicityUntil: record.publicityUntil,
      payload: record.payload,
      personalCipher: record.personal === null ? null : Buffer.from(record.personal, 'base64'),
      contentHash: record.contentHash,
      changedAt: context.changedAt,
    };
    return {
      kind: 'record',
      subject: String(id),
      content: recordLeafContent(row, record.rootId === null ? 'created' : 'corrected'),
    };
  });
  logAppendSeconds.inc((performance.now() - started) / 1000);
  await appendLogLeaves(trx, leaves);
}

/**
 * A change of records: its rows in the exchange pull's change feed (Art. 16) and its leaves in the verifiable log,
 * both in the caller's transaction. Every change of a record but its arrival (`storePreparedRecords`) comes here.
 */
export async function changeRecords(trx: Db, recordIds: number[], kind: AttestedChange): Promise<void> {
  await insertRecordChanges(trx, recordIds, kind);
  await attestRecordChanges(
    trx,
    recordIds.map((recordId) => ({ recordId, event: kind })),
  );
}
