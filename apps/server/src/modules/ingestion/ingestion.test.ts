import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import type { UploadCreatedDto, UploadDto } from '@gzcredit/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { hasQuotePrefix } from '../../../test/xlsx';
import type { DatabaseHandle } from '../../platform/database';
import { type JobHandlers, runJobsUntilIdle } from '../../platform/jobs';
import {
  INCOMING_MAX_IDLE_MS,
  ingestionJobs,
  PROCESS_UPLOAD_JOB,
  SWEEP_INCOMING_JOB,
  scheduleIngestionJobs,
} from './ingestion.jobs';

let database: DatabaseHandle;
let app: FastifyInstance;
let session: TestSession;
let otherSession: TestSession;
let handlers: JobHandlers;
let penaltyItemId: number;
let licenceItemId: number;
let header: string[];
const dataDir = `/tmp/gzcredit-ingestion-${process.pid}-${Date.now()}`;

/** The penalty template's columns by header, so that rows can be written by name. */
function penaltyRow(values: Record<string, string> = {}): string[] {
  const defaults: Record<string, string> = {
    统一社会信用代码: uniqueCreditCode(),
    主体名称: '贵州黔南茶业有限公司',
    失信等级: '一般失信',
    使用范围: '',
    行政处罚决定书文号: `筑南市监罚〔2026〕${randomBytes(3).toString('hex')}号`,
    违法行为类型: '虚假宣传',
    违法事实: '在门店宣传中使用“国家级”等用语',
    处罚依据: '《中华人民共和国广告法》第五十七条',
    处罚类别: '罚款',
    处罚内容: '罚款人民币二万元',
    '罚款金额（万元）': '2',
    '没收违法所得、没收非法财物的金额（万元）': '',
    暂扣或吊销证照名称及编号: '',
    处罚决定日期: '2026-11-02',
    处罚机关: '贵阳市南明区市场监督管理局',
    处罚机关统一社会信用代码: '',
  };
  const row = { ...defaults, ...values };
  return header.map((name) => row[name] ?? '');
}

function csvOf(rows: string[][]): Buffer {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return Buffer.from(`${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`);
}

async function xlsxOf(rows: Array<Array<string | number | Date>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A part of a hand-written ZIP: its raw-deflate bytes, and the size and CRC-32 of what they inflate to. */
interface ZipPart {
  name: string;
  deflated: Buffer;
  size: number;
  crc: number;
}

/**
 * A part whose content is `head`, then `body` `times` over, then `tail`, deflated without ever being held whole: each
 * piece is compressed on its own and ends byte-aligned (Z_FULL_FLUSH), so the compressed body can simply be repeated.
 */
function repeatedPart(name: string, head: string, body: string, times: number, tail: string): ZipPart {
  const flushed = (text: string) => deflateRawSync(Buffer.from(text), { finishFlush: zlibConstants.Z_FULL_FLUSH });
  const bodyBytes = Buffer.from(body);
  let crc = crc32(head);
  for (let index = 0; index < times; index++) crc = crc32(bodyBytes, crc);
  crc = crc32(tail, crc);
  const deflatedBody = flushed(body);
  return {
    name,
    deflated: Buffer.concat([
      flushed(head),
      ...Array.from({ length: times }, () => deflatedBody),
      deflateRawSync(tail),
    ]),
    size: Buffer.byteLength(head) + bodyBytes.length * times + Buffer.byteLength(tail),
    crc,
  };
}

const textPart = (name: string, text: string) => repeatedPart(name, text, '', 0, '');

/** A ZIP of the parts, written by hand (local headers, central directory, end record). */
function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const fields = (signature: number, length: number) => {
      const header = Buffer.alloc(length);
      header.writeUInt32LE(signature, 0);
      return header;
    };
    const local = fields(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = fields(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    directory.push(central, name);
    offset += 30 + name.length + part.deflated.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A row of inline-string cells, as `<row>` XML. */
function rowXml(number: number, cells: string[]): string {
  // Columns A–Z: the template has fewer than 26.
  const column = (index: number) => String.fromCharCode(65 + index);
  const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  return `<row r="${number}">${cells
    .map((cell, index) => `<c r="${column(index)}${number}" t="inlineStr"><is><t>${escaped(cell)}</t></is></c>`)
    .join('')}</row>`;
}

/** A hand-written workbook: the penalty header, then the sheet's other rows and shared strings as given. */
function handWrittenXlsx(
  sheet: { rows: string; repeat?: string; times?: number },
  sharedStrings?: ZipPart,
  media: ZipPart[] = [],
): Buffer {
  const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipOf([
    textPart(
      '[Content_Types].xml',
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    textPart(
      '_rels/.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    textPart(
      'xl/workbook.xml',
      `<workbook xmlns="${SPREADSHEET_NS}" xmlns:r="${relationships}"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    textPart(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    ...(sharedStrings ? [sharedStrings] : []),
    repeatedPart(
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="${SPREADSHEET_NS}"><sheetData>${rowXml(1, header)}${sheet.rows}`,
      sheet.repeat ?? '',
      sheet.times ?? 0,
      '</sheetData></worksheet>',
    ),
    ...media,
  ]);
}

const MIB = 1024 * 1024;

/** `body` repeated to about a MiB: the unit a large part repeats. */
const mebibyteOf = (body: string) => body.repeat(Math.max(1, Math.floor(MIB / Buffer.byteLength(body))));

/** `xl/sharedStrings.xml`: `body` repeated until it inflates to at least `bytes`. */
function sharedStringsOf(body: string, bytes: number): ZipPart {
  const unit = mebibyteOf(body);
  return repeatedPart(
    'xl/sharedStrings.xml',
    `<sst xmlns="${SPREADSHEET_NS}">`,
    unit,
    Math.ceil(bytes / Buffer.byteLength(unit)),
    '</sst>',
  );
}

/** GBK bytes of a text, from the platform's own decoder (Node has no GBK encoder). */
let gbkTable: Map<string, number[]> | undefined;
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        try {
          const character = decoder.decode(Uint8Array.of(lead, trail));
          if (character.length === 1 && !gbkTable.has(character)) gbkTable.set(character, [lead, trail]);
        } catch {}
      }
  }
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else bytes.push(...gbkTable.get(character)!);
  }
  return Buffer.from(bytes);
}

