import type { RecordDetailDto, RecordDto, RecordInputBody } from '@gzcredit/contracts';
import {
  buildCreditCode,
  chinaToday,
  idCardCheckCharacter,
  maskIdCard,
  organizationCodeCheckCharacter,
} from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
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
import { penaltyFields, penaltyRecord, registrationRecord } from '../../../test/records';
import { sm4Decrypt } from '../../platform/crypto';
import type { DatabaseHandle } from '../../platform/database';
import { loadWorkingDayCalendar, seedCalendarFromLibrary } from '../calendar';
import { loadSubmissionContext, submitRecords } from './records.service';

let database: DatabaseHandle;
let app: FastifyInstance;
let own: TestAgency;
let other: TestAgency;
let timely: TestAgency;
/** 贵阳市市场监督管理局: every record permission. */
let clerk: TestSession;
let submitterOnly: TestSession;
let queryOnly: TestSession;
let exchangeConfigurer: TestSession;
/** 遵义市市场监督管理局: every record permission, another agency. */
let otherClerk: TestSession;
let timelyClerk: TestSession;
let overseer: TestSession;
let operator: TestSession;
const CLERK_NAME = '贵阳信用科张三';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = (session: TestSession, method: Method, url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

async function submitForm(session: TestSession, record: object): Promise<RecordDto> {
  const response = await call(session, 'POST', '/records', { record });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDto;
}

async function detail(session: TestSession, id: number): Promise<RecordDetailDto> {
  const response = await call(session, 'GET', `/records/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDetailDto;
}

async function enterpriseStanding(creditCode: string) {
  return database.db
    .selectFrom('enterprises')
    .select(['dishonestyLevel', 'badges'])
    .where('creditCode', '=', creditCode)
    .executeTakeFirstOrThrow();
}

async function count(table: 'records' | 'exchangeBatches' | 'recordEvents'): Promise<number> {
  const row = await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A credit code whose 18th character is right but whose embedded 组织机构代码 fails its own check (a pilot code). */
function pilotCreditCode(): string {
  const valid = uniqueCreditCode();
  const first8 = valid.slice(8, 16);
  const wrong = organizationCodeCheckCharacter(first8) === '1' ? '2' : '1';
  return buildCreditCode(`${valid.slice(0, 16)}${wrong}`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await seedCalendarFromLibrary(database.db);
  const db = database.db;
  const province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  own = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(province.id),
  });
  other = await createAgency(db, {
    name: '遵义市市场监督管理局',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(province.id),
  });
  timely = await createAgency(db, {
    name: '安顺市市场监督管理局',
    regionCode: '520400',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(province.id),
  });
  const reform = await createAgency(db, {
    name: '贵州省发展和改革委员会',
    regionCode: '520000',
    level: 'province',
    kind: 'development_reform',
  });
  const all = ['record.submit', 'record.query', 'record.correct', 'record.annotate'] as const;
  const session = async (
    agency: TestAgency,
    permissions: Parameters<typeof createAccount>[1]['permissions'],
    name?: string,
  ) =>
    openSession(
      db,
      (await createAccount(db, { agencyId: Number(agency.id), permissions, ...(name ? { displayName: name } : {}) }))
        .id,
    );
  clerk = await session(own, [...all], CLERK_NAME);
  submitterOnly = await session(own, ['record.submit']);
  queryOnly = await session(own, ['record.query']);
  exchangeConfigurer = await session(own, ['exchange.configure']);
  otherClerk = await session(other, [...all]);
  timelyClerk = await session(timely, [...all]);
  overseer = await session(reform, ['oversight']);
  operator = await session(province, ['platform.operator']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('single-record form (C4(c), Art. 13)', () => {
  it('stores a valid record typed into the form and answers it with its deadline figures', async () => {
    const entity = await createEnterprise(database.db);
    const record = await submitForm(clerk, penaltyRecord(entity.creditCode));
    expect(record).toMatchObject({
      version: 1,
      status: 'active',
      channel: 'form',
      matched: true,
      creditCode: entity.creditCode,
      dishonestyLevel: 'general',
      agency: { id: Number(own.id), name: '贵阳市市场监督管理局' },
      item: { code: 'penalty', category: 'bad', editionCode: '2015版' },
    });
    expect(record.rootId).toBe(record.id);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'objectType', 'result'])
      .where('objectId', '=', String(record.id))
      .where('action', '=', 'record.submitted')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ objectType: 'record', result: 'success' });
  });

  it('refuses a 不良 record without a dishonesty level with a Chinese error on dishonestyLevel and stores nothing', async () => {
    const code = uniqueCreditCode();
    const [records, batches] = [await count('records'), await count('exchangeBatches')];
    const response = await call(clerk, 'POST', '/records', {
      record: penaltyRecord(code, { dishonestyLevel: undefined }),
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('RECORD_INVALID');
    expect(error.details.errors).toEqual([
      { field: 'dishonestyLevel', label: '失信等级', message: expect.stringMatching(/不良信息必须标注失信等级/) },
    ]);
    expect(error.message).toContain('失信等级');
    expect(await count('records')).toBe(records);
    expect(await count('exchangeBatches')).toBe(batches);
  });

  it('maps every field error of a refused record onto its field', async () => {
    const response = await call(clerk, 'POST', '/records', {
      record: penaltyRecord(uniqueCreditCode(), {
        fields: { decisionDate: '2026-02-30', fineAmount: '两万' },
      }),
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().error.details.errors as Array<{ field: string }>).map((error) => error.field);
    expect(fields.sort()).toEqual(['fields.decisionDate', 'fields.fineAmount']);
  });

  it('refuses a typed credit code whose embedded organisation code fails (manual entry), which the API accepts flagged', async () => {
    const code = pilotCreditCode();
    const response = await call(clerk, 'POST', '/records', { record: penaltyRecord(code) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.errors[0]).toMatchObject({
      field: 'creditCode',
      message: expect.stringContaining('组织机构代码'),
    });
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    const pushed = await database.db
      .transaction()
      .execute((trx) =>
        submitRecords(
          trx,
          { agencyId: Number(own.id), agencyKind: 'market_regulation', accountId: null, channel: 'api' },
          context,
          [penaltyRecord(code)],
        ),
      );
    expect(pushed.results[0]).toMatchObject({ status: 'accepted' });
    // A correction keeps the stored code and is not refused as a manual entry would be (bug: it was).
    const corrected = await call(clerk, 'POST', `/records/${pushed.results[0]!.recordId}/corrections`, {
      reason: '罚款金额录入有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ fineAmount: '3' }),
      },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ version: 2, flaggedForReview: true, creditCode: code });
  });

  it('needs record.submit: a query-only account may read but not submit', async () => {
    expect((await call(queryOnly, 'GET', '/records')).statusCode).toBe(200);
    const response = await call(queryOnly, 'POST', '/records', { record: penaltyRecord(uniqueCreditCode()) });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
  });
});

describe('corrections (C8, Art. 16)', () => {
  it('creates version 2 with the reason, marks version 1 corrected, and shows both versions', async () => {
    const entity = await createEnterprise(database.db);
    const first = await submitForm(
      clerk,
      penaltyRecord(entity.creditCode, { fields: { decisionNumber: '筑市监罚〔2026〕12号' } }),
    );
    const response = await call(clerk, 'POST', `/records/${first.id}/corrections`, {
      reason: '处罚决定书文号录入有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ decisionNumber: '筑市监罚〔2026〕13号' }),
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const second = response.json() as RecordDto;
    expect(second).toMatchObject({
      version: 2,
      rootId: first.id,
      status: 'active',
      channel: 'correction',
      reason: '处罚决定书文号录入有误',
      dueOn: first.dueOn,
      daysLate: first.daysLate,
    });
    expect(second.payload.decisionNumber).toBe('筑市监罚〔2026〕13号');

    for (const id of [first.id, second.id]) {
      const history = await detail(clerk, id);
      expect(history.record.id).toBe(id);
      expect(history.versions.map((version) => [version.id, version.version, version.status])).toEqual([
        [first.id, 1, 'corrected'],
        [second.id, 2, 'active'],
      ]);
      expect(history.versions[0]!.payload.decisionNumber).toBe('筑市监罚〔2026〕12号');
      expect(history.events).toEqual([
        expect.objectContaining({
          recordId: second.id,
          kind: 'corrected',
          reason: '处罚决定书文号录入有误',
          accountName: CLERK_NAME,
        }),
      ]);
    }
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result'])
      .where('objectType', '=', 'record')
      .where('objectId', '=', String(first.id))
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['record.submitted', 'record.corrected', 'record.viewed']);
  });

  it('refuses to correct an old (corrected) version with 409 RECORD_STATE_CONFLICT', async () => {
    const first = await submitForm(clerk, penaltyRecord(uniqueCreditCode()));
    const body = (number: string) => ({
      reason: '文号有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ decisionNumber: number }),
      },
    });
    expect(
      (await call(clerk, 'POST', `/records/${first.id}/corrections`, body('筑市监罚〔2026〕20号'))).statusCode,
    ).toBe(200);
    const again = await call(clerk, 'POST', `/records/${first.id}/corrections`, body('筑市监罚〔2026〕21号'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RECORD_STATE_CONFLICT');
    for (const route of ['revocation', 'annotation']) {
      const response = await call(clerk, 'POST', `/records/${first.id}/${route}`, {
        reason: '重复报送',
        level: 'severe',
      });
      expect(response.json().error.code).toBe('RECORD_STATE_CONFLICT');
    }
  });

  it('refuses a correction that changes nothing, and one whose content fails validation', async () => {
    const sent = penaltyRecord(uniqueCreditCode());
    const first = await submitForm(clerk, sent);
    const same = await call(clerk, 'POST', `/records/${first.id}/corrections`, {
      reason: '核对无误',
      record: { entityName: '贵州测试科技有限公司', dishonestyLevel: '一般失信', fields: sent.fields },
    });
    expect(same.json().error.code).toBe('RECORD_UNCHANGED');
    const invalid = await call(clerk, 'POST', `/records/${first.id}/corrections`, {
      reason: '更正失信等级',
      record: { entityName: '贵州测试科技有限公司', fields: penaltyFields() },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.errors[0].field).toBe('dishonestyLevel');
    expect((await detail(clerk, first.id)).versions).toHaveLength(1);
  });

  it('keeps personal values sent back masked, and applies a changed identity number even when its mask is the same', async () => {
    const code = uniqueCreditCode();
    const first = await submitForm(clerk, registrationRecord(code));
    expect(first.payload.legalRepresentativeIdCard).toBe('1101**********002X');
    const fields = { ...first.payload, address: '贵州省贵阳市南明区花果园街道2号' };
    const moved = await call(clerk, 'POST', `/records/${first.id}/corrections`, {
      reason: '住所变更',
      record: { entityName: first.entityName, fields },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const second = moved.json() as RecordDto;
    const cipherOf = async (id: number) => {
      const row = await database.db
        .selectFrom('records')
        .select('personalCipher')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return JSON.parse(sm4Decrypt(TEST_DATA_KEY, row.personalCipher!));
    };
    expect(await cipherOf(second.id)).toEqual({
      legalRepresentativeIdCard: '11010519491231002X',
      contactMobile: '13812345678',
    });
    // Another birth date, the same last four characters: the masked form is identical, the number is not.
    const changedId = Array.from({ length: 300 }, (_, day) => {
      const birth = new Date(Date.UTC(1960, 0, 1 + day)).toISOString().slice(0, 10).replace(/-/g, '');
      return `110105${birth}002`;
    })
      .map((first17) => `${first17}${idCardCheckCharacter(first17)}`)
      .find((id) => id.endsWith('002X'))!;
    expect(maskIdCard(changedId)).toBe(second.payload.legalRepresentativeIdCard);
    const changed = await call(clerk, 'POST', `/records/${second.id}/corrections`, {
      reason: '法定代表人身份证号码录入有误',
      record: { entityName: first.entityName, fields: { ...second.payload, legalRepresentativeIdCard: changedId } },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await cipherOf((changed.json() as RecordDto).id)).legalRepresentativeIdCard).toBe(changedId);
  });
});

describe('dishonesty levels (C5, Art. 22(七))', () => {
  it('annotates a level, traces it with from and to, and gives and takes the entity’s 严重失信 badge', async () => {
    const entity = await createEnterprise(database.db);
    const record = await submitForm(clerk, penaltyRecord(entity.creditCode));
    expect(await enterpriseStanding(entity.creditCode)).toEqual({ dishonestyLevel: 'general', badges: [] });

    const severe = await call(clerk, 'POST', `/records/${record.id}/annotation`, {
      level: 'severe',
      reason: '经复核属于严重失信',
    });
    expect(severe.statusCode, severe.body).toBe(200);
    expect(severe.json()).toMatchObject({ id: record.id, dishonestyLevel: 'severe', version: 1 });
    // The publicity window follows the level (严重: 3 years from the decision date).
    expect(severe.json().publicityUntil).toBe('2029-11-02');
    expect(await enterpriseStanding(entity.creditCode)).toEqual({
      dishonestyLevel: 'severe',
      badges: ['severe_record'],
    });

    const general = await call(clerk, 'POST', `/records/${record.id}/annotation`, {
      level: 'general',
      reason: '行政复议后调整为一般失信',
    });
    expect(general.statusCode).toBe(200);
    expect(await enterpriseStanding(entity.creditCode)).toEqual({ dishonestyLevel: 'general', badges: [] });

    const history = await detail(clerk, record.id);
    expect(history.events.map((event) => [event.kind, event.details, event.reason, event.accountName])).toEqual([
      ['annotated', { from: 'general', to: 'severe' }, '经复核属于严重失信', CLERK_NAME],
      ['annotated', { from: 'severe', to: 'general' }, '行政复议后调整为一般失信', CLERK_NAME],
    ]);
    const same = await call(clerk, 'POST', `/records/${record.id}/annotation`, {
      level: 'general',
      reason: '再次确认',
    });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('RECORD_UNCHANGED');
  });

  it('refuses to annotate a record that is not 不良, and an account without record.annotate', async () => {
    const record = await submitForm(clerk, registrationRecord(uniqueCreditCode()));
    const response = await call(clerk, 'POST', `/records/${record.id}/annotation`, {
      level: 'general',
      reason: '标注',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('RECORD_INVALID');
    const bad = await submitForm(clerk, penaltyRecord(uniqueCreditCode()));
    const refused = await call(submitterOnly, 'POST', `/records/${bad.id}/annotation`, {
      level: 'severe',
      reason: '标注',
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('revocation (Art. 16, 24)', () => {
  it("removes the record's effect on the entity's badges at once", async () => {
    const entity = await createEnterprise(database.db);
    const record = await submitForm(clerk, penaltyRecord(entity.creditCode, { dishonestyLevel: '严重失信' }));
    expect(await enterpriseStanding(entity.creditCode)).toEqual({
      dishonestyLevel: 'severe',
      badges: ['severe_record'],
    });
    const response = await call(clerk, 'POST', `/records/${record.id}/revocation`, { reason: '处罚决定已被撤销' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: record.id, status: 'revoked' });
    expect(await enterpriseStanding(entity.creditCode)).toEqual({ dishonestyLevel: null, badges: [] });
    const history = await detail(clerk, record.id);
    expect(history.events).toEqual([expect.objectContaining({ kind: 'revoked', reason: '处罚决定已被撤销' })]);
    const again = await call(clerk, 'POST', `/records/${record.id}/revocation`, { reason: '再次撤销' });
    expect(again.json().error.code).toBe('RECORD_STATE_CONFLICT');
    const short = await call(clerk, 'POST', `/records/${record.id}/revocation`, { reason: '撤' });
    expect(short.statusCode).toBe(400);
  });
});

describe("another agency's records (Art. 16, 24: only the providing agency)", () => {
  it('answers every record route with 404 RECORD_NOT_FOUND and changes nothing', async () => {
    const entity = await createEnterprise(database.db);
    const record = await submitForm(clerk, penaltyRecord(entity.creditCode));
    const snapshot = async () => ({
      row: await database.db.selectFrom('records').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow(),
      versions: await database.db
        .selectFrom('records')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', record.id), eb('rootId', '=', record.id)]))
        .execute(),
      events: await database.db.selectFrom('recordEvents').select('id').where('recordId', '=', record.id).execute(),
      standing: await enterpriseStanding(entity.creditCode),
      batches: await count('exchangeBatches'),
    });
    const before = await snapshot();
    const attempts: Array<[Method, string, object | undefined]> = [
      ['GET', `/records/${record.id}`, undefined],
      [
        'POST',
        `/records/${record.id}/corrections`,
        {
          reason: '冒名更正',
          record: { entityName: '贵州测试科技有限公司', dishonestyLevel: '严重失信', fields: penaltyFields() },
        },
      ],
      ['POST', `/records/${record.id}/revocation`, { reason: '冒名撤销' }],
      ['POST', `/records/${record.id}/annotation`, { level: 'severe', reason: '冒名标注' }],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await call(otherClerk, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('RECORD_NOT_FOUND');
    }
    expect(await snapshot()).toEqual(before);
    const list = await call(otherClerk, 'GET', `/records?q=${entity.creditCode}`);
    expect(list.json()).toEqual({ items: [], total: 0 });
    const failures = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result'])
      .where('objectType', '=', 'record')
      .where('objectId', '=', String(record.id))
      .where('result', '=', 'failure')
      .orderBy('id')
      .execute();
    expect(failures.map((row) => row.action)).toEqual([
      'record.viewed',
      'record.corrected',
      'record.revoked',
      'record.annotated',
    ]);
  });

  it('answers an unknown record id with 404 too', async () => {
    const response = await call(clerk, 'GET', '/records/999999999');
    expect(response.json().error.code).toBe('RECORD_NOT_FOUND');
  });
});

describe('record list', () => {
  it('filters the own agency’s current versions by code, name, item, level, lateness, matching and date', async () => {
    const entity = await createEnterprise(database.db, { name: '贵州列表筛选测试有限公司' });
    // Arose today: on time whenever the test runs.
    const a = await submitForm(
      clerk,
      penaltyRecord(entity.creditCode, {
        entityName: '贵州列表筛选测试有限公司',
        fields: { decisionDate: chinaToday() },
      }),
    );
    const b = await submitForm(
      clerk,
      penaltyRecord(entity.creditCode, {
        entityName: '贵州列表筛选测试有限公司',
        dishonestyLevel: '较重失信',
        fields: { decisionNumber: '筑市监罚〔2026〕30号', decisionDate: '2026-09-28' },
      }),
    );
    const list = async (query: string) => {
      const response = await call(clerk, 'GET', `/records?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { items: RecordDto[]; total: number };
    };
    const byCode = await list(`q=${entity.creditCode.toLowerCase()}`);
    expect(byCode.items.map((item) => item.id)).toEqual([b.id, a.id]);
    expect(byCode.total).toBe(2);
    expect((await list(`q=${encodeURIComponent('列表筛选')}`)).items.map((item) => item.id)).toEqual([b.id, a.id]);
    expect((await list(`q=${encodeURIComponent('列表%')}`)).total).toBe(0);
    expect((await list(`q=${entity.creditCode}&level=serious`)).items.map((item) => item.id)).toEqual([b.id]);
    expect((await list(`q=${entity.creditCode}&late=true`)).items.map((item) => item.id)).toEqual([b.id]);
    expect((await list(`q=${entity.creditCode}&late=false`)).items.map((item) => item.id)).toEqual([a.id]);
    expect((await list(`q=${entity.creditCode}&matched=false`)).total).toBe(0);
    expect((await list(`q=${entity.creditCode}&itemId=${a.item.id}`)).total).toBe(2);
    expect((await list(`q=${entity.creditCode}&from=2020-01-01&to=2020-12-31`)).total).toBe(0);
    const today = chinaToday();
    expect((await list(`q=${entity.creditCode}&from=${today}&to=${today}`)).total).toBe(2);
    const page = await list(`q=${entity.creditCode}&page=2&pageSize=1`);
    expect(page).toMatchObject({ total: 2, items: [{ id: a.id }] });

    await call(clerk, 'POST', `/records/${a.id}/corrections`, {
      reason: '文号有误',
      record: {
        entityName: '贵州列表筛选测试有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ decisionNumber: '筑市监罚〔2026〕31号', decisionDate: chinaToday() }),
      },
    });
    const current = await list(`q=${entity.creditCode}`);
    expect(current.items.map((item) => [item.version, item.status])).toEqual([
      [2, 'active'],
      [1, 'active'],
    ]);
    expect((await list(`q=${entity.creditCode}&status=corrected`)).items.map((item) => item.id)).toEqual([a.id]);
    const invalid = await call(clerk, 'GET', '/records?status=deleted');
    expect(invalid.statusCode).toBe(400);
  });
});

