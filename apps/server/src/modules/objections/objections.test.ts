import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ConsoleObjectionDto, EnterpriseProfileDto, ObjectionDto, RecordDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { sql, type Updateable } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/app';
import { applicantHeaders, signInApplicant, signInApplicantAgain, type TestApplicant } from '../../../test/applicants';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, openSession, type TestSession, uniqueCreditCode } from '../../../test/factories';
import { extractPdfText } from '../../../test/pdf';
import { penaltyFields, penaltyRecord, registrationRecord } from '../../../test/records';
import { loadConfig } from '../../config';
import type { RecordsTable } from '../../db/schema';
import { sm3Hex } from '../../platform/crypto';
import type { DatabaseHandle } from '../../platform/database';
import { storageKeyOf, storedFilePath } from '../../platform/files';
import { seedCalendarFromLibrary } from '../calendar';
import { seedMeasures } from '../checks';
import { findApplicantRecord } from '../records';

let database: DatabaseHandle;
let app: FastifyInstance;
/** 贵阳市市场监督管理局: registers entities and provides penalties (record.submit, record.correct). */
let bureau: TestSession;
/** 遵义市市场监督管理局: another providing agency. */
let otherBureau: TestSession;
/** 贵州省市场监督管理局's operator: the provincial bureau's escalation queue. */
let province: TestSession;
let checker: TestSession;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);

async function registerEntity(): Promise<string> {
  const creditCode = uniqueCreditCode();
  const record = registrationRecord(creditCode, { entityName: `贵州异议测试${creditCode.slice(-4)}有限公司` });
  expect((await consoleCall(app, bureau, 'POST', '/records', { record })).statusCode).toBe(200);
  return creditCode;
}

