import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { UploadCreatedDto, UploadDto } from '@gzcredit/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../test/app';
import { consoleCall, uploadFile } from '../test/console';
import { createTestDatabase } from '../test/database';
import { exchangeGet, exchangePost } from '../test/exchange';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../test/factories';
import { penaltyRecord, type RecordOverrides } from '../test/records';
import { hasQuotePrefix } from '../test/xlsx';
import { ingestionJobs } from './modules/ingestion';
import type { DatabaseHandle } from './platform/database';
import { type JobHandlers, runJobsUntilIdle } from './platform/jobs';

/**
 * Issue 17, items 6 and 7. Inputs as strict as docs/exchange-api.md and the templates say (dates YYYY-MM-DD, amounts
 * as plain numbers, use scopes by code, credit codes in upper case), refused per record with the same Chinese message
 * through the exchange push, CSV and XLSX uploads and the console form; and spreadsheets that round-trip: the formula
 * guard is no part of the data, templates carry drop-down lists and print setup, downloads name an ASCII fallback.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let session: TestSession;
let client: { keyId: string; secret: string };
let handlers: JobHandlers;
let penaltyItemId: number;
let header: string[];
const dataDir = `/tmp/gzcredit-record-inputs-${process.pid}-${Date.now()}`;

const PUSH_URL = '/api/exchange/v1/records';

/** One value refused: where it goes (API path and column), and words of the format the message must name. */
interface Refusal {
  field: string;
  label: string;
  value: string;
  format: string;
}

const lowerCaseCode = () => uniqueCreditCode().toLowerCase();
const REFUSALS: Refusal[] = [
  { field: 'fields.decisionDate', label: '处罚决定日期', value: '2026/11/20', format: '应为 YYYY-MM-DD' },
  { field: 'fields.decisionDate', label: '处罚决定日期', value: '20261120', format: '应为 YYYY-MM-DD' },
  { field: 'fields.decisionDate', label: '处罚决定日期', value: '2026-02-30', format: '应为 YYYY-MM-DD' },
  { field: 'fields.fineAmount', label: '罚款金额（万元）', value: '1,000.50', format: '应为不小于 0 的数字' },
  { field: 'fields.fineAmount', label: '罚款金额（万元）', value: '¥100', format: '应为不小于 0 的数字' },
  { field: 'useScope', label: '使用范围', value: '公示', format: 'public（公示）' },
  { field: 'creditCode', label: '统一社会信用代码', value: lowerCaseCode(), format: '大写英文字母' },
];

/** The record of the exchange API and the form carrying the refused value. */
function recordWith(refusal: Refusal) {
  const overrides: RecordOverrides = refusal.field.startsWith('fields.')
    ? { fields: { [refusal.field.slice('fields.'.length)]: refusal.value } }
    : { [refusal.field]: refusal.value };
  return penaltyRecord(refusal.field === 'creditCode' ? refusal.value : uniqueCreditCode(), overrides);
}

/** A message as a clerk reads it (`列名：说明`), free of what messages used to leak. */
function expectReadable(text: string) {
  expect(text).not.toMatch(/NaN|undefined|null/);
  // A word said twice in a row: "limit limit", "统一社会信用代码：统一社会信用代码应为…".
  expect(text).not.toMatch(/([\p{L}\p{N}]{2,})[\s：:]+\1/u);
}

/** The one error of a refused record: the field, its Chinese label, and a message naming the value and the format. */
function expectRefused(errors: Array<{ field: string; label: string; message: string }> | undefined, refusal: Refusal) {
  expect(errors).toEqual([{ field: refusal.field, label: refusal.label, message: expect.any(String) }]);
  const [error] = errors!;
  expect(error!.message).toContain(`“${refusal.value}”`);
  expect(error!.message).toContain(refusal.format);
  expectReadable(`${error!.label}：${error!.message}`);
  return error!.message;
}

/** A penalty-template row by column name. */
function penaltyRow(values: Record<string, string | number | Date> = {}): Array<string | number | Date> {
  const defaults: Record<string, string> = {
    统一社会信用代码: uniqueCreditCode(),
    主体名称: '贵州黔南茶业有限公司',
    失信等级: '一般失信',
    行政处罚决定书文号: `筑南市监罚〔2026〕${randomBytes(4).toString('hex')}号`,
    违法行为类型: '虚假宣传',
    违法事实: '在门店宣传中使用“国家级”等用语',
    处罚依据: '《中华人民共和国广告法》第五十七条',
    处罚类别: '罚款',
    处罚内容: '罚款人民币二万元',
    '罚款金额（万元）': '2',
    处罚决定日期: '2026-11-02',
    处罚机关: '贵阳市南明区市场监督管理局',
  };
  const row: Record<string, string | number | Date> = { ...defaults, ...values };
  return header.map((name) => row[name] ?? '');
}

