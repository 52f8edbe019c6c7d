import { PROFILE_SECTION_KEYS } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import { createEnterprise, uniqueCreditCode } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
const codes = {
  exactName: uniqueCreditCode(),
  prefix: uniqueCreditCode(),
  substring: uniqueCreditCode(),
  other: uniqueCreditCode('92', '520302'),
  cooperative: uniqueCreditCode('93', '520328'),
  percent: uniqueCreditCode(),
  renamed: uniqueCreditCode(),
  sauce: uniqueCreditCode(),
};

async function search(query: Record<string, string | number>) {
  const response = await app.inject({
    method: 'GET',
    url: '/api/public/enterprises',
    query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await createEnterprise(db, {
    creditCode: codes.substring,
    name: '遵义黔峰茶业有限公司',
    regionCode: '520302',
    industryCode: 'C15',
  });
  await createEnterprise(db, { creditCode: codes.prefix, name: '黔峰农业科技有限公司', regionCode: '520102' });
  await createEnterprise(db, { creditCode: codes.exactName, name: '黔峰', regionCode: '520111', industryCode: 'A01' });
  await createEnterprise(db, {
    creditCode: codes.other,
    name: '红花岗区小李便利店',
    kind: 'individual',
    status: 'cancelled',
    regionCode: '520302',
    industryCode: 'F52',
    formerRegistrationNumbers: ['520302600012345'],
  });
  await createEnterprise(db, {
    creditCode: codes.cooperative,
    name: '湄潭县茶香农民专业合作社',
    kind: 'cooperative',
    regionCode: '520328',
    industryCode: 'A01',
    formerNames: ['湄潭县茶香种植专业合作社'],
  });
  await createEnterprise(db, { creditCode: codes.percent, name: '贵州百分%之百商贸有限公司', industryCode: 'F51' });
  await createEnterprise(db, {
    creditCode: codes.renamed,
    name: '贵州新酱坊食品有限公司',
    formerNames: ['贵阳老字号酱园有限公司', '贵阳醇香酱园厂'],
  });
  await createEnterprise(db, { creditCode: codes.sauce, name: '遵义酱园调味品有限公司' });
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/public/enterprises', () => {
  it('finds entities by a 2-character fragment anywhere in the name', async () => {
    const { status, body } = await search({ q: '茶香' });
    expect(status).toBe(200);
    expect(body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.cooperative]);
    expect(body).toMatchObject({ total: 1, capped: false, page: 1, pageSize: 20 });
  });

  it('ranks exact name before prefix before substring', async () => {
    const { body } = await search({ q: '黔峰' });
    expect(body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([
      codes.exactName,
      codes.prefix,
      codes.substring,
    ]);
    expect(body.total).toBe(3);
  });

  it('ranks an exact credit code first and accepts it in lower case', async () => {
    const { body } = await search({ q: codes.substring.toLowerCase() });
    expect(body.items[0]).toMatchObject({ creditCode: codes.substring, name: '遵义黔峰茶业有限公司' });
  });

  it('finds an entity by its former registration number (注册号)', async () => {
    const { body } = await search({ q: '520302600012345' });
    expect(body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.other]);
  });

  it('finds an entity by its former name (曾用名), exact or any fragment, and says which one matched', async () => {
    for (const q of ['贵阳老字号酱园有限公司', '老字号酱园', '字号', '酱园有']) {
      const { status, body } = await search({ q });
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({ creditCode: codes.renamed, matchedFormerName: '贵阳老字号酱园有限公司' }),
      ]);
    }
    const { body: second } = await search({ q: '醇香酱园' });
    expect(second.items[0]).toMatchObject({ creditCode: codes.renamed, matchedFormerName: '贵阳醇香酱园厂' });
  });

  it('ranks former-name matches below every current-name match and names no former name for those', async () => {
    const { body } = await search({ q: '酱园' });
    expect(body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.sauce, codes.renamed]);
    expect(body.items[0]).not.toHaveProperty('matchedFormerName');
    expect(body.items[1]).toMatchObject({ matchedFormerName: '贵阳老字号酱园有限公司' });
    const { body: current } = await search({ q: '新酱坊' });
    expect(current.items).toHaveLength(1);
    expect(current.items[0]).not.toHaveProperty('matchedFormerName');
  });

  it('does not match a fragment spanning two former names', async () => {
    const { body } = await search({ q: '公司贵阳' });
    expect(body.total).toBe(0);
  });

  it('returns the summary fields of SPEC §4 and nothing internal', async () => {
    const { body } = await search({ q: '小李便利' });
    expect(body.items[0]).toEqual({
      creditCode: codes.other,
      name: '红花岗区小李便利店',
      kind: 'individual',
      status: 'cancelled',
      regionCode: '520302',
      regionName: '遵义市红花岗区',
      industryCode: 'F52',
      legalRepresentative: '张三',
      establishedOn: '2018-05-20',
      badges: [],
    });
  });

  it('matches a user-typed % literally instead of as a wildcard', async () => {
    const { body } = await search({ q: '分%之' });
    expect(body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.percent]);
    const { body: none } = await search({ q: '黔%公' });
    expect(none.total).toBe(0);
  });

  it('filters by prefecture, county, industry section and division, kind and status', async () => {
    const byPrefecture = await search({ q: '有限公司', region: '520300' });
    expect(byPrefecture.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.substring]);
    const byCounty = await search({ q: '黔峰', region: '520111' });
    expect(byCounty.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.exactName]);
    const bySection = await search({ q: '黔峰', industry: 'A' });
    expect(bySection.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.exactName]);
    const byDivision = await search({ q: '黔峰', industry: 'C15' });
    expect(byDivision.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.substring]);
    const byKind = await search({ q: '合作社', kind: 'cooperative' });
    expect(byKind.body.total).toBe(1);
    const byStatus = await search({ q: '便利店', status: 'active' });
    expect(byStatus.body.total).toBe(0);
    const province = await search({ q: '黔峰', region: '520000' });
    expect(province.body.total).toBe(3);
  });

  it('pages through results in a stable order', async () => {
    const first = await search({ q: '黔峰', pageSize: 2, page: 1 });
    const second = await search({ q: '黔峰', pageSize: 2, page: 2 });
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([codes.substring]);
    expect(second.body.total).toBe(3);
    const past = await search({ q: '黔峰', pageSize: 2, page: 3 });
    expect(past.body).toMatchObject({ items: [], total: 3 });
  });

  it('refuses a 1-character query with a Chinese error in the standard shape', async () => {
    const { status, body, headers } = await search({ q: '黔' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'SEARCH_QUERY_TOO_SHORT', message: '查询关键词至少需要 2 个字符' });
    expect(body.error.requestId).toBe(headers['x-request-id']);
  });

  it('refuses a request without a query: there is no listing of all entities', async () => {
    const { status, body } = await search({ region: '520100' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toContain('q');
  });

  it('refuses a page past the result cap', async () => {
    const { status, body } = await search({ q: '黔峰', page: 51, pageSize: 20 });
    expect(status).toBe(400);
    expect(body.error.code).toBe('SEARCH_PAGE_OUT_OF_RANGE');
    expect(body.error.message).toMatch(/前 1,000 条结果/);
  });

  it('refuses malformed filters naming the field in Chinese', async () => {
    const badRegion = await search({ q: '黔峰', region: '999999' });
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.error.message).toContain('region');
    const badKind = await search({ q: '黔峰', kind: 'bank' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(badKind.body.error.details[0].field).toBe('kind');
    const badPageSize = await search({ q: '黔峰', pageSize: 500 });
    expect(badPageSize.status).toBe(400);
  });

  it('answers 429 in Chinese once a client exceeds the per-IP limit', async () => {
    const limited = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const statuses: number[] = [];
      let last: { error: { code: string; message: string } } | undefined;
      let lastHeaders: Record<string, unknown> | undefined;
      for (let i = 0; i < 3; i++) {
        const response = await limited.inject({ method: 'GET', url: '/api/public/enterprises?q=%E9%BB%94%E5%B3%B0' });
        statuses.push(response.statusCode);
        last = response.json();
        lastHeaders = response.headers;
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(last?.error).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
      expect(Number(lastHeaders?.['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('GET /api/public/enterprises/{creditCode}', () => {
  it('returns the basic information with former names, region and industry names', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${codes.cooperative}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      creditCode: codes.cooperative,
      name: '湄潭县茶香农民专业合作社',
      kind: 'cooperative',
      regionName: '遵义市湄潭县',
      industryCode: 'A01',
      industryName: '农业',
      formerNames: ['湄潭县茶香种植专业合作社'],
    });
    // Every section is there, empty, so the page can say 暂无 per section (enterprise-profile.test.ts fills them).
    const sections = response.json().sections as Array<{ key: string; records: unknown[] }>;
    expect(sections.map((section) => section.key)).toEqual([...PROFILE_SECTION_KEYS]);
    expect(sections.every((section) => section.records.length === 0)).toBe(true);
  });

  it('answers 400 for an invalid credit code, naming what is wrong', async () => {
    const wrongCheck = `${codes.cooperative.slice(0, 17)}${codes.cooperative.endsWith('0') ? '1' : '0'}`;
    const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${wrongCheck}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'CREDIT_CODE_INVALID' });
    expect(response.json().error.message).toMatch(/校验码/);
    const short = await app.inject({ method: 'GET', url: '/api/public/enterprises/9152' });
    expect(short.json().error.message).toMatch(/18 位/);
  });

  it('answers 404 for a valid code that is not registered', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${uniqueCreditCode()}` });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      code: 'ENTERPRISE_NOT_FOUND',
      message: '未找到该统一社会信用代码对应的市场主体',
    });
  });
});

describe('name searches reused within SEARCH_CACHE_SECONDS (per node, unfiltered fragments only)', () => {
  type Item = { creditCode: string; name: string; badges: string[] };
  const itemOf = (body: { items: Item[] }, creditCode: string) =>
    body.items.find((item) => item.creditCode === creditCode);

  it('reads what a reused page shows afresh: a changed badge or name appears at once', async () => {
    const before = await search({ q: '酱园' });
    expect(itemOf(before.body, codes.sauce)).toMatchObject({ name: '遵义酱园调味品有限公司', badges: [] });
    await database.db
      .updateTable('enterprises')
      .set({ badges: ['blacklisted'], name: '遵义酱园调味食品有限公司' })
      .where('creditCode', '=', codes.sauce)
      .execute();
    try {
      const after = await search({ q: '酱园' });
      expect(after.body.total).toBe(before.body.total);
      expect(itemOf(after.body, codes.sauce)).toMatchObject({
        name: '遵义酱园调味食品有限公司',
        badges: ['blacklisted'],
      });
    } finally {
      await database.db
        .updateTable('enterprises')
        .set({ badges: [], name: '遵义酱园调味品有限公司' })
        .where('creditCode', '=', codes.sauce)
        .execute();
    }
  });

  it('lists a new entity at once when filtered or without reuse, and in a reused page only once its time is up', async () => {
    expect((await search({ q: '凤冈锌硒' })).body.total).toBe(0);
    const created = await createEnterprise(database.db, { name: '凤冈锌硒茶业有限公司', regionCode: '520327' });
    expect((await search({ q: '凤冈锌硒' })).body.total).toBe(0);
    const filtered = await search({ q: '凤冈锌硒', region: '520327' });
    expect(filtered.body.items.map((item: Item) => item.creditCode)).toEqual([created.creditCode]);
    const uncached = await createTestApp(database, { SEARCH_CACHE_SECONDS: '0' });
    try {
      const response = await uncached.inject({
        method: 'GET',
        url: `/api/public/enterprises?q=${encodeURIComponent('凤冈锌硒')}`,
      });
      expect(response.json().items.map((item: Item) => item.creditCode)).toEqual([created.creditCode]);
    } finally {
      await uncached.close();
    }
  });
});
