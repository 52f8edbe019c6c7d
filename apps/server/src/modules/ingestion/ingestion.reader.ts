import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { formatCount } from '@gzcredit/domain';
import { type CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { withoutFormulaGuard } from '../../platform/spreadsheet';

/**
 * Streaming readers of uploaded sheets: memory stays flat whatever the file size. A file that cannot be read as a
 * whole (broken container, unknown encoding) is refused before any row is imported (SPEC §6: nothing stored half).
 */

/** A whole file refused; the message is Chinese and shown to the uploader. */
export class UnreadableFileError extends Error {}

/**
 * One data row: its number in the spreadsheet (the header is row 1) and its cells as text in file column order, without
 * the apostrophe a platform export put before a formula-like text (an error report uploaded back stores what was typed).
 */
export interface SheetRow {
  number: number;
  cells: string[];
  /** A problem of the row itself (CSV syntax), reported like a validation error. */
  problem?: string;
}

export interface SheetReader {
  header: string[];
  /** Data rows in file order, in batches. */
  rows: AsyncIterable<SheetRow[]>;
  /** Bytes of the file read so far, for the progress estimate. */
  bytesRead(): number;
  close(): void;
}

export type CsvEncoding = 'utf-8' | 'gb18030';

const READ_CHUNK = 1024 * 1024;
const ROW_BATCH = 1000;

/** Length of a UTF-8 sequence from its first byte (0 for a continuation byte). */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xf0) return 4;
  if (byte >= 0xe0) return 3;
  if (byte >= 0xc0) return 2;
  return 0;
}

/** Where a chunk can be cut without splitting a UTF-8 sequence. */
function completeUtf8Length(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(4, chunk.length); back++) {
    const length = sequenceLength(chunk[chunk.length - back]!);
    if (length === 0) continue;
    return length > back ? chunk.length - back : chunk.length;
  }
  return chunk.length;
}

/**
 * UTF-8 when every byte of the file is valid UTF-8 (checked in one pass with the native validator), GB18030 (a
 * superset of GBK and GB2312, what Excel writes on Chinese Windows) otherwise.
 */
export async function detectCsvEncoding(path: string): Promise<CsvEncoding> {
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const cut = completeUtf8Length(data);
    if (!isUtf8(data.subarray(0, cut))) return 'gb18030';
    carry = Buffer.from(data.subarray(cut));
  }
  return carry.length === 0 || isUtf8(carry) ? 'utf-8' : 'gb18030';
}

function gb18030Decoder(): Transform {
  const decoder = new TextDecoder('gb18030');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, decoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, decoder.decode());
    },
  });
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '本行的引号没有闭合，自本行起至文件末尾的内容无法解析',
  CSV_INVALID_CLOSING_QUOTE: '本行有不成对的引号（含引号的内容应整体用英文双引号括起，内部的双引号写两遍）',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '本行的引号之后还有多余字符',
  CSV_MAX_RECORD_SIZE: '本行超过 100 万个字符，通常是引号没有闭合：自本行起至文件末尾的内容无法解析',
};

/**
 * A CSV file as rows (RFC 4180; the byte-order mark dropped; a row with broken quoting becomes a row problem, the
 * rows after it are still read). The header row is read before the reader is returned.
 */
export async function openCsvWithHeader(path: string, encoding: CsvEncoding): Promise<SheetReader> {
  let bytes = 0;
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  file.on('data', (chunk) => {
    bytes += chunk.length;
  });
  // Rows the parser skipped for broken syntax, by how many records it had produced before them.
  const skipped: Array<{ after: number; problem: string }> = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    max_record_size: 1_000_000,
    on_skip: (error: CsvError | undefined) => {
      skipped.push({
        after: Number(error?.records ?? parser.info.records),
        problem: CSV_PROBLEMS[error?.code ?? ''] ?? 'CSV 格式有误，无法解析本行',
      });
    },
  });
  const source = encoding === 'gb18030' ? file.pipe(gb18030Decoder()) : file;
  source.pipe(parser);
  file.on('error', (error) => parser.destroy(error));
  const close = () => {
    file.destroy();
    parser.destroy();
  };

  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await records.next();
  if (first.done) {
    close();
    throw new UnreadableFileError('文件中没有内容：第 1 行应为表头');
  }

  async function* rows(): AsyncGenerator<SheetRow[]> {
    let batch: SheetRow[] = [];
    let number = 1;
    let consumed = 1;
    const flushSkipped = (upTo: number) => {
      while (skipped.length > 0 && skipped[0]!.after <= upTo) {
        number += 1;
        batch.push({ number, cells: [], problem: skipped.shift()!.problem });
      }
    };
    while (true) {
      const next = await records.next();
      if (next.done) break;
      flushSkipped(consumed);
      consumed += 1;
      number += 1;
      batch.push({ number, cells: next.value.map(withoutFormulaGuard) });
      if (batch.length >= ROW_BATCH) {
        yield batch;
        batch = [];
      }
    }
    flushSkipped(Number.POSITIVE_INFINITY);
    if (batch.length > 0) yield batch;
  }

  return { header: first.value, rows: { [Symbol.asyncIterator]: () => rows() }, bytesRead: () => bytes, close };
}