describe('matching queue (C7, Art. 29)', () => {
  it('lists a record for an unknown code and empties when the registration record for that code arrives', async () => {
    const code = uniqueCreditCode();
    const waiting = await submitForm(clerk, penaltyRecord(code));
    expect(waiting.matched).toBe(false);
    const queue = await call(clerk, 'GET', '/matching-queue?pageSize=100');
    expect(queue.statusCode).toBe(200);
    const entry = queue.json().items.find((item: { recordId: number }) => item.recordId === waiting.id);
    expect(entry).toMatchObject({
      creditCode: code,
      entityName: '贵州测试科技有限公司',
      item: { code: 'penalty', name: '行政处罚信息' },
      daysWaiting: 0,
    });
    expect(queue.json().total).toBeGreaterThanOrEqual(1);
    const otherQueue = await call(otherClerk, 'GET', '/matching-queue?pageSize=100');
    expect(otherQueue.json().items.map((item: { recordId: number }) => item.recordId)).not.toContain(waiting.id);

    const registered = await submitForm(clerk, registrationRecord(code, { entityName: '贵州排队等待商贸有限公司' }));
    expect(registered.matched).toBe(true);
    const after = await call(clerk, 'GET', '/matching-queue?pageSize=100');
    const ids = after.json().items.map((item: { recordId: number }) => item.recordId);
    expect(ids).not.toContain(waiting.id);
    expect(after.json().total).toBe(queue.json().total - 1);
    expect((await detail(clerk, waiting.id)).record.matched).toBe(true);
    expect(await enterpriseStanding(code)).toEqual({ dishonestyLevel: 'general', badges: [] });
  });
});

