import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Every spreadsheet the platform writes (templates, error reports, exports) goes through here, so that no cell can
 * become a formula in the reader's spreadsheet program (CSV/formula injection: OWASP) and big files stream.
 */

/** A cell as written: text, a number, or empty. */
export type SpreadsheetCell = string | number | null | undefined;

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/**
 * A text that a spreadsheet program would run as a formula (`=`, `+`, `-`, `@`, or a leading tab or carriage return)
 * gets a leading apostrophe: it is then shown as text, never evaluated.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

function cellText(value: SpreadsheetCell): string {
  if (value === null || value === undefined) return '';
  return neutraliseFormula(String(value));
}

/** Waits when the destination is full, so that a slow reader does not make the writer buffer the whole file. */
async function backpressure(output: Writable): Promise<void> {
  if (output.writableNeedDrain && !output.destroyed) await once(output, 'drain');
}

const CSV_QUOTE_NEEDED = /[",\r\n]/;

function csvField(value: SpreadsheetCell): string {
  const text = cellText(value);
  return CSV_QUOTE_NEEDED.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line (CRLF-terminated, RFC 4180), every cell neutralised. */
export function csvLine(cells: readonly SpreadsheetCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * Writes a CSV file in UTF-8 with a byte-order mark (so that Excel opens Chinese text correctly), streaming: rows may
 * be an async iterable of any length. Ends `output`.
 */
export async function writeCsv(
  output: Writable,
  header: readonly string[],
  rows: Iterable<readonly SpreadsheetCell[]> | AsyncIterable<readonly SpreadsheetCell[]>,
): Promise<void> {
  output.write(`\uFEFF${csvLine(header)}`);
  let pending = '';
  for await (const row of rows) {
    pending += csvLine(row);
    if (pending.length >= 64 * 1024) {
      output.write(pending);
      pending = '';
      await backpressure(output);
    }
  }
  output.end(pending);
  await once(output, 'finish');
}

export interface SheetColumn {
  header: string;
  /** Width in characters. */
  width?: number;
}

export interface SheetDefinition {
  name: string;
  columns: readonly SheetColumn[];
  rows: Iterable<readonly SpreadsheetCell[]> | AsyncIterable<readonly SpreadsheetCell[]>;
  /** Format every column as text (`@`), so that codes and dates typed later into the sheet stay as typed. */
  textColumns?: boolean;
}

/**
 * Writes an XLSX workbook with exceljs's streaming writer: each row is committed (and leaves memory) as soon as it is
 * written; the header row is bold and frozen. Ends `output`.
 */
export async function writeXlsx(output: Writable, sheets: readonly SheetDefinition[]): Promise<void> {
  const finished = once(output, 'finish');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = '贵州省企业公共信用信息平台';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((column, index) => ({
      key: String(index),
      width: column.width ?? Math.min(60, Math.max(12, column.header.length * 2 + 4)),
      ...(sheet.textColumns ? { style: { numFmt: '@' } } : {}),
    }));
    const header = worksheet.addRow(sheet.columns.map((column) => cellText(column.header)));
    header.font = { bold: true };
    header.commit();
    let written = 0;
    for await (const row of sheet.rows) {
      worksheet.addRow(row.map(cellText)).commit();
      written += 1;
      if (written % 1000 === 0) await backpressure(output);
    }
    worksheet.commit();
  }
  await workbook.commit();
  await finished;
}

/** Collects what a writer produces, for small files (templates) answered in one piece. */
export async function toBuffer(write: (output: Writable) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(output);
  return Buffer.concat(chunks);
}