// ---------------------------------------------------------------------------------------------------------------------
// XLSX

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** An entry checked against its size and CRC-32, with where its compressed data starts in the file. */
interface CheckedEntry extends ZipEntry {
  dataStart: number;
}

const BROKEN_XLSX = '文件已损坏或不完整（不是有效的 XLSX 文件），请用 Excel 或 WPS 重新保存后上传';
const SPLIT_ADVICE = '请拆分为多个文件上传，或在 Excel 中另存为 CSV（UTF-8）后上传';
const MiB = 1024 * 1024;

/**
 * What an XLSX may hold (docs/deployment.md, "Record uploads"). The shared strings are held in memory while the sheet
 * is read (the format refers to them by index from anywhere in the sheet), so they are bounded in bytes and in count to
 * fit the server's heap (192 MB in `npm start`): measured, reading a workbook at either bound (32 MB of 20-character
 * Chinese strings; 1,000,000 strings of 5) peaked at 80–87 MB of heap, where 64 MB of strings needed over 128 MB. A
 * sheet is streamed, and is bounded so that a job ends in minutes. A text node or tag is bounded too: the XML parser
 * holds one whole before handing it on.
 */
export const XLSX_LIMITS = {
  sharedStringsBytes: 32 * MiB,
  sharedStrings: 1_000_000,
  sheetBytes: 1024 * MiB,
  /** Excel's own maximum. */
  sheetRows: 1_048_576,
  /** Any other part that is read (workbook, styles, relationships); parts never read (images) count in the total. */
  partBytes: 16 * MiB,
  totalBytes: 2048 * MiB,
  textBytes: 1 * MiB,
};

const SHARED_STRINGS = 'xl/sharedStrings.xml';
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
/** The parts exceljs's reader uses, in the order it wants them (relationships and workbook before the sheet). */
const READ_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', SHARED_STRINGS, 'xl/styles.xml'];

const sizeLabel = (bytes: number) => (bytes >= 1024 * MiB ? `${bytes / 1024 / MiB} GB` : `${bytes / MiB} MB`);

/** The refusal of an entry inflating to more than its bound, naming the bound. */
function oversizeMessage(name: string): string {
  if (name === SHARED_STRINGS)
    return `工作簿的共享字符串（${name}）解压后超过 ${sizeLabel(XLSX_LIMITS.sharedStringsBytes)} 的上限：${SPLIT_ADVICE}`;
  if (SHEET.test(name))
    return `工作表（${name}）解压后超过 ${sizeLabel(XLSX_LIMITS.sheetBytes)} 的上限：${SPLIT_ADVICE}`;
  return `文件中的“${name}”解压后超过 ${sizeLabel(XLSX_LIMITS.partBytes)} 的上限，文件可能已损坏：${SPLIT_ADVICE}`;
}

function entryBound(name: string): number {
  if (name === SHARED_STRINGS) return XLSX_LIMITS.sharedStringsBytes;
  if (SHEET.test(name)) return XLSX_LIMITS.sheetBytes;
  return READ_PARTS.includes(name) ? XLSX_LIMITS.partBytes : XLSX_LIMITS.totalBytes;
}

