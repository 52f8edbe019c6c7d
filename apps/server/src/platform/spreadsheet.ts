import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Every spreadsheet the platform writes (templates, error reports, exports) goes through here, so that no cell can
 * become a formula in the reader's spreadsheet program (CSV/formula injection: OWASP, CWE-1236) and big files stream.
 * The guard is no part of the data: a CSV cell gets a leading apostrophe that uploads strip again
 * (`withoutFormulaGuard`); an XLSX cell keeps its text and gets the quote-prefix style, as Excel does for a typed `'`.
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

/** What an uploaded cell held before a platform export guarded it: the leading apostrophe of `neutraliseFormula` goes. */
export function withoutFormulaGuard(value: string): string {
  return value.startsWith("'") && FORMULA_TRIGGER.test(value.slice(1)) ? value.slice(1) : value;
}

const plainText = (value: SpreadsheetCell): string => (value === null || value === undefined ? '' : String(value));

function cellText(value: SpreadsheetCell): string {
  return neutraliseFormula(plainText(value));
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
  /** The values the column takes: a drop-down list on every data row (XLSX). */
  choices?: readonly string[];
  /**
   * A column of dates (YYYY-MM-DD) or China times (YYYY-MM-DD HH:mm): in XLSX real dates shown in that same form, so a
   * spreadsheet program sorts and filters them as dates; in CSV the text as it is. Other text in it stays text.
   */
  format?: 'date' | 'dateTime';
}

export interface SheetDefinition {
  name: string;
  columns: readonly SheetColumn[];
  rows: Iterable<readonly SpreadsheetCell[]> | AsyncIterable<readonly SpreadsheetCell[]>;
  /** Format every column as text (`@`), so that codes and dates typed later into the sheet stay as typed. */
  textColumns?: boolean;
}

/** The workbook's document properties (docProps/core.xml): who made it, when, and what it is. */
export interface WorkbookProperties {
  title?: string;
  subject?: string;
  creator?: string;
  category?: string;
  keywords?: string;
  description?: string;
  created?: Date;
}

/**
 * Drop-down lists cover the first 10,000 data rows: more than a clerk types by hand (a list does not stop pasted values
 * anyway; every value is checked on upload), and few enough that a program reading the workbook back does not slow
 * down (exceljs expands a range into one entry per cell: to Excel's last row it took 13 s to load).
 */
const CHOICE_ROWS_END = 10_001;
/** The hidden sheet that holds the drop-down lists (a list typed into the validation is limited to 255 characters). */
const CHOICES_SHEET = '可选值';
/** A4 (paper size 9 of ECMA-376 §18.18.45) landscape, one page wide: the sheets are wide. */
const PRINT_SETUP = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;

/** A, B, …, Z, AA, … for a 0-based column index. */
function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

interface ExcelStyles {
  addStyleModel(model: { quotePrefix?: boolean } | undefined, cellType?: number): number;
  map: { style: { toXml(model: unknown): string } };
}

/**
 * exceljs 4.4 neither writes nor reads the quotePrefix attribute of a cell format (ECMA-376 §18.8.45): the flag Excel
 * sets when someone types a leading apostrophe, so that the text is shown as typed and stays text when the cell is
 * edited. A cell whose style model carries `quotePrefix: true` gets a cell format of its own with the attribute.
 */
function writeQuotePrefix(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles: ExcelStyles }).styles;
  const addStyleModel = styles.addStyleModel.bind(styles);
  const formatXml = styles.map.style.toXml.bind(styles.map.style);
  let quoted = false;
  styles.addStyleModel = (model, cellType) => {
    quoted = model?.quotePrefix === true;
    try {
      return addStyleModel(model, cellType);
    } finally {
      quoted = false;
    }
  };
  styles.map.style.toXml = (model) => {
    const xml = formatXml(model);
    return quoted ? xml.replace('<xf ', '<xf quotePrefix="1" ') : xml;
  };
}

const DATE_FORMATS = {
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, numFmt: 'yyyy-mm-dd' },
  dateTime: { pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, numFmt: 'yyyy-mm-dd hh:mm' },
} as const;