function upload(
  file: { name: string; content: Buffer; itemId?: number },
  options: { as?: TestSession; app?: FastifyInstance } = {},
) {
  const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="itemId"\r\n\r\n${file.itemId ?? penaltyItemId}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return (options.app ?? app).inject({
    method: 'POST',
    url: '/api/console/uploads',
    headers: { ...consoleHeaders(options.as ?? session), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

/** Uploads, runs the job to the end and answers the finished upload. */
async function uploadAndProcess(file: { name: string; content: Buffer; itemId?: number }): Promise<UploadDto> {
  const response = await upload(file);
  expect(response.statusCode, response.body).toBe(200);
  const created = response.json() as UploadCreatedDto;
  await runJobsUntilIdle(database.db, handlers);
  const finished = await consoleCall(app, session, 'GET', `/uploads/${created.id}`);
  expect(finished.statusCode).toBe(200);
  return finished.json() as UploadDto;
}

/** The state of the last job of an upload. */
async function uploadJob(uploadId: number) {
  return database.db
    .selectFrom('jobs')
    .select(['status', 'attempts'])
    .where('name', '=', PROCESS_UPLOAD_JOB)
    .where(sql`payload->>'uploadId'`, '=', String(uploadId))
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

async function recordsOfBatch(batchId: number) {
  return database.db
    .selectFrom('records')
    .select(['creditCode', 'entityName', 'payload', 'enterpriseId', 'channel'])
    .where('batchId', '=', batchId)
    .orderBy('id')
    .execute();
}

async function countRecords(): Promise<number> {
  const row = await database.db
    .selectFrom('records')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

async function readXlsx(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

function sheetValues(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) cells.push(String(row.getCell(column).value ?? ''));
    rows.push(cells);
  });
  return rows;
}

/** RFC 4180 lines of a CSV we wrote (tests only: fields contain no line breaks). */
function csvRows(content: Buffer): string[][] {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      const pattern = /("([^"]|"")*"|[^,]*)(,|$)/g;
      let match: RegExpExecArray | null = pattern.exec(line);
      while (match && match[0] !== '') {
        const raw = match[1]!;
        cells.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
        if (match[3] === '') break;
        match = pattern.exec(line);
      }
      return cells;
    });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: dataDir });
  const agency = await createAgency(database.db, {
    name: '贵阳市南明区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520102',
    level: 'county',
  });
  const other = await createAgency(database.db, { kind: 'market_regulation', regionCode: '520300' });
  session = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(agency.id), permissions: ['record.submit'] })).id,
  );
  otherSession = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(other.id), permissions: ['record.submit'] })).id,
  );
  handlers = ingestionJobs({ db: database.db, dataDir, dataKey: TEST_DATA_KEY });
  const items = await database.db.selectFrom('catalogueItems').select(['id', 'code']).execute();
  penaltyItemId = Number(items.find((item) => item.code === 'penalty')!.id);
  licenceItemId = Number(items.find((item) => item.code === 'licence')!.id);
  const template = await consoleCall(app, session, 'GET', `/catalogue/items/${penaltyItemId}/template?format=csv`);
  header = csvRows(template.rawPayload)[0]!;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('templates', () => {
  it('gives an XLSX template with the columns, an example row and a sheet of notes', async () => {
    const response = await consoleCall(app, session, 'GET', `/catalogue/items/${penaltyItemId}/template?format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="penalty-template.xlsx"; filename*=UTF-8''${encodeURIComponent('行政处罚信息-导入模板.xlsx')}`,
    );
    const workbook = await readXlsx(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['数据', '填写说明', '可选值']);
    const [headers, example, ...rest] = sheetValues(workbook.getWorksheet('数据')!);
    expect(headers!.slice(0, 7)).toEqual([
      '统一社会信用代码',
      '主体名称',
      '失信等级',
      '使用范围',
      '不公示的法定依据',
      '行政处罚决定书文号',
      '违法行为类型',
    ]);
    expect(headers).toContain('处罚决定日期');
    expect(example![1]).toMatch(/^【示例】/);
    expect(rest).toEqual([]);
    const notes = sheetValues(workbook.getWorksheet('填写说明')!);
    expect(notes[0]).toEqual(['列名', '是否必填', '类型', '格式或可选值', '说明']);
    expect(notes.find((row) => row[0] === '处罚类别')).toEqual(
      expect.arrayContaining(['是', '字典值', expect.stringContaining('罚款')]),
    );
    expect(notes).toHaveLength(headers!.length + 1);
  });

  it('gives a UTF-8 CSV template with a byte-order mark, and leaves out 失信等级 for items that carry none', async () => {
    const response = await consoleCall(app, session, 'GET', `/catalogue/items/${licenceItemId}/template?format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [headers, example] = csvRows(response.rawPayload);
    expect(headers!.slice(0, 3)).toEqual(['统一社会信用代码', '主体名称', '使用范围']);
    expect(headers).not.toContain('失信等级');
    expect(example![1]).toMatch(/^【示例】/);
  });

  it('says the example row was skipped and nothing was imported when a template is uploaded back as it is', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const template = await consoleCall(
        app,
        session,
        'GET',
        `/catalogue/items/${penaltyItemId}/template?format=${format}`,
      );
      const before = await countRecords();
      const result = await uploadAndProcess({ name: `模板.${format}`, content: template.rawPayload });
      expect(result).toMatchObject({ status: 'failed', accepted: 0, rejected: 0, rowsDone: 1, hasErrorReport: false });
      expect(result.errorMessage).toBe(
        '文件中只有模板的示例行（主体名称以“【示例】”开头），示例行已跳过，没有导入任何信息。请在模板中填写要报送的信息（可删除示例行）后重新上传',
      );
      expect(await countRecords()).toBe(before);
    }
  });

  it('says nothing was imported from a file with its header alone', async () => {
    const template = await consoleCall(app, session, 'GET', `/catalogue/items/${penaltyItemId}/template?format=csv`);
    const [headers] = csvRows(template.rawPayload);
    const result = await uploadAndProcess({ name: '只有表头.csv', content: csvOf([headers!]) });
    expect(result).toMatchObject({ status: 'failed', accepted: 0, rejected: 0, rowsDone: 0 });
    expect(result.errorMessage).toMatch(/^文件中只有表头，没有数据行，没有导入任何信息。/);
  });

  it('answers CATALOGUE_ITEM_NOT_FOUND for an item that does not exist', async () => {
    const response = await consoleCall(app, session, 'GET', '/catalogue/items/999999/template');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('CATALOGUE_ITEM_NOT_FOUND');
  });
});

describe('uploads', () => {
  it('imports the good rows, reports the bad ones with 错误说明 naming the field, and logs the exchange', async () => {
    const entity = await createEnterprise(database.db, { name: '贵州遵义酒业有限公司' });
    const rows = [
      header,
      penaltyRow({ 统一社会信用代码: entity.creditCode, 主体名称: '贵州遵义酒业有限公司' }),
      penaltyRow(),
      penaltyRow({ 统一社会信用代码: '91520102MA6DK8XX0X' }),
      penaltyRow({ 失信等级: '较重失信' }),
      penaltyRow({ 处罚决定日期: '2026-02-30', 处罚类别: '批评' }),
    ];
    const result = await uploadAndProcess({ name: '处罚.csv', content: csvOf(rows) });
    expect(result).toMatchObject({
      status: 'done',
      accepted: 3,
      rejected: 2,
      rowsDone: 5,
      totalRows: 5,
      progress: 100,
      format: 'csv',
      hasErrorReport: true,
      errorMessage: null,
    });
    const stored = await recordsOfBatch(result.batchId!);
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({ creditCode: entity.creditCode, channel: 'upload' });
    expect(stored[0]!.enterpriseId).not.toBeNull();
    expect(stored[1]!.enterpriseId).toBeNull();
    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('id', '=', result.batchId!)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ channel: 'upload', received: 5, accepted: 3, rejected: 2 });
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'details', 'result'])
      .where('objectType', '=', 'upload')
      .where('objectId', '=', String(result.id))
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['upload.created', 'upload.processed']);
    expect(audit[1]).toMatchObject({
      result: 'success',
      details: expect.objectContaining({ accepted: 3, rejected: 2 }),
    });

    const report = await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report?format=xlsx`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-disposition']).toContain(encodeURIComponent('行政处罚信息-错误报告'));
    const [reportHeader, ...reportRows] = sheetValues((await readXlsx(report.rawPayload)).worksheets[0]!);
    expect(reportHeader).toEqual(['行号', ...header, '错误说明']);
    expect(reportRows.map((row) => row[0])).toEqual(['4', '6']);
    expect(reportRows[0]![1]).toBe('91520102MA6DK8XX0X');
    expect(reportRows[0]!.at(-1)).toMatch(/^统一社会信用代码：/);
    expect(reportRows[1]!.at(-1)).toMatch(
      /^处罚类别：“批评”不在可选值中.*；处罚决定日期：“2026-02-30”不是日历上的有效日期/,
    );

    const csvReport = await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report?format=csv`);
    const csvReportRows = csvRows(csvReport.rawPayload);
    expect(csvReportRows).toHaveLength(3);
    expect(csvReportRows[2]![0]).toBe('6');
    const downloads = await database.db
      .selectFrom('exchangeBatches')
      .select('details')
      .where('channel', '=', 'download')
      .execute();
    expect(downloads.filter((row) => (row.details as { uploadId?: number })?.uploadId === result.id)).toHaveLength(2);
    // The audit row of a download is written while the file streams out.
    await vi.waitFor(async () => {
      const downloadAudits = await database.db
        .selectFrom('auditLog')
        .select('action')
        .where('action', '=', 'upload.error-report-downloaded')
        .where('objectId', '=', String(result.id))
        .execute();
      expect(downloadAudits).toHaveLength(2);
    });
  });

  it('counts the rows of each committed chunk in /metrics, refused ones included (upload rows per second)', async () => {
    const rowsCounted = async () => {
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      return Number(/^gzcredit_upload_rows_total (\d+)$/m.exec(metrics.body)?.[1]);
    };
    const before = await rowsCounted();
    const result = await uploadAndProcess({
      name: '计数.csv',
      content: csvOf([header, penaltyRow(), penaltyRow(), penaltyRow({ 处罚类别: '批评' })]),
    });
    expect(result).toMatchObject({ status: 'done', accepted: 2, rejected: 1 });
    expect((await rowsCounted()) - before).toBe(3);
  });

  it('accepts the error report back once its rows are corrected (行号 and 错误说明 are ignored)', async () => {
    const result = await uploadAndProcess({
      name: '待更正.csv',
      content: csvOf([header, penaltyRow({ 失信等级: '特别严重', 主体名称: '贵州铜仁锰业有限公司' })]),
    });
    expect(result.rejected).toBe(1);
    const report = await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report?format=xlsx`);
    const workbook = await readXlsx(report.rawPayload);
    const sheet = workbook.worksheets[0]!;
    sheet.getCell(2, 1 + 1 + header.indexOf('失信等级')).value = '严重失信';
    const corrected = await uploadAndProcess({
      name: '已更正.xlsx',
      content: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    expect(corrected).toMatchObject({ status: 'done', accepted: 1, rejected: 0 });
    const [stored] = await recordsOfBatch(corrected.batchId!);
    expect(stored!.entityName).toBe('贵州铜仁锰业有限公司');
  });

  it('imports an XLSX with dates and numbers as Excel stores them', async () => {
    const values = penaltyRow({ 主体名称: '贵州凯里银饰有限公司' });
    const row: Array<string | number | Date> = [...values];
    row[header.indexOf('处罚决定日期')] = new Date(Date.UTC(2026, 9, 9));
    row[header.indexOf('罚款金额（万元）')] = 0.1 + 0.2;
    const result = await uploadAndProcess({ name: '处罚.xlsx', content: await xlsxOf([header, row]) });
    expect(result).toMatchObject({ status: 'done', accepted: 1, rejected: 0, totalRows: 1, format: 'xlsx' });
    const [stored] = await recordsOfBatch(result.batchId!);
    expect(stored!.payload).toMatchObject({ decisionDate: '2026-10-09', fineAmount: '0.3' });
    expect(stored!.entityName).toBe('贵州凯里银饰有限公司');
  });

  it('recognises the same file uploaded twice and counts nothing twice', async () => {
    const content = csvOf([header, penaltyRow(), penaltyRow()]);
    const first = await uploadAndProcess({ name: '重复.csv', content });
    expect(first.accepted).toBe(2);
    const before = await countRecords();
    const jobs = await database.db
      .selectFrom('jobs')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    const again = await upload({ name: '重复-副本.csv', content });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.id, duplicate: true, status: 'done', accepted: 2 });
    await runJobsUntilIdle(database.db, handlers);
    expect(await countRecords()).toBe(before);
    const jobsAfter = await database.db
      .selectFrom('jobs')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    expect(jobsAfter.count).toBe(jobs.count);
    const uploads = await database.db
      .selectFrom('uploads')
      .select('id')
      .where(
        'sha256',
        '=',
        (await database.db.selectFrom('uploads').select('sha256').where('id', '=', first.id).executeTakeFirstOrThrow())
          .sha256,
      )
      .execute();
    expect(uploads).toHaveLength(1);
  });

  it.each([
    ['a missing column', (columns: string[]) => columns.filter((name) => name !== '处罚类别'), /缺少列 “处罚类别”/],
    ['an extra column', (columns: string[]) => [...columns, '备注'], /多出模板中没有的列 “备注”/],
    [
      'a wrong column',
      (columns: string[]) => columns.map((name) => (name === '违法事实' ? '违法事由' : name)),
      /缺少列 “违法事实”.*多出模板中没有的列 “违法事由”/,
    ],
    ['a duplicated column', (columns: string[]) => [...columns, '处罚机关'], /列 “处罚机关” 重复出现/],
  ])('fails a file with %s, naming it, and stores nothing', async (_case, change, message) => {
    const columns = change(header);
    const row = columns.map((name) => penaltyRow()[header.indexOf(name)] ?? '');
    const before = await countRecords();
    const result = await uploadAndProcess({ name: '表头.csv', content: csvOf([columns, row, row]) });
    expect(result.status).toBe('failed');
    expect(result.errorMessage).toMatch(message);
    expect(result).toMatchObject({ accepted: 0, rejected: 0, rowsDone: 0 });
    expect(await countRecords()).toBe(before);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['result'])
      .where('action', '=', 'upload.processed')
      .where('objectId', '=', String(result.id))
      .executeTakeFirstOrThrow();
    expect(audit.result).toBe('failure');
  });

  it('accepts headers in another order and with surrounding spaces', async () => {
    const reordered = [...header].reverse();
    const row = penaltyRow();
    const result = await uploadAndProcess({
      name: '乱序.csv',
      content: csvOf([reordered.map((name) => ` ${name} `), reordered.map((name) => row[header.indexOf(name)]!)]),
    });
    expect(result).toMatchObject({ status: 'done', accepted: 1 });
  });

  it('fails a truncated XLSX and a corrupted one before importing any row', async () => {
    const content = await xlsxOf([header, ...Array.from({ length: 200 }, () => penaltyRow())]);
    const before = await countRecords();
    const truncated = await uploadAndProcess({
      name: '截断.xlsx',
      content: content.subarray(0, Math.floor(content.length * 0.7)),
    });
    expect(truncated.status).toBe('failed');
    expect(truncated.errorMessage).toContain('文件已损坏或不完整');
    const corrupted = Buffer.from(content);
    // Flip bytes in the middle of the compressed data: the central directory is intact, the CRC is not.
    for (let index = 0; index < 16; index++) corrupted[Math.floor(content.length / 2) + index]! ^= 0x5a;
    const broken = await uploadAndProcess({ name: '损坏.xlsx', content: corrupted });
    expect(broken.status).toBe('failed');
    expect(broken.errorMessage).toContain('文件已损坏或不完整');
    expect(await countRecords()).toBe(before);
    expect(broken).toMatchObject({ accepted: 0, rowsDone: 0 });
  });

  it.each([
    {
      bound: 'shared-strings bytes',
      name: '共享字符串炸弹.xlsx',
      content: () => handWrittenXlsx({ rows: '' }, sharedStringsOf('<si><t>填充</t></si>', 100 * MIB)),
      message: '共享字符串（xl/sharedStrings.xml）解压后超过 32 MB 的上限',
    },
    {
      bound: 'shared-strings count',
      name: '共享字符串过多.xlsx',
      content: () => handWrittenXlsx({ rows: '' }, sharedStringsOf('<si/>', 6 * MIB)),
      message: '超过 1,000,000 条的上限',
    },
    {
      bound: 'text run',
      name: '超长文字.xlsx',
      content: () =>
        handWrittenXlsx(
          { rows: '' },
          repeatedPart('xl/sharedStrings.xml', '<sst><si><t>', 'a'.repeat(MIB), 2, '</t></si></sst>'),
        ),
      message: '超过 1 MB 的上限（Excel 单元格最多 32,767 个字符）',
    },
    {
      bound: 'sheet rows',
      name: '行数过多.xlsx',
      content: () => handWrittenXlsx({ rows: '', repeat: '<row/>'.repeat(1024), times: 1024 }),
      message: '工作表超过 1,048,576 行的上限',
    },
    {
      // The workbook of the issue: 1.1 GB of rows all numbered 2, retried five times before.
      bound: 'sheet bytes',
      name: '行号重复且过大.xlsx',
      content: () => {
        const unit = mebibyteOf(rowXml(2, ['']));
        return handWrittenXlsx({ rows: '', repeat: unit, times: Math.ceil(1.1e9 / unit.length) });
      },
      message: '工作表（xl/worksheets/sheet1.xml）解压后超过 1 GB 的上限',
    },
  ])(
    'fails a workbook beyond the $bound bound naming the limit, without retrying, the server still answering',
    async ({ name, content, message }) => {
      const file = content();
      expect(file.length).toBeLessThan(4 * MIB);
      const result = await uploadAndProcess({ name, content: file });
      expect(result).toMatchObject({ status: 'failed', rowsDone: 0, accepted: 0 });
      expect(result.errorMessage).toContain(message);
      expect(await uploadJob(result.id)).toEqual({ status: 'done', attempts: 1 });
      const history = await consoleCall(app, session, 'GET', '/uploads?page=1&pageSize=5');
      expect(history.statusCode).toBe(200);
    },
  );

  it('refuses a workbook whose row numbers repeat, naming the row, without retrying', async () => {
    const bad = penaltyRow({ 统一社会信用代码: '' });
    const result = await uploadAndProcess({
      name: '行号重复.xlsx',
      content: handWrittenXlsx({ rows: `${rowXml(2, bad)}${rowXml(2, bad)}${rowXml(3, penaltyRow())}` }),
    });
    expect(result).toMatchObject({ status: 'failed', rowsDone: 0, accepted: 0, rejected: 0 });
    expect(result.errorMessage).toContain('行号重复或顺序错乱：第 2 行出现在第 2 行之后');
    expect(await uploadJob(result.id)).toEqual({ status: 'done', attempts: 1 });
  });

  it('reads a hand-written workbook like one Excel wrote, whatever the size of a picture it never reads', async () => {
    // 20 MB with no "<": beyond the bounds of a part that is read, counted only in the total.
    const picture = repeatedPart('xl/media/image1.png', '', 'x'.repeat(MIB), 20, '');
    const result = await uploadAndProcess({
      name: '手写.xlsx',
      content: handWrittenXlsx(
        { rows: `${rowXml(2, penaltyRow())}${rowXml(4, penaltyRow({ 失信等级: '' }))}` },
        undefined,
        [picture],
      ),
    });
    expect(result).toMatchObject({ status: 'done', totalRows: 2, accepted: 1, rejected: 1 });
  });

  it("survives the issue's 600 MB shared-strings bomb within the server's 192 MB heap", async () => {
    const path = `${dataDir}/bomb.xlsx`;
    const content = handWrittenXlsx({ rows: '' }, sharedStringsOf('<si><t>填充</t></si>', 600 * MIB));
    expect(content.length).toBeLessThan(2 * MIB);
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, content);
    const script = `${dataDir}/read-bomb.mts`;
    const reader = fileURLToPath(new URL('./ingestion.reader.ts', import.meta.url));
    await writeFile(
      script,
      `import { checkXlsxContainer, openXlsxWithHeader, UnreadableFileError } from ${JSON.stringify(reader)};
try {
  const reader = await openXlsxWithHeader(process.argv[2], await checkXlsxContainer(process.argv[2], ${content.length}));
  for await (const _rows of reader.rows);
  reader.close();
  console.log('read whole');
} catch (error) {
  if (!(error instanceof UnreadableFileError)) throw error;
  console.log(error.message);
}
`,
    );
    // As `npm start` runs the server.
    const child = spawnSync(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', script, path], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(child.status, child.stderr.slice(-2000)).toBe(0);
    expect(child.stdout).toContain('共享字符串（xl/sharedStrings.xml）解压后超过 32 MB 的上限');
  });

  it('decodes a GBK-encoded CSV and keeps the Chinese intact', async () => {
    const text = csvOf([
      header,
      penaltyRow({ 主体名称: '贵州毕节刺梨饮品有限公司', 违法事实: '标签标注“纯天然”与事实不符' }),
    ]).toString();
    const result = await uploadAndProcess({ name: 'GBK.csv', content: gbk(text) });
    expect(result).toMatchObject({ status: 'done', accepted: 1 });
    const [stored] = await recordsOfBatch(result.batchId!);
    expect(stored!.entityName).toBe('贵州毕节刺梨饮品有限公司');
    expect(stored!.payload.violationFacts).toBe('标签标注“纯天然”与事实不符');
  });

  it('fails a CSV in an encoding it cannot read, saying so', async () => {
    // UTF-16 is refused at the door (it contains NUL bytes); text in an unknown 8-bit encoding is not GB18030 text
    // with our headers.
    const utf16 = await upload({
      name: 'utf16.csv',
      content: Buffer.from(`\uFEFF${header.join('\t')}\r\n`, 'utf16le'),
    });
    expect(utf16.statusCode).toBe(400);
    expect(utf16.json().error).toMatchObject({ code: 'UPLOAD_REJECTED', message: expect.stringContaining('UTF-8') });
    const latin = Buffer.from(`${header.map((_, index) => `Spalte\xe4\xfc${index}`).join(',')}\r\n`, 'latin1');
    const result = await uploadAndProcess({ name: '编码.csv', content: latin });
    expect(result.status).toBe('failed');
    expect(result.errorMessage).toBe('文件编码无法识别，请另存为 UTF-8 编码的 CSV');
  });

  it('refuses files that are not CSV or XLSX', async () => {
    const pdf = await upload({ name: '处罚.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().error.code).toBe('UPLOAD_REJECTED');
    const fake = await upload({ name: '处罚.xlsx', content: Buffer.from('统一社会信用代码,主体名称\r\n') });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.message).toContain('不是 XLSX 工作簿');
    const binary = await upload({ name: '处罚.csv', content: await xlsxOf([header]) });
    expect(binary.statusCode).toBe(400);
    const noFile = await consoleCall(app, session, 'POST', '/uploads', { itemId: penaltyItemId });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413, naming the limit, and keeps nothing of it', async () => {
    const small = await createTestApp(database, { DATA_DIR: dataDir, UPLOAD_MAX_BYTES: '2048' });
    try {
      const before = await database.db
        .selectFrom('uploads')
        .select(sql<number>`count(*)::int`.as('count'))
        .executeTakeFirstOrThrow();
      const content = csvOf([header, ...Array.from({ length: 30 }, () => penaltyRow())]);
      expect(content.length).toBeGreaterThan(2048);
      const response = await upload({ name: '过大.csv', content }, { app: small });
      expect(response.statusCode).toBe(413);
      expect(response.json().error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('2 KB'),
      });
      const after = await database.db
        .selectFrom('uploads')
        .select(sql<number>`count(*)::int`.as('count'))
        .executeTakeFirstOrThrow();
      expect(after.count).toBe(before.count);
      expect(await readdir(`${dataDir}/files/.incoming`)).toEqual([]);
      const fits = await upload({ name: '小.csv', content: csvOf([header, penaltyRow()]) }, { app: small });
      expect(fits.statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('produces the report of a file whose 10,000 rows all fail', async () => {
    const rows = [
      header,
      ...Array.from({ length: 10_000 }, (_, index) => penaltyRow({ 统一社会信用代码: `BAD${index}` })),
    ];
    const result = await uploadAndProcess({ name: '全错.csv', content: csvOf(rows) });
    expect(result).toMatchObject({ status: 'done', accepted: 0, rejected: 10_000, hasErrorReport: true });
    const report = await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report?format=csv`);
    const lines = csvRows(report.rawPayload);
    expect(lines).toHaveLength(10_001);
    expect(lines[10_000]![0]).toBe('10001');
    const xlsx = await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report`);
    expect((await readXlsx(xlsx.rawPayload)).worksheets[0]!.actualRowCount).toBe(10_001);
  }, 120_000);

  it('stores formulas and script tags as text and neutralises them in the error report', async () => {
    const formula = '=HYPERLINK("http://x","点击")';
    const script = '<script>alert(1)</script>';
    const rows = [
      header,
      penaltyRow({ 违法事实: formula, 处罚内容: script }),
      penaltyRow({ 违法事实: '+SUM(1,2)', 处罚内容: '@cmd', 失信等级: '' }),
    ];
    const result = await uploadAndProcess({ name: '注入.csv', content: csvOf(rows) });
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    const [stored] = await recordsOfBatch(result.batchId!);
    expect(stored!.payload).toMatchObject({ violationFacts: formula, penaltyContent: script });
    for (const format of ['csv', 'xlsx'] as const) {
      const report = await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report?format=${format}`);
      const reportRows =
        format === 'csv' ? csvRows(report.rawPayload) : sheetValues((await readXlsx(report.rawPayload)).worksheets[0]!);
      // CSV: the apostrophe guard; XLSX: the text as it is, in the quote-prefix style.
      const guard = format === 'csv' ? "'" : '';
      const row = reportRows[1]!;
      expect(row[1 + header.indexOf('违法事实')]).toBe(`${guard}+SUM(1,2)`);
      expect(row[1 + header.indexOf('处罚内容')]).toBe(`${guard}@cmd`);
    }
    const injected = [header, penaltyRow({ 违法事实: formula, 统一社会信用代码: 'X' })];
    const failing = await uploadAndProcess({ name: '注入2.csv', content: csvOf(injected) });
    const report = await consoleCall(app, session, 'GET', `/uploads/${failing.id}/error-report?format=csv`);
    expect(report.rawPayload.toString()).toContain(`"'=HYPERLINK(""http://x"",""点击"")"`);
    const xlsx = (await consoleCall(app, session, 'GET', `/uploads/${failing.id}/error-report`)).rawPayload;
    expect(sheetValues((await readXlsx(xlsx)).worksheets[0]!)[1]![1 + header.indexOf('违法事实')]).toBe(formula);
    const column = String.fromCharCode(65 + 1 + header.indexOf('违法事实'));
    expect(hasQuotePrefix(xlsx, 1, `${column}2`)).toBe(true);
  });

  it('reports short rows, cells beyond the header and an unclosed quote as row errors, and skips blank rows', async () => {
    const good = csvOf([header, penaltyRow()]).toString();
    const short = penaltyRow().slice(0, 5).join(',');
    const beyond = `${csvOf([penaltyRow()]).toString().trimEnd()},多余`;
    const unclosed = `${penaltyRow().slice(0, 6).join(',')},"未闭合的引号,${penaltyRow().slice(7).join(',')}`;
    const text = `${good}\r\n${short}\r\n${beyond}\r\n${csvOf([penaltyRow()]).toString()}${unclosed}\r\n${good}`;
    const result = await uploadAndProcess({ name: '格式.csv', content: Buffer.from(text) });
    expect(result).toMatchObject({ status: 'done', accepted: 2, rejected: 3, rowsDone: 6 });
    const report = csvRows(
      (await consoleCall(app, session, 'GET', `/uploads/${result.id}/error-report?format=csv`)).rawPayload,
    );
    expect(report.slice(1).map((row) => `${row[0]} ${row.at(-1)}`)).toEqual([
      expect.stringMatching(/^4 列数不足：本行只有 5 列，表头有 17 列$/),
      expect.stringMatching(/^5 第 18 列：表头没有这一列，但本行在此有内容$/),
      expect.stringMatching(/^7 本行的引号没有闭合，自本行起至文件末尾的内容无法解析$/),
    ]);
  });

  it("answers UPLOAD_NOT_FOUND for another agency's upload and UPLOAD_NOT_FINISHED for a report while it runs", async () => {
    const response = await upload({ name: '排队.csv', content: csvOf([header, penaltyRow()]) });
    const created = response.json() as UploadCreatedDto;
    expect(created).toMatchObject({ status: 'queued', duplicate: false, progress: 0 });
    const running = await consoleCall(app, session, 'GET', `/uploads/${created.id}/error-report`);
    expect(running.statusCode).toBe(409);
    expect(running.json().error.code).toBe('UPLOAD_NOT_FINISHED');
    for (const url of [`/uploads/${created.id}`, `/uploads/${created.id}/error-report`]) {
      const other = await consoleCall(app, otherSession, 'GET', url);
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toBe('UPLOAD_NOT_FOUND');
    }
    const list = await consoleCall(app, otherSession, 'GET', '/uploads');
    expect(list.json().items.map((item: UploadDto) => item.id)).not.toContain(created.id);
    await runJobsUntilIdle(database.db, handlers);
    const own = await consoleCall(app, session, 'GET', '/uploads?pageSize=100');
    const items = own.json().items as UploadDto[];
    expect(items[0]).toMatchObject({ id: created.id, status: 'done', fileName: '排队.csv', item: { code: 'penalty' } });
    expect(items.map((item) => item.id)).toEqual([...items.map((item) => item.id)].sort((a, b) => b - a));
  });

  it('resumes a job killed midway from its checkpoint: every row stored exactly once', async () => {
    const rows = [
      header,
      ...Array.from({ length: 57 }, (_, index) => penaltyRow(index % 10 === 3 ? { 失信等级: '' } : {})),
    ];
    const response = await upload({ name: '中断.csv', content: csvOf(rows) });
    const created = response.json() as UploadCreatedDto;
    let chunks = 0;
    const crashing = ingestionJobs(
      { db: database.db, dataDir, dataKey: TEST_DATA_KEY },
      {
        chunkSize: 10,
        onChunk: () => {
          chunks += 1;
          // The second chunk's transaction dies before it commits, as under kill -9.
          if (chunks === 2) throw new Error('killed');
        },
      },
    );
    await runJobsUntilIdle(database.db, crashing);
    const interrupted = await database.db
      .selectFrom('uploads')
      .select(['status', 'rowsDone', 'accepted', 'rejected'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(interrupted).toEqual({ status: 'running', rowsDone: 10, accepted: 9, rejected: 1 });
    expect(await recordsOfBatch(created.batchId!)).toHaveLength(9);
    // The job is retried after its backoff; do not wait for it.
    await database.db
      .updateTable('jobs')
      .set({ runAfter: new Date(Date.now() - 1000) })
      .where('name', '=', PROCESS_UPLOAD_JOB)
      .where('status', '=', 'pending')
      .execute();
    await runJobsUntilIdle(
      database.db,
      ingestionJobs({ db: database.db, dataDir, dataKey: TEST_DATA_KEY }, { chunkSize: 10 }),
    );
    const finished = (await consoleCall(app, session, 'GET', `/uploads/${created.id}`)).json() as UploadDto;
    expect(finished).toMatchObject({ status: 'done', rowsDone: 57, accepted: 51, rejected: 6 });
    const stored = await recordsOfBatch(created.batchId!);
    expect(stored).toHaveLength(51);
    expect(new Set(stored.map((record) => record.creditCode)).size).toBe(51);
    const errors = await database.db
      .selectFrom('uploadErrors')
      .select('rowNumber')
      .where('uploadId', '=', created.id)
      .execute();
    expect(errors.map((error) => Number(error.rowNumber)).sort((a, b) => a - b)).toEqual([5, 15, 25, 35, 45, 55]);
    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('id', '=', created.batchId!)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ received: 57, accepted: 51, rejected: 6 });
    const job = await database.db
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('name', '=', PROCESS_UPLOAD_JOB)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'done', attempts: 2 });
  });
});

describe('uploads that never finish', () => {
  it('fails an upload whose process died during its last attempt, without running it again', async () => {
    const response = await upload({ name: '进程崩溃.csv', content: csvOf([header, penaltyRow()]) });
    const created = response.json() as UploadCreatedDto;
    // The fifth attempt was claimed, then its process died (out of memory): nothing settled it, its lease ran out.
    await database.db
      .updateTable('jobs')
      .set({ attempts: 5, lockedUntil: new Date(Date.now() - 1000) })
      .where('name', '=', PROCESS_UPLOAD_JOB)
      .where(sql`payload->>'uploadId'`, '=', String(created.id))
      .execute();
    await runJobsUntilIdle(database.db, handlers);
    const finished = (await consoleCall(app, session, 'GET', `/uploads/${created.id}`)).json() as UploadDto;
    expect(finished).toMatchObject({ status: 'failed', accepted: 0, rowsDone: 0 });
    expect(finished.errorMessage).toContain('处理过程中多次出现系统错误，已停止');
    expect(await uploadJob(created.id)).toEqual({ status: 'failed', attempts: 5 });
    expect(await recordsOfBatch(created.batchId!)).toHaveLength(0);
  });
});

describe('error messages', () => {
  it('names the first 20 columns of a 100,000-column header and stores a short message', async () => {
    const columns = Array.from({ length: 100_000 }, (_, index) => `多余列${index + 1}`);
    const result = await uploadAndProcess({ name: '十万列.csv', content: csvOf([[...header, ...columns]]) });
    expect(result.status).toBe('failed');
    expect(result.errorMessage).toContain('多出模板中没有的列 “多余列1”、“多余列2”');
    expect(result.errorMessage).toContain('“多余列20” 等 100,000 列');
    expect(result.errorMessage).not.toContain('多余列21');
    expect(result.errorMessage!.length).toBeLessThan(1000);
    const history = await consoleCall(app, session, 'GET', '/uploads?pageSize=100');
    expect(history.rawPayload.length).toBeLessThan(100_000);
  });

  it('cuts a row message quoting a long cell to 1,000 characters', async () => {
    // The message quotes the value: “重重…重”不是失信等级.
    const result = await uploadAndProcess({
      name: '超长说明.csv',
      content: csvOf([header, penaltyRow({ 失信等级: '重'.repeat(5000) })]),
    });
    expect(result).toMatchObject({ status: 'done', rejected: 1 });
    const [error] = await database.db
      .selectFrom('uploadErrors')
      .select('message')
      .where('uploadId', '=', result.id)
      .execute();
    expect(error!.message.length).toBe(1000);
    expect(error!.message.endsWith('…')).toBe(true);
  });
});

describe(`job ${SWEEP_INCOMING_JOB}`, () => {
  it('removes the partial uploads a killed process left, keeps files still arriving, and books its next run', async () => {
    const incoming = `${dataDir}/files/.incoming`;
    await mkdir(incoming, { recursive: true });
    await writeFile(`${incoming}/abandoned`, '统一社会信用代码,企业名称\n9152');
    const lastWritten = new Date(Date.now() - INCOMING_MAX_IDLE_MS - 60_000);
    await utimes(`${incoming}/abandoned`, lastWritten, lastWritten);
    await writeFile(`${incoming}/arriving`, '统一社会信用代码');
    try {
      expect(await scheduleIngestionJobs(database.db)).toBe(true);
      expect(await scheduleIngestionJobs(database.db)).toBe(false);
      expect(await runJobsUntilIdle(database.db, handlers)).toBe(1);
      expect(await readdir(incoming)).toEqual(['arriving']);
      const pending = await database.db
        .selectFrom('jobs')
        .select('runAfter')
        .where('name', '=', SWEEP_INCOMING_JOB)
        .where('status', '=', 'pending')
        .execute();
      expect(pending).toHaveLength(1);
      expect(new Date(pending[0]!.runAfter.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('04:00');
    } finally {
      await rm(`${incoming}/arriving`, { force: true });
    }
  });
});
