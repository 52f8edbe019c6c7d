import type { AnalysisDto } from '@gzcredit/contracts';
import { chinaToday, findIndustry, type Permission } from '@gzcredit/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  createAgency,
  createEnterprise,
  openAgencySession,
  type TestAgency,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { visibleTo } from '../../platform/sharing-sql';
import { loadSubmissionContext, submitRecords } from '../records';
import { foldStatistics } from './statistics.service';

/**
 * 统计分析 in the console (issue 19 item 3): the record rollups by each dimension, with cross-filters, for the caller's
 * region and the records its agency may see by the sharing rule; checked against a GROUP BY over `records` with the
 * same rule (platform/sharing-sql.ts `visibleTo`).
 */

let database: DatabaseHandle;
let app: FastifyInstance;
const agencies: Record<'education' | 'yunyan' | 'bureau', TestAgency> = {} as never;
const sessions: Record<'operator' | 'education' | 'yunyan' | 'security', TestSession> = {} as never;
const month = chinaToday().slice(0, 7);

const sessionOf = (agency: TestAgency, permissions: Permission[]) =>
  openAgencySession(database.db, agency, permissions);

async function push(agency: TestAgency, records: ReturnType<typeof penaltyRecord>[]) {
  const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
  const outcome = await database.db
    .transaction()
    .execute((trx) =>
      submitRecords(
        trx,
        { agencyId: Number(agency.id), agencyKind: 'administrative', accountId: null, channel: 'api' },
        context,
        records,
      ),
    );
  expect(outcome.rejected, JSON.stringify(outcome.results)).toBe(0);
}