async function readZipDirectory(path: string, size: number): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let position = tailLength - 22; position >= 0; position--) {
      if (tail.readUInt32LE(position) === 0x06054b50) {
        end = position;
        break;
      }
    }
    if (end < 0) throw new UnreadableFileError(BROKEN_XLSX);
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || count === 0xffff) {
      throw new UnreadableFileError('暂不支持 ZIP64 格式的 XLSX 文件，请用 Excel 或 WPS 重新保存后上传');
    }
    if (directoryOffset + directorySize > size - tailLength + end) throw new UnreadableFileError(BROKEN_XLSX);
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries: ZipEntry[] = [];
    let position = 0;
    for (let index = 0; index < count; index++) {
      if (position + 46 > directory.length || directory.readUInt32LE(position) !== 0x02014b50)
        throw new UnreadableFileError(BROKEN_XLSX);
      const nameLength = directory.readUInt16LE(position + 28);
      const extraLength = directory.readUInt16LE(position + 30);
      const commentLength = directory.readUInt16LE(position + 32);
      entries.push({
        method: directory.readUInt16LE(position + 10),
        crc: directory.readUInt32LE(position + 16),
        compressedSize: directory.readUInt32LE(position + 20),
        uncompressedSize: directory.readUInt32LE(position + 24),
        localHeaderOffset: directory.readUInt32LE(position + 42),
        name: directory.toString('utf8', position + 46, position + 46 + nameLength),
      });
      position += 46 + nameLength + extraLength + commentLength;
    }
    for (const entry of entries) {
      if (entry.localHeaderOffset + 30 + entry.compressedSize > directoryOffset)
        throw new UnreadableFileError(BROKEN_XLSX);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Counts the elements `<name …>` across chunk boundaries (exceljs yields one row per `<row>`, one string per `<si>`). */
function elementCounter(name: string) {
  const marker = Buffer.from(`<${name}`);
  let tail = Buffer.alloc(0);
  let count = 0;
  return {
    add(chunk: Buffer) {
      const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
      let position = data.indexOf(marker);
      while (position >= 0 && position + marker.length < data.length) {
        const next = data[position + marker.length];
        if (next === 0x20 || next === 0x3e || next === 0x2f) count += 1;
        position = data.indexOf(marker, position + 1);
      }
      const keep = position >= 0 ? data.length - position : Math.min(marker.length, data.length);
      tail = Buffer.from(data.subarray(data.length - keep));
    },
    get count() {
      return count;
    },
  };
}

/**
 * Refuses a run of more than XLSX_LIMITS.textBytes bytes without a `<` (a text node or a tag: `<` cannot occur inside
 * either). Chunks are at most READ_CHUNK (= textBytes) long, so a run inside one chunk is within the bound.
 */
function textRunGuard() {
  let run = 0;
  return (chunk: Buffer) => {
    const first = chunk.indexOf(0x3c);
    if (first < 0) run += chunk.length;
    else {
      run += first;
      if (run <= XLSX_LIMITS.textBytes) run = chunk.length - 1 - chunk.lastIndexOf(0x3c);
    }
    if (run > XLSX_LIMITS.textBytes)
      throw new UnreadableFileError(
        `文件中有一段文字或标记解压后超过 ${sizeLabel(XLSX_LIMITS.textBytes)} 的上限（Excel 单元格最多 32,767 个字符），文件可能已损坏：请用 Excel 或 WPS 重新保存后上传`,
      );
  };
}

/** What checkXlsxContainer found: the rows of the first sheet (header included) and the parts to read, checked. */
export interface XlsxContainer {
  sheetRows: number;
  parts: CheckedEntry[];
}

/**
 * Checks the whole XLSX container before anything is imported: the central directory is there (a truncated file has
 * none), the workbook and a sheet are present, every entry is within its bound (XLSX_LIMITS) and inflates to its
 * recorded size and CRC-32 (inflating stops at the recorded size: a header that under-states it costs nothing more).
 * The shared strings and the first sheet's rows are counted. Returns the parts `openXlsxWithHeader` reads: only these,
 * exactly as checked, ever reach the XML parser.
 */
export async function checkXlsxContainer(path: string, size: number): Promise<XlsxContainer> {
  const entries = await readZipDirectory(path, size);
  const names = new Set(entries.map((entry) => entry.name));
  if (names.size !== entries.length) throw new UnreadableFileError(BROKEN_XLSX);
  const sheets = entries
    .filter((entry) => SHEET.test(entry.name))
    .sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  if (!names.has('xl/workbook.xml') || sheets.length === 0)
    throw new UnreadableFileError('文件中没有工作表：请上传 Excel 工作簿（.xlsx）');
  for (const entry of entries)
    if (entry.uncompressedSize > entryBound(entry.name)) throw new UnreadableFileError(oversizeMessage(entry.name));
  if (entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0) > XLSX_LIMITS.totalBytes)
    throw new UnreadableFileError(`文件解压后总计超过 ${sizeLabel(XLSX_LIMITS.totalBytes)} 的上限：${SPLIT_ADVICE}`);
  const firstSheet = sheets[0]!;
  const read = [...READ_PARTS, firstSheet.name];
  const parts: CheckedEntry[] = [];
  let sheetRows = 0;
  const handle = await open(path, 'r');
  try {
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, entry.localHeaderOffset);
      if (local.readUInt32LE(0) !== 0x04034b50) throw new UnreadableFileError(BROKEN_XLSX);
      const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const raw = createReadStream(path, {
        start: dataStart,
        end: dataStart + entry.compressedSize - 1,
        highWaterMark: READ_CHUNK,
      });
      if (entry.compressedSize === 0) raw.destroy();
      const counter =
        entry === firstSheet ? elementCounter('row') : entry.name === SHARED_STRINGS ? elementCounter('si') : undefined;
      const guardText = read.includes(entry.name) ? textRunGuard() : undefined;
      let crc = 0;
      let inflated = 0;
      const consume = (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > entry.uncompressedSize) throw new UnreadableFileError(BROKEN_XLSX);
        crc = crc32(chunk, crc);
        guardText?.(chunk);
        counter?.add(chunk);
      };
      const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: 64 * 1024 }) : undefined;
      try {
        if (entry.compressedSize === 0) {
          // An empty entry: nothing to inflate.
        } else if (entry.method === 0) {
          for await (const chunk of raw) consume(chunk as Buffer);
        } else if (inflate) {
          raw.pipe(inflate);
          raw.on('error', (error) => inflate.destroy(error));
          for await (const chunk of inflate) consume(chunk as Buffer);
        } else throw new UnreadableFileError(BROKEN_XLSX);
      } catch (error) {
        if (error instanceof UnreadableFileError) throw error;
        throw new UnreadableFileError(BROKEN_XLSX);
      } finally {
        raw.destroy();
        inflate?.destroy();
      }
      if (inflated !== entry.uncompressedSize || crc >>> 0 !== entry.crc) throw new UnreadableFileError(BROKEN_XLSX);
      if (entry === firstSheet) {
        sheetRows = counter!.count;
        if (sheetRows > XLSX_LIMITS.sheetRows)
          throw new UnreadableFileError(
            `工作表超过 ${formatCount(XLSX_LIMITS.sheetRows)} 行的上限（Excel 的最大行数）：${SPLIT_ADVICE}`,
          );
      }
      if (entry.name === SHARED_STRINGS && counter!.count > XLSX_LIMITS.sharedStrings)
        throw new UnreadableFileError(
          `工作簿的共享字符串（${SHARED_STRINGS}）超过 ${formatCount(XLSX_LIMITS.sharedStrings)} 条的上限：文件中不重复的文字过多，${SPLIT_ADVICE}`,
        );
      if (read.includes(entry.name)) parts.push({ ...entry, dataStart });
    }
  } finally {
    await handle.close();
  }
  parts.sort((a, b) => read.indexOf(a.name) - read.indexOf(b.name));
  return { sheetRows, parts };
}

