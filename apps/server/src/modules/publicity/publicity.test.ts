import type { EnterpriseProfileDto, PublicitySettingDto, RecordDto } from '@gzcredit/contracts';
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
  type TestAgency,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { nextDailyRun, runJobsUntilIdle } from '../../platform/jobs';
import { EXPIRE_RECORDS_JOB, publicityJobs, schedulePublicityJobs } from './index';

let database: DatabaseHandle;
let app: FastifyInstance;
let bureau: TestAgency;
let configurer: TestSession;
let submitter: TestSession;
const today = chinaToday();

const call = (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

async function settings(session = configurer): Promise<PublicitySettingDto[]> {
  const response = await call(session, 'GET', '/publicity-settings');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}
const settingOf = async (itemCode: string) => (await settings()).find((item) => item.itemCode === itemCode)!;

async function profile(creditCode: string): Promise<EnterpriseProfileDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function severePenalty(creditCode: string, marker: string): Promise<RecordDto> {
  const response = await call(submitter, 'POST', '/records', {
    record: penaltyRecord(creditCode, {
      entityName: '贵州公示期测试有限公司',
      dishonestyLevel: '严重失信',
      fields: { decisionNumber: marker, decisionDate: addMonths(today, -2), authority: '贵州省市场监督管理局' },
    }),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' });
  const { db } = database;
  bureau = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  configurer = await openSession(
    db,
    (
      await createAccount(db, {
        agencyId: Number(bureau.id),
        permissions: ['publicity.configure'],
        displayName: '王公示',
      })
    ).id,
  );
  submitter = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(bureau.id), permissions: ['record.submit'] })).id,
  );
  // A 良好 item with personal fields (in the 2015 edition only registration data has them, and it is not configurable).
  await sql`
    INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
      default_use_scope, publicity, requires_level, role, sort_order)
    SELECT id, 'quality_award', '质量奖信息', 'good', ARRAY['market_regulation'], ${JSON.stringify([
      { key: 'awardName', label: '奖项名称', type: 'text', required: true },
      { key: 'contactIdCard', label: '联系人身份证号码', type: 'id_card', required: true },
      { key: 'contactMobile', label: '联系人手机号码', type: 'mobile', required: true },
      { key: 'address', label: '联系地址', type: 'text', required: false },
      { key: 'awardedOn', label: '授予日期', type: 'date', required: true },
    ])}::jsonb, 'awardedOn', 'public', ${JSON.stringify({ kind: 'validity', months: 36 })}::jsonb, false, 'record', 999
    FROM catalogue_editions WHERE status = 'current'`.execute(db);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/console/publicity-settings', () => {
  it('lists the current items the agency’s kind provides, each at the catalogue default', async () => {
    const items = await settings();
    expect(items.map((item) => item.itemCode)).toEqual([
      'registration',
      'licence',
      'penalty',
      'abnormal_list',
      'serious_illegal_list',
      'quality_failure',
      'honour',
      'contract_credit',
      'quality_award',
    ]);
    for (const item of items) expect(item).toMatchObject({ publicised: true, hiddenFields: [], configured: false });
    const registration = items[0]!;
    expect(registration.configurable).toBe(false);
    expect(items.slice(1).every((item) => item.configurable)).toBe(true);
    expect(registration.fields.find((field) => field.key === 'legalRepresentativeIdCard')).toMatchObject({
      type: 'id_card',
      publicisable: false,
    });
    expect(registration.fields.find((field) => field.key === 'contactMobile')?.publicisable).toBe(true);
  });

  it('refuses an account without publicity.configure', async () => {
    const response = await call(submitter, 'GET', '/publicity-settings');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
  });
});