async function analyse(session: TestSession, query: string): Promise<AnalysisDto> {
  const response = await consoleCall(app, session, 'GET', `/statistics/analysis?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as AnalysisDto;
}

const received = (analysis: AnalysisDto) =>
  Object.fromEntries(analysis.items.filter((item) => item.received > 0).map((item) => [item.code, item.received]));

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const db = database.db;
  agencies.bureau = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  agencies.education = await createAgency(db, {
    name: '贵阳市教育局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'administrative',
  });
  agencies.yunyan = await createAgency(db, {
    name: '贵阳市云岩区教育局',
    regionCode: '520103',
    level: 'county',
    kind: 'administrative',
  });
  sessions.operator = await sessionOf(agencies.bureau, ['platform.operator']);
  sessions.education = await sessionOf(agencies.education, ['record.query']);
  sessions.yunyan = await sessionOf(agencies.yunyan, ['record.query']);
  sessions.security = await sessionOf(agencies.bureau, ['security.admin']);

  // 南明区 (贵阳), 互联网 (I 65), an enterprise; 红花岗区 (遵义), 农副食品加工 (C 13), an individual business.
  const nanming = await createEnterprise(db, { regionCode: '520102', industryCode: 'I65', kind: 'enterprise' });
  const honghuagang = await createEnterprise(db, {
    creditCode: uniqueCreditCode('92', '520302'),
    regionCode: '520302',
    industryCode: 'C13',
    kind: 'individual',
  });
  // 贵阳市教育局: two public records and one 授权查询 record on the 南明 enterprise, one public on the 遵义 one;
  // 云岩区教育局: one 较重失信 public record on the 南明 enterprise.
  await push(agencies.education, [
    penaltyRecord(nanming.creditCode),
    penaltyRecord(nanming.creditCode),
    penaltyRecord(nanming.creditCode, { useScope: 'authorised', withholdingGround: '个人隐私' }),
    penaltyRecord(honghuagang.creditCode),
  ]);
  await foldStatistics(db);
  await push(agencies.yunyan, [penaltyRecord(nanming.creditCode, { dishonestyLevel: '较重失信' })]);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('console analysis (issue 19 item 3)', () => {
  it('shows the province the records every agency may see, by prefecture, and follows a filter on another dimension', async () => {
    const regions = await analyse(sessions.operator, 'dimension=region');
    expect(regions.scope).toEqual({ regionCode: '520000', regionName: '贵州省' });
    expect(regions.items).toHaveLength(9);
    // The 授权查询 record is not the bureau's to see: 2 + 1 public records in 贵阳, 1 in 遵义.
    expect(received(regions)).toEqual({ '520100': 3, '520300': 1 });
    // Decided 2026-11-02 and received today: past the 20 working days (Art. 12), every one late.
    expect(regions.total).toMatchObject({ received: 4, inPublicity: 4, late: 4 });

    // Cross-filters: a prefecture picked on the map filters the industry chart, an industry the map.
    expect(received(await analyse(sessions.operator, 'dimension=industry&region=520100'))).toEqual({ I: 3 });
    expect(received(await analyse(sessions.operator, 'dimension=industry&region=520300'))).toEqual({ C: 1 });
    expect(received(await analyse(sessions.operator, 'dimension=region&industry=C'))).toEqual({ '520300': 1 });
    expect(received(await analyse(sessions.operator, 'dimension=region&parent=520100&industry=65'))).toEqual({
      '520102': 3,
    });
    expect(received(await analyse(sessions.operator, 'dimension=industry&parent=I'))).toEqual({ '65': 3 });
    expect(received(await analyse(sessions.operator, 'dimension=level&region=520100'))).toEqual({
      general: 2,
      serious: 1,
    });
    expect(received(await analyse(sessions.operator, 'dimension=kind&level=general'))).toEqual({
      enterprise: 2,
      individual: 1,
    });
    expect(
      received(await analyse(sessions.operator, `dimension=month&category=bad&from=${month}&to=${month}`)),
    ).toEqual({ [month]: 4 });
    const byAgency = await analyse(sessions.operator, 'dimension=agency');
    expect(byAgency.items.map((item) => [item.name, item.received])).toEqual([
      ['贵阳市教育局', 3],
      ['贵阳市云岩区教育局', 1],
    ]);
    expect(received(await analyse(sessions.operator, `dimension=item&agency=${agencies.yunyan.id}`))).toEqual({
      penalty: 1,
    });
    expect((await analyse(sessions.operator, 'dimension=item')).items[0]).toMatchObject({ code: 'penalty' });
  });

  it('keeps an agency to its region and counts its own records whatever their use scope', async () => {
    // 贵阳市教育局: its 贵阳 region only, with its own 授权查询 record; the 遵义 record falls outside.
    const education = await analyse(sessions.education, 'dimension=region');
    expect(education.scope).toEqual({ regionCode: '520100', regionName: '贵阳市' });
    expect(received(education)).toEqual({ '520102': 4 });
    expect(education.total.received).toBe(4);
    expect(education.total.inPublicity).toBe(3);
    // A county's agency asking for the province gets its county; 云岩 holds no entity of these records.
    const yunyan = await analyse(sessions.yunyan, 'dimension=region&parent=520000');
    expect(yunyan.parent).toBe('520103');
    expect(yunyan.total.received).toBe(0);
  });

  it('equals a GROUP BY over records with the sharing rule, for every dimension, drill, filter and viewer', async () => {
    for (const [session, agency, prefix] of [
      [sessions.operator, agencies.bureau, ''],
      [sessions.education, agencies.education, '5201'],
    ] as const) {
      const base = await visibleTo(
        database.db
          .selectFrom('records as r')
          .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
          .leftJoin('enterprises as e', 'e.id', 'r.enterpriseId')
          .where('r.rootId', 'is', null)
          .where(sql<boolean>`starts_with(statistics_region(e.region_code), ${prefix})`)
          .select([
            sql<string>`substr(statistics_region(e.region_code), 1, 4) || '00'`.as('region'),
            sql<string>`statistics_region(e.region_code)`.as('county'),
            sql<string>`statistics_division(e.industry_code)`.as('division'),
            sql<string>`i.category`.as('category'),
            sql<string>`i.code`.as('item'),
            sql<string>`r.agency_id::text`.as('agency'),
            sql<string>`coalesce(r.dishonesty_level, 'none')`.as('level'),
            sql<string>`e.kind`.as('kind'),
          ]),
        Number(agency.id),
      ).execute();
      const rows = base.map((row) => ({ ...row, section: findIndustry(row.division)!.parentCode! }));
      type Row = (typeof rows)[number];
      type Key = 'region' | 'county' | 'section' | 'division' | 'category' | 'item' | 'agency' | 'level' | 'kind';
      const all = () => true;
      // [query, the dimension listed, the rows its filters keep (the total), the rows a drill lists (its parent's)]
      const views: Array<[string, Key, (row: Row) => boolean, (row: Row) => boolean]> = [
        ['dimension=region', prefix ? 'county' : 'region', all, all],
        ['dimension=region&parent=520100', 'county', all, (row) => row.county.startsWith('5201')],
        [
          'dimension=region&parent=520100&industry=I',
          'county',
          (row) => row.section === 'I',
          (row) => row.county.startsWith('5201'),
        ],
        ['dimension=industry', 'section', all, all],
        ['dimension=industry&parent=I', 'division', all, (row) => row.section === 'I'],
        ['dimension=industry&region=520100', 'section', (row) => row.county.startsWith('5201'), all],
        ['dimension=kind&region=520102', 'kind', (row) => row.county === '520102', all],
        ['dimension=agency&industry=I', 'agency', (row) => row.section === 'I', all],
        ['dimension=level&industry=65', 'level', (row) => row.division === '65', all],
        ['dimension=region&industry=65', prefix ? 'county' : 'region', (row) => row.division === '65', all],
        ...(['category', 'item', 'agency', 'level', 'kind'] as const).map(
          (dimension) => [`dimension=${dimension}`, dimension, all, all] as [string, Key, typeof all, typeof all],
        ),
      ];
      for (const [query, dimension, filtered, listed] of views) {
        const expected: Record<string, number> = {};
        for (const row of rows.filter((row) => filtered(row) && listed(row)))
          expected[row[dimension]] = (expected[row[dimension]] ?? 0) + 1;
        const analysis = await analyse(session, query);
        expect(received(analysis), `${agency.name}: ${query}`).toEqual(expected);
        // A drill lists its parent's children; its total is every region or industry the filters keep.
        expect(analysis.total.received, `${agency.name}: ${query}`).toBe(rows.filter(filtered).length);
      }
    }
  });

  it('exports a view as a workbook with Chinese headers and a total row', async () => {
    const response = await consoleCall(app, sessions.operator, 'GET', '/statistics/analysis/export?dimension=region');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.getWorksheet('按地区')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '代码',
      '地区',
      '收到信息（条）',
      '公示中（条）',
      '更正（次）',
      '撤销（条）',
      '超期报送（条）',
      '经营异常名录（条）',
    ]);
    // Every cell is text (platform/spreadsheet.ts writes nothing a spreadsheet program would evaluate).
    expect(sheet.getRow(2).values).toEqual([undefined, '520100', '贵阳市', '3', '3', '0', '0', '3', '0']);
    expect(sheet.getRow(3).values).toEqual([undefined, '520200', '六盘水市', '0', '0', '0', '0', '0', '0']);
    expect(sheet.getRow(11).values).toEqual([undefined, undefined, '合计', '4', '4', '0', '0', '4', '0']);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('action', '=', 'statistics.analysis-exported')
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ dimension: 'region' });
  });

  it('refuses bad input with a Chinese 400 naming the parameter', async () => {
    for (const [query, field, message] of [
      ['dimension=colour', 'dimension', '分析维度应为'],
      ['dimension=region&region=123456', 'region', '不是贵州省的行政区划代码'],
      ['dimension=region&industry=ZZ', 'industry', '不是国民经济行业门类'],
      ['dimension=kind&parent=520100', 'parent', '主体类型维度没有上级代码'],
      ['dimension=month&from=2026-06&to=2026-01', 'to', '早于开始月份'],
      ['dimension=agency&agency=abc', 'agency', '应为数字'],
    ] as const) {
      const response = await consoleCall(app, sessions.operator, 'GET', `/statistics/analysis?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(message);
      expect(response.body, query).toContain(field);
    }
  });

  it('is not for an account without the query, oversight or operator permission', async () => {
    const response = await consoleCall(app, sessions.security, 'GET', '/statistics/analysis?dimension=region');
    expect(response.statusCode).toBe(403);
  });
});
