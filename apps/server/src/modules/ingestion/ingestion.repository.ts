import type { UploadKind, UploadStatus } from '@gzcredit/contracts';
import type { AgencyKind } from '@gzcredit/domain';
import { type Insertable, sql } from 'kysely';
import type { UploadsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export interface UploadRow {
  id: number;
  agencyId: number;
  agencyKind: AgencyKind;
  accountId: number;
  username: string;
  uploadedBy: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  kind: UploadKind;
  fileId: number;
  fileName: string;
  fileSize: number;
  fileKind: string;
  storageKey: string;
  sha256: string;
  status: UploadStatus;
  totalRows: number | null;
  rowsDone: number;
  accepted: number;
  rejected: number;
  errorMessage: string | null;
  batchId: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function uploadsQuery(db: Db) {
  return db
    .selectFrom('uploads as u')
    .innerJoin('catalogueItems as i', 'i.id', 'u.itemId')
    .innerJoin('files as f', 'f.id', 'u.fileId')
    .innerJoin('accounts as a', 'a.id', 'u.accountId')
    .innerJoin('agencies as g', 'g.id', 'u.agencyId')
    .select([
      'u.id',
      'u.agencyId',
      'g.kind as agencyKind',
      'u.accountId',
      'a.username',
      'a.displayName as uploadedBy',
      'u.itemId',
      'i.code as itemCode',
      'i.name as itemName',
      'u.kind',
      'u.fileId',
      'f.originalName as fileName',
      'f.size as fileSize',
      'f.kind as fileKind',
      'f.storageKey',
      'u.sha256',
      'u.status',
      'u.totalRows',
      'u.rowsDone',
      'u.accepted',
      'u.rejected',
      'u.errorMessage',
      'u.batchId',
      'u.createdAt',
      'u.startedAt',
      'u.finishedAt',
    ]);
}

export async function findUpload(db: Db, id: number): Promise<UploadRow | undefined> {
  return (await uploadsQuery(db).where('u.id', '=', id).executeTakeFirst()) as UploadRow | undefined;
}

export async function findUploadByFile(
  db: Db,
  key: { agencyId: number; itemId: number; kind: UploadKind; sha256: string },
): Promise<UploadRow | undefined> {
  return (await uploadsQuery(db)
    .where('u.agencyId', '=', key.agencyId)
    .where('u.itemId', '=', key.itemId)
    .where('u.kind', '=', key.kind)
    .where('u.sha256', '=', key.sha256)
    .executeTakeFirst()) as UploadRow | undefined;
}

export interface UploadFilter {
  itemId?: number | undefined;
  status?: UploadStatus | undefined;
  /** Uploads with rows left out (`rejected` > 0) or that failed as a whole. */
  withErrors?: boolean | undefined;
  createdAfter?: string | undefined;
}

export async function listUploads(
  db: Db,
  agencyId: number,
  filter: UploadFilter & { page: number; pageSize: number },
): Promise<{ rows: UploadRow[]; total: number }> {
  let query = uploadsQuery(db).where('u.agencyId', '=', agencyId);
  if (filter.itemId !== undefined) query = query.where('u.itemId', '=', filter.itemId);
  if (filter.status !== undefined) query = query.where('u.status', '=', filter.status);
  if (filter.withErrors !== undefined) {
    query = query.where((eb) =>
      filter.withErrors
        ? eb.or([eb('u.rejected', '>', 0), eb('u.status', '=', 'failed')])
        : eb.and([eb('u.rejected', '=', 0), eb('u.status', '<>', 'failed')]),
    );
  }
  if (filter.createdAfter !== undefined) query = query.where('u.createdAt', '>=', new Date(filter.createdAfter));
  const rows = (await query
    .orderBy('u.id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute()) as UploadRow[];
  const { total } = await query.clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  return { rows, total };
}

/** Serialises uploads of the same file by the same agency for the same item and kind (the unique key of `uploads`). */
export async function lockUploadKey(
  trx: Db,
  key: { agencyId: number; itemId: number; kind: UploadKind; sha256: string },
): Promise<void> {
  const lockKey = `upload:${key.agencyId}:${key.itemId}:${key.kind}:${key.sha256}`;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
}

/**
 * A chunk's commit does not wait for its WAL flush: a crash may lose the last chunks committed, but each chunk carries
 * its own checkpoint, so what is lost is lost whole and the resumed job stores it again (never half, never twice).
 */
export async function skipChunkFlush(trx: Db): Promise<void> {
  await sql`SET LOCAL synchronous_commit = off`.execute(trx);
}

export async function insertUpload(db: Db, upload: Insertable<UploadsTable>): Promise<number> {
  const row = await db.insertInto('uploads').values(upload).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function markUploadRunning(db: Db, id: number, totalRows: number | null): Promise<void> {
  await db
    .updateTable('uploads')
    .set((eb) => ({
      status: 'running',
      startedAt: eb.fn.coalesce('startedAt', sql<Date>`now()`),
      ...(totalRows === null ? {} : { totalRows }),
    }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/**
 * The checkpoint: moves an upload's counters forward, but only from the position the caller read (compare-and-set),
 * so that two workers can never both store the same rows. False when the upload has moved on without the caller.
 */
export async function advanceUpload(
  db: Db,
  id: number,
  from: number,
  to: { rowsDone: number; accepted: number; rejected: number; totalRows: number | null },
): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set({
      rowsDone: to.rowsDone,
      accepted: to.accepted,
      rejected: to.rejected,
      ...(to.totalRows === null ? {} : { totalRows: to.totalRows }),
    })
    .where('id', '=', id)
    .where('rowsDone', '=', from)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishUpload(
  db: Db,
  id: number,
  outcome: { status: 'done' | 'failed'; errorMessage: string | null; totalRows: number | null },
): Promise<{ rowsDone: number; accepted: number; rejected: number } | undefined> {
  return db
    .updateTable('uploads')
    .set((eb) => ({
      status: outcome.status,
      errorMessage: outcome.errorMessage,
      totalRows: outcome.totalRows === null ? eb.ref('totalRows') : outcome.totalRows,
      finishedAt: sql<Date>`now()`,
      startedAt: eb.fn.coalesce('startedAt', sql<Date>`now()`),
    }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returning(['rowsDone', 'accepted', 'rejected'])
    .executeTakeFirst();
}

/** Puts a failed upload back in the queue: it resumes from its checkpoint. */
export async function requeueUpload(db: Db, id: number): Promise<void> {
  await db
    .updateTable('uploads')
    .set({ status: 'queued', errorMessage: null, finishedAt: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .execute();
}

export interface UploadErrorRow {
  rowNumber: number;
  cells: string[];
  message: string;
}

export async function insertUploadErrors(db: Db, uploadId: number, errors: UploadErrorRow[]): Promise<void> {
  if (errors.length === 0) return;
  const rows = errors.map((error) => ({ row_number: error.rowNumber, cells: error.cells, message: error.message }));
  await sql`
    INSERT INTO upload_errors (upload_id, row_number, cells, message)
    SELECT ${uploadId}, r.row_number, r.cells, r.message
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(row_number integer, cells jsonb, message text)`.execute(
    db,
  );
}

/** A page of an upload's row errors after `afterRow`, in row order (keyset pagination: flat cost per page). */
export async function listUploadErrors(
  db: Db,
  uploadId: number,
  afterRow: number,
  limit: number,
): Promise<UploadErrorRow[]> {
  const rows = await db
    .selectFrom('uploadErrors')
    .select(['rowNumber', 'cells', 'message'])
    .where('uploadId', '=', uploadId)
    .where('rowNumber', '>', afterRow)
    .orderBy('rowNumber')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ rowNumber: Number(row.rowNumber), cells: row.cells, message: row.message }));
}

/** Whether the last job that processed the upload gave up (attempts exhausted), as opposed to a refused file. */
export async function lastJobFailed(db: Db, jobName: string, uploadId: number): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('status')
    .where('name', '=', jobName)
    .where(sql`payload ->> 'uploadId'`, '=', String(uploadId))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.status === 'failed';
}