/**
 * The checked parts as a ZIP stream of their own: a local header written from the central directory (sizes stated,
 * no data descriptor) before each part's compressed bytes. Whatever else the file holds (entries not in the central
 * directory, other sheets, bytes between entries) never reaches exceljs, so the bounds checked are the bounds read.
 */
function checkedPartsStream(path: string, parts: readonly CheckedEntry[]): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      const name = Buffer.from(part.name, 'utf8');
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x0800, 6); // UTF-8 name
      header.writeUInt16LE(part.method, 8);
      header.writeUInt32LE(part.crc, 14);
      header.writeUInt32LE(part.compressedSize, 18);
      header.writeUInt32LE(part.uncompressedSize, 22);
      header.writeUInt16LE(name.length, 26);
      yield Buffer.concat([header, name]);
      if (part.compressedSize === 0) continue;
      yield* createReadStream(path, {
        start: part.dataStart,
        end: part.dataStart + part.compressedSize - 1,
        highWaterMark: READ_CHUNK,
      });
    }
    // An empty central directory: the end of the archive.
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    yield end;
  }
  return Readable.from(bytes(), { objectMode: false });
}

/** A number as people write it: no float noise (0.1 + 0.2 → 0.3), integers without exponent where possible. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(Number(value.toPrecision(15)));
}

/**
 * The text of an exceljs cell value. A date cell is the date of its wall-clock time: Excel stores a date as a day count
 * without time zone (the time the clerk typed, in China), which exceljs reads as that time in UTC.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return withoutFormulaGuard(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as {
      richText?: Array<{ text: string }>;
      text?: unknown;
      result?: unknown;
      formula?: string;
      sharedFormula?: string;
      error?: string;
    };
    if (cell.richText) return cell.richText.map((run) => run.text).join('');
    if ('formula' in cell || 'sharedFormula' in cell) {
      // The value Excel computed; a formula without one stays as its text (it is never evaluated here).
      if (cell.result !== undefined && cell.result !== null && typeof cell.result !== 'object')
        return cellText(cell.result);
      return `=${cell.formula ?? cell.sharedFormula ?? ''}`;
    }
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error !== undefined) return String(cell.error);
  }
  return String(value);
}

interface ExcelRow {
  number: number;
  values: unknown[];
}

/**
 * The first worksheet of an XLSX as rows (exceljs's streaming reader; shared strings cached, as the format requires),
 * reading only the parts `checkXlsxContainer` checked.
 */