async function penalise(creditCode: string, session = bureau, decisionDate = '2026-11-02'): Promise<RecordDto> {
  const response = await consoleCall(app, session, 'POST', '/records', {
    record: penaltyRecord(creditCode, { fields: { decisionDate } }),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDto;
}

function form(
  applicant: TestApplicant | undefined,
  fields: Record<string, string | number>,
  files: { name: string; content: Buffer; type: string }[] = [],
) {
  const boundary = `----objection${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return app.inject({
    method: 'POST',
    url: '/api/public/objections',
    headers: {
      ...(applicant ? applicantHeaders(applicant) : {}),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat(parts),
  });
}

const objectionFields = (recordId: number) => ({
  recordId,
  contactName: '李四',
  contactPhone: '13912345678',
  reasons: '处罚决定书所载违法事实与本公司实际经营情况不符，已附门店宣传材料原件照片。',
});

async function profile(creditCode: string): Promise<EnterpriseProfileDto> {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
  expect(response.statusCode).toBe(200);
  return response.json() as EnterpriseProfileDto;
}

/** A record where the profile shows it in force (the history section aside). */
const profileRecord = async (creditCode: string, id: number) =>
  (await profile(creditCode)).sections
    .filter((section) => section.key !== 'corrections')
    .flatMap((section) => section.records)
    .find((record) => record.id === id);

async function count(table: 'objections' | 'objection_files'): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db);
  return Number(rows[0]!.n);
}

async function underObjection(recordId: number): Promise<boolean> {
  const row = await database.db
    .selectFrom('records')
    .select('underObjection')
    .where('id', '=', recordId)
    .executeTakeFirstOrThrow();
  return row.underObjection;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
  await seedCalendarFromLibrary(database.db);
  await seedMeasures(database.db);
  const db = database.db;
  const provincial = await createAgency(db, {
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
    parentId: Number(provincial.id),
  });
  const zunyi = await createAgency(db, {
    name: '遵义市市场监督管理局',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(provincial.id),
  });
  const session = async (agencyId: number, permissions: Parameters<typeof createAccount>[1]['permissions']) =>
    openSession(db, (await createAccount(db, { agencyId, permissions })).id);
  bureau = await session(Number(guiyang.id), ['record.submit', 'record.correct', 'record.query']);
  otherBureau = await session(Number(zunyi.id), ['record.submit', 'record.correct']);
  province = await session(Number(provincial.id), ['platform.operator']);
  checker = await session(Number(zunyi.id), ['record.query']);
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('filing an objection', () => {
  it('answers a number, and the record shows 异议处理中 at once on the portal, in credit reports and in checks', async () => {
    const creditCode = await registerEntity();
    const penalty = await penalise(creditCode);
    const applicant = await signInApplicant(app, province, creditCode);
    const response = await form(applicant, objectionFields(penalty.id), [
      { name: '门店照片.png', content: PNG, type: 'image/png' },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const filed = response.json() as ObjectionDto;
    expect(filed).toMatchObject({
      status: 'pending',
      statusLabel: '异议处理中',
      record: { id: penalty.id, itemName: '行政处罚信息', agencyName: '贵阳市市场监督管理局' },
      contactPhoneMasked: '139****5678',
      evidence: [{ name: '门店照片.png', size: PNG.length }],
      extension: null,
      decision: null,
    });
    // A receipt: YY, the China date and 10 random base-32 characters, nothing to count up from.
    expect(filed.objectionNo).toMatch(/^YY\d{8}[0-9A-Z]{10}$/);
    expect(response.body).not.toContain('13912345678');

    expect((await profileRecord(creditCode, penalty.id))?.underObjection).toBe(true);
    const report = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}/report.pdf` });
    expect((await extractPdfText(report.rawPayload)).join('')).toContain('异议处理中');
    const check = await consoleCall(app, checker, 'POST', '/checks', {
      purpose: 'government_procurement',
      matter: '异议测试采购项目',
      entities: [{ creditCode }],
    });
    expect(check.statusCode, check.body).toBe(200);
    const checked = check.json().items[0].records.find((record: { id: number }) => record.id === penalty.id);
    expect(checked.underObjection).toBe(true);
    const stored = await consoleCall(app, checker, 'GET', `/checks/${check.json().checkNo}`);
    expect(
      stored.json().items[0].records.find((record: { id: number }) => record.id === penalty.id).underObjection,
    ).toBe(true);

    const followed = await app.inject({
      method: 'GET',
      url: `/api/public/objections/${filed.objectionNo}`,
      headers: { cookie: applicant.cookie },
    });
    expect(followed.json()).toEqual(filed);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['result', 'details'])
      .where('action', '=', 'objection.filed')
      .executeTakeFirstOrThrow();
    expect(audit.result).toBe('success');
  });

  it('refuses, in Chinese and storing nothing: another entity’s record, a file whose content is not its extension, bad fields, no session, a second objection', async () => {
    const creditCode = await registerEntity();
    const own = await penalise(creditCode);
    const stranger = await penalise(await registerEntity());
    const applicant = await signInApplicant(app, province, creditCode);
    const before = { objections: await count('objections'), files: await count('objection_files') };

    const foreign = await form(applicant, objectionFields(stranger.id));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toMatchObject({
      code: 'OBJECTION_RECORD_NOT_FOUND',
      message: '未找到该信息，或该信息不是本主体正在公示的信息',
    });
    expect(await underObjection(stranger.id)).toBe(false);

    // The good file before it is not stored either: every file is checked before any is stored.
    const photo = Buffer.concat([PNG.subarray(0, 8), randomBytes(64)]);
    const disguised = await form(applicant, objectionFields(own.id), [
      { name: '门店照片.png', content: photo, type: 'image/png' },
      { name: '情况说明.pdf', content: Buffer.from('<html><script>alert(1)</script></html>'), type: 'application/pdf' },
    ]);
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().error).toMatchObject({ code: 'FILE_REJECTED' });
    expect(disguised.json().error.message).toContain('情况说明.pdf');
    const photoKey = storageKeyOf(createHash('sha256').update(photo).digest('hex'));
    expect(existsSync(storedFilePath(loadConfig({}).DATA_DIR, photoKey))).toBe(false);

    const bad = await form(applicant, { ...objectionFields(own.id), contactPhone: '12345', reasons: '不对' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'contactPhone', message: '联系电话应为 11 位手机号或带区号的固定电话' },
        { field: 'reasons', message: '异议理由至少 10 个字' },
      ]),
    );
    const anonymous = await form(undefined, objectionFields(own.id));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('APPLICANT_UNAUTHENTICATED');
    const forged = await app.inject({
      method: 'POST',
      url: '/api/public/objections',
      headers: { cookie: applicant.cookie, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--\r\n',
    });
    expect(forged.json().error.code).toBe('CSRF_TOKEN_INVALID');

    expect(await count('objections')).toBe(before.objections);
    expect(await count('objection_files')).toBe(before.files);
    expect(await underObjection(own.id)).toBe(false);

    const first = await form(applicant, objectionFields(own.id));
    expect(first.statusCode).toBe(200);
    const second = await form(applicant, objectionFields(own.id));
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain(first.json().objectionNo);
  });

  it('shows an objection by number to the applicant who filed it only, as if any other did not exist', async () => {
    const creditCode = await registerEntity();
    const penalty = await penalise(creditCode);
    const applicant = await signInApplicant(app, province, creditCode);
    const filed = (await form(applicant, objectionFields(penalty.id))).json() as ObjectionDto;
    const follow = (headers: Record<string, string>, objectionNo = filed.objectionNo) =>
      app.inject({ method: 'GET', url: `/api/public/objections/${objectionNo}`, headers });
    const list = async (who: TestApplicant) =>
      (await app.inject({ method: 'GET', url: '/api/public/objections', headers: { cookie: who.cookie } }))
        .json()
        .items.map((item: ObjectionDto) => item.objectionNo);
    const nowhere = await follow({ cookie: applicant.cookie }, 'YY20261207ABCDEFGHJK');
    expect(nowhere.statusCode).toBe(404);
    const withoutRequestId = ({ requestId: _, ...error }: Record<string, unknown>) => error;
    const notFound = withoutRequestId(nowhere.json().error);
    expect(notFound).toEqual({ code: 'OBJECTION_NOT_FOUND', message: '未找到该异议' });

    // Another entity's applicant, and another person verified for the same entity, are told what a number that does
    // not exist tells (no existence oracle); neither lists it.
    const outsider = await signInApplicant(app, province, await registerEntity());
    const colleague = await signInApplicantAgain(app, database.db, province, creditCode, '王五');
    for (const other of [outsider, colleague]) {
      const refused = await follow({ cookie: other.cookie });
      expect(refused.statusCode).toBe(404);
      expect(withoutRequestId(refused.json().error)).toEqual(notFound);
      expect(await list(other)).not.toContain(filed.objectionNo);
    }
    expect((await follow({})).statusCode).toBe(401);
    // The same person in a later session follows and lists it.
    const later = await signInApplicantAgain(app, database.db, province, creditCode, '李四');
    expect((await follow({ cookie: later.cookie })).json()).toEqual(filed);
    expect(await list(later)).toEqual([filed.objectionNo]);

    // An objection filed before the platform kept who filed (migration 0040: no key) answers any verified applicant
    // of its entity, who could follow it then, and still no other entity's.
    await database.db
      .updateTable('objections')
      .set({ applicantKey: null })
      .where('objectionNo', '=', filed.objectionNo)
      .execute();
    expect((await follow({ cookie: colleague.cookie })).statusCode).toBe(200);
    expect(await list(colleague)).toEqual([filed.objectionNo]);
    expect((await follow({ cookie: outsider.cookie })).statusCode).toBe(404);
  });
});

