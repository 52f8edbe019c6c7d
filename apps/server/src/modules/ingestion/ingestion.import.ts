import { EXAMPLE_ROW_MARK } from '@gzcredit/contracts';
import type { WorkingDayCalendar } from '@gzcredit/domain';
import { appendAudit } from '../../platform/audit';
import { type Db, inTransaction } from '../../platform/database';
import { storedFilePath } from '../../platform/files';
import { uploadRowsCommitted } from '../../platform/metrics';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import { recomputeStanding } from '../enterprises';
import {
  addExchangeBatchCounts,
  applyRemoval,
  type EntityRegistration,
  loadSubmissionContext,
  type NewRecord,
  prepareRecord,
  type RemovalRequest,
  type Remover,
  type SubmissionContext,
  type Submitter,
  storePreparedRecords,
} from '../records';
import {
  checkXlsxContainer,
  detectCsvEncoding,
  openCsvWithHeader,
  openXlsxWithHeader,
  type SheetReader,
  type SheetRow,
  UnreadableFileError,
} from './ingestion.reader';
import {
  advanceUpload,
  findUpload,
  finishUpload,
  insertUploadErrors,
  markUploadRunning,
  skipChunkFlush,
  type UploadErrorRow,
  type UploadRow,
} from './ingestion.repository';
import { mapHeaders, recordInputOf, removalInputOf, type TemplateColumn, uploadColumns } from './ingestion.template';

export interface IngestionDeps {
  db: Db;
  dataDir: string;
  /** SM4 key of personal fields (records are stored with their cipher). */
  dataKey: Buffer;
}

export interface ProcessOptions {
  /** Rows per transaction: the checkpoint interval (default 5,000). */
  chunkSize?: number;
  /** Called inside each chunk's transaction after its writes (tests simulate a crash there). */
  onChunk?: (progress: { rowsDone: number }) => void | Promise<void>;
}

const ENCODING_UNKNOWN = '文件编码无法识别，请另存为 UTF-8 编码的 CSV';

/**
 * The same calendar, remembering its answers: the rows of a file share a few hundred dates, and the deadline of each
 * (Art. 12: 20 working days) is otherwise counted again for every row.
 */
function memoizedCalendar(calendar: WorkingDayCalendar): WorkingDayCalendar {
  const deadlines = new Map<string, ReturnType<WorkingDayCalendar['addWorkingDays']>>();
  const spans = new Map<string, number>();
  const memo = Object.create(calendar) as WorkingDayCalendar;
  memo.addWorkingDays = (date, days) => {
    const key = `${date}+${days}`;
    let deadline = deadlines.get(key);
    if (!deadline) {
      deadline = calendar.addWorkingDays(date, days);
      deadlines.set(key, deadline);
    }
    return deadline;
  };
  memo.workingDaysBetween = (from, to) => {
    const key = `${from}/${to}`;
    let span = spans.get(key);
    if (span === undefined) {
      span = calendar.workingDaysBetween(from, to);
      spans.set(key, span);
    }
    return span;
  };
  return memo;
}

interface Chunk {
  rows: number;
  valid: Array<{ record: NewRecord; registration: EntityRegistration | null; rowNumber: number; cells: string[] }>;
  /** Rows of a removal upload: applied in the chunk's transaction, where their listings are looked up. */
  removals: Array<{ input: RemovalRequest; rowNumber: number; cells: string[] }>;
  errors: UploadErrorRow[];
  /** The template's example rows among the chunk's rows (skipped). */
  examples: number;
}

const emptyChunk = (): Chunk => ({ rows: 0, valid: [], removals: [], errors: [], examples: 0 });

/** Counters as committed: the checkpoint the next chunk moves forward from. */
interface Checkpoint {
  rowsDone: number;
  accepted: number;
  rejected: number;
}

/**
 * Messages are stored with the upload and shown in its history and error report: a message quoting what was uploaded
 * (a cell of up to a million characters) is cut at this length.
 */
const MAX_MESSAGE_LENGTH = 1000;