describe('timeliness (C6, Art. 12)', () => {
  it('is due 20 working days after it arose, across 国庆, and late by the working days after that', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    const record = await submitForm(
      clerk,
      penaltyRecord(uniqueCreditCode(), { fields: { decisionDate: '2026-09-28' } }),
    );
    expect(record).toMatchObject({ aroseOn: '2026-09-28', dueOn: '2026-10-30', dueProvisional: false });
    expect(record.daysLate).toBeGreaterThan(0);
    expect(record.daysLate).toBe(calendar.workingDaysBetween('2026-10-30', chinaToday()));
  });

  it("computes the agency's volume, late count, rate and average days late by item and month", async () => {
    const submitAs = async (today: string, input: RecordInputBody) => {
      const context = { ...(await loadSubmissionContext(database.db, TEST_DATA_KEY)), today };
      const result = await database.db
        .transaction()
        .execute((trx) =>
          submitRecords(
            trx,
            { agencyId: Number(timely.id), agencyKind: 'market_regulation', accountId: null, channel: 'api' },
            context,
            [input],
          ),
        );
      const id = result.results[0]!.recordId!;
      await database.db
        .updateTable('records')
        .set({ receivedAt: new Date(`${today}T10:00:00+08:00`) })
        .where('id', '=', id)
        .execute();
      return { id, daysLate: result.results[0]!.daysLate };
    };
    const arose = { fields: { decisionDate: '2026-09-28' } };
    const onTime = await submitAs('2026-10-30', penaltyRecord(uniqueCreditCode(), arose));
    // Due 2026-10-30 (a Friday): received Thursday 2026-11-05 is 4 working days late, 2026-11-10 is 7.
    const late4 = await submitAs('2026-11-05', penaltyRecord(uniqueCreditCode(), arose));
    const late7 = await submitAs('2026-11-10', penaltyRecord(uniqueCreditCode(), arose));
    expect([onTime.daysLate, late4.daysLate, late7.daysLate]).toEqual([0, 4, 7]);
    // A correction is not a new transmission: it adds no volume.
    const correction = await call(timelyClerk, 'POST', `/records/${late4.id}/corrections`, {
      reason: '文号有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ decisionNumber: '筑市监罚〔2026〕40号', decisionDate: '2026-09-28' }),
      },
    });
    expect(correction.statusCode, correction.body).toBe(200);
    expect(correction.json().daysLate).toBe(4);

    const response = await call(timelyClerk, 'GET', '/timeliness?from=2026-10-01&to=2026-11-30');
    expect(response.statusCode, response.body).toBe(200);
    const figures = response.json();
    const penaltyFigures = figures.byItem.find((row: { item: { code: string } }) => row.item.code === 'penalty');
    expect(penaltyFigures).toMatchObject({ volume: 3, late: 2, rate: 33.3, averageDaysLate: 5.5 });
    expect(figures.byMonth[0]).toEqual({ month: '2026-10', volume: 1, late: 0, rate: 100, averageDaysLate: null });
    expect(figures.byMonth[1]).toEqual({ month: '2026-11', volume: 2, late: 2, rate: 0, averageDaysLate: 5.5 });
    expect(figures.byMonth).toHaveLength(2);
    expect(figures.total).toEqual({ volume: 3, late: 2, rate: 33.3, averageDaysLate: 5.5 });
    expect(figures.from).toBe('2026-10-01');

    const october = (await call(timelyClerk, 'GET', '/timeliness?from=2026-10-01&to=2026-10-31')).json();
    expect(october.total).toEqual({ volume: 1, late: 0, rate: 100, averageDaysLate: null });
    // Another agency's figures do not include these.
    const others = (await call(otherClerk, 'GET', '/timeliness?from=2026-10-01&to=2026-11-30')).json();
    expect(others.total.volume).toBe(0);
    expect(others.total.rate).toBeNull();

    const platform = await call(overseer, 'GET', '/timeliness/agencies?from=2026-10-01&to=2026-11-30');
    expect(platform.statusCode, platform.body).toBe(200);
    const row = platform.json().items.find((item: { agency: { id: number } }) => item.agency.id === Number(timely.id));
    // Nothing of it was corrected, revoked or refused, and it made no API error: it ranks first of those that reported.
    expect(row).toEqual({
      agency: { id: Number(timely.id), name: '安顺市市场监督管理局' },
      ...figures.total,
      corrections: 0,
      revocations: 0,
      refused: 0,
      apiErrors: 0,
      objections: { received: 0, decided: 0, averageWorkingDays: null, overdue: 0 },
      repairs: { received: 0, decided: 0, overdue: 0 },
      reported: true,
      rank: 1,
    });
    expect((await call(operator, 'GET', '/timeliness/agencies')).statusCode).toBe(200);
    expect((await call(clerk, 'GET', '/timeliness/agencies')).statusCode).toBe(403);
  });
});

