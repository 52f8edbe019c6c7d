import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import {
  ERROR_REPORT_MESSAGE_HEADER,
  ERROR_REPORT_ROW_HEADER,
  type SpreadsheetFormat,
  type UploadCreatedDto,
  type UploadDto,
  type UploadKind,
  type UploadsQuery,
} from '@gzcredit/contracts';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import {
  type DownloadName,
  FILE_KINDS,
  incomingDirectory,
  safeFileName,
  sniffFileKind,
  storageKeyOf,
  storedFilePath,
} from '../../platform/files';
import { enqueueJob } from '../../platform/jobs';
import type { Actor } from '../../platform/sessions';
import { type SpreadsheetCell, toBuffer, writeCsv, writeXlsx } from '../../platform/spreadsheet';
import { type CatalogueItem, getCatalogueItem, getCurrentCatalogue } from '../catalogue';
import { registerStoredFile } from '../files';
import { openExchangeBatch } from '../records';
import { PROCESS_UPLOAD_JOB } from './ingestion.jobs';
import {
  checkXlsxContainer,
  detectCsvEncoding,
  openCsvWithHeader,
  openXlsxWithHeader,
  type SheetRow,
  UnreadableFileError,
} from './ingestion.reader';
import {
  findUpload,
  findUploadByFile,
  insertUpload,
  lastJobFailed,
  listUploadErrors,
  listUploads,
  lockUploadKey,
  requeueUpload,
  type UploadRow,
} from './ingestion.repository';
import { INSTRUCTION_HEADERS, instructionRows, uploadColumns } from './ingestion.template';

export const MEDIA_TYPES: Record<SpreadsheetFormat, string> = {
  xlsx: FILE_KINDS.xlsx.mediaType,
  csv: 'text/csv; charset=utf-8',
};

/** A download: what asDownload needs. */
export interface Download extends DownloadName {
  mediaType: string;
}