describe('listing an applicant’s objections', () => {
  it('lists the applicant’s own objection behind more than 200 newer ones of its entity filed by others (the limit once applied before the applicant filter hid it)', async () => {
    const creditCode = await registerEntity();
    const penalty = await penalise(creditCode);
    const applicant = await signInApplicant(app, province, creditCode);
    const filed = (await form(applicant, objectionFields(penalty.id))).json() as ObjectionDto;
    const own = await database.db
      .selectFrom('objections')
      .select([
        'recordId',
        'rootRecordId',
        'enterpriseId',
        'agencyId',
        'applicantMethod',
        'applicantRole',
        'contactName',
        'contactPhoneCipher',
        'contactPhoneMasked',
        'reasons',
        'filedOn',
        'dueOn',
      ])
      .where('objectionNo', '=', filed.objectionNo)
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('objections')
      .values(
        Array.from({ length: 201 }, (_, i) => ({
          ...own,
          objectionNo: `YY20261207OTHER${String(i).padStart(5, '0')}`,
          applicantName: '王五',
          applicantKey: 'sms:王五',
          status: 'upheld' as const,
          decidedAt: new Date(),
          decidedOn: own.filedOn,
          decisionReason: '经核实，信息无误',
        })),
      )
      .execute();
    const list = async (who: TestApplicant) =>
      (await app.inject({ method: 'GET', url: '/api/public/objections', headers: { cookie: who.cookie } }))
        .json()
        .items.map((item: ObjectionDto) => item.objectionNo);
    expect(await list(applicant)).toEqual([filed.objectionNo]);
    const colleague = await signInApplicantAgain(app, database.db, province, creditCode, '王五');
    const theirs = await list(colleague);
    expect(theirs).toHaveLength(200);
    expect(theirs).not.toContain(filed.objectionNo);
  });
});

