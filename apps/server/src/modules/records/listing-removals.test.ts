import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { EnterpriseProfileDto, RecordDetailDto, RecordDto, UploadDto } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { exchangePost } from '../../../test/exchange';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
} from '../../../test/factories';
import { extractPdfText } from '../../../test/pdf';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { type JobHandlers, runJobsUntilIdle } from '../../platform/jobs';
import { ingestionJobs } from '../ingestion';
import { expireEndedPublicity } from '../publicity';

/**
 * 经营异常名录 and 严重违法失信名单 last until their removal (移出), not for a window of months (SPEC §3, issue 15 item 5):
 * through the console, the exchange API and the upload, each removal with its date, reason and deciding authority, shown
 * in the profile's and the report's history as gsxt shows it.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
let handlers: JobHandlers;
let client: { keyId: string; secret: string };
const today = chinaToday();
/** Listed two years ago: the old 一般失信 window (12 months) would have ended long since. */
const listedOn = addMonths(today, -24);
const DATA_DIR = `/tmp/gzcredit-listing-removals-${process.pid}`;

let decisions = 0;
function listing(creditCode: string, itemCode = 'abnormal_list', decisionNumber?: string) {
  decisions += 1;
  return {
    itemCode,
    creditCode,
    entityName: '贵州名单测试有限公司',
    dishonestyLevel: itemCode === 'abnormal_list' ? '一般失信' : '严重失信',
    fields: {
      reason: itemCode === 'abnormal_list' ? '未按照规定报送年度报告' : '被列入经营异常名录届满3年仍未履行相关义务',
      decisionNumber: decisionNumber ?? `黔市监异〔2024〕${decisions}号`,
      listedOn,
      authority: '贵州省市场监督管理局',
    },
  };
}

async function listEntity(itemCode = 'abnormal_list'): Promise<{ creditCode: string; record: RecordDto }> {
  const { creditCode } = await createEnterprise(database.db, { name: '贵州名单测试有限公司' });
  const response = await consoleCall(app, clerk, 'POST', '/records', { record: listing(creditCode, itemCode) });
  expect(response.statusCode, response.body).toBe(200);
  return { creditCode, record: response.json() };
}

async function profile(creditCode: string): Promise<EnterpriseProfileDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const section = (shown: EnterpriseProfileDto, key: string) => shown.sections.find((part) => part.key === key)!.records;

const REMOVAL = { reason: '已补报年度报告并公示', authority: '贵州省市场监督管理局' };

function remove(id: number, body: object) {
  return consoleCall(app, clerk, 'POST', `/records/${id}/removal`, body);
}

async function removalRows(recordId: number) {
  return database.db.selectFrom('listingRemovals').selectAll().where('recordId', '=', recordId).execute();
}

async function recordStatus(recordId: number) {
  const row = await database.db.selectFrom('records').select('status').where('id', '=', recordId).executeTakeFirst();
  return row?.status;
}

function signedPush(url: string, payload: object, idempotencyKey?: string) {
  return exchangePost(app, client, url, payload, idempotencyKey);
}