describe('exchange log (Art. 14)', () => {
  it('shows a form entry, a correction, a revocation and an annotation with their counts and who made them', async () => {
    const record = await submitForm(clerk, penaltyRecord(uniqueCreditCode()));
    const corrected = await call(clerk, 'POST', `/records/${record.id}/corrections`, {
      reason: '文号有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ decisionNumber: '筑市监罚〔2026〕50号' }),
      },
    });
    const version2 = corrected.json() as RecordDto;
    await call(clerk, 'POST', `/records/${version2.id}/annotation`, { level: 'serious', reason: '情节较重' });
    await call(clerk, 'POST', `/records/${version2.id}/revocation`, { reason: '处罚决定已被撤销' });

    const log = await call(clerk, 'GET', '/exchange-log?pageSize=4');
    expect(log.statusCode, log.body).toBe(200);
    expect(
      log
        .json()
        .items.map((item: Record<string, unknown>) => [
          item.channel,
          item.itemName,
          item.actor,
          item.received,
          item.accepted,
          item.rejected,
        ]),
    ).toEqual([
      ['revocation', '行政处罚信息', CLERK_NAME, 1, 1, 0],
      ['annotation', '行政处罚信息', CLERK_NAME, 1, 1, 0],
      ['correction', '行政处罚信息', CLERK_NAME, 1, 1, 0],
      ['form', '行政处罚信息', CLERK_NAME, 1, 1, 0],
    ]);
    expect(log.json().total).toBeGreaterThan(4);
    const forms = await call(clerk, 'GET', '/exchange-log?channel=form&pageSize=100');
    expect(forms.json().items.every((item: { channel: string }) => item.channel === 'form')).toBe(true);
    expect(forms.json().total).toBe(forms.json().items.length);
    expect((await call(exchangeConfigurer, 'GET', '/exchange-log')).statusCode).toBe(200);
    const others = await call(otherClerk, 'GET', '/exchange-log?pageSize=100');
    expect(others.json().items.some((item: { actor: string }) => item.actor === CLERK_NAME)).toBe(false);
  });

  it('names the API client of a push', async () => {
    const client = await database.db
      .insertInto('apiClients')
      .values({
        agencyId: Number(own.id),
        name: '贵阳市市场监管业务系统',
        keyId: `gz_records_test_${Date.now()}`,
        secretCipher: Buffer.from('secret'),
        createdBy: (await createAccount(database.db, { agencyId: Number(own.id) })).id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    await database.db.transaction().execute((trx) =>
      submitRecords(
        trx,
        {
          agencyId: Number(own.id),
          agencyKind: 'market_regulation',
          accountId: null,
          apiClientId: Number(client.id),
          channel: 'api',
        },
        context,
        [penaltyRecord(uniqueCreditCode()), penaltyRecord(uniqueCreditCode(), { dishonestyLevel: undefined })],
      ),
    );
    const log = await call(clerk, 'GET', '/exchange-log?channel=api&pageSize=1');
    expect(log.json().items[0]).toMatchObject({
      channel: 'api',
      actor: '贵阳市市场监管业务系统',
      received: 2,
      accepted: 1,
      rejected: 1,
    });
  });
});
