import {
  type EnterpriseProfileDto,
  PROFILE_SECTION_KEYS,
  type ProfileRecordDto,
  type RecordDto,
} from '@gzcredit/contracts';
import { addMonths, chinaToday, DEFAULT_LEVEL_WINDOWS } from '@gzcredit/domain';
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
import { type FieldOverrides, penaltyFields } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';

/*
 * The public profile (SPEC C9, §4 GET /api/public/enterprises/{creditCode}): only what decidePublicity allows leaves
 * through it. Every record carries a marker in its 决定书文号 so the raw JSON can be searched for what must not be there.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
let court: TestSession;
const code = uniqueCreditCode();
const quietCode = uniqueCreditCode();
const today = chinaToday();
const recent = addMonths(today, -1);
const SCRIPT = `<script>alert(1)</script>"'&`;
const ID_CARD = '11010519491231002X';
const MOBILE = '13812345678';
const ids: Record<string, number> = {};

const call = (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

/** The fields of a penalty that arose a month ago, its 决定书文号 the marker. */
const markedPenaltyFields = (marker: string, overrides: FieldOverrides = {}) =>
  penaltyFields({ decisionNumber: marker, decisionDate: recent, authority: '贵州省市场监督管理局', ...overrides });

async function submit(session: TestSession, record: Record<string, unknown>): Promise<RecordDto> {
  const response = await call(session, 'POST', '/records', {
    record: { creditCode: code, entityName: '贵州公示测试科技有限公司', ...record },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDto;
}

async function penalty(marker: string, extra: Record<string, unknown> = {}, fields: Record<string, string> = {}) {
  const record = await submit(clerk, {
    itemCode: 'penalty',
    dishonestyLevel: '一般失信',
    fields: markedPenaltyFields(marker, fields),
    ...extra,
  });
  ids[marker] = record.id;
  return record;
}

async function profile(creditCode = code) {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.json() as EnterpriseProfileDto, text: response.body };
}

const section = (body: EnterpriseProfileDto, key: (typeof PROFILE_SECTION_KEYS)[number]) =>
  body.sections.find((candidate) => candidate.key === key)!.records;
const field = (record: ProfileRecordDto, label: string) => record.fields.find((item) => item.label === label)?.value;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' });
  const bureau = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const courtAgency = await createAgency(db, {
    name: '贵州省高级人民法院',
    regionCode: '520000',
    level: 'province',
    kind: 'judicial',
  });
  const clerkAccount = await createAccount(db, {
    agencyId: Number(bureau.id),
    permissions: ['record.submit', 'record.correct', 'publicity.configure'],
  });
  clerk = await openSession(db, clerkAccount.id);
  court = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(courtAgency.id), permissions: ['record.submit'] })).id,
  );
  await createEnterprise(db, { creditCode: code, name: '贵州公示测试科技有限公司' });
  await createEnterprise(db, { creditCode: quietCode, name: '贵州无记录商贸有限公司' });

  // A 良好 item of the current edition whose records carry personal data (the 2015 edition has such fields only in
  // registration data, which the profile shows as the entity's own fields).
  await sql`
    INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
      default_use_scope, publicity, requires_level, role, sort_order)
    SELECT id, 'quality_award', '质量奖信息', 'good', ARRAY['market_regulation'], ${JSON.stringify([
      { key: 'awardName', label: '奖项名称', type: 'text', required: true },
      { key: 'contactIdCard', label: '联系人身份证号码', type: 'id_card', required: true },
      { key: 'contactMobile', label: '联系人手机号码', type: 'mobile', required: true },
      { key: 'awardedOn', label: '授予日期', type: 'date', required: true },
    ])}::jsonb, 'awardedOn', 'public', ${JSON.stringify({ kind: 'validity', months: 36 })}::jsonb, false, 'record', 999
    FROM catalogue_editions WHERE status = 'current'`.execute(db);

  await penalty('MARK-PUBLIC', {}, { violationFacts: `门店宣传 ${SCRIPT}` });
  await penalty('MARK-SHARED', { useScope: 'shared', withholdingGround: '商业秘密' });
  await penalty('MARK-AUTHORISED', { useScope: 'authorised', withholdingGround: '个人隐私' });
  await penalty('MARK-INTERNAL', { useScope: 'internal', withholdingGround: '国家秘密' });
  // 一般失信 is publicised for at most 12 months (SPEC §3): this one arose 13 months ago.
  const old = addMonths(today, -DEFAULT_LEVEL_WINDOWS.general.maxMonths - 1);
  await penalty('MARK-OUT-OF-WINDOW', {}, { decisionDate: old });
  await penalty('MARK-REVOKED');
  await penalty('MARK-CLASSIFIED');
  await penalty('MARK-BEFORE-CORRECTION', { dishonestyLevel: '严重失信' });
  await penalty('MARK-OTHER-LEVEL-GENERAL', {}, {});
  await submit(clerk, {
    itemCode: 'abnormal_list',
    dishonestyLevel: '一般失信',
    fields: {
      reason: '未按照规定报送年度报告',
      decisionNumber: 'MARK-ABNORMAL',
      listedOn: recent,
      authority: '贵州省市场监督管理局',
    },
  });
  await submit(clerk, {
    itemCode: 'serious_illegal_list',
    dishonestyLevel: '严重失信',
    fields: {
      reason: 'MARK-HIDDEN-REASON',
      decisionNumber: 'MARK-SERIOUS',
      listedOn: recent,
      authority: '贵州省市场监督管理局',
    },
  });
  await submit(clerk, {
    itemCode: 'quality_failure',
    dishonestyLevel: '较重失信',
    fields: {
      productName: '电线电缆',
      failedItems: '导体电阻',
      announcementNumber: 'MARK-QUALITY-SERIOUS',
      announcedOn: addMonths(today, -3),
      authority: '贵州省市场监督管理局',
    },
  });
  await submit(clerk, {
    itemCode: 'quality_failure',
    dishonestyLevel: '一般失信',
    fields: {
      productName: '复合肥料',
      failedItems: '总养分',
      announcementNumber: 'MARK-QUALITY-GENERAL',
      announcedOn: addMonths(today, -2),
      authority: '贵州省市场监督管理局',
    },
  });
  await submit(court, {
    itemCode: 'judgment_defaulter',
    dishonestyLevel: '严重失信',
    fields: {
      caseNumber: 'MARK-COURT',
      authority: '贵阳市中级人民法院',
      basisNumber: '（2025）黔01民初100号',
      obligation: '支付货款及利息',
      performance: '全部未履行',
      circumstances: '有履行能力而拒不履行生效法律文书确定义务',
      filedOn: addMonths(today, -4),
      publishedOn: addMonths(today, -4),
    },
  });
  await submit(clerk, {
    itemCode: 'licence',
    fields: {
      documentName: '准予行政许可决定书',
      decisionNumber: 'MARK-LICENCE',
      licenceCategory: '普通',
      licenceContent: '食品经营',
      decisionDate: recent,
      validFrom: recent,
      validTo: addMonths(today, 24),
      authority: '贵州省市场监督管理局',
    },
  });
  await submit(clerk, {
    itemCode: 'quality_award',
    fields: { awardName: 'MARK-AWARD', contactIdCard: ID_CARD, contactMobile: MOBILE, awardedOn: recent },
  });

  const revoked = await call(clerk, 'POST', `/records/${ids['MARK-REVOKED']}/revocation`, { reason: '重复报送' });
  expect(revoked.statusCode, revoked.body).toBe(200);
  const corrected = await call(clerk, 'POST', `/records/${ids['MARK-BEFORE-CORRECTION']}/corrections`, {
    reason: '处罚决定书文号录入有误',
    record: {
      entityName: '贵州公示测试科技有限公司',
      dishonestyLevel: '严重失信',
      fields: markedPenaltyFields('MARK-AFTER-CORRECTION'),
    },
  });
  expect(corrected.statusCode, corrected.body).toBe(200);
  await db.updateTable('records').set({ classified: true }).where('id', '=', ids['MARK-CLASSIFIED']!).execute();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/public/enterprises/{creditCode}: sections', () => {
  it('returns all eight sections in order, empty ones included', async () => {
    const { body } = await profile(quietCode);
    expect(body.sections.map((item) => item.key)).toEqual([...PROFILE_SECTION_KEYS]);
    expect(body.sections.map((item) => item.title)).toEqual([
      '行政许可信息',
      '行政处罚信息',
      '经营异常名录',
      '严重违法失信名单',
      '已移出的名单记录',
      '其他不良信息',
      '良好信息',
      '更正与修复记录',
    ]);
    expect(body.sections.every((item) => item.records.length === 0)).toBe(true);
  });

  it('shows an allowed record with its agency, dates, level and publicised fields', async () => {
    const { body } = await profile();
    const record = section(body, 'penalties').find((item) => field(item, '行政处罚决定书文号') === 'MARK-PUBLIC')!;
    expect(record).toMatchObject({
      itemCode: 'penalty',
      itemName: '行政处罚信息',
      agencyName: '贵州省市场监督管理局',
      aroseOn: recent,
      dishonestyLevel: 'general',
      publicityUntil: addMonths(recent, 12),
    });
    expect(Date.parse(record.receivedAt)).toBeGreaterThan(0);
    expect(record.fields.map((item) => item.label)).toContain('违法事实');
    expect(section(body, 'licences').map((item) => field(item, '行政许可决定文书号'))).toEqual(['MARK-LICENCE']);
    expect(section(body, 'abnormal').map((item) => field(item, '列入决定书文号'))).toEqual(['MARK-ABNORMAL']);
    expect(section(body, 'serious_illegal').map((item) => field(item, '列入决定书文号'))).toEqual(['MARK-SERIOUS']);
    expect(body.badges).toEqual(expect.arrayContaining(['blacklisted', 'abnormal']));
  });

  it.each(['MARK-SHARED', 'MARK-AUTHORISED', 'MARK-INTERNAL', 'MARK-OUT-OF-WINDOW', 'MARK-REVOKED', 'MARK-CLASSIFIED'])(
    'never shows %s anywhere in the JSON',
    async (marker) => {
      const { text } = await profile();
      expect(text).toContain('MARK-PUBLIC');
      expect(text).not.toContain(marker);
    },
  );

  it('shows a corrected chain once as its current version, and under 更正记录 with the version before', async () => {
    const { body, text } = await profile();
    const penalties = section(body, 'penalties').map((item) => field(item, '行政处罚决定书文号'));
    expect(penalties).toContain('MARK-AFTER-CORRECTION');
    expect(penalties).not.toContain('MARK-BEFORE-CORRECTION');
    const [correction, ...others] = section(body, 'corrections');
    expect(others).toEqual([]);
    expect(field(correction!, '行政处罚决定书文号')).toBe('MARK-AFTER-CORRECTION');
    expect(correction!.correction).toMatchObject({ reason: '处罚决定书文号录入有误' });
    expect(correction!.correction!.before.find((item) => item.label === '行政处罚决定书文号')?.value).toBe(
      'MARK-BEFORE-CORRECTION',
    );
    // The old version appears only as the "before" of the correction, never as a record of its own.
    expect(text.split('MARK-BEFORE-CORRECTION')).toHaveLength(2);
  });

  it('orders 其他不良信息 严重 → 较重 → 一般, then newest, with each agency named', async () => {
    const { body } = await profile();
    const others = section(body, 'bad_other');
    expect(others.map((item) => [item.itemCode, item.dishonestyLevel])).toEqual([
      ['judgment_defaulter', 'severe'],
      ['quality_failure', 'serious'],
      ['quality_failure', 'general'],
    ]);
    expect(others[0]!.agencyName).toBe('贵州省高级人民法院');
  });

  it('masks a mobile and never shows an identity-card number, masked or not', async () => {
    const { body, text } = await profile();
    const [award] = section(body, 'good');
    expect(field(award!, '奖项名称')).toBe('MARK-AWARD');
    expect(field(award!, '联系人手机号码')).toBe('138****5678');
    expect(award!.fields.map((item) => item.label)).not.toContain('联系人身份证号码');
    expect(text).not.toContain(MOBILE);
    expect(text).not.toContain(ID_CARD);
    expect(text).not.toContain('1101**********002X');
  });

  it('returns record text with markup and quotes verbatim, as JSON text', async () => {
    const { body, text } = await profile();
    const record = section(body, 'penalties').find((item) => field(item, '行政处罚决定书文号') === 'MARK-PUBLIC')!;
    expect(field(record, '违法事实')).toBe(`门店宣传 ${SCRIPT}`);
    expect(text).toContain('<script>alert(1)</script>');
  });
});