describe('a public record an applicant may act on (records findApplicantRecord: objections and repairs alike)', () => {
  it('is one in force, public, not classified and not registration data; any other is not found for both', async () => {
    const creditCode = await registerEntity();
    const applicant = await signInApplicant(app, province, creditCode);
    const terms = (id: number) => app.inject({ method: 'GET', url: `/api/public/repairs/terms?recordId=${id}` });
    const penaltyWith = async (change: Updateable<RecordsTable>) => {
      const record = await penalise(creditCode);
      await database.db.updateTable('records').set(change).where('id', '=', record.id).execute();
      return record.id;
    };
    const registration = await database.db
      .selectFrom('records as r')
      .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
      .select('r.id')
      .where('r.creditCode', '=', creditCode)
      .where('i.role', '=', 'registration')
      .executeTakeFirstOrThrow();
    const refused: [string, number][] = [
      ['revoked', await penaltyWith({ status: 'revoked' })],
      ['repaired', await penaltyWith({ status: 'repaired' })],
      ['shared, not public', await penaltyWith({ useScope: 'shared' })],
      ['classified', await penaltyWith({ classified: true })],
      ['registration data', Number(registration.id)],
    ];
    const before = await count('objections');
    for (const [label, id] of refused) {
      const objection = await form(applicant, objectionFields(id));
      expect(objection.statusCode, label).toBe(404);
      expect(objection.json().error.code, label).toBe('OBJECTION_RECORD_NOT_FOUND');
      const repair = await terms(id);
      expect(repair.statusCode, label).toBe(404);
      expect(repair.json().error.code, label).toBe('RECORD_NOT_FOUND');
    }
    expect(await count('objections')).toBe(before);
    // Another entity's public record: its terms are public, but this applicant may not object to it.
    const foreign = await penalise(await registerEntity());
    expect((await terms(foreign.id)).statusCode).toBe(200);
    expect((await form(applicant, objectionFields(foreign.id))).json().error.code).toBe('OBJECTION_RECORD_NOT_FOUND');
    // The entity's own penalty in force: both act on it.
    const own = await penalise(creditCode);
    expect((await terms(own.id)).statusCode).toBe(200);
    expect((await form(applicant, objectionFields(own.id))).statusCode).toBe(200);
  });

  // Two connections: PostgreSQL only (PGlite has one).
  it.runIf(process.env.TEST_DATABASE_URL)(
    'locks only a record the applicant may act on: another entity’s stays free for its writers (it was locked before the check)',
    async () => {
      const creditCode = await registerEntity();
      const foreign = await penalise(await registerEntity());
      const own = await penalise(creditCode);
      const entity = await database.db
        .selectFrom('enterprises')
        .select('id')
        .where('creditCode', '=', creditCode)
        .executeTakeFirstOrThrow();
      const lockedElsewhere = async (id: number) =>
        sql`SELECT id FROM records WHERE id = ${id} FOR UPDATE NOWAIT`.execute(database.db).then(
          () => false,
          (error: { code?: string }) => error.code === '55P03',
        );
      await database.db.transaction().execute(async (trx) => {
        const acting = { enterpriseId: Number(entity.id), lock: true };
        expect(await findApplicantRecord(trx, foreign.id, acting)).toBeUndefined();
        expect(await lockedElsewhere(foreign.id)).toBe(false);
        expect((await findApplicantRecord(trx, own.id, acting))?.id).toBe(own.id);
        expect(await lockedElsewhere(own.id)).toBe(true);
      });
    },
  );
});

