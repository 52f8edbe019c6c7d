import { type PublicitySettingsDto, type PublicStatisticsDto, PublicStatisticsSchema } from '@gzcredit/contracts';
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
import { createStatisticsService, PUBLIC_STATISTICS_TTL_MS } from './statistics.service';

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
const minor = uniqueCreditCode();
const severe = uniqueCreditCode();
const listed = uniqueCreditCode();

async function penalty(creditCode: string, level: string, useScope = 'public') {
  const response = await consoleCall(app, clerk, 'POST', '/records', {
    record: penaltyRecord(creditCode, {
      entityName: creditCode === minor ? '贵州统计一号商贸有限公司' : '贵州统计二号商贸有限公司',
      dishonestyLevel: level,
      useScope,
      ...(useScope === 'public' ? {} : { withholdingGround: '商业秘密' }),
      fields: {
        decisionNumber: `黔市监罚〔2026〕${Math.floor(Math.random() * 1e6)}号`,
        decisionDate: addMonths(chinaToday(), -1),
        authority: '贵州省市场监督管理局',
      },
    }),
  });
  expect(response.statusCode, response.body).toBe(200);
}

async function statistics(target = app) {
  const response = await target.inject({ method: 'GET', url: '/api/public/statistics' });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.json() as PublicStatisticsDto, headers: response.headers };
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
  await createEnterprise(db, { creditCode: minor, name: '贵州统计一号商贸有限公司' });
  await createEnterprise(db, { creditCode: severe, name: '贵州统计二号商贸有限公司' });
  await createEnterprise(db, { name: '贵州统计三号商贸有限公司' });
  await penalty(minor, '一般失信');
  await penalty(minor, '一般失信', 'shared');
  await penalty(severe, '严重失信');
  // 黑名单 is the listing on 严重违法失信名单, not the 严重 penalty: only `listed` counts as blacklisted.
  await createEnterprise(db, { creditCode: listed, name: '贵州统计六号商贸有限公司' });
  const listing = await consoleCall(app, clerk, 'POST', '/records', {
    record: {
      itemCode: 'serious_illegal_list',
      creditCode: listed,
      entityName: '贵州统计六号商贸有限公司',
      dishonestyLevel: '严重失信',
      fields: {
        reason: '提交虚假材料取得登记',
        decisionNumber: '黔市监列严〔2026〕1号',
        listedOn: addMonths(chinaToday(), -1),
        authority: '贵州省市场监督管理局',
      },
    },
  });
  expect(listing.statusCode, listing.body).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/public/statistics', () => {
  it('counts entities, records in public view and entities listed on 严重违法失信名单, and nothing else', async () => {
    const { body, headers } = await statistics();
    expect(PublicStatisticsSchema.strict().parse(body)).toEqual({
      entities: 4,
      publicRecords: 3,
      blacklistedEntities: 1,
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(headers['cache-control']).toBe('public, max-age=60');
  });

  it('serves the figures from memory within the minute instead of counting on every visit', async () => {
    const first = await statistics();
    await createEnterprise(database.db, { name: '贵州统计四号商贸有限公司' });
    const second = await statistics();
    expect(second.body).toEqual(first.body);
  });

  it('counts again once the cache has expired', async () => {
    let clock = Date.parse('2026-12-01T02:00:00Z');
    const service = createStatisticsService(database.db, { now: () => clock });
    const before = await service.getPublicStatistics();
    await createEnterprise(database.db, { name: '贵州统计五号商贸有限公司' });
    clock += PUBLIC_STATISTICS_TTL_MS - 1;
    expect(await service.getPublicStatistics()).toBe(before);
    clock += 1;
    const after = await service.getPublicStatistics();
    expect(after.entities).toBe(before.entities + 1);
    expect(after.updatedAt).toBe('2026-12-01T02:01:00.000Z');
  });

  it('leaves out the records of an item their agency chose not to publicise, and counts them again when it does', async () => {
    const { db } = database;
    const [bureau] = await db.selectFrom('agencies').select('id').where('name', '=', '贵州省市场监督管理局').execute();
    const configurer = await openSession(
      db,
      (await createAccount(db, { agencyId: Number(bureau!.id), permissions: ['publicity.configure'] })).id,
    );
    const listed = await consoleCall(app, configurer, 'GET', '/publicity-settings');
    const { items } = listed.json() as PublicitySettingsDto;
    const penaltyItem = items.find((item) => item.itemCode === 'penalty')!;
    const publicise = async (publicised: boolean) => {
      const response = await consoleCall(app, configurer, 'PUT', `/publicity-settings/${penaltyItem.itemId}`, {
        publicised,
        hiddenFields: [],
        ...(publicised ? {} : { withholdingGround: '《中华人民共和国保守国家秘密法》第十三条' }),
      });
      expect(response.statusCode, response.body).toBe(200);
      return (await createStatisticsService(db).getPublicStatistics()).publicRecords;
    };
    expect(await publicise(false)).toBe(1);
    expect(await publicise(true)).toBe(3);
  });
});