function capped(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

/** Every error of a row, each as `字段名：说明` (the error report's 错误说明 column). */
function errorMessage(errors: Array<{ label: string; message: string }>): string {
  return capped(errors.map((error) => `${error.label}：${error.message}`).join('；'));
}

/**
 * Settles an upload (done or failed) with its audit row in one transaction (Art. 14: the trace of the exchange).
 * Nothing happens when it was already settled.
 */
async function settleUpload(
  db: Db,
  upload: UploadRow,
  outcome: { status: 'done' | 'failed'; errorMessage: string | null; totalRows: number | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const message = outcome.errorMessage === null ? null : capped(outcome.errorMessage);
    const counts = await finishUpload(trx, upload.id, { ...outcome, errorMessage: message });
    if (!counts) return;
    await appendAudit(trx, {
      accountId: upload.accountId,
      username: upload.username,
      agencyId: upload.agencyId,
      action: 'upload.processed',
      objectType: 'upload',
      objectId: upload.id,
      result: outcome.status === 'done' ? 'success' : 'failure',
      details: {
        itemId: upload.itemId,
        fileName: upload.fileName,
        rows: counts.rowsDone,
        accepted: counts.accepted,
        rejected: counts.rejected,
        ...(message ? { errorMessage: message } : {}),
      },
    });
  });
}

async function openSheet(
  upload: UploadRow,
  path: string,
  columns: readonly TemplateColumn[],
): Promise<{ reader: SheetReader; positions: number[]; totalRows: number | null }> {
  if (upload.fileKind === 'xlsx') {
    const container = await checkXlsxContainer(path, upload.fileSize);
    const reader = await openXlsxWithHeader(path, container);
    const mapping = mapHeaders(columns, reader.header);
    if (!mapping.ok) {
      reader.close();
      throw new UnreadableFileError(mapping.message);
    }
    return { reader, positions: mapping.positions, totalRows: Math.max(0, container.sheetRows - 1) };
  }
  const encoding = await detectCsvEncoding(path);
  const reader = await openCsvWithHeader(path, encoding);
  const mapping = mapHeaders(columns, reader.header);
  if (!mapping.ok) {
    reader.close();
    // Text that is neither UTF-8 nor GB18030 with our headers: say it is the encoding, not the columns.
    const recognised = reader.header.some((name) => columns.some((column) => column.header === name.trim()));
    throw new UnreadableFileError(encoding === 'gb18030' && !recognised ? ENCODING_UNKNOWN : mapping.message);
  }
  return { reader, positions: mapping.positions, totalRows: null };
}

/** What judging a row of one upload needs: fixed for the whole file. */
interface RowRules {
  upload: UploadRow;
  item: CatalogueItem;
  columns: readonly TemplateColumn[];
  /** Where each template column is in the file. */
  positions: number[];
  /** Columns the header names; empty header cells at the end (a trailing comma, empty Excel columns) are not. */
  headerWidth: number;
  entityNameIndex: number;
  submitter: Pick<Submitter, 'agencyKind'> & { channel: 'upload' };
  context: SubmissionContext;
}

/**
 * Puts one row where it belongs in the chunk: an error (a problem of the row itself, content beyond the header, too
 * few CSV columns, or failed validation), a removal to apply, or a prepared record to store. Blank rows and the
 * template's example row count as rows and go nowhere.
 */
function classifyRow(rules: RowRules, row: SheetRow, chunk: Chunk): void {
  if (row.problem) {
    chunk.errors.push({ rowNumber: row.number, cells: [], message: row.problem });
    return;
  }
  const cells = rules.positions.map((index) => row.cells[index] ?? '');
  const blank = row.cells.every((cell) => cell.trim() === '');
  const example = cells[rules.entityNameIndex]!.trim().startsWith(EXAMPLE_ROW_MARK);
  if (example) chunk.examples += 1;
  if (blank || example) return;
  const beyond = row.cells.findIndex((cell, index) => index >= rules.headerWidth && cell.trim() !== '');
  if (beyond >= 0) {
    chunk.errors.push({
      rowNumber: row.number,
      cells,
      message: `第 ${beyond + 1} 列：表头没有这一列，但本行在此有内容`,
    });
  } else if (rules.upload.fileKind === 'csv' && row.cells.length < rules.headerWidth) {
    chunk.errors.push({
      rowNumber: row.number,
      cells,
      message: `列数不足：本行只有 ${row.cells.length} 列，表头有 ${rules.headerWidth} 列`,
    });
  } else if (rules.upload.kind === 'removals') {
    chunk.removals.push({
      input: { ...removalInputOf(rules.columns, cells), itemCode: rules.item.code },
      rowNumber: row.number,
      cells,
    });
  } else {
    const prepared = prepareRecord(rules.item, recordInputOf(rules.columns, cells), rules.submitter, rules.context);
    if (prepared.ok)
      chunk.valid.push({ record: prepared.record, registration: prepared.registration, rowNumber: row.number, cells });
    else chunk.errors.push({ rowNumber: row.number, cells, message: errorMessage(prepared.errors) });
  }
}