/**
 * Adds a row of text; a cell a spreadsheet program would run as a formula gets the quote-prefix style instead. A cell
 * of a date column written in its form becomes a date: the wall-clock reading as given (Excel's serial days have no
 * time zone, and exceljs reads a Date as UTC).
 */
function addTextRow(
  worksheet: ExcelJS.Worksheet,
  cells: readonly SpreadsheetCell[],
  style: Partial<ExcelJS.Style>,
  columns: readonly SheetColumn[] = [],
) {
  const values: (string | Date)[] = cells.map(plainText);
  const dateFormats = values.map((value, index) => {
    const format = columns[index]?.format;
    if (!format || typeof value !== 'string' || !DATE_FORMATS[format].pattern.test(value)) return undefined;
    values[index] = new Date(format === 'date' ? `${value}T00:00:00Z` : `${value.replace(' ', 'T')}:00Z`);
    return DATE_FORMATS[format].numFmt;
  });
  const row = worksheet.addRow(values);
  cells.forEach((cell, index) => {
    const numFmt = dateFormats[index];
    if (numFmt) row.getCell(index + 1).style = { ...style, numFmt };
    else if (FORMULA_TRIGGER.test(plainText(cell)))
      row.getCell(index + 1).style = { ...style, quotePrefix: true } as Partial<ExcelJS.Style>;
  });
  return row;
}

/**
 * Writes an XLSX workbook with exceljs's streaming writer: each row is committed (and leaves memory) as soon as it is
 * written; the header row is bold and frozen; every sheet prints on A4 landscape. A text a spreadsheet program would
 * run as a formula is written as it is, in the quote-prefix style. Columns with choices get a drop-down list from a
 * hidden sheet. Ends `output`.
 */
export async function writeXlsx(
  output: Writable,
  sheets: readonly SheetDefinition[],
  properties: WorkbookProperties = {},
): Promise<void> {
  const finished = once(output, 'finish');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
    ...(properties.created ? { created: properties.created } : {}),
  });
  workbook.creator = '贵州省企业公共信用信息平台';
  Object.assign(workbook, properties);
  writeQuotePrefix(workbook);
  const choiceLists: SheetColumn[] = [];
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: PRINT_SETUP,
    });
    const textFormat = sheet.textColumns ? { numFmt: '@' } : {};
    worksheet.columns = sheet.columns.map((column, index) => ({
      key: String(index),
      width: column.width ?? Math.min(60, Math.max(12, column.header.length * 2 + 4)),
      ...(sheet.textColumns ? { style: textFormat } : {}),
    }));
    const validations = (
      worksheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
    ).dataValidations;
    sheet.columns.forEach((column, index) => {
      if (!column.choices?.length) return;
      const list = columnLetter(choiceLists.push(column) - 1);
      const target = columnLetter(index);
      validations.add(`${target}2:${target}${CHOICE_ROWS_END}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`'${CHOICES_SHEET}'!$${list}$2:$${list}$${column.choices.length + 1}`],
        showErrorMessage: true,
        errorTitle: column.header,
        error: `请从下拉列表中选择${column.header}`,
      });
    });
    const header = addTextRow(
      worksheet,
      sheet.columns.map((column) => column.header),
      textFormat,
    );
    header.font = { bold: true };
    header.commit();
    let written = 0;
    for await (const row of sheet.rows) {
      addTextRow(worksheet, row, textFormat, sheet.columns).commit();
      written += 1;
      if (written % 1000 === 0) await backpressure(output);
    }
    worksheet.commit();
  }
  if (choiceLists.length > 0) {
    const lists = workbook.addWorksheet(CHOICES_SHEET, { state: 'hidden', pageSetup: PRINT_SETUP });
    addTextRow(
      lists,
      choiceLists.map((column) => column.header),
      {},
    ).commit();
    const longest = Math.max(...choiceLists.map((column) => column.choices!.length));
    for (let index = 0; index < longest; index++)
      addTextRow(
        lists,
        choiceLists.map((column) => column.choices![index]),
        {},
      ).commit();
    lists.commit();
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