export function toUploadDto(row: UploadRow): UploadDto {
  const settled = row.status === 'done' || row.status === 'failed';
  const progress =
    row.status === 'done' ? 100 : row.totalRows ? Math.min(99, Math.floor((row.rowsDone / row.totalRows) * 100)) : 0;
  return {
    id: Number(row.id),
    item: { id: Number(row.itemId), code: row.itemCode, name: row.itemName },
    kind: row.kind,
    fileName: row.fileName,
    fileSize: Number(row.fileSize),
    format: row.fileKind === 'xlsx' ? 'xlsx' : 'csv',
    status: row.status,
    totalRows: row.totalRows,
    rowsDone: row.rowsDone,
    accepted: row.accepted,
    rejected: row.rejected,
    progress,
    errorMessage: row.errorMessage,
    batchId: row.batchId === null ? null : Number(row.batchId),
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    hasErrorReport: settled && row.rejected > 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Templates

/**
 * `行政处罚信息-导入模板.xlsx` (or `经营异常名录信息-移出模板.xlsx`): the columns, one example row, and the 填写说明 sheet
 * (XLSX).
 */
export async function buildTemplate(
  db: Db,
  itemId: number,
  format: SpreadsheetFormat,
  kind: UploadKind = 'records',
): Promise<Download & { content: Buffer }> {
  const item = await getCatalogueItem(db, itemId);
  const columns = uploadColumns(item, kind);
  const header = columns.map((column) => column.header);
  const example = columns.map((column) => column.example);
  const content =
    format === 'csv'
      ? await toBuffer((output) => writeCsv(output, header, [example]))
      : await toBuffer((output) =>
          writeXlsx(output, [
            {
              name: '数据',
              columns: columns.map(({ header, width, choices }) => ({ header, width, choices })),
              rows: [example],
              textColumns: true,
            },
            {
              name: '填写说明',
              columns: INSTRUCTION_HEADERS.map((name, index) => ({
                header: name,
                width: [24, 10, 16, 48, 56][index],
              })),
              rows: instructionRows(columns),
            },
          ]),
        );
  const name = kind === 'records' ? '导入模板' : '移出模板';
  return {
    mediaType: MEDIA_TYPES[format],
    originalName: `${item.name}-${name}.${format}`,
    asciiName: `${item.code}-${kind === 'records' ? 'template' : 'removal-template'}.${format}`,
    content,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Receiving a file

/** A file streamed to disk, not yet registered. */
export interface ReceivedFile {
  path: string;
  sha256: string;
  size: number;
  kind: 'csv' | 'xlsx';
  originalName: string;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${Math.floor((bytes / 1024) * 10) / 10} KB`;
  return `${Math.floor((bytes / 1024 / 1024) * 10) / 10} MB`;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Streams an uploaded file to DATA_DIR while hashing it (never holding it in memory), then checks what it is: an
 * XLSX by its ZIP signature and parts, a CSV by being text. Refused files leave nothing behind.
 */
export async function receiveUploadFile(dataDir: string, part: MultipartFile, maxBytes: number): Promise<ReceivedFile> {
  const originalName = safeFileName(part.filename);
  const extension = extname(originalName).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    part.file.resume();
    throw new AppError(
      'UPLOAD_REJECTED',
      `文件“${originalName}”不是 CSV 或 XLSX 文件：请下载模板，填写后以 .xlsx 或 .csv 格式上传`,
    );
  }
  const incoming = incomingDirectory(dataDir);
  await mkdir(incoming, { recursive: true });
  const path = resolve(incoming, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      if (headLength < SNIFF_BYTES) {
        head.push(chunk.subarray(0, SNIFF_BYTES - headLength));
        headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
      }
      callback(null, chunk);
    },
  });
  const refuse = async (error: AppError): Promise<never> => {
    await rm(path, { force: true });
    throw error;
  };
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `文件“${originalName}”超过 ${sizeText(maxBytes)} 的大小限制，请拆分后分批上传`);
  try {
    await pipeline(part.file, meter, createWriteStream(path, { mode: 0o600 }));
  } catch {
    return refuse(part.file.truncated ? tooLarge() : new AppError('UPLOAD_REJECTED', '文件上传中断，请重新上传'));
  }
  if (part.file.truncated || size > maxBytes) return refuse(tooLarge());
  if (size === 0) return refuse(new AppError('UPLOAD_REJECTED', `文件“${originalName}”为空`));
  const start = Buffer.concat(head);
  if (extension === '.xlsx') {
    if (sniffFileKind(start) !== 'xlsx')
      return refuse(
        new AppError(
          'UPLOAD_REJECTED',
          `文件“${originalName}”的内容不是 XLSX 工作簿（.xls 等旧格式请在 Excel 中另存为 .xlsx 后上传）`,
        ),
      );
  } else if (start.includes(0) || sniffFileKind(start) !== undefined) {
    return refuse(
      new AppError(
        'UPLOAD_REJECTED',
        `文件“${originalName}”不是文本格式的 CSV（可能是 Excel 工作簿或 UTF-16 编码）：请另存为 UTF-8 编码的 CSV 后上传`,
      ),
    );
  }
  return { path, sha256: hash.digest('hex'), size, kind: extension === '.xlsx' ? 'xlsx' : 'csv', originalName };
}

/**
 * A short uploaded list read whole (a credit check's entities, Art. 17): the header and at most `maxRows` + 1 data
 * rows (the caller refuses a longer list naming its limit), with the same checks of the file as an upload of records.
 * The file is removed once read; nothing is stored.
 */
export async function readUploadedSheet(
  dataDir: string,
  part: MultipartFile,
  limits: { maxBytes: number; maxRows: number },
): Promise<{ header: string[]; rows: SheetRow[] }> {
  const file = await receiveUploadFile(dataDir, part, limits.maxBytes);
  try {
    const reader =
      file.kind === 'xlsx'
        ? await openXlsxWithHeader(file.path, await checkXlsxContainer(file.path, file.size))
        : await openCsvWithHeader(file.path, await detectCsvEncoding(file.path));
    try {
      const rows: SheetRow[] = [];
      for await (const batch of reader.rows) {
        rows.push(...batch);
        if (rows.length > limits.maxRows) break;
      }
      return { header: reader.header, rows: rows.slice(0, limits.maxRows + 1) };
    } finally {
      reader.close();
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new AppError('UPLOAD_REJECTED', error.message);
    throw error;
  } finally {
    await discardReceivedFile(file);
  }
}

/** Removes a received file that was not registered (a no-op once createUpload has moved it into the store). */
export async function discardReceivedFile(file: ReceivedFile): Promise<void> {
  await rm(file.path, { force: true });
}

/**
 * The item an agency may upload records of: an item of the current catalogue (Art. 11) whose provider kinds include
 * the agency's kind (the same rule validateRecord applies to each record).
 */
export async function uploadableItem(db: Db, actor: Actor, itemId: number): Promise<CatalogueItem> {
  const catalogue = await getCurrentCatalogue(db);
  const item = catalogue.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new AppError('CATALOGUE_ITEM_NOT_FOUND', '现行征集目录中没有该信息项');
  if (!item.providerKinds.includes(actor.agency.kind))
    throw new AppError('UPLOAD_REJECTED', `本单位类型不在“${item.name}”的提供单位范围内，不能上传该类信息`);
  return item;
}

/**
 * Registers a received file as an upload in the caller's transaction: the file row, the exchange-log batch (Art. 14)
 * and the job that imports it. The same file uploaded again by the agency for the same item answers the existing
 * upload and stores nothing new (an upload whose job gave up is queued again: it resumes where it stopped).
 */
export async function createUpload(
  trx: Db,
  dataDir: string,
  actor: Actor,
  itemId: number,
  received: ReceivedFile,
  kind: UploadKind = 'records',
): Promise<UploadCreatedDto> {
  const item = await uploadableItem(trx, actor, itemId);
  uploadColumns(item, kind);
  const key = { agencyId: actor.agency.id, itemId: item.id, kind, sha256: received.sha256 };
  await lockUploadKey(trx, key);
  const existing = await findUploadByFile(trx, key);
  if (existing) {
    await rm(received.path, { force: true });
    if (existing.status === 'failed' && (await lastJobFailed(trx, PROCESS_UPLOAD_JOB, existing.id))) {
      await requeueUpload(trx, existing.id);
      await enqueueJob(trx, PROCESS_UPLOAD_JOB, { uploadId: existing.id });
      return { ...toUploadDto((await findUpload(trx, existing.id))!), duplicate: true };
    }
    return { ...toUploadDto(existing), duplicate: true };
  }
  const storageKey = storageKeyOf(received.sha256);
  const target = storedFilePath(dataDir, storageKey);
  await mkdir(dirname(target), { recursive: true });
  await rename(received.path, target);
  const file = await registerStoredFile(trx, {
    sha256: received.sha256,
    kind: received.kind,
    mediaType: FILE_KINDS[received.kind].mediaType,
    size: received.size,
    originalName: received.originalName,
    storageKey,
    agencyId: actor.agency.id,
    uploadedBy: actor.accountId,
  });
  const batchId = await openExchangeBatch(trx, {
    agencyId: actor.agency.id,
    channel: 'upload',
    accountId: actor.accountId,
    itemId: item.id,
    details: { fileName: received.originalName, sha256: received.sha256, kind },
  });
  const uploadId = await insertUpload(trx, {
    agencyId: actor.agency.id,
    accountId: actor.accountId,
    itemId: item.id,
    kind,
    fileId: Number(file.id),
    sha256: received.sha256,
    batchId,
    totalRows: null,
  });
  await enqueueJob(trx, PROCESS_UPLOAD_JOB, { uploadId });
  return { ...toUploadDto((await findUpload(trx, uploadId))!), duplicate: false };
}

// ---------------------------------------------------------------------------------------------------------------------
// Reading uploads

/** An upload of the caller's agency, or UPLOAD_NOT_FOUND (another agency's upload is answered as nonexistent). */
export async function getOwnUpload(db: Db, actor: Actor, id: number): Promise<UploadRow> {
  const row = await findUpload(db, id);
  if (!row || Number(row.agencyId) !== actor.agency.id) throw new AppError('UPLOAD_NOT_FOUND');
  return row;
}

export async function listOwnUploads(db: Db, actor: Actor, query: UploadsQuery) {
  const { rows, total } = await listUploads(db, actor.agency.id, query);
  return { items: rows.map(toUploadDto), total };
}

/**
 * The agency's uploads of the last `days` days with errors (rows left out, or failed), as 数据上传's history lists them
 * with the same filter: the to-do count of whoever transmits.
 */
export async function countRecentUploadsWithErrors(db: Db, actor: Actor, now: Date, days: number): Promise<number> {
  const createdAfter = new Date(now.getTime() - days * 86_400_000).toISOString();
  const { total } = await listUploads(db, actor.agency.id, { withErrors: true, createdAfter, page: 1, pageSize: 1 });
  return total;
}

const REPORT_PAGE = 2000;

async function* errorReportRows(db: Db, uploadId: number, width: number): AsyncGenerator<SpreadsheetCell[]> {
  let after = 0;
  while (true) {
    const page = await listUploadErrors(db, uploadId, after, REPORT_PAGE);
    for (const error of page) {
      const cells: SpreadsheetCell[] = [error.rowNumber];
      for (let index = 0; index < width; index++) cells.push(error.cells[index] ?? '');
      cells.push(error.message);
      yield cells;
    }
    if (page.length < REPORT_PAGE) return;
    after = page[page.length - 1]!.rowNumber;
  }
}

/**
 * The error report of a finished upload: 行号, the template's columns with the cells as uploaded, and 错误说明, every
 * cell formula-neutralised. Written while it is sent (flat memory whatever the number of rejected rows); the download
 * is logged in the exchange log (Art. 14).
 */
export async function openErrorReport(
  db: Db,
  actor: Actor,
  id: number,
  format: SpreadsheetFormat,
): Promise<{ download: Download; rows: number; write: (output: Writable) => Promise<void> }> {
  const upload = await getOwnUpload(db, actor, id);
  if (upload.status !== 'done' && upload.status !== 'failed') throw new AppError('UPLOAD_NOT_FINISHED');
  const item = await getCatalogueItem(db, upload.itemId);
  const columns = uploadColumns(item, upload.kind);
  const header = [ERROR_REPORT_ROW_HEADER, ...columns.map((column) => column.header), ERROR_REPORT_MESSAGE_HEADER];
  await openExchangeBatch(db, {
    agencyId: actor.agency.id,
    channel: 'download',
    accountId: actor.accountId,
    itemId: upload.itemId,
    received: upload.rejected,
    details: { uploadId: upload.id, kind: 'error-report', format },
  });
  const rows = () => errorReportRows(db, upload.id, columns.length);
  return {
    download: {
      mediaType: MEDIA_TYPES[format],
      originalName: `${item.name}-错误报告-${upload.id}.${format}`,
      asciiName: `${item.code}-error-report-${upload.id}.${format}`,
    },
    rows: upload.rejected,
    write: (output) =>
      format === 'csv'
        ? writeCsv(output, header, rows())
        : writeXlsx(output, [
            {
              name: '错误报告',
              columns: header.map((name, index) => ({
                header: name,
                width: index === 0 ? 8 : index === header.length - 1 ? 60 : (columns[index - 1]?.width ?? 16),
              })),
              rows: rows(),
              textColumns: true,
            },
          ]),
  };
}
