import type {
  EnterpriseProfileDto,
  PublicitySettingsDto,
  PublicListFiltersDto,
  PublicListResponse,
  RecordDto,
  SearchEnterprisesResponse,
} from '@gzcredit/contracts';
import { PublicListResponseSchema } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
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

/*
 * The portal's lists (issue 20 item 1) serve what decidePublicity shows and nothing else, filtered and paged; and the
 * badge, the profile and the search say the same thing about a blacklist (item 2).
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let bureauClerk: TestSession;
let taxClerk: TestSession;
let configurer: TestSession;
let bureauId: number;
let taxId: number;
const today = chinaToday();
const monthAgo = addMonths(today, -1);
const yearAgo = addMonths(today, -12);

/** 贵阳 (520102, 批发业) and 遵义 (520302, 制造业) entities. */
const listedGuiyang = uniqueCreditCode('91', '520102');
const listedZunyi = uniqueCreditCode('91', '520302');
const severeOnly = uniqueCreditCode('91', '520102');
const sharedOnly = uniqueCreditCode('91', '520102');
const honoured = uniqueCreditCode('91', '520302');

let decision = 0;
const number = (prefix: string) => `${prefix}〔2026〕${++decision}号`;

async function submit(session: TestSession, record: object): Promise<RecordDto> {
  const response = await consoleCall(app, session, 'POST', '/records', { record });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDto;
}

const seriousIllegal = (creditCode: string, listedOn: string, level = '严重失信') => ({
  itemCode: 'serious_illegal_list',
  creditCode,
  entityName: '名单测试',
  dishonestyLevel: level,
  fields: {
    reason: '被列入经营异常名录届满3年仍未履行相关义务',
    decisionNumber: number('黔市监列严'),
    listedOn,
    authority: '贵州省市场监督管理局',
  },
});

async function list(path: string): Promise<PublicListResponse> {
  const response = await app.inject({ method: 'GET', url: `/api/public/lists/${path}` });
  expect(response.statusCode, response.body).toBe(200);
  return PublicListResponseSchema.strict().parse(response.json());
}

const codes = (page: PublicListResponse) => page.items.map((item) => item.creditCode);

async function refused(path: string) {
  const response = await app.inject({ method: 'GET', url: `/api/public/lists/${path}` });
  expect(response.statusCode, response.body).toBe(400);
  return response.json().error as { code: string; message: string };
}

async function profile(creditCode: string): Promise<EnterpriseProfileDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as EnterpriseProfileDto;
}

