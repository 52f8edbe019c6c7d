import { RECORD_DATE_LABELS } from '@gzcredit/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestAgency,
  type TestSession,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import { xlsxPart } from '../../../test/xlsx';
import type { DatabaseHandle } from '../../platform/database';
import { getCurrentCatalogue } from '../catalogue';
import { loadSubmissionContext, submitRecords } from '../records';

/** 共享查询 and its downloads (Art. 22(二)), and the settings' bad input (Art. 22(四)). */

let database: DatabaseHandle;
let app: FastifyInstance;
let provider: TestAgency;
let viewer: TestAgency;
let viewerSession: TestSession;
let providerSession: TestSession;
let penaltyItemId: number;
let creditCode: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: `/tmp/gzcredit-sharing-export-${process.pid}` });
  const db = database.db;
  provider = await createAgency(db, { kind: 'market_regulation', regionCode: '520102', level: 'county' });
  viewer = await createAgency(db, { kind: 'judicial', regionCode: '520100', name: '贵阳市中级人民法院' });
  providerSession = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(provider.id), permissions: ['exchange.configure', 'record.query'] }))
      .id,
  );
  viewerSession = await openSession(
    db,
    (
      await createAccount(db, {
        agencyId: Number(viewer.id),
        permissions: ['record.query'],
        username: 'court.clerk',
        displayName: '王法官',
      })
    ).id,
  );
  creditCode = (await createEnterprise(db)).creditCode;
  const context = await loadSubmissionContext(db, TEST_DATA_KEY);
  await db.transaction().execute((trx) =>
    submitRecords(
      trx,
      { agencyId: Number(provider.id), agencyKind: 'market_regulation', accountId: null, channel: 'api' },
      context,
      [
        penaltyRecord(creditCode, { useScope: 'public' }),
        penaltyRecord(creditCode, {
          useScope: 'shared',
          withholdingGround: '商业秘密',
          fields: { violationFacts: '=HYPERLINK("http://example.com")' },
        }),
      ],
    ),
  );
  penaltyItemId = (await getCurrentCatalogue(db)).items.find((item) => item.code === 'penalty')!.id;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('shared query and export', () => {
  it('refuses an export of non-public data without a purpose, naming the field, and logs nothing', async () => {
    const response = await consoleCall(app, viewerSession, 'GET', '/shared-records/export?format=csv');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('purpose'),
    });
    expect(response.json().error.message).toContain('下载用途');
    const logged = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('channel', '=', 'download')
      .execute();
    expect(logged).toEqual([]);
    // Public data alone needs none.
    const publicOnly = await consoleCall(app, viewerSession, 'GET', '/shared-records/export?format=csv&itemCode=none');
    expect(publicOnly.statusCode).toBe(200);
  });

  it('streams an XLSX carrying who, which agency, when and its number in its properties and last row; logs and audits it', async () => {
    const response = await consoleCall(
      app,
      viewerSession,
      'GET',
      `/shared-records/export?format=xlsx&creditCode=${creditCode}&purpose=${encodeURIComponent('审判执行查询')}`,
    );
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    const exportNo = String(response.headers['x-export-number']);
    expect(exportNo).toMatch(/^GX\d{8}-\d{6}$/);
    expect(response.headers['content-disposition']).toContain(`shared-records-${exportNo}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.creator).toBe('王法官（court.clerk）');
    expect(workbook.keywords).toBe(exportNo);
    expect(workbook.subject).toBe('审判执行查询');
    expect(workbook.category).toBe('贵阳市中级人民法院');
    expect(workbook.description).toContain(`导出编号：${exportNo}`);
    const sheet = workbook.getWorksheet('共享信息')!;
    expect(sheet.rowCount).toBe(4);
    const footer = String(sheet.getRow(4).getCell(1).value);
    for (const part of [exportNo, '王法官（court.clerk）', '贵阳市中级人民法院', '审判执行查询', '共 2 条', '北京时间'])
      expect(footer).toContain(part);
    // A record's dates under the labels every view gives them, as real dates shown YYYY-MM-DD (HH:mm China time).
    expect((sheet.getRow(1).values as unknown[]).slice(9, 12)).toEqual([
      RECORD_DATE_LABELS.aroseOn,
      RECORD_DATE_LABELS.receivedAt,
      RECORD_DATE_LABELS.publicityUntil,
    ]);
    const [arose, received] = [sheet.getRow(2).getCell(9), sheet.getRow(2).getCell(10)];
    expect((arose.value as Date).toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(arose.numFmt).toBe('yyyy-mm-dd');
    expect(received.value).toBeInstanceOf(Date);
    expect(received.numFmt).toBe('yyyy-mm-dd hh:mm');
    // A formula-looking value is text (spreadsheet.ts's guard), not a formula.
    expect(xlsxPart(response.rawPayload, 'xl/worksheets/sheet1.xml')).not.toContain('<f>');
    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('channel', '=', 'download')
      .where('agencyId', '=', Number(viewer.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ received: 2, accepted: 2 });
    expect(batch.details).toMatchObject({ purpose: '审判执行查询', format: 'xlsx' });
    const audit = await database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'sharing.exported')
      .where('result', '=', 'success')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ objectType: 'exchange-batch', objectId: String(batch.id) });
    expect(audit.details).toMatchObject({ exportNo });
  });

  it('streams a CSV with the footer row', async () => {
    const response = await consoleCall(
      app,
      viewerSession,
      'GET',
      `/shared-records/export?format=csv&purpose=${encodeURIComponent('核查')}`,
    );
    expect(response.statusCode).toBe(200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('统一社会信用代码');
    // Dates as YYYY-MM-DD text, the time received as YYYY-MM-DD HH:mm in China time.
    expect(lines[1]).toMatch(/,2026-11-02,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
    expect(lines.at(-1)).toMatch(
      /^导出编号：GX\d{8}-\d{6}；导出人：王法官（court\.clerk）；单位：贵阳市中级人民法院；.*；共 2 条$/,
    );
  });

  it('sends the whole file over a real socket, not only through inject', async () => {
    // inject reads the stream itself; a browser gets it through the socket, after the audit row is written.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(
      `${address}/api/console/shared-records/export?format=xlsx&purpose=${encodeURIComponent('核查')}`,
      { headers: consoleHeaders(viewerSession), signal: AbortSignal.timeout(10_000) },
    );
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.getWorksheet('共享信息')!.rowCount).toBe(4);
  });

  it('pages the query newest first and filters it', async () => {
    const first = await consoleCall(app, viewerSession, 'GET', '/shared-records?pageSize=1');
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(1);
    const next = first.json().next as number;
    const second = await consoleCall(app, viewerSession, 'GET', `/shared-records?pageSize=1&before=${next}`);
    expect(second.json().items[0].id).toBeLessThan(next);
    expect(second.json().next).toBeNull();
    const severe = await consoleCall(app, viewerSession, 'GET', '/shared-records?level=severe');
    expect(severe.json().items).toEqual([]);
    const bad = await consoleCall(app, viewerSession, 'GET', '/shared-records?regionCode=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('地区');
  });
});

describe('exchange settings input', () => {
  it('refuses a wrong audience value, an unknown field and another kind’s item, naming them', async () => {
    const put = (itemId: number, body: object) =>
      consoleCall(app, providerSession, 'PUT', `/exchange-settings/${itemId}`, body);
    const badKind = await put(penaltyItemId, {
      sharedRestricted: true,
      shared: [{ audience: 'kind', value: 'court' }],
      authorised: [],
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toContain('shared[0]：“court”不是机关类别');
    const badField = await put(penaltyItemId, {
      sharedRestricted: false,
      shared: [],
      authorised: [{ audience: 'agency', value: String(viewer.id), fields: ['nope'] }],
    });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.message).toContain('没有以下数据项：nope');
    const badAgency = await put(penaltyItemId, {
      sharedRestricted: false,
      shared: [],
      authorised: [{ audience: 'agency', value: '999999' }],
    });
    expect(badAgency.json().error.message).toContain('机关编号“999999”不存在');
    const catalogue = await getCurrentCatalogue(database.db);
    const courtsItem = catalogue.items.find((item) => item.code === 'judgment_defaulter')!;
    const notProvided = await put(courtsItem.id, { sharedRestricted: false, shared: [], authorised: [] });
    expect(notProvided.statusCode).toBe(404);
    // Nothing half-stored.
    expect(await database.db.selectFrom('exchangeGrants').selectAll().execute()).toEqual([]);
  });

  it('stores a setting, shows it back with the floor, and audits it', async () => {
    const saved = await consoleCall(app, providerSession, 'PUT', `/exchange-settings/${penaltyItemId}`, {
      sharedRestricted: true,
      shared: [{ audience: 'region', value: '5203', fields: ['decisionNumber', 'violationType'] }],
      authorised: [{ audience: 'kind', value: 'judicial' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const list = await consoleCall(app, providerSession, 'GET', '/exchange-settings');
    const item = list.json().items.find((each: { itemCode: string }) => each.itemCode === 'penalty');
    expect(item).toMatchObject({
      sharedRestricted: true,
      configured: true,
      shared: [{ audience: 'region', value: '5203', fields: ['decisionNumber', 'violationType'] }],
      authorised: [{ audience: 'kind', value: 'judicial', fields: null }],
    });
    expect(list.json().agencies.length).toBeGreaterThanOrEqual(2);
    const audit = await database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'sharing.configured')
      .where('result', '=', 'success')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ objectType: 'catalogue-item', objectId: String(penaltyItemId) });
    expect(audit.details).toMatchObject({ itemCode: 'penalty', sharedRestricted: true });
    // The court no longer sees the shared record (not in 5203) but would see authorised ones.
    const seen = await consoleCall(app, viewerSession, 'GET', '/shared-records');
    expect(seen.json().items.map((record: { useScope: string }) => record.useScope)).toEqual(['public']);
  });
});