describe('PUT /api/console/publicity-settings/:id', () => {
  it('stores the setting in field order without identity-card fields, audited, and shows who set it', async () => {
    const award = await settingOf('quality_award');
    const response = await call(configurer, 'PUT', `/publicity-settings/${award.itemId}`, {
      publicised: true,
      hiddenFields: ['address', 'contactIdCard', 'contactMobile', 'address'],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      itemId: award.itemId,
      publicised: true,
      hiddenFields: ['contactMobile', 'address'],
      configured: true,
      updatedByName: '王公示',
    });
    expect((await settingOf('quality_award')).hiddenFields).toEqual(['contactMobile', 'address']);
    const audit = await database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'publicity.configured')
      .where('result', '=', 'success')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ objectType: 'catalogue-item', objectId: String(award.itemId) });
    expect(audit.details).toMatchObject({ itemCode: 'quality_award', hiddenFields: ['contactMobile', 'address'] });
  });

  it('refuses to configure registration data, which the law publicises as the entity’s basic information', async () => {
    const registration = await settingOf('registration');
    const response = await call(configurer, 'PUT', `/publicity-settings/${registration.itemId}`, {
      publicised: false,
      hiddenFields: [],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '登记注册信息作为市场主体基本信息依法公示（《企业信息公示暂行条例》第六条），不能设定公示内容',
    });
    expect((await settingOf('registration')).configured).toBe(false);
  });

  it('refuses a field the item does not have, in Chinese', async () => {
    const penalty = await settingOf('penalty');
    const response = await call(configurer, 'PUT', `/publicity-settings/${penalty.itemId}`, {
      publicised: true,
      hiddenFields: ['violationFacts', 'nickname'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '“行政处罚信息”没有以下数据项：nickname',
      details: [{ field: 'hiddenFields', message: '“行政处罚信息”没有以下数据项：nickname' }],
    });
    expect((await settingOf('penalty')).configured).toBe(false);
  });

  it('refuses a body without the switch', async () => {
    const penalty = await settingOf('penalty');
    const response = await call(configurer, 'PUT', `/publicity-settings/${penalty.itemId}`, { hiddenFields: [] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an item only other kinds of agency provide, and for an unknown item', async () => {
    const defaulter = await database.db
      .selectFrom('catalogueItems')
      .select('id')
      .where('code', '=', 'judgment_defaulter')
      .executeTakeFirstOrThrow();
    for (const id of [Number(defaulter.id), 999_999]) {
      const response = await call(configurer, 'PUT', `/publicity-settings/${id}`, {
        publicised: false,
        hiddenFields: [],
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('CATALOGUE_ITEM_NOT_FOUND');
    }
  });

  it('keeps applying to records of the item validated against an earlier edition', async () => {
    const code = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: code, name: '贵州旧目录测试有限公司' });
    await severePenalty(code, 'MARK-OLD-EDITION');
    // A new edition with the same items is published: the record keeps its 2015 item.
    await sql`UPDATE catalogue_editions SET status = 'retired' WHERE status = 'current'`.execute(database.db);
    const edition = await database.db
      .insertInto('catalogueEditions')
      .values({ code: '2027版', name: '测试目录（2027版）', publishedOn: today, status: 'current', createdBy: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
        default_use_scope, publicity, requires_level, role, sort_order)
      SELECT ${edition.id}, code, name, category, provider_kinds, fields, arose_field, default_use_scope, publicity,
        requires_level, role, sort_order
      FROM catalogue_items WHERE edition_id <> ${edition.id}`.execute(database.db);
    const penalty = await settingOf('penalty');
    expect(penalty.editionCode).toBe('2027版');
    // The setting made on the 2015 item carries over to the 2027 item.
    expect((await settingOf('quality_award')).hiddenFields).toEqual(['contactMobile', 'address']);

    expect(JSON.stringify(await profile(code))).toContain('MARK-OLD-EDITION');
    const off = await call(configurer, 'PUT', `/publicity-settings/${penalty.itemId}`, {
      publicised: false,
      hiddenFields: [],
    });
    expect(off.statusCode, off.body).toBe(200);
    const hidden = await profile(code);
    expect(JSON.stringify(hidden)).not.toContain('MARK-OLD-EDITION');
    expect(hidden.badges).not.toContain('severe_record');
    await call(configurer, 'PUT', `/publicity-settings/${penalty.itemId}`, { publicised: true, hiddenFields: [] });
    expect((await profile(code)).badges).toContain('severe_record');
  });
});

describe(`job ${EXPIRE_RECORDS_JOB}`, () => {
  it('runs at the next 00:05 China time', () => {
    expect(nextDailyRun(new Date('2026-03-01T15:00:00Z'), '00:05').toISOString()).toBe('2026-03-01T16:05:00.000Z');
    expect(nextDailyRun(new Date('2026-03-01T16:04:59Z'), '00:05').toISOString()).toBe('2026-03-01T16:05:00.000Z');
    expect(nextDailyRun(new Date('2026-03-01T16:05:00Z'), '00:05').toISOString()).toBe('2026-03-02T16:05:00.000Z');
    expect(nextDailyRun(new Date('2026-03-01T02:00:00Z'), '00:05').toISOString()).toBe('2026-03-01T16:05:00.000Z');
  });

  it('expires a record whose window ended, removes the 严重失信 badge, and books exactly one next run', async () => {
    const code = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: code, name: '贵州公示期测试有限公司' });
    const ended = await severePenalty(code, 'MARK-ENDED');
    const running = await severePenalty(uniqueCreditCode(), 'MARK-STILL-RUNNING');
    expect((await profile(code)).badges).toContain('severe_record');
    // Its window ended yesterday (as if three years had passed), but nothing has recomputed the badge yet.
    await database.db
      .updateTable('records')
      .set({ publicityUntil: addMonths(today, -1) })
      .where('id', '=', ended.id)
      .execute();

    expect(await schedulePublicityJobs(database.db)).toBe(true);
    expect(await schedulePublicityJobs(database.db)).toBe(false);
    const ran = await runJobsUntilIdle(database.db, publicityJobs({ db: database.db }));
    expect(ran).toBe(1);

    const rows = await database.db
      .selectFrom('records')
      .select(['id', 'status'])
      .where('id', 'in', [ended.id, running.id])
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.status)).toEqual(['expired', 'active']);
    const after = await profile(code);
    expect(after.badges).not.toContain('severe_record');
    expect(JSON.stringify(after)).not.toContain('MARK-ENDED');
    const search = await app.inject({ method: 'GET', url: `/api/public/enterprises?q=${code}&dishonest=true` });
    expect(search.json().total).toBe(0);

    const pending = await database.db
      .selectFrom('jobs')
      .select(['runAfter'])
      .where('name', '=', EXPIRE_RECORDS_JOB)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.runAfter.getTime()).toBeGreaterThan(Date.now());
    expect(new Date(pending[0]!.runAfter.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('00:05');
    // A start while the next run is booked adds none.
    expect(await schedulePublicityJobs(database.db)).toBe(false);
  });
});