/** Where a chunk's rows go: the upload, its exchange-log batch, and who removes listings. */
interface ChunkTarget {
  upload: UploadRow;
  batch: { agencyId: number; batchId: number; channel: 'upload'; createdBy: number };
  remover: Remover;
  today: string;
  onChunk: ProcessOptions['onChunk'];
}

/**
 * Commits one chunk in one transaction, the checkpoint: its records and removals, its error rows, the upload's
 * counters moved from `committed` to `to` (refused if another run moved them first) and the exchange-log counts.
 * `committed` moves forward only once the transaction has committed.
 */
async function commitChunk(
  db: Db,
  target: ChunkTarget,
  committed: Checkpoint,
  chunk: Chunk,
  to: { rowsDone: number; totalRows: number },
): Promise<void> {
  const { upload, batch } = target;
  const from = committed.rowsDone;
  const next = await inTransaction(db, async (trx) => {
    await skipChunkFlush(trx);
    const stored = chunk.valid.length > 0 ? await storePreparedRecords(trx, batch, chunk.valid) : [];
    // A row with the decision number of a record the agency already sent is not stored again: it is an error row.
    const duplicates = chunk.valid.flatMap((entry, index) => {
      const row = stored[index]!;
      return row.id === null
        ? [{ rowNumber: entry.rowNumber, cells: entry.cells, message: errorMessage([row.error]) }]
        : [];
    });
    // 移出 rows (SPEC §3): each removes its listing or becomes an error row; a refused one changes nothing.
    const refused: UploadErrorRow[] = [];
    const leftLists = new Set<number>();
    for (const entry of chunk.removals) {
      const outcome = await applyRemoval(trx, entry.input, target.remover, target.today);
      if (!outcome.ok)
        refused.push({ rowNumber: entry.rowNumber, cells: entry.cells, message: errorMessage(outcome.errors) });
      else for (const id of outcome.enterpriseIds) leftLists.add(id);
    }
    await recomputeStanding(trx, [...leftLists]);
    const errors = [...chunk.errors, ...duplicates, ...refused].sort((a, b) => a.rowNumber - b.rowNumber);
    const accepted = chunk.valid.length - duplicates.length + chunk.removals.length - refused.length;
    const next = {
      rowsDone: to.rowsDone,
      accepted: committed.accepted + accepted,
      rejected: committed.rejected + errors.length,
      totalRows: to.totalRows,
    };
    await insertUploadErrors(trx, upload.id, errors);
    if (!(await advanceUpload(trx, upload.id, from, next)))
      throw new Error(`upload ${upload.id} moved past row ${from} elsewhere`);
    await addExchangeBatchCounts(trx, batch.batchId, {
      received: chunk.valid.length + chunk.removals.length + chunk.errors.length,
      accepted,
      rejected: errors.length,
    });
    await target.onChunk?.({ rowsDone: to.rowsDone });
    return next;
  });
  Object.assign(committed, { rowsDone: next.rowsDone, accepted: next.accepted, rejected: next.rejected });
  uploadRowsCommitted.inc(to.rowsDone - from);
}

/**
 * Imports an uploaded file (Art. 13(二)): streams its rows, validates each against the item (the same validation as
 * the exchange API and the form), stores the valid ones and keeps the others for the error report. Every chunk of rows
 * is committed together with the upload's counters and the exchange-log counts: that is the checkpoint, so that a job
 * claimed again after a crash skips the rows already committed and every row is stored exactly once.
 */