export async function openXlsxWithHeader(path: string, container: XlsxContainer): Promise<SheetReader> {
  let bytes = 0;
  const file = checkedPartsStream(path, container.parts);
  file.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets = workbook[Symbol.asyncIterator]();
  let sheetEvents: AsyncIterator<Array<{ eventType: string; value: ExcelRow }>>;
  try {
    const first = await sheets.next();
    if (first.done) throw new UnreadableFileError('文件中没有工作表：请上传 Excel 工作簿（.xlsx）');
    sheetEvents = (
      first.value as unknown as { parse(): AsyncIterator<Array<{ eventType: string; value: ExcelRow }>> }
    ).parse();
  } catch (error) {
    file.destroy();
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(BROKEN_XLSX);
  }

  const toCells = (row: ExcelRow) => {
    const values = row.values;
    const cells: string[] = [];
    for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
    return cells;
  };
  // Row numbers (`r`) must increase: a number seen twice would give two rows the same 行号 in the error report (and its
  // key). A row without one follows the previous row (ECMA-376 §18.3.1.73: `r` is optional).
  let previous = 0;
  const numbered = (row: ExcelRow): SheetRow => {
    const number = Number.isNaN(row.number) ? previous + 1 : row.number;
    if (number <= previous)
      throw new UnreadableFileError(
        `工作表的行号重复或顺序错乱：第 ${number} 行出现在第 ${previous} 行之后，文件结构有误：请用 Excel 或 WPS 重新保存后上传`,
      );
    if (number > XLSX_LIMITS.sheetRows)
      throw new UnreadableFileError(
        `工作表的行号 ${number} 超过 ${formatCount(XLSX_LIMITS.sheetRows)} 行的上限（Excel 的最大行数）：${SPLIT_ADVICE}`,
      );
    previous = number;
    return { number, cells: toCells(row) };
  };

  // The header is the first row that has any cell.
  let pending: SheetRow[] = [];
  let header: SheetRow | undefined;
  try {
    while (!header) {
      const next = await sheetEvents.next();
      if (next.done) break;
      const rows = next.value.filter((event) => event.eventType === 'row').map((event) => numbered(event.value));
      const index = rows.findIndex((row) => row.cells.some((cell) => cell.trim() !== ''));
      if (index >= 0) {
        header = rows[index];
        pending = rows.slice(index + 1);
      }
    }
  } catch (error) {
    file.destroy();
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(BROKEN_XLSX);
  }
  if (!header) {
    file.destroy();
    throw new UnreadableFileError('工作表中没有内容：第 1 行应为表头');
  }

  async function* rows(): AsyncGenerator<SheetRow[]> {
    if (pending.length > 0) yield pending;
    while (true) {
      let next: IteratorResult<Array<{ eventType: string; value: ExcelRow }>>;
      try {
        next = await sheetEvents.next();
      } catch {
        throw new UnreadableFileError(BROKEN_XLSX);
      }
      if (next.done) break;
      const batch: SheetRow[] = [];
      for (const event of next.value) if (event.eventType === 'row') batch.push(numbered(event.value));
      if (batch.length > 0) yield batch;
    }
  }

  return {
    header: header.cells,
    rows: { [Symbol.asyncIterator]: () => rows() },
    bytesRead: () => bytes,
    close: () => {
      file.destroy();
    },
  };
}