function uploadCsv(itemId: number, content: string, kind?: string) {
  const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(
      `${field('itemId', String(itemId))}${kind ? field('kind', kind) : ''}` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="移出.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(`\uFEFF${content}`),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/api/console/uploads',
    headers: { ...consoleHeaders(clerk), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function currentItemId(code: string): Promise<number> {
  const response = await consoleCall(app, clerk, 'GET', '/catalogue');
  return response.json().items.find((item: { code: string }) => item.code === code).id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', DATA_DIR });
  const bureau = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const account = await createAccount(database.db, {
    agencyId: Number(bureau.id),
    permissions: ['record.submit', 'record.correct', 'exchange.configure'],
    displayName: '李名录',
  });
  clerk = await openSession(database.db, account.id);
  const created = await consoleCall(app, clerk, 'POST', '/api-clients', { name: '市场监管业务系统' });
  expect(created.statusCode, created.body).toBe(200);
  client = { keyId: created.json().client.keyId, secret: created.json().secret };
  handlers = ingestionJobs({ db: database.db, dataDir: DATA_DIR, dataKey: TEST_DATA_KEY });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(DATA_DIR, { recursive: true, force: true });
});

describe('a listing lasts until its removal', () => {
  it('stays public and marks the entity 经营异常 years after it was listed, whatever the expiry job does', async () => {
    const { creditCode, record } = await listEntity();
    expect(record.publicityUntil).toBeNull();
    expect(record.item.listing).toBe(true);
    await expireEndedPublicity(database.db, today);
    expect(await recordStatus(record.id)).toBe('active');
    const shown = await profile(creditCode);
    expect(section(shown, 'abnormal').map((entry) => entry.id)).toEqual([record.id]);
    expect(shown.badges).toContain('abnormal');
  });

  it('keeps a 严重违法失信名单 listing under its own section with no end date', async () => {
    const { creditCode, record } = await listEntity('serious_illegal_list');
    expect(record.publicityUntil).toBeNull();
    await expireEndedPublicity(database.db, today);
    expect(section(await profile(creditCode), 'serious_illegal').map((entry) => entry.id)).toEqual([record.id]);
  });
});

describe('POST /api/console/records/:id/removal', () => {
  it('moves the listing from the current part to the history with 移出日期、原因、机关, in the profile and the report', async () => {
    const { creditCode, record } = await listEntity();
    const removedOn = addMonths(today, -1);
    const response = await remove(record.id, { removedOn, ...REMOVAL });
    expect(response.statusCode, response.body).toBe(200);
    const removed: RecordDto = response.json();
    expect(removed).toMatchObject({ status: 'removed', removal: { removedOn, ...REMOVAL } });

    const shown = await profile(creditCode);
    expect(section(shown, 'abnormal')).toEqual([]);
    expect(shown.badges).not.toContain('abnormal');
    const history = section(shown, 'removed_listings');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id: record.id, itemCode: 'abnormal_list', removal: { removedOn, ...REMOVAL } });
    expect(history[0]!.fields).toContainEqual({ label: '列入日期', value: listedOn });

    const pdf = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}/report.pdf` });
    expect(pdf.statusCode).toBe(200);
    const text = (await extractPdfText(pdf.rawPayload)).join('');
    expect(text).toContain('已移出的名单记录');
    expect(text).toMatch(new RegExp(`移出日期\\s*${removedOn}.*移出原因\\s*${REMOVAL.reason}\\s*作出移出决定机关`));

    const detail: RecordDetailDto = (await consoleCall(app, clerk, 'GET', `/records/${record.id}`)).json();
    expect(detail.events.map((event) => [event.kind, event.reason])).toEqual([['removed', REMOVAL.reason]]);
    const log = (await consoleCall(app, clerk, 'GET', '/exchange-log?channel=removal')).json();
    expect(log.items[0]).toMatchObject({ channel: 'removal', accepted: 1 });
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result', 'objectId'])
      .where('action', '=', 'record.removed')
      .execute();
    expect(audit).toContainEqual({ action: 'record.removed', result: 'success', objectId: String(record.id) });
  });

  it('refuses a removal dated before the listing, in Chinese, and stores nothing', async () => {
    const { record } = await listEntity();
    const response = await remove(record.id, { removedOn: addMonths(listedOn, -1), ...REMOVAL });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('LISTING_REMOVAL_INVALID');
    expect(error.message).toContain(`移出日期${addMonths(listedOn, -1)} 早于列入日期 ${listedOn}`);
    expect(error.details.errors[0]).toMatchObject({ field: 'removedOn', label: '移出日期' });
    expect(await recordStatus(record.id)).toBe('active');
    expect(await removalRows(record.id)).toEqual([]);
  });

  it('refuses an empty reason, an empty authority and a date after today, each named', async () => {
    const { record } = await listEntity();
    const response = await remove(record.id, { removedOn: addMonths(today, 1), reason: ' ', authority: '' });
    expect(response.statusCode).toBe(400);
    const labels = response.json().error.details.errors.map((error: { label: string }) => error.label);
    expect(labels).toEqual(['移出日期', '移出原因', '作出移出决定机关']);
    expect(await removalRows(record.id)).toEqual([]);
  });

  it('refuses to remove a record that is not a listing, and a listing already removed', async () => {
    const { creditCode } = await createEnterprise(database.db);
    const penalty = await consoleCall(app, clerk, 'POST', '/records', { record: penaltyRecord(creditCode) });
    const notListing = await remove(penalty.json().id, { removedOn: today, ...REMOVAL });
    expect(notListing.statusCode).toBe(404);
    expect(notListing.json().error).toMatchObject({ code: 'LISTING_NOT_FOUND' });
    expect(notListing.json().error.message).toContain('不是名单信息');

    const { record } = await listEntity();
    expect((await remove(record.id, { removedOn: today, ...REMOVAL })).statusCode).toBe(200);
    const again = await remove(record.id, { removedOn: today, ...REMOVAL });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(`该名单记录已于 ${today} 移出，不能重复移出`);
    expect(await removalRows(record.id)).toHaveLength(1);
  });

  it('leaves revocation for a listing sent in error: it leaves every view, history included', async () => {
    const { creditCode, record } = await listEntity();
    const revoked = await consoleCall(app, clerk, 'POST', `/records/${record.id}/revocation`, { reason: '误报' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const shown = await profile(creditCode);
    expect([...section(shown, 'abnormal'), ...section(shown, 'removed_listings')]).toEqual([]);
  });
});

describe('POST /api/exchange/v1/removals', () => {
  it('removes the listing named by item, credit code and 列入决定书文号, once per Idempotency-Key', async () => {
    const creditCode = (await createEnterprise(database.db)).creditCode;
    const pushed = await signedPush('/api/exchange/v1/records', {
      records: [listing(creditCode, 'abnormal_list', '黔市监异〔2024〕900号')],
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const recordId = pushed.json().results[0].recordId as number;
    const body = {
      removals: [
        {
          itemCode: 'abnormal_list',
          creditCode,
          decisionNumber: '黔市监异〔2024〕900号',
          removedOn: today,
          ...REMOVAL,
        },
        {
          itemCode: 'abnormal_list',
          creditCode,
          decisionNumber: '黔市监异〔2024〕999号',
          removedOn: today,
          ...REMOVAL,
        },
        { itemCode: 'penalty', creditCode, decisionNumber: '黔市监异〔2024〕900号', removedOn: today, ...REMOVAL },
      ],
    };
    const response = await signedPush('/api/exchange/v1/removals', body, 'removals-1');
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ accepted: 1, rejected: 2 });
    expect(result.results[0]).toMatchObject({ index: 0, status: 'accepted', recordId });
    // A listing that does not exist: named in Chinese, nothing stored for it.
    expect(result.results[1].errors[0]).toMatchObject({ field: 'decisionNumber', label: '列入决定书文号' });
    expect(result.results[1].errors[0].message).toContain('没有统一社会信用代码为');
    expect(result.results[2].status).toBe('rejected');
    expect(await recordStatus(recordId)).toBe('removed');
    expect(section(await profile(creditCode), 'removed_listings')[0]!.removal).toMatchObject({ removedOn: today });

    const replay = await signedPush('/api/exchange/v1/removals', body, 'removals-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(result);
    expect(await removalRows(recordId)).toHaveLength(1);
  });
});

describe('removal uploads (kind=removals)', () => {
  it('offers the 移出模板 of a listing item only, and imports its rows, each error named in the error report', async () => {
    const itemId = await currentItemId('abnormal_list');
    const template = await consoleCall(
      app,
      clerk,
      'GET',
      `/catalogue/items/${itemId}/template?format=csv&kind=removals`,
    );
    expect(template.statusCode).toBe(200);
    const header = template.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    expect(header).toBe('统一社会信用代码,主体名称,列入决定书文号,移出日期,移出原因,作出移出决定机关');
    expect(template.headers['content-disposition']).toContain(encodeURIComponent('经营异常名录信息-移出模板.csv'));
    const penaltyTemplate = await consoleCall(
      app,
      clerk,
      'GET',
      `/catalogue/items/${await currentItemId('penalty')}/template?format=csv&kind=removals`,
    );
    expect(penaltyTemplate.statusCode).toBe(400);
    expect(penaltyTemplate.json().error.message).toContain('不是名单信息项');

    const first = await listEntity();
    const second = await listEntity();
    const decisionOf = (record: RecordDto) => record.payload.decisionNumber;
    const rows = [
      header,
      `${first.creditCode},贵州名单测试有限公司,${decisionOf(first.record)},${today},${REMOVAL.reason},${REMOVAL.authority}`,
      `${second.creditCode},贵州名单测试有限公司,${decisionOf(second.record)},${addMonths(listedOn, -2)},${REMOVAL.reason},${REMOVAL.authority}`,
    ];
    const response = await uploadCsv(itemId, rows.join('\r\n'), 'removals');
    expect(response.statusCode, response.body).toBe(200);
    await runJobsUntilIdle(database.db, handlers);
    const finished: UploadDto = (await consoleCall(app, clerk, 'GET', `/uploads/${response.json().id}`)).json();
    expect(finished).toMatchObject({ kind: 'removals', status: 'done', accepted: 1, rejected: 1 });
    expect(await recordStatus(first.record.id)).toBe('removed');
    expect(await recordStatus(second.record.id)).toBe('active');
    expect(await removalRows(second.record.id)).toEqual([]);
    const report = await consoleCall(app, clerk, 'GET', `/uploads/${finished.id}/error-report?format=csv`);
    expect(report.body).toContain(`移出日期：${addMonths(listedOn, -2)} 早于列入日期 ${listedOn}`);
    expect(section(await profile(first.creditCode), 'removed_listings')).toHaveLength(1);
  });
});