describe('GET /api/public/enterprises/{creditCode}: the agency’s publicity settings', () => {
  const settingOf = async (itemCode: string) => {
    const response = await call(clerk, 'GET', '/publicity-settings');
    return (response.json() as { items: Array<{ itemId: number; itemCode: string }> }).items.find(
      (item) => item.itemCode === itemCode,
    )!;
  };

  it('hides a field the agency keeps back and keeps the record', async () => {
    const item = await settingOf('serious_illegal_list');
    const response = await call(clerk, 'PUT', `/publicity-settings/${item.itemId}`, {
      publicised: true,
      hiddenFields: ['reason'],
    });
    expect(response.statusCode, response.body).toBe(200);
    const { body, text } = await profile();
    const [record] = section(body, 'serious_illegal');
    expect(field(record!, '列入决定书文号')).toBe('MARK-SERIOUS');
    expect(record!.fields.map((entry) => entry.label)).not.toContain('列入严重违法失信名单原因');
    expect(text).not.toContain('MARK-HIDDEN-REASON');
  });

  it('takes an item the agency does not publicise out of the profile and out of the badges at once', async () => {
    const item = await settingOf('abnormal_list');
    const response = await call(clerk, 'PUT', `/publicity-settings/${item.itemId}`, {
      publicised: false,
      hiddenFields: [],
      withholdingGround: '国家秘密',
    });
    expect(response.statusCode, response.body).toBe(200);
    const { body, text } = await profile();
    expect(section(body, 'abnormal')).toEqual([]);
    expect(text).not.toContain('MARK-ABNORMAL');
    expect(body.badges).not.toContain('abnormal');
    const search = await app.inject({ method: 'GET', url: `/api/public/enterprises?q=${code}` });
    expect(search.json().items[0].badges).not.toContain('abnormal');

    const back = await call(clerk, 'PUT', `/publicity-settings/${item.itemId}`, { publicised: true, hiddenFields: [] });
    expect(back.statusCode).toBe(200);
    expect((await profile()).body.badges).toContain('abnormal');
  });

  it('takes every record of a switched-off item out, corrections included, and leaves other agencies’ records', async () => {
    const item = await settingOf('penalty');
    const off = { publicised: false, hiddenFields: [], withholdingGround: '国家秘密' };
    expect((await call(clerk, 'PUT', `/publicity-settings/${item.itemId}`, off)).statusCode).toBe(200);
    const { body, text } = await profile();
    expect(section(body, 'penalties')).toEqual([]);
    expect(text).not.toContain('MARK-PUBLIC');
    expect(section(body, 'corrections')).toEqual([]);
    expect(section(body, 'bad_other').map((record) => record.itemCode)).toContain('judgment_defaulter');
    await call(clerk, 'PUT', `/publicity-settings/${item.itemId}`, { publicised: true, hiddenFields: [] });
  });
});