let expiredPenalty: RecordDto;
let classifiedPenalty: RecordDto;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' });
  const { db } = database;
  const bureau = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const tax = await createAgency(db, {
    name: '国家税务总局贵州省税务局',
    regionCode: '520000',
    level: 'province',
    kind: 'administrative',
  });
  bureauId = Number(bureau.id);
  taxId = Number(tax.id);
  const permissions = ['record.submit', 'record.correct'] as const;
  bureauClerk = await openSession(
    db,
    (await createAccount(db, { agencyId: bureauId, permissions: [...permissions] })).id,
  );
  taxClerk = await openSession(db, (await createAccount(db, { agencyId: taxId, permissions: [...permissions] })).id);
  configurer = await openSession(
    db,
    (await createAccount(db, { agencyId: taxId, permissions: ['publicity.configure'] })).id,
  );
  await createEnterprise(db, { creditCode: listedGuiyang, name: '贵州名单一号商贸有限公司', industryCode: 'F51' });
  await createEnterprise(db, {
    creditCode: listedZunyi,
    name: '遵义名单二号制造有限公司',
    regionCode: '520302',
    industryCode: 'C13',
  });
  await createEnterprise(db, { creditCode: severeOnly, name: '贵州名单三号商贸有限公司', industryCode: 'F51' });
  await createEnterprise(db, { creditCode: sharedOnly, name: '贵州名单四号商贸有限公司', industryCode: 'F51' });
  await createEnterprise(db, {
    creditCode: honoured,
    name: '遵义名单五号制造有限公司',
    regionCode: '520302',
    industryCode: 'C13',
  });

  // 严重违法失信名单: a 较重 listing is a blacklist all the same (the list, not the level, makes it one).
  await submit(bureauClerk, seriousIllegal(listedGuiyang, monthAgo, '较重失信'));
  await submit(bureauClerk, seriousIllegal(listedZunyi, yearAgo));
  // A 严重失信 record of another item: 有严重失信记录, never the blacklist.
  await submit(bureauClerk, {
    itemCode: 'quality_failure',
    creditCode: severeOnly,
    entityName: '贵州名单三号商贸有限公司',
    dishonestyLevel: '严重失信',
    fields: {
      productName: '电热水壶',
      failedItems: '泄漏电流',
      announcementNumber: number('黔市监抽'),
      announcedOn: monthAgo,
      authority: '贵州省市场监督管理局',
    },
  });
  // 行政处罚: public ones of two agencies, one sent 内部共享 on a legal ground, one past its window, one classified.
  await submit(
    bureauClerk,
    penaltyRecord(listedGuiyang, {
      fields: { decisionDate: monthAgo, fineAmount: '3', authority: '贵州省市场监督管理局' },
    }),
  );
  await submit(
    taxClerk,
    penaltyRecord(listedZunyi, {
      fields: {
        decisionDate: yearAgo,
        authority: '国家税务总局贵州省税务局',
        violationFacts: '联系人 13812345678 未申报',
      },
    }),
  );
  await submit(
    bureauClerk,
    penaltyRecord(sharedOnly, {
      useScope: 'shared',
      withholdingGround: '商业秘密',
      fields: { decisionDate: monthAgo },
    }),
  );
  expiredPenalty = await submit(bureauClerk, penaltyRecord(severeOnly, { fields: { decisionDate: monthAgo } }));
  classifiedPenalty = await submit(bureauClerk, penaltyRecord(severeOnly, { fields: { decisionDate: monthAgo } }));
  // The window ended yesterday and the nightly expiry job has not run yet; a security label was set.
  await sql`UPDATE records SET publicity_until = ${addMonths(today, 0)}::date - 1 WHERE id = ${expiredPenalty.id}`.execute(
    db,
  );
  await sql`UPDATE records SET classified = true WHERE id = ${classifiedPenalty.id}`.execute(db);
  // 守信激励: an honour of the tax bureau.
  await submit(taxClerk, {
    itemCode: 'honour',
    creditCode: honoured,
    entityName: '遵义名单五号制造有限公司',
    fields: {
      honourName: '纳税信用示范企业',
      decisionNumber: number('黔税表'),
      awardedOn: monthAgo,
      authority: '国家税务总局贵州省税务局',
    },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/public/lists/:list', () => {
  it('lists the entities on 严重违法失信名单, newest first, and not an entity with a 严重 record of another item', async () => {
    const page = await list('blacklist');
    expect(page).toMatchObject({ list: 'blacklist', title: '严重失信主体名单（黑名单）', total: 2, capped: false });
    expect(codes(page)).toEqual([listedGuiyang, listedZunyi]);
    expect(page.items[0]).toMatchObject({
      entityName: '贵州名单一号商贸有限公司',
      regionName: '贵阳市南明区',
      itemCode: 'serious_illegal_list',
      itemName: '严重违法失信企业名单信息',
      agencyName: '贵州省市场监督管理局',
      aroseOn: monthAgo,
      dishonestyLevel: 'serious',
      publicityUntil: null,
    });
    expect(page.items[0]!.fields).toContainEqual({ label: '作出决定机关', value: '贵州省市场监督管理局' });
  });

  it('never serves a record sent non-public, past its window or classified', async () => {
    const page = await list('penalties?pageSize=20');
    expect(codes(page).sort()).toEqual([listedGuiyang, listedZunyi].sort());
    expect(page.total).toBe(2);
    const ids = page.items.map((item) => item.recordId);
    expect(ids).not.toContain(expiredPenalty.id);
    expect(ids).not.toContain(classifiedPenalty.id);
    // Personal data in free text is masked as on the profile.
    const tax = page.items.find((item) => item.creditCode === listedZunyi)!;
    expect(JSON.stringify(tax.fields)).toContain('138****5678');
    expect(JSON.stringify(tax.fields)).not.toContain('13812345678');
  });

  it('leaves out the records of an item their agency does not publicise', async () => {
    const settings = (await consoleCall(app, configurer, 'GET', '/publicity-settings')).json() as PublicitySettingsDto;
    const honour = settings.items.find((item) => item.itemCode === 'honour')!;
    const put = (publicised: boolean) =>
      consoleCall(app, configurer, 'PUT', `/publicity-settings/${honour.itemId}`, { publicised, hiddenFields: [] });
    expect(codes(await list('trustworthy'))).toEqual([honoured]);
    expect((await put(false)).statusCode).toBe(200);
    expect(await list('trustworthy')).toMatchObject({ items: [], total: 0 });
    expect((await put(true)).statusCode).toBe(200);
    expect(codes(await list('trustworthy'))).toEqual([honoured]);
  });

  it('filters by region, industry, item, agency and date', async () => {
    expect(codes(await list('penalties?region=520300'))).toEqual([listedZunyi]);
    expect(codes(await list('penalties?region=520102'))).toEqual([listedGuiyang]);
    expect(codes(await list('penalties?region=520000')).sort()).toEqual([listedGuiyang, listedZunyi].sort());
    expect(codes(await list('penalties?industry=C'))).toEqual([listedZunyi]);
    expect(codes(await list('penalties?industry=F51'))).toEqual([listedGuiyang]);
    expect(codes(await list(`penalties?agency=${taxId}`))).toEqual([listedZunyi]);
    expect(codes(await list(`penalties?agency=${bureauId}`))).toEqual([listedGuiyang]);
    expect(codes(await list('blacklist?item=serious_illegal_list'))).toEqual([listedGuiyang, listedZunyi]);
    expect(codes(await list(`blacklist?from=${addMonths(today, -2)}`))).toEqual([listedGuiyang]);
    expect(codes(await list(`blacklist?to=${addMonths(today, -2)}`))).toEqual([listedZunyi]);
    expect(codes(await list(`blacklist?from=${yearAgo}&to=${yearAgo}`))).toEqual([listedZunyi]);
  });

  it('pages with the total of the whole list', async () => {
    const first = await list('blacklist?pageSize=1');
    const second = await list('blacklist?pageSize=1&page=2');
    const past = await list('blacklist?pageSize=1&page=3');
    expect([codes(first), codes(second), codes(past)]).toEqual([[listedGuiyang], [listedZunyi], []]);
    expect([first.total, second.total, past.total]).toEqual([2, 2, 2]);
  });

  it('refuses bad filters in Chinese, naming the parameter', async () => {
    expect((await refused('blacklist?region=110101')).message).toContain(
      'region 地区代码 110101 不是贵州省的行政区划代码',
    );
    expect((await refused('blacklist?region=52')).message).toContain('地区代码应为 6 位数字');
    expect((await refused('blacklist?industry=c1')).message).toContain('行业代码应为门类字母或门类加两位大类代码');
    expect((await refused('blacklist?item=penalty')).message).toContain(
      'item 信息项 penalty 不属于“严重失信主体名单（黑名单）”',
    );
    expect((await refused('blacklist?agency=abc')).message).toContain('agency 应为数字');
    expect((await refused('blacklist?agency=0')).message).toContain('agency 提供单位应为单位编号');
    expect((await refused('blacklist?from=2026-02-30')).message).toContain('开始日期应为 YYYY-MM-DD 格式的有效日期');
    expect((await refused('blacklist?from=2026-05-01&to=2026-04-01')).message).toContain('开始日期不能晚于结束日期');
    expect((await refused('blacklist?pageSize=21')).message).toContain('每页最多 20 条');
    const tooDeep = await refused('blacklist?pageSize=20&page=51');
    expect(tooDeep).toMatchObject({ code: 'SEARCH_PAGE_OUT_OF_RANGE' });
    expect(tooDeep.message).toContain('名单最多可查看前 1,000 条');
    expect((await refused('everyone')).message).toContain(
      '名单应为 blacklist、abnormal、licences、penalties、trustworthy 之一',
    );
  });

  it('offers the list’s items and the agencies that may provide them as filters', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/public/lists/trustworthy/filters' });
    expect(response.statusCode, response.body).toBe(200);
    const filters = response.json() as PublicListFiltersDto;
    expect(filters.items.map((item) => item.code).sort()).toEqual(['contract_credit', 'honour', 'tax_credit_a']);
    expect(filters.agencies.map((agency) => agency.name).sort()).toEqual(
      ['国家税务总局贵州省税务局', '贵州省市场监督管理局'].sort(),
    );
    const blacklist = (await app.inject({ method: 'GET', url: '/api/public/lists/blacklist/filters' })).json();
    expect(blacklist).toEqual({
      list: 'blacklist',
      title: '严重失信主体名单（黑名单）',
      items: [{ code: 'serious_illegal_list', name: '严重违法失信企业名单信息' }],
      agencies: [{ id: bureauId, name: '贵州省市场监督管理局' }],
    });
  });
});

