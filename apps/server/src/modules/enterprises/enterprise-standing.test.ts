import type { EnterpriseProfileDto, PublicitySettingDto, RecordDto } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, createEnterprise, openSession, type TestSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { publicityJobs, schedulePublicityJobs } from '../publicity';
import { getSupervisoryStanding } from './index';

/*
 * Two standings per entity (SPEC §3, Art. 17): the supervisory one from every record in force whatever its use scope,
 * label or agency setting (agencies, credit checks, watch-lists), and the public one the portal's badges show.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
let configurer: TestSession;
const today = chinaToday();

const call = (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

/** A 产品质量监督抽查不合格 record of the entity that arose a month ago. */
async function qualityFailure(creditCode: string, record: { useScope?: string; dishonestyLevel?: string } = {}) {
  const response = await call(clerk, 'POST', '/records', {
    record: {
      itemCode: 'quality_failure',
      creditCode,
      entityName: '贵州信用状况测试有限公司',
      dishonestyLevel: '严重失信',
      ...record,
      fields: {
        productName: '电热水壶',
        failedItems: '泄漏电流',
        announcementNumber: `黔市监抽〔2026〕${Math.floor(Math.random() * 1e6)}号`,
        announcedOn: addMonths(today, -1),
        authority: '贵州省市场监督管理局',
      },
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDto;
}

async function entity(): Promise<{ id: number; creditCode: string }> {
  const { creditCode } = await createEnterprise(database.db, { name: '贵州信用状况测试有限公司' });
  const row = await database.db
    .selectFrom('enterprises')
    .select('id')
    .where('creditCode', '=', creditCode)
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), creditCode };
}

/** Both standings of an entity: the supervisory one through the service verb, the public one through the portal. */
async function standings(target: { id: number; creditCode: string }) {
  const supervisory = (await getSupervisoryStanding(database.db, [target.id])).get(target.id)!;
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${target.creditCode}` });
  expect(response.statusCode, response.body).toBe(200);
  const profile = response.json() as EnterpriseProfileDto;
  const row = await database.db
    .selectFrom('enterprises')
    .select('dishonestyLevel')
    .where('id', '=', target.id)
    .executeTakeFirstOrThrow();
  return {
    supervisory: { level: supervisory.dishonestyLevel, badges: supervisory.badges },
    public: { level: row.dishonestyLevel, badges: profile.badges },
  };
}

const severe = { level: 'severe', badges: ['severe_record'] };
const clean = { level: null, badges: [] };

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
  const agencyId = Number(bureau.id);
  clerk = await openSession(
    db,
    (await createAccount(db, { agencyId, permissions: ['record.submit', 'record.correct'] })).id,
  );
  configurer = await openSession(db, (await createAccount(db, { agencyId, permissions: ['publicity.configure'] })).id);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('supervisory and public standing', () => {
  it('marks 严重失信 for agencies, and shows nothing on the portal, for a 严重 record sent 内部共享', async () => {
    const target = await entity();
    await qualityFailure(target.creditCode, { useScope: 'shared' });
    expect(await standings(target)).toEqual({ supervisory: severe, public: clean });
  });

  it('marks 严重失信 for agencies, and shows nothing on the portal, for a 严重 record of an item its agency switched off', async () => {
    const target = await entity();
    await qualityFailure(target.creditCode);
    expect(await standings(target)).toEqual({ supervisory: severe, public: severe });
    const items = (await call(configurer, 'GET', '/publicity-settings')).json().items as PublicitySettingDto[];
    const item = items.find((candidate) => candidate.itemCode === 'quality_failure')!;
    const off = await call(configurer, 'PUT', `/publicity-settings/${item.itemId}`, {
      publicised: false,
      hiddenFields: [],
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(await standings(target)).toEqual({ supervisory: severe, public: clean });
    await call(configurer, 'PUT', `/publicity-settings/${item.itemId}`, { publicised: true, hiddenFields: [] });
    expect(await standings(target)).toEqual({ supervisory: severe, public: severe });
  });

  it('blacklists only for a listing on 严重违法失信名单, whatever its level; for agencies also when sent 内部共享', async () => {
    const listing = (creditCode: string, record: object) =>
      call(clerk, 'POST', '/records', {
        record: {
          itemCode: 'serious_illegal_list',
          creditCode,
          entityName: '贵州信用状况测试有限公司',
          dishonestyLevel: '较重失信',
          ...record,
          fields: {
            reason: '提交虚假材料取得登记',
            decisionNumber: `黔市监列严〔2026〕${Math.floor(Math.random() * 1e6)}号`,
            listedOn: addMonths(today, -1),
            authority: '贵州省市场监督管理局',
          },
        },
      });
    const shown = await entity();
    expect((await listing(shown.creditCode, {})).statusCode).toBe(200);
    const listed = { level: 'serious', badges: ['blacklisted'] };
    expect(await standings(shown)).toEqual({ supervisory: listed, public: listed });
    await qualityFailure(shown.creditCode);
    const both = { level: 'severe', badges: ['blacklisted', 'severe_record'] };
    expect(await standings(shown)).toEqual({ supervisory: both, public: both });

    const withheld = await entity();
    const response = await listing(withheld.creditCode, { useScope: 'shared', withholdingGround: '商业秘密' });
    expect(response.statusCode, response.body).toBe(200);
    expect(await standings(withheld)).toEqual({ supervisory: listed, public: clean });
  });

  it('clears both standings when the record is revoked', async () => {
    const target = await entity();
    const shared = await qualityFailure(target.creditCode, { useScope: 'shared' });
    const shown = await qualityFailure(target.creditCode, { dishonestyLevel: '一般失信' });
    expect(await standings(target)).toEqual({ supervisory: severe, public: { level: 'general', badges: [] } });
    for (const record of [shared, shown]) {
      const response = await call(clerk, 'POST', `/records/${record.id}/revocation`, { reason: '报送有误' });
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await standings(target)).toEqual({ supervisory: clean, public: clean });
  });

  it('clears the supervisory standing when the expiry job ends the window of a record that was never public', async () => {
    const target = await entity();
    const shared = await qualityFailure(target.creditCode, { useScope: 'shared' });
    expect(await standings(target)).toEqual({ supervisory: severe, public: clean });
    // Its window ended yesterday (as if three years had passed), but nothing has recomputed the standing yet.
    await database.db
      .updateTable('records')
      .set({ publicityUntil: addMonths(today, -1) })
      .where('id', '=', shared.id)
      .execute();
    expect(await standings(target)).toEqual({ supervisory: severe, public: clean });
    await schedulePublicityJobs(database.db);
    await runJobsUntilIdle(database.db, publicityJobs({ db: database.db }));
    expect(await standings(target)).toEqual({ supervisory: clean, public: clean });
  });

  it('answers no standing for an id that names no entity', async () => {
    expect((await getSupervisoryStanding(database.db, [999_999_999])).size).toBe(0);
  });
});