export async function processUpload(
  deps: IngestionDeps,
  uploadId: number,
  signal: AbortSignal,
  options: ProcessOptions = {},
): Promise<void> {
  const { db } = deps;
  const chunkSize = options.chunkSize ?? 5000;
  const upload = await findUpload(db, uploadId);
  if (!upload || upload.status === 'done' || upload.status === 'failed') return;
  const item: CatalogueItem = await getCatalogueItem(db, upload.itemId);
  const columns = uploadColumns(item, upload.kind);

  let opened: Awaited<ReturnType<typeof openSheet>>;
  try {
    opened = await openSheet(upload, storedFilePath(deps.dataDir, upload.storageKey), columns);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    await settleUpload(db, upload, { status: 'failed', errorMessage: error.message, totalRows: null });
    return;
  }
  const { reader } = opened;
  await markUploadRunning(db, upload.id, opened.totalRows);

  const loaded = await loadSubmissionContext(db, deps.dataKey);
  const context = { ...loaded, calendar: memoizedCalendar(loaded.calendar) };
  let headerWidth = reader.header.length;
  while (headerWidth > 0 && reader.header[headerWidth - 1]!.trim() === '') headerWidth -= 1;
  const rules: RowRules = {
    upload,
    item,
    columns,
    positions: opened.positions,
    headerWidth,
    entityNameIndex: columns.findIndex((column) => column.target.kind === 'entityName'),
    submitter: { agencyKind: upload.agencyKind, channel: 'upload' },
    context,
  };
  const batch = {
    agencyId: upload.agencyId,
    batchId: upload.batchId!,
    channel: 'upload' as const,
    createdBy: upload.accountId,
  };
  const target: ChunkTarget = {
    upload,
    batch,
    remover: { ...batch, accountId: upload.accountId },
    today: context.today,
    onChunk: options.onChunk,
  };
  const committed: Checkpoint = { rowsDone: upload.rowsDone, accepted: upload.accepted, rejected: upload.rejected };
  // A CSV's total is estimated from the bytes read so far; an XLSX states its own.
  const totalAt = (rowsDone: number) =>
    opened.totalRows ?? Math.max(rowsDone, Math.round((rowsDone * upload.fileSize) / Math.max(1, reader.bytesRead())));
  let examples = 0;
  const commit = (chunk: Chunk, rowsDone: number) => {
    examples += chunk.examples;
    return commitChunk(db, target, committed, chunk, { rowsDone, totalRows: totalAt(rowsDone) });
  };
  let inFlight: Promise<void> = Promise.resolve();

  let position = 0;
  let chunk = emptyChunk();
  try {
    for await (const rows of reader.rows) {
      for (const row of rows) {
        position += 1;
        // Resuming after a crash: these rows were committed before it.
        if (position <= upload.rowsDone) continue;
        chunk.rows += 1;
        classifyRow(rules, row, chunk);
        if (chunk.rows >= chunkSize) {
          const full = chunk;
          chunk = emptyChunk();
          // The next chunk is prepared while this one is written: parsing and the database overlap.
          await inFlight;
          if (signal.aborted) throw signal.reason;
          inFlight = commit(full, position);
          inFlight.catch(() => {});
        }
      }
    }
    await inFlight;
    if (chunk.rows > 0) await commit(chunk, position);
  } catch (error) {
    reader.close();
    await inFlight.catch(() => {});
    if (!(error instanceof UnreadableFileError)) throw error;
    // The container was checked before the first row: only malformed content inside it gets here.
    const message =
      committed.rowsDone > upload.rowsDone || committed.accepted > 0
        ? `${error.message}（在第 ${committed.rowsDone + 1} 个数据行附近出错；此前的 ${committed.rowsDone} 行已处理，其中 ${committed.accepted} 条已导入）`
        : error.message;
    await settleUpload(db, upload, { status: 'failed', errorMessage: message, totalRows: null });
    return;
  }
  reader.close();
  // Nothing imported and nothing refused: the file held no row to import (the template sent back unchanged, with only
  // its example row). Said as a failure, so the clerk does not take the upload for done.
  if (committed.accepted === 0 && committed.rejected === 0) {
    await settleUpload(db, upload, {
      status: 'failed',
      errorMessage: nothingImportedMessage(examples, position),
      totalRows: position,
    });
    return;
  }
  await settleUpload(db, upload, { status: 'done', errorMessage: null, totalRows: position });
}

function nothingImportedMessage(examples: number, rows: number): string {
  const fill = '请在模板中填写要报送的信息（可删除示例行）后重新上传';
  if (examples > 0)
    return `文件中只有模板的示例行（主体名称以“${EXAMPLE_ROW_MARK}”开头），示例行已跳过，没有导入任何信息。${fill}`;
  if (rows > 0) return `文件中的数据行都是空行，没有导入任何信息。${fill}`;
  return `文件中只有表头，没有数据行，没有导入任何信息。${fill}`;
}

/** Marks an upload whose job gave up (attempts exhausted) as failed, saying how far it got. */
export async function giveUpUpload(deps: IngestionDeps, uploadId: number): Promise<void> {
  const upload = await findUpload(deps.db, uploadId);
  if (!upload || upload.status === 'done' || upload.status === 'failed') return;
  await settleUpload(deps.db, upload, {
    status: 'failed',
    errorMessage:
      `处理过程中多次出现系统错误，已停止（已处理 ${upload.rowsDone} 行，其中 ${upload.accepted} 条已导入）。` +
      '请稍后重新上传同一文件，将从中断处继续，已导入的数据不会重复',
    totalRows: null,
  });
}