describe('one truth for a blacklist', () => {
  it('badges, profile and list agree: listed on 严重违法失信名单 is the blacklist, a 严重 record elsewhere is not', async () => {
    const listed = await profile(listedGuiyang);
    expect(listed.badges).toContain('blacklisted');
    expect(listed.badges).not.toContain('severe_record');
    expect(listed.sections.find((section) => section.key === 'serious_illegal')!.records).toHaveLength(1);

    const severe = await profile(severeOnly);
    expect(severe.badges).toEqual(['severe_record']);
    expect(severe.sections.find((section) => section.key === 'serious_illegal')!.records).toEqual([]);
    expect(severe.sections.find((section) => section.key === 'bad_other')!.records[0]).toMatchObject({
      itemCode: 'quality_failure',
      dishonestyLevel: 'severe',
    });
    expect(codes(await list('blacklist'))).not.toContain(severeOnly);
  });

  it('says why a search result matched 有失信记录: its 不良 records in public view by item and level', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/public/enterprises?q=名单&dishonest=true' });
    expect(response.statusCode, response.body).toBe(200);
    const { items } = response.json() as SearchEnterprisesResponse;
    const byCode = new Map(items.map((item) => [item.creditCode, item]));
    expect(byCode.get(listedGuiyang)!.matchedDishonesty).toEqual([
      { itemName: '严重违法失信企业名单信息', dishonestyLevel: 'serious', records: 1 },
      { itemName: '行政处罚信息', dishonestyLevel: 'general', records: 1 },
    ]);
    expect(byCode.get(severeOnly)!.matchedDishonesty).toEqual([
      { itemName: '产品质量监督抽查不合格信息', dishonestyLevel: 'severe', records: 1 },
    ]);
    // The 内部共享 penalty gives the portal no reason: the entity is not a result.
    expect(byCode.has(sharedOnly)).toBe(false);
    const unfiltered = (await app.inject({ method: 'GET', url: '/api/public/enterprises?q=名单' })).json();
    expect((unfiltered as SearchEnterprisesResponse).items.every((item) => item.matchedDishonesty === undefined)).toBe(
      true,
    );
  });
});
