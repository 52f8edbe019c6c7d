import type { ExchangeSettingDto, ExchangeSettingsDto, RecordDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, createEnterprise, openSession, type TestSession } from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';

/*
 * 交换底线 (Rules Art. 22(四)): the bureau's floor wins over a provider's narrower settings when records are read, and
 * the provider's settings page is told, in Chinese, which of its narrowings the floor overrides.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let provider: TestSession;
let operator: TestSession;
let reader: TestSession;
let courtId: number;
const ids: { severe?: number; general?: number } = {};

async function submit(dishonestyLevel: string): Promise<number> {
  const { creditCode } = await createEnterprise(database.db);
  const response = await consoleCall(app, provider, 'POST', '/records', {
    record: penaltyRecord(creditCode, { useScope: 'shared', dishonestyLevel, withholdingGround: '商业秘密' }),
  });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as RecordDto).id;
}

async function penaltySetting(): Promise<ExchangeSettingDto> {
  const response = await consoleCall(app, provider, 'GET', '/exchange-settings');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as ExchangeSettingsDto).items.find((item) => item.itemCode === 'penalty')!;
}

async function sharedRecordIds(): Promise<number[]> {
  const response = await consoleCall(app, reader, 'GET', '/shared-records?pageSize=100');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as RecordDto[]).map((record) => record.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const { db } = database;
  const market = await createAgency(db, { kind: 'market_regulation', regionCode: '520102', level: 'county' });
  const bureau = await createAgency(db, { kind: 'market_regulation', regionCode: '520000', level: 'province' });
  courtId = Number((await createAgency(db, { kind: 'judicial', regionCode: '520100', name: '贵阳市中级人民法院' })).id);
  const zunyi = await createAgency(db, { kind: 'administrative', regionCode: '520300', name: '遵义市某局' });
  provider = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(market.id), permissions: ['record.submit', 'exchange.configure'] })).id,
  );
  operator = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(bureau.id), permissions: ['platform.operator'] })).id,
  );
  reader = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(zunyi.id), permissions: ['record.query'] })).id,
  );
  ids.severe = await submit('严重失信');
  ids.general = await submit('一般失信');
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the exchange floor', () => {
  it('wins at read time over a narrower setting, and the settings say which narrowing it overrides', async () => {
    const { itemId } = await penaltySetting();
    // The provider keeps its shared penalties to the court, with one field, and authorises nobody.
    const narrowed = await consoleCall(app, provider, 'PUT', `/exchange-settings/${itemId}`, {
      sharedRestricted: true,
      shared: [{ audience: 'agency', value: String(courtId), fields: ['decisionNumber'] }],
      authorised: [],
    });
    expect(narrowed.statusCode, narrowed.body).toBe(200);
    expect((narrowed.json() as ExchangeSettingDto).floorOverrides).toEqual([]);
    expect(await sharedRecordIds()).not.toContain(ids.severe);

    // The floor: every agency sees every 严重失信 record, whole; the judicial agencies see penalties' decision numbers.
    const floor = await consoleCall(app, operator, 'PUT', '/exchange-floor', {
      rules: [
        { audience: 'all', value: null, fields: null, itemCode: null, dishonestyLevel: 'severe' },
        { audience: 'kind', value: 'judicial', fields: ['decisionNumber'], itemCode: 'penalty', dishonestyLevel: null },
      ],
    });
    expect(floor.statusCode, floor.body).toBe(200);
    const seen = await sharedRecordIds();
    expect(seen).toContain(ids.severe);
    expect(seen).not.toContain(ids.general);
    const record = (await consoleCall(app, reader, 'GET', '/shared-records?pageSize=100'))
      .json()
      .items.find((each: RecordDto) => each.id === ids.severe) as RecordDto;
    expect(record.payload.violationFacts).toBeTruthy();

    expect((await penaltySetting()).floorOverrides).toEqual([
      '省局交换底线要求所有机关可查看本项严重失信的“内部共享”和“授权查询”信息（全部数据项）；本单位的设定未给出这一范围，读取时以底线为准。',
      '省局交换底线要求各司法机关可查看本项“内部共享”和“授权查询”信息（行政处罚决定书文号）；本单位的设定未给出这一范围，读取时以底线为准。',
    ]);
  });

  it('says nothing once the provider gives at least what the floor gives', async () => {
    const { itemId } = await penaltySetting();
    const widened = await consoleCall(app, provider, 'PUT', `/exchange-settings/${itemId}`, {
      sharedRestricted: false,
      shared: [],
      authorised: [{ audience: 'all', value: null, fields: null }],
    });
    expect(widened.statusCode, widened.body).toBe(200);
    expect((widened.json() as ExchangeSettingDto).floorOverrides).toEqual([]);
  });
});
