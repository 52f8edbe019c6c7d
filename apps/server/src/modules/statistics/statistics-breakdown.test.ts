import { type StatisticsBreakdownDto, StatisticsBreakdownSchema } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';

/** GET /api/public/statistics/breakdown (issue 19): the rollups by region, industry, kind, level and month. */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
const thisMonth = chinaToday().slice(0, 7);

async function breakdown(query: string): Promise<StatisticsBreakdownDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/statistics/breakdown?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['cache-control']).toBe('public, max-age=60');
  return StatisticsBreakdownSchema.strict().parse(response.json());
}

const item = (answer: StatisticsBreakdownDto, code: string) => answer.items.find((entry) => entry.code === code);

async function penalty(creditCode: string, level: string, useScope = 'public') {
  const response = await consoleCall(app, clerk, 'POST', '/records', {
    record: penaltyRecord(creditCode, {
      dishonestyLevel: level,
      useScope,
      ...(useScope === 'public' ? {} : { withholdingGround: '商业秘密' }),
      fields: { decisionDate: addMonths(chinaToday(), -1), authority: '贵州省市场监督管理局' },
    }),
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
  const bureau = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  clerk = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(bureau.id), permissions: ['record.submit'] })).id,
  );
  // 南明区 (贵阳市): an enterprise in I 65 listed on 严重违法失信名单 (严重: blacklisted), with a public penalty and a
  // shared one.
  const nanming = await createEnterprise(db, { regionCode: '520102', industryCode: 'I65' });
  const listing = await consoleCall(app, clerk, 'POST', '/records', {
    record: {
      itemCode: 'serious_illegal_list',
      creditCode: nanming.creditCode,
      entityName: '贵州统计分布测试有限公司',
      dishonestyLevel: '严重失信',
      fields: {
        reason: '提交虚假材料取得登记',
        decisionNumber: '黔市监列严〔2026〕9号',
        listedOn: addMonths(chinaToday(), -1),
        authority: '贵州省市场监督管理局',
      },
    },
  });
  expect(listing.statusCode, listing.body).toBe(200);
  await penalty(nanming.creditCode, '一般失信');
  await penalty(nanming.creditCode, '一般失信', 'shared');
  // 水城县's retired code 520221 counts under 水城区 520204 (六盘水市); an individual business in F 51.
  const shuicheng = await createEnterprise(db, {
    creditCode: uniqueCreditCode('92'),
    kind: 'individual',
    regionCode: '520221',
    industryCode: 'F51',
  });
  await penalty(shuicheng.creditCode, '较重失信');
  // 兴义市 (黔西南州), a cooperative in A 01 without records.
  await createEnterprise(db, {
    creditCode: uniqueCreditCode('93'),
    kind: 'cooperative',
    regionCode: '522301',
    industryCode: 'A01',
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/public/statistics/breakdown', () => {
  it('lists the 9 prefectures of the province with their entities, public records and blacklisted entities', async () => {
    const answer = await breakdown('dimension=region');
    expect(answer.dimension).toBe('region');
    expect(answer.parent).toBe('520000');
    expect(answer.items.map((entry) => entry.name)).toEqual([
      '贵阳市',
      '六盘水市',
      '遵义市',
      '安顺市',
      '毕节市',
      '铜仁市',
      '黔西南布依族苗族自治州',
      '黔东南苗族侗族自治州',
      '黔南布依族苗族自治州',
    ]);
    expect(item(answer, '520100')).toEqual({
      code: '520100',
      name: '贵阳市',
      entities: 1,
      publicRecords: 2,
      blacklisted: 1,
      abnormal: 0,
    });
    expect(item(answer, '520200')).toMatchObject({ entities: 1, publicRecords: 1, blacklisted: 0 });
    expect(item(answer, '522300')).toMatchObject({ entities: 1, publicRecords: 0 });
    expect(item(answer, '520300')).toMatchObject({ entities: 0, publicRecords: 0 });
  });

  it('drills into a prefecture’s counties, a retired county code counted under its successor', async () => {
    const answer = await breakdown('dimension=region&parent=520200');
    expect(answer.parent).toBe('520200');
    expect(answer.items.map((entry) => entry.code)).toEqual(['520201', '520203', '520204', '520281']);
    expect(item(answer, '520204')).toMatchObject({ name: '水城区', entities: 1, publicRecords: 1 });
  });

  it('breaks down by industry section, then by the divisions of one section', async () => {
    const sections = await breakdown('dimension=industry');
    expect(sections.items).toHaveLength(20);
    expect(item(sections, 'I')).toMatchObject({
      name: '信息传输、软件和信息技术服务业',
      entities: 1,
      publicRecords: 2,
    });
    expect(item(sections, 'F')).toMatchObject({ entities: 1, publicRecords: 1 });
    const divisions = await breakdown('dimension=industry&parent=I');
    expect(divisions.items.map((entry) => entry.code)).toEqual(['63', '64', '65']);
    expect(item(divisions, '65')).toMatchObject({ entities: 1, publicRecords: 2, blacklisted: 1 });
  });

  it('breaks down by entity kind, by level and by month', async () => {
    const kinds = await breakdown('dimension=kind');
    expect(kinds.items.map((entry) => [entry.name, entry.entities, entry.publicRecords])).toEqual([
      ['企业', 1, 2],
      ['个体工商户', 1, 1],
      ['农民专业合作社', 1, 0],
      ['其他组织', 0, 0],
    ]);
    const levels = await breakdown('dimension=level');
    // Records by their own level; entities by their public level (the highest of their public records).
    expect(levels.items.map((entry) => [entry.name, entry.entities, entry.publicRecords])).toEqual([
      ['一般失信', 0, 1],
      ['较重失信', 1, 1],
      ['严重失信', 1, 1],
    ]);
    const months = await breakdown(`dimension=month&to=${thisMonth}`);
    expect(months.items).toHaveLength(12);
    expect(months.items.at(-1)).toMatchObject({ code: thisMonth, entities: 3, publicRecords: 3, blacklisted: 1 });
    expect(months.items.slice(0, -1).every((entry) => entry.entities === 0 && entry.publicRecords === 0)).toBe(true);
  });

  it('counts only the period asked for', async () => {
    const before = addMonths(`${thisMonth}-01`, -2).slice(0, 7);
    const lastMonth = addMonths(`${thisMonth}-01`, -1).slice(0, 7);
    const answer = await breakdown(`dimension=region&from=${before}&to=${lastMonth}`);
    expect(answer.items.every((entry) => entry.entities === 0 && entry.publicRecords === 0)).toBe(true);
    const current = await breakdown(`dimension=region&from=${thisMonth}&to=${thisMonth}`);
    expect(item(current, '520100')).toMatchObject({ entities: 1, publicRecords: 2 });
  });

  it('answers bad input with a Chinese 400 naming the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['dimension=agency', /^查询参数有误：dimension 统计维度应为 region（地区）/],
      ['dimension=region&parent=999999', /parent “999999”不是贵州省或其市州的行政区划代码/],
      ['dimension=region&parent=520102', /parent “520102”不是贵州省或其市州的行政区划代码/],
      ['dimension=region&parent=520221', /parent “520221”不是贵州省或其市州的行政区划代码/],
      ['dimension=industry&parent=Z', /parent “Z”不是国民经济行业门类/],
      ['dimension=kind&parent=520100', /主体类型维度没有上级代码/],
      ['dimension=month&from=2026-06&to=2026-01', /to 结束月份 2026-01 早于开始月份 2026-06/],
      ['dimension=month&from=2026-13', /from 应为 YYYY-MM 格式的月份/],
      ['dimension=month&from=2000-01&to=2026-01', /统计期间不能超过 120 个月/],
    ];
    for (const [query, message] of cases) {
      const response = await app.inject({ method: 'GET', url: `/api/public/statistics/breakdown?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.message, query).toMatch(message);
    }
  });
});
