import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type {
  CheckResultDto,
  EnterpriseProfileDto,
  PublicRepairDto,
  RecordDetailDto,
  RecordDto,
  RepairDto,
  RepairReceiptDto,
  RepairTermsDto,
} from '@gzcredit/contracts';
import { addMonths, chinaToday, repairAcceptanceDue, repairDecisionDue } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import {
  ageApplicantCodes,
  applicantHeaders,
  readSinkCode,
  signInApplicant,
  signInApplicantAgain,
  type TestApplicant,
} from '../../../test/applicants';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { exchangeGet } from '../../../test/exchange';
import { createAccount, createAgency, openSession, type TestSession, uniqueCreditCode } from '../../../test/factories';
import { extractPdfText } from '../../../test/pdf';
import { penaltyRecord, registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { storageKeyOf, storedFilePath } from '../../platform/files';
import { loadWorkingDayCalendar, seedCalendarFromLibrary } from '../calendar';
import type { EvidenceFile } from './evidence-form';

/*
 * 信用修复 (《信用修复管理办法》国家发展改革委令第36号; 国办发〔2025〕22号; issue 21 item 3): the minimum publicity gates the
 * application, the platform accepts within 3 working days, the providing agency decides (谁认定、谁修复), and approval
 * ends publicity and sharing: the portal, the pull, checks and the standing, while the agency and the audit keep it.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
let operator: TestSession;
let otherClerk: TestSession;
let checker: TestSession;
let puller: { keyId: string; secret: string };
const today = chinaToday();
const DATA_DIR = `/tmp/gzcredit-repairs-${process.pid}`;

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

interface Entity {
  creditCode: string;
  applicant: TestApplicant;
}

let entities = 0;
/** An entity registered by the 贵阳 bureau (its registration record holds the mobile), and its applicant's session. */
async function entity(): Promise<Entity> {
  entities += 1;
  const creditCode = uniqueCreditCode();
  const registered = await consoleCall(app, clerk, 'POST', '/records', {
    record: registrationRecord(creditCode, { entityName: `贵州修复测试${entities}号有限公司` }),
  });
  expect(registered.statusCode, registered.body).toBe(200);
  return { creditCode, applicant: await signInApplicant(app, operator, creditCode) };
}

/** A 行政处罚 of the 贵阳 bureau decided `monthsAgo` months ago (the publicity's minimum runs from the decision). */
async function penalty(of: Entity, monthsAgo: number, level = '一般失信'): Promise<RecordDto> {
  const decisionDate = addMonths(today, -monthsAgo);
  const response = await consoleCall(app, clerk, 'POST', '/records', {
    record: penaltyRecord(of.creditCode, { dishonestyLevel: level, fields: { decisionDate } }),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** POST /api/public/repairs as the portal sends it: the applicant's session, its CSRF token, a multipart form. */
function post(
  of: Entity,
  recordId: number,
  evidence: EvidenceFile[] = [{ name: '罚款缴纳凭证.pdf', content: PDF(`${recordId}`) }],
) {
  const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
  const field = (name: string, value: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const payload = Buffer.concat([
    field('recordId', String(recordId)),
    field('correction', '已足额缴纳罚款，并删除了门店中的违规宣传用语'),
    field('commitmentSignedBy', '李四'),
    ...evidence.flatMap((file) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: '/api/public/repairs',
    headers: { ...applicantHeaders(of.applicant), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function apply(of: Entity, recordId: number, evidence?: EvidenceFile[]): Promise<RepairReceiptDto> {
  const response = await post(of, recordId, evidence);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function refusal(of: Entity, recordId: number, evidence?: EvidenceFile[]) {
  const response = await post(of, recordId, evidence);
  expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  return { status: response.statusCode, ...(response.json().error as { code: string; message: string }) };
}

const repairsOf = (recordId: number) =>
  database.db.selectFrom('repairs').selectAll().where('recordId', '=', recordId).execute();

async function repairId(repairNo: string): Promise<number> {
  const row = await database.db
    .selectFrom('repairs')
    .select('id')
    .where('repairNo', '=', repairNo)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function terms(recordId: number): Promise<RepairTermsDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/repairs/terms?recordId=${recordId}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function profile(creditCode: string): Promise<EnterpriseProfileDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const penaltiesShown = async (creditCode: string) =>
  (await profile(creditCode)).sections.find((section) => section.key === 'penalties')!.records.map((r) => r.id);

async function accept(id: number, body: object = { accepted: true }) {
  return consoleCall(app, operator, 'POST', `/repair-queue/${id}/acceptance`, body);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, {
    PUBLIC_RATE_LIMIT_PER_MINUTE: '10000',
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
    DATA_DIR,
  });
  const { db } = database;
  await seedCalendarFromLibrary(db);
  const province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const guiyang = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  const zunyi = await createAgency(db, {
    name: '遵义市市场监督管理局',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  const finance = await createAgency(db, { name: '贵阳市财政局', regionCode: '520100', kind: 'administrative' });
  const account = (agencyId: unknown, permissions: string[], displayName: string) =>
    createAccount(db, { agencyId: Number(agencyId), permissions: permissions as never, displayName });
  clerk = await openSession(
    db,
    (await account(guiyang.id, ['record.submit', 'record.correct', 'record.query'], '王认定')).id,
  );
  operator = await openSession(db, (await account(province.id, ['platform.operator'], '省局受理员')).id);
  otherClerk = await openSession(db, (await account(zunyi.id, ['record.correct', 'record.query'], '遵义科员')).id);
  checker = await openSession(db, (await account(finance.id, ['record.query', 'exchange.configure'], '财政核查员')).id);
  const created = await consoleCall(app, checker, 'POST', '/api-clients', { name: '政府采购交易系统' });
  expect(created.statusCode, created.body).toBe(200);
  puller = { keyId: created.json().client.keyId, secret: created.json().secret };
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(DATA_DIR, { recursive: true, force: true });
});

describe('GET /api/public/repairs/terms', () => {
  it('gates a 一般失信 penalty by its 3-month minimum publicity and a 严重失信 one by a year, naming the day', async () => {
    const of = await entity();
    const recent = await penalty(of, 1);
    const due = await terms(recent.id);
    expect(due).toMatchObject({ eligible: false, repairableFrom: addMonths(recent.aroseOn, 3), minMonths: null });
    expect(due.message).toBe(
      `一般失信信息的最短公示期为 3 个月，自 ${recent.aroseOn} 起算，${addMonths(recent.aroseOn, 3)} 起方可申请信用修复`,
    );
    const past = await terms((await penalty(of, 4)).id);
    expect(past).toMatchObject({ eligible: true, minMonths: 3, message: null, acceptanceWorkingDays: 3 });
    expect(past.commitmentText).toContain('信用修复承诺书');
    expect(past.commitmentText).toContain(of.creditCode);
    const severe = await terms((await penalty(of, 6, '严重失信')).id);
    expect(severe).toMatchObject({ eligible: false, repairableFrom: addMonths(today, 6) });
    expect(severe.message).toContain('严重失信信息的最短公示期为 12 个月');
  });

  it('says an 经营异常名录 listing leaves by 移出, not by a repair application', async () => {
    const of = await entity();
    const response = await consoleCall(app, clerk, 'POST', '/records', {
      record: {
        itemCode: 'abnormal_list',
        creditCode: of.creditCode,
        entityName: '贵州修复测试有限公司',
        dishonestyLevel: '一般失信',
        fields: {
          reason: '未按照规定报送年度报告',
          decisionNumber: '筑市监异〔2025〕9号',
          listedOn: addMonths(today, -8),
          authority: '贵阳市市场监督管理局',
        },
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const listing = await terms(response.json().id);
    expect(listing).toMatchObject({ eligible: false, repairableFrom: null });
    expect(listing.message).toContain('《企业经营异常名录管理办法》');
  });
});

describe('applying (bad input stores nothing)', () => {
  it('refuses an application before the minimum period, in Chinese, with the first day it may be made', async () => {
    const of = await entity();
    const record = await penalty(of, 2);
    const error = await refusal(of, record.id);
    expect(error.code).toBe('REPAIR_NOT_ALLOWED');
    expect(error.message).toContain(`${addMonths(record.aroseOn, 3)} 起方可申请信用修复`);
    expect(await repairsOf(record.id)).toEqual([]);
  });

  it('refuses an application for a record that is not the applicant entity’s', async () => {
    const owner = await entity();
    const stranger = await entity();
    const record = await penalty(owner, 4);
    const error = await refusal(stranger, record.id);
    // As a record that does not exist: 404, the same code and message (no existence oracle).
    expect(error).toMatchObject({ status: 404, code: 'REPAIR_RECORD_NOT_OWN' });
    expect(error.message).toBe('未找到该信息，或该信息不是本主体正在公示的信息');
    expect(await repairsOf(record.id)).toEqual([]);
    const { requestId: _, ...answer } = error as typeof error & { requestId?: string };
    expect(await refusal(stranger, 999_999_999)).toMatchObject(answer);
  });

  it('refuses a file whose content does not match its extension, and stores neither it nor the good file before it', async () => {
    const of = await entity();
    const record = await penalty(of, 4);
    const good = PDF(`good-${record.id}-${Date.now()}`);
    const error = await refusal(of, record.id, [
      { name: '整改报告.pdf', content: good },
      { name: '缴款凭证.pdf', content: PNG },
    ]);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toBe('文件“缴款凭证.pdf”的扩展名与其内容（PNG 图片）不符');
    expect(await repairsOf(record.id)).toEqual([]);
    const sha256 = createHash('sha256').update(good).digest('hex');
    expect(existsSync(storedFilePath(DATA_DIR, storageKeyOf(sha256)))).toBe(false);
  });

  it('refuses an application without evidence, and a second one while the first is open', async () => {
    const of = await entity();
    const record = await penalty(of, 4);
    expect(await refusal(of, record.id, [])).toMatchObject({ status: 400, code: 'REPAIR_INVALID' });
    const first = await apply(of, record.id);
    const second = await refusal(of, record.id);
    expect(second.code).toBe('REPAIR_ALREADY_OPEN');
    expect(second.message).toContain(first.repairNo);
    expect(await repairsOf(record.id)).toHaveLength(1);
  });
});

describe('the five-wrong-codes lock', () => {
  it('stops a session started before the lock from filing, and stores nothing', async () => {
    const of = await entity();
    const record = await penalty(of, 4);
    await ageApplicantCodes(database.db, of.creditCode);
    const sent = await app.inject({
      method: 'POST',
      url: '/api/public/applicant/codes',
      payload: { creditCode: of.creditCode, role: 'legal_representative', name: '王五' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const code = await readSinkCode(app, operator, of.creditCode);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt += 1)
      await app.inject({
        method: 'POST',
        url: '/api/public/applicant/session',
        payload: { creditCode: of.creditCode, code: wrong },
      });
    const refused = await refusal(of, record.id);
    expect(refused).toMatchObject({ status: 423, code: 'APPLICANT_LOCKED' });
    expect(refused.message).toMatch(/已锁定，请 \d+ 分钟后再试/);
    expect(await repairsOf(record.id)).toEqual([]);
  });
});

describe('deadlines in working days', () => {
  it('counts the platform’s 3 and the agency’s 10 working days across the National Day holiday', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    // 2026: 10月1日至7日放假, 10月10日（星期六）上班.
    expect(repairAcceptanceDue(calendar, '2026-09-30').date).toBe('2026-10-10');
    expect(repairDecisionDue(calendar, '2026-09-30', 10).date).toBe('2026-10-20');
  });
});

describe('the procedure: accepted by the bureau, decided by the providing agency', () => {
  it('approves a 一般 penalty past 3 months: it leaves the portal, the pull and the checks, and stays for the agency', async () => {
    const of = await entity();
    const record = await penalty(of, 4);
    // The other agency's mirror holds the record before the repair.
    const before = await exchangeGet(app, puller, '/api/exchange/v1/records?limit=1000');
    expect(before.statusCode, before.body).toBe(200);
    const cursor: string = before.json().cursor;
    const checkBefore = await consoleCall(app, checker, 'POST', '/checks', {
      purpose: 'government_procurement',
      matter: '修复前核查',
      entities: [{ creditCode: of.creditCode }],
    });
    expect(checkBefore.statusCode, checkBefore.body).toBe(200);
    const itemBefore = (checkBefore.json() as CheckResultDto).items[0]!;
    expect(itemBefore.records.map((entry) => entry.itemName)).toContain('行政处罚信息');
    expect(itemBefore.verdict).toBe('caution');
    expect(await penaltiesShown(of.creditCode)).toEqual([record.id]);
    // The profile offers the repair on the record (its terms), and a record too young says from when.
    const young = await penalty(of, 1);
    const shownBefore = (await profile(of.creditCode)).sections.find((section) => section.key === 'penalties')!;
    expect(shownBefore.records.find((shown) => shown.id === record.id)!.repairTerms).toEqual({
      eligible: true,
      from: addMonths(record.aroseOn, 3),
      message: null,
    });
    expect(shownBefore.records.find((shown) => shown.id === young.id)!.repairTerms).toMatchObject({
      eligible: false,
      from: addMonths(young.aroseOn, 3),
      message: expect.stringContaining('起方可申请信用修复'),
    });
    const revoked = await consoleCall(app, clerk, 'POST', `/records/${young.id}/revocation`, { reason: '测试后撤销' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const levelBefore = await database.db
      .selectFrom('enterprises')
      .select('supervisoryDishonestyLevel')
      .where('creditCode', '=', of.creditCode)
      .executeTakeFirstOrThrow();
    expect(levelBefore.supervisoryDishonestyLevel).toBe('general');

    const receipt = await apply(of, record.id);
    expect(receipt.repairNo).toMatch(/^XF\d{8}[0-9A-Z]{10}$/);
    const calendar = await loadWorkingDayCalendar(database.db);
    expect(receipt.acceptDueOn).toBe(repairAcceptanceDue(calendar, today).date);
    const id = await repairId(receipt.repairNo);

    const queue = await consoleCall(app, operator, 'GET', '/repair-queue?status=submitted');
    expect(queue.statusCode, queue.body).toBe(200);
    const queued = (queue.json().items as RepairDto[]).find((item) => item.repairNo === receipt.repairNo)!;
    expect(queued).toMatchObject({ dueOn: receipt.acceptDueOn, overdue: false, applicantName: '李四' });
    expect(queued.files).toHaveLength(1);
    const file = await consoleCall(app, operator, 'GET', queued.files[0]!.url.replace('/api/console', ''));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');

    // Only the bureau accepts; the agency decides only once accepted.
    expect(
      (await consoleCall(app, clerk, 'POST', `/repairs/${id}/decision`, { approved: true })).json().error.code,
    ).toBe('REPAIR_STATE_CONFLICT');
    const accepted = await accept(id);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      decideDueOn: repairDecisionDue(calendar, today, 10).date,
    });
    expect((await accept(id)).statusCode).toBe(409);

    // 谁认定、谁修复: another agency does not see the application.
    expect((await consoleCall(app, otherClerk, 'GET', `/repairs/${id}`)).json().error.code).toBe('REPAIR_NOT_FOUND');
    const refusedByOther = await consoleCall(app, otherClerk, 'POST', `/repairs/${id}/decision`, { approved: true });
    expect(refusedByOther.json().error.code).toBe('REPAIR_NOT_FOUND');

    const extended = await consoleCall(app, clerk, 'POST', `/repairs/${id}/extension`, {
      reason: '需现场核查整改情况',
    });
    expect(extended.statusCode, extended.body).toBe(200);
    const decideDueOn = accepted.json().decideDueOn as string;
    expect(extended.json()).toMatchObject({
      extendedDueOn: calendar.addWorkingDays(decideDueOn, 10).date,
      extensionReason: '需现场核查整改情况',
    });
    const again = await consoleCall(app, clerk, 'POST', `/repairs/${id}/extension`, { reason: '再次延期' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('不能再次延期');

    const approved = await consoleCall(app, clerk, 'POST', `/repairs/${id}/decision`, { approved: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', dueOn: null });

    // The applicant follows it by number; another entity's session, or none, is told it does not exist.
    const follow = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: `/api/public/repairs/${receipt.repairNo}`, headers });
    const followed = await follow(applicantHeaders(of.applicant));
    expect(followed.statusCode, followed.body).toBe(200);
    expect(followed.json() as PublicRepairDto).toMatchObject({
      status: 'approved',
      extensionReason: '需现场核查整改情况',
      evidence: [{ name: '罚款缴纳凭证.pdf' }],
    });
    const stranger = await entity();
    expect((await follow(applicantHeaders(stranger.applicant))).json().error.code).toBe('REPAIR_NOT_FOUND');
    expect((await follow({})).statusCode).toBe(401);
    // Another person verified for the same entity is told the same; the same person in a new session follows it.
    const colleague = await signInApplicantAgain(app, database.db, operator, of.creditCode, '王五');
    const byColleague = await follow(applicantHeaders(colleague));
    expect(byColleague.statusCode).toBe(404);
    expect(byColleague.json().error.code).toBe('REPAIR_NOT_FOUND');
    const sameApplicant = await signInApplicantAgain(app, database.db, operator, of.creditCode, '李四');
    expect((await follow(applicantHeaders(sameApplicant))).json()).toMatchObject({ repairNo: receipt.repairNo });
    // One filed before the platform kept who filed (before migration 0037: no key) answers any verified applicant of
    // its entity, and still no other entity's.
    await database.db
      .updateTable('repairs')
      .set({ applicantKey: null })
      .where('repairNo', '=', receipt.repairNo)
      .execute();
    expect((await follow(applicantHeaders(colleague))).statusCode).toBe(200);
    expect((await follow(applicantHeaders(stranger.applicant))).statusCode).toBe(404);

    // Ends publicity: the portal, the report and the entity's standing.
    expect(await penaltiesShown(of.creditCode)).toEqual([]);
    // 更正与修复记录 shows the repair: item, deciding agency, dates; not the application's text.
    const history = (await profile(of.creditCode)).sections.find((section) => section.key === 'corrections')!;
    expect(history.records).toContainEqual(
      expect.objectContaining({
        id: record.id,
        agencyName: '贵阳市市场监督管理局',
        repair: { outcomeLabel: '准予修复', submittedOn: today, decidedOn: today },
      }),
    );
    expect(JSON.stringify(history)).not.toContain('已足额缴纳罚款');
    const standing = () =>
      database.db
        .selectFrom('enterprises')
        .select(['dishonestyLevel', 'supervisoryDishonestyLevel'])
        .where('creditCode', '=', of.creditCode)
        .executeTakeFirstOrThrow();
    expect(await standing()).toEqual({ dishonestyLevel: null, supervisoryDishonestyLevel: null });
    // Ends sharing: a tombstone in the pull.
    const after = await exchangeGet(app, puller, `/api/exchange/v1/records?since=${cursor}&limit=1000`);
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().changes).toContainEqual(expect.objectContaining({ kind: 'repaired', recordId: record.id }));
    expect(after.json().items.map((item: { id: number }) => item.id)).not.toContain(record.id);
    // Destinations are told (the sync outbox) and the verifiable log attests it, both in the approval's transaction.
    const events = await database.db
      .selectFrom('syncEvents')
      .select(['kind', 'recordStatus'])
      .where('recordId', '=', record.id)
      .orderBy('entitySeq')
      .execute();
    // A record's event keeps its status as of the change; the delivery builds the payload from it (sync README).
    expect(events).toEqual([
      { kind: 'record.published', recordStatus: 'active' },
      { kind: 'record.repaired', recordStatus: 'repaired' },
    ]);
    const leaves = await database.db
      .selectFrom('transparencyLeaves')
      .select('content')
      .where('kind', '=', 'record')
      .where('subject', '=', String(record.id))
      .orderBy('leafIndex')
      .execute();
    expect(leaves.map((leaf) => JSON.parse(leaf.content).event)).toEqual(['created', 'repaired']);
    expect(JSON.parse(leaves[1]!.content).record.status).toBe('repaired');
    // Ends its use in checks, and with it the measures it drew.
    const checkAfter = await consoleCall(app, checker, 'POST', '/checks', {
      purpose: 'government_procurement',
      matter: '修复后核查',
      entities: [{ creditCode: of.creditCode }],
    });
    const itemAfter = (checkAfter.json() as CheckResultDto).items[0]!;
    expect(itemAfter.records).toEqual([]);
    expect(itemAfter.verdict).toBe('clear');
    // Stays, internal, for its agency, with the decision traced.
    const detail: RecordDetailDto = (await consoleCall(app, clerk, 'GET', `/records/${record.id}`)).json();
    expect(detail.record.status).toBe('repaired');
    expect(detail.events.map((event) => event.kind)).toContain('repaired');
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result'])
      .where('objectType', '=', 'repair')
      .where('objectId', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['repair.submitted', 'repair.acceptance-decided', 'repair.extended', 'repair.decided']),
    );
  });

  it('refuses with reasons, keeps the record public, and takes a new application once the entity has fixed them', async () => {
    const of = await entity();
    const record = await penalty(of, 5);
    const first = await repairId((await apply(of, record.id)).repairNo);
    expect((await accept(first)).statusCode).toBe(200);
    const noReason = await consoleCall(app, clerk, 'POST', `/repairs/${first}/decision`, { approved: false });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('不予修复须说明理由');
    const refused = await consoleCall(app, clerk, 'POST', `/repairs/${first}/decision`, {
      approved: false,
      reason: '罚款尚未缴清',
    });
    expect(refused.json()).toMatchObject({ status: 'refused', reason: '罚款尚未缴清' });
    expect(await penaltiesShown(of.creditCode)).toEqual([record.id]);
    const second = await apply(of, record.id);
    expect(second.status).toBe('submitted');
  });

  it('refuses an incomplete application at acceptance with what is missing; the entity may apply again', async () => {
    const of = await entity();
    const record = await penalty(of, 4);
    const id = await repairId((await apply(of, record.id)).repairNo);
    expect((await accept(id, { accepted: false })).statusCode).toBe(400);
    const incomplete = await accept(id, { accepted: false, reason: '缺少罚款缴纳凭证' });
    expect(incomplete.json()).toMatchObject({ status: 'incomplete', reason: '缺少罚款缴纳凭证' });
    expect((await apply(of, record.id)).status).toBe('submitted');
  });

  it('bars a record of the same item arising within 12 months after a repair (屡禁不止、屡罚不改)', async () => {
    const of = await entity();
    const record = await penalty(of, 4);
    const id = await repairId((await apply(of, record.id)).repairNo);
    await accept(id);
    expect((await consoleCall(app, clerk, 'POST', `/repairs/${id}/decision`, { approved: true })).statusCode).toBe(200);
    const repeat = await penalty(of, 0);
    const barred = await terms(repeat.id);
    expect(barred).toMatchObject({ eligible: false, repairableFrom: addMonths(repeat.aroseOn, 12) });
    expect(barred.message).toContain('屡禁不止、屡罚不改');
  });
});

describe('GET /api/console/records/:id/repair-notice.pdf (两书同达)', () => {
  it('prints the 信用修复告知书 of a penalty: what, from when and how, with the CJK font', async () => {
    const of = await entity();
    const record = await penalty(of, 0);
    const response = await consoleCall(app, clerk, 'GET', `/records/${record.id}/repair-notice.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await extractPdfText(response.rawPayload)).join('');
    expect(text).toContain('信用修复告知书');
    expect(text).toContain(record.entityName);
    expect(text).toMatch(new RegExp(`最早可申请日期\\s*${addMonths(record.aroseOn, 3)}`));
    expect(text).toContain('3 个工作日内');
    expect(text).toContain(`/repairs/apply?record=${record.id}`);
    expect((await consoleCall(app, otherClerk, 'GET', `/records/${record.id}/repair-notice.pdf`)).statusCode).toBe(404);
    const licence = await consoleCall(app, clerk, 'POST', '/records', {
      record: {
        itemCode: 'licence',
        creditCode: of.creditCode,
        entityName: record.entityName,
        fields: {
          documentName: '准予行政许可决定书',
          decisionNumber: '筑市监许〔2026〕1号',
          licenceCategory: '普通',
          licenceContent: '预包装食品销售',
          decisionDate: addMonths(today, -1),
          validFrom: addMonths(today, -1),
          validTo: addMonths(today, 24),
          authority: '贵阳市市场监督管理局',
        },
      },
    });
    expect(licence.statusCode, licence.body).toBe(200);
    const refused = await consoleCall(app, clerk, 'GET', `/records/${licence.json().id}/repair-notice.pdf`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('REPAIR_NOTICE_NOT_APPLICABLE');
  });
});