function csvOf(rows: Array<Array<string | number | Date>>): Buffer {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return Buffer.from(`${rows.map((row) => row.map((cell) => quote(String(cell))).join(',')).join('\r\n')}\r\n`);
}

async function xlsxOf(rows: Array<Array<string | number | Date>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('数据');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

/** RFC 4180 rows of a CSV the platform wrote (no line breaks inside fields here). */
function csvRows(content: Buffer): string[][] {
  return content
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
        .slice(0, -1)
        .map(([, cell]) => (cell!.startsWith('"') ? cell!.slice(1, -1).replaceAll('""', '"') : cell!)),
    );
}

/** Uploads a records file of the penalty item, runs its job and answers the finished upload. */
async function uploadAndProcess(name: string, content: Buffer): Promise<UploadDto> {
  const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/console/uploads',
    headers: { ...consoleHeaders(session), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="itemId"\r\n\r\n${penaltyItemId}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(response.statusCode, response.body).toBe(200);
  await runJobsUntilIdle(database.db, handlers);
  return (await consoleCall(app, session, 'GET', `/uploads/${(response.json() as UploadCreatedDto).id}`)).json();
}

async function storedPayloads(batchId: number) {
  const rows = await database.db
    .selectFrom('records')
    .select(['payload', 'creditCode'])
    .where('batchId', '=', batchId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.payload as Record<string, string>);
}

async function errorReport(uploadId: number, format: 'csv' | 'xlsx') {
  const response = await consoleCall(app, session, 'GET', `/uploads/${uploadId}/error-report?format=${format}`);
  expect(response.statusCode).toBe(200);
  return response;
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
  const account = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['record.submit', 'exchange.configure'],
  });
  session = await openSession(database.db, account.id);
  const created = await consoleCall(app, session, 'POST', '/api-clients', { name: '南明区行政处罚系统' });
  client = { keyId: created.json().client.keyId, secret: created.json().secret };
  handlers = ingestionJobs({ db: database.db, dataDir, dataKey: TEST_DATA_KEY });
  const item = await database.db
    .selectFrom('catalogueItems')
    .select('id')
    .where('code', '=', 'penalty')
    .executeTakeFirstOrThrow();
  penaltyItemId = Number(item.id);
  const template = await consoleCall(app, session, 'GET', `/catalogue/items/${penaltyItemId}/template?format=csv`);
  header = csvRows(template.rawPayload)[0]!;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('inputs as strict as the docs say, through every channel (issue 17, item 6)', () => {
  /** The message of each refusal as the exchange API gave it: every other channel must say the same. */
  const messages = new Map<Refusal, string>();

  it('refuses each value per record through the exchange push, and accepts the valid record beside them', async () => {
    const response = await exchangePost(app, client, PUSH_URL, {
      records: [...REFUSALS.map(recordWith), penaltyRecord(uniqueCreditCode(), { useScope: 'public' })],
    });
    expect(response.statusCode, response.body).toBe(200);
    const { results, accepted, rejected } = response.json();
    expect({ accepted, rejected }).toEqual({ accepted: 1, rejected: REFUSALS.length });
    REFUSALS.forEach((refusal, index) => {
      expect(results[index].status).toBe('rejected');
      messages.set(refusal, expectRefused(results[index].errors, refusal));
    });
    expect(results[REFUSALS.length]).toMatchObject({ status: 'accepted' });
  });

  it('refuses each value through the console form with the same message, and stores a valid record', async () => {
    for (const refusal of REFUSALS) {
      const response = await consoleCall(app, session, 'POST', '/records', { record: recordWith(refusal) });
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('RECORD_INVALID');
      expect(expectRefused(error.details.errors, refusal)).toBe(messages.get(refusal));
      expectReadable(error.message);
    }
    const valid = await consoleCall(app, session, 'POST', '/records', {
      record: penaltyRecord(uniqueCreditCode(), { useScope: 'internal', withholdingGround: '商业秘密' }),
    });
    expect(valid.statusCode, valid.body).toBe(200);
  });

  const uploadedRows = () => [
    header,
    ...REFUSALS.map((refusal) => penaltyRow({ [refusal.label]: refusal.value })),
    penaltyRow({ 使用范围: 'public', '罚款金额（万元）': '1000.5', 处罚决定日期: '2026-11-20' }),
  ];

  it.each(['csv', 'xlsx'] as const)(
    'refuses each text through a %s upload with 错误说明 naming the column and the format',
    async (format) => {
      const rows = uploadedRows();
      const content = format === 'csv' ? csvOf(rows) : await xlsxOf(rows);
      const result = await uploadAndProcess(`严格.${format}`, content);
      expect(result).toMatchObject({ status: 'done', accepted: 1, rejected: REFUSALS.length });
      expect(await storedPayloads(result.batchId!)).toEqual([
        expect.objectContaining({ fineAmount: '1000.5', decisionDate: '2026-11-20' }),
      ]);
      const report = csvRows((await errorReport(result.id, 'csv')).rawPayload).slice(1);
      expect(report.map((row) => row.at(-1))).toEqual(
        REFUSALS.map((refusal) => `${refusal.label}：${messages.get(refusal)}`),
      );
    },
  );

  it('accepts what Excel stores for a typed date and amount: a date cell (China wall-clock time) and a number cell', async () => {
    const rows = [
      header,
      // 18:30 on 20 November: the date typed, not the next day (UTC+8 added to it would cross midnight).
      penaltyRow({ 处罚决定日期: new Date(Date.UTC(2026, 10, 20, 18, 30)), '罚款金额（万元）': 1000.5 }),
      penaltyRow({ 处罚决定日期: new Date(Date.UTC(2026, 9, 9)), '罚款金额（万元）': 0.1 + 0.2 }),
      // A number typed into a date cell is not a date: refused like the text 20261120.
      penaltyRow({ 处罚决定日期: 20261120 }),
    ];
    const result = await uploadAndProcess('单元格.xlsx', await xlsxOf(rows));
    expect(result).toMatchObject({ status: 'done', accepted: 2, rejected: 1 });
    expect(await storedPayloads(result.batchId!)).toEqual([
      expect.objectContaining({ decisionDate: '2026-11-20', fineAmount: '1000.5' }),
      expect.objectContaining({ decisionDate: '2026-10-09', fineAmount: '0.3' }),
    ]);
    const report = csvRows((await errorReport(result.id, 'csv')).rawPayload);
    expect(report[1]!.at(-1)).toBe('处罚决定日期：应为 YYYY-MM-DD 格式：“20261120”应写作 2026-11-20');
  });

  it('names a query parameter once and never quotes NaN', async () => {
    for (const [query, message] of [
      ['?limit=abc', '查询参数有误：limit 应为数字'],
      ['?limit=0', '查询参数有误：limit 至少为 1'],
    ]) {
      const response = await exchangeGet(app, client, `${PUSH_URL}${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toBe(message);
    }
    const page = await consoleCall(app, session, 'GET', '/records?page=x');
    expect(page.statusCode).toBe(400);
    expect(page.json().error.message).toBe('查询参数有误：page 应为数字');
  });
});

describe('spreadsheets that round-trip (issue 17, item 7)', () => {
  it('gives an XLSX template with drop-down lists for the dictionary columns and A4 landscape print setup', async () => {
    const response = await consoleCall(app, session, 'GET', `/catalogue/items/${penaltyItemId}/template?format=xlsx`);
    const workbook = await readXlsx(response.rawPayload);
    const data = workbook.getWorksheet('数据')!;
    const validations = (data as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    const lists = workbook.getWorksheet('可选值')!;
    expect(lists.state).toBe('hidden');
    const choicesOf = (label: string) => {
      const validation = validations[`${String.fromCharCode(65 + header.indexOf(label))}2`];
      expect(validation).toMatchObject({ type: 'list', showErrorMessage: true });
      const [, column, first, last] = /^'可选值'!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/.exec(validation!.formulae[0])!;
      return Array.from({ length: Number(last) - Number(first) + 1 }, (_, index) =>
        String(lists.getCell(`${column}${Number(first) + index}`).value),
      );
    };
    expect(choicesOf('失信等级')).toEqual(['一般失信', '较重失信', '严重失信']);
    expect(choicesOf('使用范围')).toEqual(['public', 'shared', 'authorised', 'internal']);
    expect(choicesOf('处罚类别')).toEqual(expect.arrayContaining(['警告', '罚款']));
    expect(validations[`${String.fromCharCode(65 + header.indexOf('违法事实'))}2`]).toBeUndefined();
    for (const name of ['数据', '填写说明'])
      expect(workbook.getWorksheet(name)!.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
      });
  });

  it('stores what was typed from a corrected CSV error report, whose guarded cells start with an apostrophe', async () => {
    const typed = { 违法事实: '=SUM(1)', 处罚内容: '-罚款人民币二万元', 违法行为类型: '@虚假宣传' };
    const failing = await uploadAndProcess(
      '公式.csv',
      csvOf([header, penaltyRow({ ...typed, 统一社会信用代码: 'X' })]),
    );
    expect(failing).toMatchObject({ accepted: 0, rejected: 1 });
    const report = (await errorReport(failing.id, 'csv')).rawPayload.toString('utf8');
    expect(report).toContain(",'=SUM(1),");
    expect(report).toContain(",'-罚款人民币二万元,");
    const corrected = report.replace(/(\r\n\d+,)X,/, `$1${uniqueCreditCode()},`);
    const result = await uploadAndProcess('公式-已更正.csv', Buffer.from(corrected));
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await storedPayloads(result.batchId!)).toEqual([
      expect.objectContaining({
        violationFacts: '=SUM(1)',
        penaltyContent: '-罚款人民币二万元',
        violationType: '@虚假宣传',
      }),
    ]);
  });

  it('writes an XLSX error report whose guarded cells keep the text in the quote-prefix style, and takes it back', async () => {
    const failing = await uploadAndProcess(
      '公式2.csv',
      csvOf([header, penaltyRow({ 违法事实: '+SUM(1,2)', 统一社会信用代码: 'X' })]),
    );
    const content = (await errorReport(failing.id, 'xlsx')).rawPayload;
    const workbook = await readXlsx(content);
    const sheet = workbook.worksheets[0]!;
    const facts = sheet.getCell(2, 2 + header.indexOf('违法事实'));
    expect(facts.value).toBe('+SUM(1,2)');
    expect(hasQuotePrefix(content, 1, facts.address)).toBe(true);
    expect(hasQuotePrefix(content, 1, sheet.getCell(2, 2 + header.indexOf('主体名称')).address)).toBe(false);
    sheet.getCell(2, 2 + header.indexOf('统一社会信用代码')).value = uniqueCreditCode();
    const result = await uploadAndProcess('公式2-已更正.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await storedPayloads(result.batchId!)).toEqual([expect.objectContaining({ violationFacts: '+SUM(1,2)' })]);
  });

  it('sends every download with an ASCII filename beside filename*', async () => {
    const rfc8187 = /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$/;
    const dispositions: Array<[string, string]> = [];
    for (const format of ['xlsx', 'csv'])
      dispositions.push([
        (await consoleCall(app, session, 'GET', `/catalogue/items/${penaltyItemId}/template?format=${format}`)).headers[
          'content-disposition'
        ] as string,
        `attachment; filename="penalty-template.${format}"; filename*=UTF-8''${encodeURIComponent(`行政处罚信息-导入模板.${format}`)}`,
      ]);
    const failing = await uploadAndProcess('报告.csv', csvOf([header, penaltyRow({ 统一社会信用代码: 'X' })]));
    dispositions.push([
      (await errorReport(failing.id, 'csv')).headers['content-disposition'] as string,
      `attachment; filename="penalty-error-report-${failing.id}.csv"; filename*=UTF-8''${encodeURIComponent(`行政处罚信息-错误报告-${failing.id}.csv`)}`,
    ]);
    const name = "处罚决定书 (1)'s.pdf";
    const stored = await uploadFile(app, session, {
      name,
      content: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'),
      mediaType: 'application/pdf',
      purpose: 'attachment',
    });
    expect(stored.statusCode, stored.body).toBe(200);
    const file = await consoleCall(app, session, 'GET', `/files/${stored.json().id}`);
    dispositions.push([
      file.headers['content-disposition'] as string,
      `attachment; filename="1_s.pdf"; filename*=UTF-8''%E5%A4%84%E7%BD%9A%E5%86%B3%E5%AE%9A%E4%B9%A6%20%281%29%27s.pdf`,
    ]);
    for (const [actual, expected] of dispositions) {
      expect(actual).toBe(expected);
      expect(decodeURIComponent(rfc8187.exec(actual)![1]!)).toMatch(/\.(xlsx|csv|pdf)$/);
    }
    expect(decodeURIComponent(rfc8187.exec(dispositions.at(-1)![0])![1]!)).toBe(name);
  });
});