describe('deciding within 5 working days', () => {
  it('counts the deadline with the calendar across the National Day holiday, extends once to 20, and escalates when overdue', async () => {
    const creditCode = await registerEntity();
    const penalty = await penalise(creditCode, bureau, '2026-09-01');
    const applicant = await signInApplicant(app, province, creditCode);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Tuesday 29 September 2026, 10:00 China time: 30 Sep, then 1–7 October off, 8, 9, 10 (a Saturday worked) and 12.
    vi.setSystemTime(new Date('2026-09-29T02:00:00Z'));
    const filed = (await form(applicant, objectionFields(penalty.id))).json() as ObjectionDto;
    expect(filed.dueOn).toBe('2026-10-12');

    vi.setSystemTime(new Date('2026-10-12T08:00:00Z'));
    const onTime = await consoleCall(app, province, 'GET', '/objections?queue=escalated');
    expect(onTime.statusCode, onTime.body).toBe(200);
    expect(onTime.json().items.map((item: ConsoleObjectionDto) => item.objectionNo)).not.toContain(filed.objectionNo);

    vi.setSystemTime(new Date('2026-10-13T02:00:00Z'));
    const escalated = await consoleCall(app, province, 'GET', '/objections?queue=escalated');
    const overdue = escalated.json().items.find((item: ConsoleObjectionDto) => item.objectionNo === filed.objectionNo);
    expect(overdue).toMatchObject({ overdue: true, entity: { creditCode }, agencyId: expect.any(Number) });
    // The agency sees it overdue in its own queue; another agency does not see it at all.
    const queue = await consoleCall(app, bureau, 'GET', '/objections');
    const mine = queue.json().items.find((item: ConsoleObjectionDto) => item.objectionNo === filed.objectionNo);
    expect(mine.overdue).toBe(true);
    const others = await consoleCall(app, otherBureau, 'GET', '/objections');
    expect(others.json().items.map((item: ConsoleObjectionDto) => item.id)).not.toContain(mine.id);
    expect((await consoleCall(app, otherBureau, 'GET', `/objections/${mine.id}`)).statusCode).toBe(404);
    expect((await consoleCall(app, bureau, 'GET', '/objections?queue=escalated')).statusCode).toBe(403);

    const extended = await consoleCall(app, bureau, 'POST', `/objections/${mine.id}/extension`, {
      reason: '需向执法大队调取原始案卷核实',
    });
    expect(extended.statusCode, extended.body).toBe(200);
    // 20 working days from 29 September, past the holiday: 2 November.
    expect(extended.json()).toMatchObject({
      dueOn: '2026-11-02',
      extension: { reason: '需向执法大队调取原始案卷核实', dueOn: '2026-11-02' },
      overdue: false,
    });
    const again = await consoleCall(app, bureau, 'POST', `/objections/${mine.id}/extension`, { reason: '再延期' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('该异议已延期一次，不能再次延期');
    const followed = await app.inject({
      method: 'GET',
      url: `/api/public/objections/${filed.objectionNo}`,
      headers: { cookie: applicant.cookie },
    });
    expect(followed.json().extension.reason).toBe('需向执法大队调取原始案卷核实');
  });

  it('corrects the record as a new version, ends 异议处理中, and the objector and the profile history see the decision', async () => {
    const creditCode = await registerEntity();
    const penalty = await penalise(creditCode);
    const applicant = await signInApplicant(app, province, creditCode);
    const filed = (await form(applicant, objectionFields(penalty.id))).json() as ObjectionDto;
    const queue = await consoleCall(app, bureau, 'GET', '/objections');
    const objection = queue.json().items.find((item: ConsoleObjectionDto) => item.objectionNo === filed.objectionNo);
    expect(objection.applicant).toEqual({ name: '李四', role: 'legal_representative', method: 'sms' });

    const foreign = await consoleCall(app, otherBureau, 'POST', `/objections/${objection.id}/decision`, {
      outcome: 'upheld',
      reason: '维持',
    });
    expect(foreign.statusCode).toBe(404);
    const decided = await consoleCall(app, bureau, 'POST', `/objections/${objection.id}/decision`, {
      outcome: 'corrected',
      reason: '经核查，违法事实表述有误，予以更正',
      record: {
        entityName: penalty.entityName,
        dishonestyLevel: '一般失信',
        fields: { ...penaltyFields(), violationFacts: '在门店宣传中使用“行业领先”等用语' },
      },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const decision = decided.json().decision;
    expect(decision).toMatchObject({ outcome: 'corrected', reason: '经核查，违法事实表述有误，予以更正' });
    expect(decision.correctedRecordId).toBeGreaterThan(penalty.id);
    expect(await underObjection(penalty.id)).toBe(false);

    const followed = await app.inject({
      method: 'GET',
      url: `/api/public/objections/${filed.objectionNo}`,
      headers: { cookie: applicant.cookie },
    });
    expect(followed.json()).toMatchObject({
      status: 'corrected',
      statusLabel: '已更正',
      decision: { outcome: 'corrected' },
    });

    const shown = await profile(creditCode);
    const current = shown.sections
      .flatMap((section) => section.records)
      .find((r) => r.id === decision.correctedRecordId);
    expect(current?.underObjection).toBeUndefined();
    const history = shown.sections.find((section) => section.key === 'corrections')!;
    expect(history.title).toBe('更正与修复记录');
    expect(history.records.find((record) => record.objection)).toMatchObject({
      itemName: '行政处罚信息',
      agencyName: '贵阳市市场监督管理局',
      objection: { outcome: 'corrected', outcomeLabel: '已更正' },
    });
    expect(JSON.stringify(history)).not.toContain('13912345678');
    expect(history.records.some((record) => record.correction?.reason.includes(filed.objectionNo))).toBe(true);

    const twice = await consoleCall(app, bureau, 'POST', `/objections/${objection.id}/decision`, {
      outcome: 'upheld',
      reason: '维持',
    });
    expect(twice.statusCode).toBe(409);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['result'])
      .where('action', '=', 'objection.decided')
      .where('objectId', '=', String(objection.id))
      .orderBy('id')
      .execute();
    // Another agency's attempt, the decision, and the second decision refused.
    expect(audit.map((row) => row.result)).toEqual(['failure', 'success', 'failure']);

    // The decision is a leaf of the verifiable log, once (the refused attempts appended nothing), after the leaf of
    // the corrected record's new version written in the same transaction; the reason appears only as its SM3.
    const leaves = await database.db
      .selectFrom('transparencyLeaves')
      .selectAll()
      .where('kind', '=', 'objection-decision')
      .where('subject', '=', filed.objectionNo)
      .execute();
    expect(leaves).toHaveLength(1);
    expect(JSON.parse(leaves[0]!.content)).toMatchObject({
      type: 'objection-decision',
      objectionNo: filed.objectionNo,
      recordId: penalty.id,
      outcome: 'corrected',
      resultRecordId: decision.correctedRecordId,
      reasonDigest: sm3Hex('经核查，违法事实表述有误，予以更正'),
    });
    expect(leaves[0]!.content).not.toContain('经核查');
    const corrected = await database.db
      .selectFrom('transparencyLeaves')
      .select('leafIndex')
      .where('kind', '=', 'record')
      .where('subject', '=', String(decision.correctedRecordId))
      .executeTakeFirstOrThrow();
    expect(Number(corrected.leafIndex)).toBeLessThan(Number(leaves[0]!.leafIndex));
  });

  it('revokes the record, which leaves the portal, and keeps an upheld record public without the mark', async () => {
    const creditCode = await registerEntity();
    const revoked = await penalise(creditCode);
    const upheld = await penalise(creditCode);
    const applicant = await signInApplicant(app, province, creditCode);
    const first = (await form(applicant, objectionFields(revoked.id))).json() as ObjectionDto;
    const second = (await form(applicant, objectionFields(upheld.id))).json() as ObjectionDto;
    const items = (await consoleCall(app, bureau, 'GET', '/objections')).json().items as ConsoleObjectionDto[];
    const idOf = (no: string) => items.find((item) => item.objectionNo === no)!.id;
    expect(
      (
        await consoleCall(app, bureau, 'POST', `/objections/${idOf(first.objectionNo)}/decision`, {
          outcome: 'revoked',
          reason: '该处罚决定已被行政复议撤销',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await consoleCall(app, bureau, 'POST', `/objections/${idOf(second.objectionNo)}/decision`, {
          outcome: 'upheld',
          reason: '经核查原始案卷，处罚信息无误',
        })
      ).statusCode,
    ).toBe(200);
    expect(await profileRecord(creditCode, revoked.id)).toBeUndefined();
    const kept = await profileRecord(creditCode, upheld.id);
    expect(kept).toBeDefined();
    expect(kept?.underObjection).toBeUndefined();
    const outcomes = (await profile(creditCode)).sections
      .find((section) => section.key === 'corrections')!
      .records.map((record) => record.objection?.outcomeLabel);
    expect(outcomes).toEqual(expect.arrayContaining(['已撤销该信息', '维持原信息']));
  });
});
