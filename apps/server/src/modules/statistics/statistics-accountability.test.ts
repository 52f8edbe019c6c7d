import type { AgencyTimelinessListDto } from '@gzcredit/contracts';
import { chinaToday, type Permission } from '@gzcredit/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { type Insertable, sql } from 'kysely';
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
import { penaltyFields, penaltyRecord } from '../../../test/records';
import type { RepairsTable } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { sm4Encrypt } from '../../platform/crypto';
import type { DatabaseHandle } from '../../platform/database';
import { seedCalendarFromLibrary } from '../calendar';
import { loadSubmissionContext, submitRecords } from '../records';

/**
 * 考核 (Rules Art. 27, 28; issue 19 item 4): every agency in the overseer's jurisdiction with its volume, timeliness,
 * corrections, revocations, refused rows and exchange API errors of the period; those that sent nothing with zeros;
 * the objections and repair applications of the period with their handling (issue 21 item 2). The dataset is made by
 * hand: its lateness and its cases' dates are set, so the expected figures below are counted from it.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
const agencies: Record<'education' | 'nanming' | 'yunyan' | 'zunyi', TestAgency> = {} as never;
const overseers: Record<'province' | 'guiyang' | 'bureau', TestSession> = {} as never;
const today = chinaToday();

const sessionOf = (agency: TestAgency, permissions: Permission[]) =>
  openAgencySession(database.db, agency, permissions);

async function push(agency: TestAgency, records: ReturnType<typeof penaltyRecord>[]) {
  const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
  return database.db
    .transaction()
    .execute((trx) =>
      submitRecords(
        trx,
        { agencyId: Number(agency.id), agencyKind: 'administrative', accountId: null, channel: 'api' },
        context,
        records,
      ),
    );
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await seedCalendarFromLibrary(database.db);
  const db = database.db;
  const agency = (name: string, regionCode: string, level: TestAgency['level'], kind: TestAgency['kind']) =>
    createAgency(db, { name, regionCode, level, kind });
  agencies.education = await agency('贵阳市教育局', '520100', 'prefecture', 'administrative');
  agencies.nanming = await agency('贵阳市南明区教育局', '520102', 'county', 'administrative');
  agencies.yunyan = await agency('贵阳市云岩区教育局', '520103', 'county', 'administrative');
  agencies.zunyi = await agency('遵义市教育局', '520300', 'prefecture', 'administrative');
  const guiyang = await agency('贵阳市发展和改革委员会', '520100', 'prefecture', 'development_reform');
  overseers.guiyang = await sessionOf(guiyang, ['oversight']);
  overseers.province = await sessionOf(
    await agency('贵州省发展和改革委员会', '520000', 'province', 'development_reform'),
    ['oversight'],
  );

  overseers.bureau = await sessionOf(await agency('贵州省市场监督管理局', '520000', 'province', 'market_regulation'), [
    'platform.operator',
    'content.publish',
  ]);

  // 贵阳市教育局: three records and one refused at validation (an invalid credit code); one of the three is late by 4
  // working days, one is corrected, another revoked; one exchange request of its client was refused.
  const education = await push(agencies.education, [
    penaltyRecord(uniqueCreditCode()),
    penaltyRecord(uniqueCreditCode()),
    penaltyRecord(uniqueCreditCode()),
    penaltyRecord('91520102ABCDEFGHIJ'),
  ]);
  expect(education).toMatchObject({ accepted: 3, rejected: 1 });
  const [late, corrected, revoked] = education.results.map((result) => result.recordId!) as [number, number, number];
  // 云岩: one record, on time. 南明 sends nothing. 遵义 (another prefecture) two records.
  await push(agencies.yunyan, [penaltyRecord(uniqueCreditCode())]);
  await push(agencies.zunyi, [penaltyRecord(uniqueCreditCode()), penaltyRecord(uniqueCreditCode())]);
  await sql`UPDATE records SET days_late = CASE WHEN id = ${late} THEN 4 ELSE 0 END`.execute(db);

  const clerk = await sessionOf(agencies.education, ['record.submit', 'record.correct']);
  const correction = await consoleCall(app, clerk, 'POST', `/records/${corrected}/corrections`, {
    reason: '罚款金额录入有误',
    record: {
      entityName: '贵州测试科技有限公司',
      dishonestyLevel: '一般失信',
      fields: penaltyFields({ fineAmount: '3' }),
    },
  });
  expect(correction.statusCode, correction.body).toBe(200);
  const revocation = await consoleCall(app, clerk, 'POST', `/records/${revoked}/revocation`, { reason: '重复报送' });
  expect(revocation.statusCode, revocation.body).toBe(200);
  await recordAudit(db, {
    agencyId: Number(agencies.education.id),
    action: 'exchange.request-refused',
    result: 'denied',
    details: { reason: 'SIGNATURE_INVALID', status: 401 },
  });

  // Objections and repair applications across the National Day break of 2026 (working days: 09-30, then 10-08, 10-09,
  // 10-10 (调休), 10-12 …), all to 贵阳市教育局's records but one to 遵义's and one filed after the period.
  const entity = await createEnterprise(db);
  const { id: enterpriseId } = await db
    .selectFrom('enterprises')
    .select('id')
    .where('creditCode', '=', entity.creditCode)
    .executeTakeFirstOrThrow();
  const [zunyiRecord] = await db
    .selectFrom('records')
    .select('id')
    .where('agencyId', '=', Number(agencies.zunyi.id))
    .execute();
  let objectionSerial = 0;
  const objection = async (
    agency: TestAgency,
    recordId: number,
    dates: { filedOn: string; dueOn: string; decidedOn?: string },
  ) =>
    db
      .insertInto('objections')
      .values({
        objectionNo: `YY20261207ACCOUNT${String(++objectionSerial).padStart(3, '0')}`,
        recordId,
        rootRecordId: recordId,
        enterpriseId: Number(enterpriseId),
        agencyId: Number(agency.id),
        applicantMethod: 'sms',
        applicantRole: 'legal_representative',
        applicantName: '李四',
        contactName: '李四',
        contactPhoneCipher: sm4Encrypt(TEST_DATA_KEY, '13912345678'),
        contactPhoneMasked: '139****5678',
        reasons: '处罚信息所载事实与实际不符',
        filedOn: dates.filedOn,
        dueOn: dates.dueOn,
        ...(dates.decidedOn
          ? {
              status: 'upheld' as const,
              decidedOn: dates.decidedOn,
              decidedAt: new Date(`${dates.decidedOn}T10:00:00+08:00`),
              decisionReason: '经核实，信息无误',
            }
          : {}),
      })
      .execute();
  // Decided in 3 working days, on time; decided in 7 (after its due date 10-12); pending past its due date.
  await objection(agencies.education, late, { filedOn: '2026-09-29', dueOn: '2026-10-12', decidedOn: '2026-10-09' });
  await objection(agencies.education, corrected, {
    filedOn: '2026-09-29',
    dueOn: '2026-10-12',
    decidedOn: '2026-10-14',
  });
  await objection(agencies.education, revoked, { filedOn: '2026-10-20', dueOn: '2026-10-27' });
  await objection(agencies.zunyi, Number(zunyiRecord!.id), { filedOn: '2026-10-20', dueOn: '2026-10-27' });
  await objection(agencies.education, late, { filedOn: '2026-11-05', dueOn: '2026-11-12' });
  let repairSerial = 0;
  const repair = async (recordId: number, fields: Partial<Insertable<RepairsTable>>) =>
    db
      .insertInto('repairs')
      .values({
        repairNo: `XF20261009ACCOUNT${String(++repairSerial).padStart(3, '0')}`,
        recordId,
        enterpriseId: Number(enterpriseId),
        creditCode: entity.creditCode,
        entityName: entity.name,
        agencyId: Number(agencies.education.id),
        itemCode: 'penalty',
        itemName: '行政处罚信息',
        dishonestyLevel: 'general',
        aroseOn: '2026-03-02',
        applicantMethod: 'sms',
        applicantKey: 'sms:张法人',
        applicantName: '张法人',
        correction: '已缴纳罚款',
        commitmentText: '信用修复承诺书',
        commitmentSignedBy: '张法人',
        submittedAt: new Date('2026-10-09T10:00:00+08:00'),
        acceptDueOn: '2026-10-14',
        ...fields,
      })
      .execute();
  const accepted = { acceptedAt: new Date('2026-10-10T10:00:00+08:00'), decideDueOn: '2026-10-24' };
  // Approved on time; accepted and undecided past its due date; refused after its due date: the agency's. Waiting for
  // acceptance past its 3 working days: the provincial bureau's step, not counted against the agency.
  await repair(late, { ...accepted, status: 'approved', decidedAt: new Date('2026-10-20T10:00:00+08:00') });
  await repair(corrected, { ...accepted, status: 'accepted' });
  await repair(revoked, {
    ...accepted,
    status: 'refused',
    decidedAt: new Date('2026-10-27T10:00:00+08:00'),
    reason: '未履行法定义务',
  });
  await repair(late, { status: 'submitted' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function ranking(session: TestSession, query = `from=${today}&to=${today}`) {
  const response = await consoleCall(app, session, 'GET', `/timeliness/agencies?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as AgencyTimelinessListDto;
}

const row = (list: AgencyTimelinessListDto, agency: TestAgency) =>
  list.items.find((item) => item.agency.id === Number(agency.id));

describe('accountability figures of the agencies under oversight (Art. 27, 28)', () => {
  it('counts volume, lateness, corrections, revocations, refused rows and API errors as the dataset has them', async () => {
    const list = await ranking(overseers.guiyang);
    expect(row(list, agencies.education)).toEqual({
      agency: { id: Number(agencies.education.id), name: '贵阳市教育局' },
      rank: 2,
      reported: true,
      volume: 3,
      late: 1,
      rate: 66.7,
      averageDaysLate: 4,
      corrections: 1,
      revocations: 1,
      refused: 1,
      apiErrors: 1,
      objections: { received: 0, decided: 0, averageWorkingDays: null, overdue: 0 },
      repairs: { received: 0, decided: 0, overdue: 0 },
    });
    expect(row(list, agencies.yunyan)).toMatchObject({ rank: 1, volume: 1, late: 0, rate: 100, refused: 0 });
  });

  it('counts objections and repair applications of the period, their handling in working days and those overdue', async () => {
    const list = await ranking(overseers.guiyang, 'from=2026-09-28&to=2026-10-31');
    expect(row(list, agencies.education)).toMatchObject({
      objections: { received: 3, decided: 2, averageWorkingDays: 5, overdue: 2 },
      repairs: { received: 4, decided: 2, overdue: 2 },
    });
    // 遵义's pending objection is not in 贵阳's reach; the province sees it, overdue.
    expect(row(list, agencies.zunyi)).toBeUndefined();
    const province = await ranking(overseers.province, 'from=2026-09-28&to=2026-10-31');
    expect(row(province, agencies.zunyi)).toMatchObject({
      objections: { received: 1, decided: 0, averageWorkingDays: null, overdue: 1 },
    });
    // The objection filed on 11-05 counts in its own period, pending past its due date.
    const november = await ranking(overseers.guiyang, 'from=2026-11-01&to=2026-11-30');
    expect(row(november, agencies.education)).toMatchObject({
      objections: { received: 1, decided: 0, overdue: 1 },
      repairs: { received: 0, decided: 0, overdue: 0 },
    });
  });

  it('lists an agency that sent nothing with zeros, marked as not reported, after those that reported', async () => {
    const list = await ranking(overseers.guiyang);
    expect(row(list, agencies.nanming)).toMatchObject({
      reported: false,
      volume: 0,
      late: 0,
      rate: null,
      averageDaysLate: null,
      corrections: 0,
      revocations: 0,
      refused: 0,
      apiErrors: 0,
    });
    expect(list.items.map((item) => item.reported)).toEqual([true, true, false, false]);
    // A period before anything was sent: every agency is listed, none reported.
    const empty = await ranking(overseers.guiyang, 'from=2020-01-01&to=2020-01-31');
    expect(empty.items).toHaveLength(4);
    expect(empty.items.every((item) => !item.reported && item.volume === 0 && item.corrections === 0)).toBe(true);
  });

  it('ranks by rate by default and by volume when asked', async () => {
    const byRate = await ranking(overseers.guiyang);
    expect(byRate.sort).toBe('rate');
    expect(byRate.items.slice(0, 2).map((item) => item.agency.name)).toEqual(['贵阳市云岩区教育局', '贵阳市教育局']);
    const byVolume = await ranking(overseers.guiyang, `from=${today}&sort=volume`);
    expect(byVolume.items.slice(0, 2).map((item) => item.agency.name)).toEqual(['贵阳市教育局', '贵阳市云岩区教育局']);
    expect(byVolume.items.map((item) => item.rank)).toEqual([1, 2, 3, 4]);
  });

  it("keeps a prefecture commission to its prefecture: another prefecture's agencies are not listed", async () => {
    const names = (await ranking(overseers.guiyang)).items.map((item) => item.agency.name).sort();
    expect(names).toEqual(
      ['贵阳市云岩区教育局', '贵阳市南明区教育局', '贵阳市发展和改革委员会', '贵阳市教育局'].sort(),
    );
    const province = await ranking(overseers.province);
    expect(row(province, agencies.zunyi)).toMatchObject({ volume: 2, reported: true });
  });

  it('refuses a period that ends before it starts, and an unknown sort, in Chinese naming the field', async () => {
    for (const url of ['/timeliness/agencies', '/timeliness/agencies/export']) {
      const response = await consoleCall(app, overseers.guiyang, 'GET', `${url}?from=2026-12-07&to=2026-12-01`);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.message, url).toContain('to 接收日期止不能早于接收日期起');
    }
    const sort = await consoleCall(app, overseers.guiyang, 'GET', '/timeliness/agencies?sort=name');
    expect(sort.statusCode).toBe(400);
    expect(sort.json().error.message).toContain('排序方式应为 rate（及时率）或 volume（报送量）');
  });

  it('exports the ranking as XLSX with the agencies that sent nothing, after writing the audit row', async () => {
    const response = await consoleCall(
      app,
      overseers.guiyang,
      'GET',
      `/timeliness/agencies/export?from=${today}&to=${today}&sort=volume`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain('attachment');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('报送考核排名')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1, 4)).toEqual(['排名', '单位', '报送情况']);
    expect(rows[1]!.slice(1, 12)).toEqual(['1', '贵阳市教育局', '已报送', '3', '1', '66.7', '4', '1', '1', '1', '1']);
    expect(rows.slice(3).map((cells) => cells[3])).toEqual(['未报送', '未报送']);
    expect(rows[0]!.slice(12, 19)).toEqual([
      '收到异议（件）',
      '已处理异议（件）',
      '异议平均处理（工作日）',
      '异议超期（件）',
      '收到修复申请（件）',
      '已决定修复申请（件）',
      '修复超期（件）',
    ]);
    const october = await consoleCall(
      app,
      overseers.guiyang,
      'GET',
      '/timeliness/agencies/export?from=2026-09-28&to=2026-10-31',
    );
    const octoberBook = new ExcelJS.Workbook();
    await octoberBook.xlsx.load(october.rawPayload as unknown as ArrayBuffer);
    const educationRow = (
      octoberBook.getWorksheet('报送考核排名')!.getSheetValues().filter(Boolean) as unknown[][]
    ).find((cells) => cells[2] === '贵阳市教育局');
    expect(educationRow!.slice(12, 19)).toEqual(['3', '2', '5', '2', '4', '2', '2']);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result', 'details'])
      .where('action', '=', 'timeliness.agencies-exported')
      .orderBy('id')
      .execute();
    expect(audit[0]).toEqual({
      action: 'timeliness.agencies-exported',
      result: 'success',
      details: { period: `${today} 至 ${today}`, sort: '按报送量' },
    });
  });

  it("drafts the month's 通报 for the provincial bureau into 通知公告, a draft the public does not see", async () => {
    const month = today.slice(0, 7);
    const response = await consoleCall(app, overseers.bureau, 'POST', '/timeliness/notices', { month });
    expect(response.statusCode, response.body).toBe(200);
    const article = response.json() as { id: number; status: string; title: string; bodyHtml: string };
    expect(article.status).toBe('draft');
    expect(article.title).toBe(`${month.slice(0, 4)}年${Number(month.slice(5))}月企业公共信用信息报送情况通报`);
    // The province sees every agency: 贵阳市教育局 ranked in the table (3 records, 1 late), the silent ones named.
    expect(article.bodyHtml).toContain('<table>');
    expect(article.bodyHtml).toContain('<td>贵阳市教育局</td><td>3</td><td>1</td><td>66.7%</td>');
    const silentLine = article.bodyHtml.slice(article.bodyHtml.indexOf('三、未报送信息的单位'));
    expect(silentLine).toContain('贵阳市南明区教育局');
    expect(silentLine).not.toContain('遵义市教育局');
    const column = await database.db
      .selectFrom('articles as a')
      .innerJoin('columns as c', 'c.id', 'a.columnId')
      .select(['c.code', 'a.status', 'a.agencyId'])
      .where('a.id', '=', article.id)
      .executeTakeFirstOrThrow();
    expect(column).toMatchObject({ code: 'notices', status: 'draft' });
    const portal = await app.inject({ method: 'GET', url: '/api/public/articles?column=notices' });
    expect(portal.json().items.map((item: { id: number }) => item.id)).not.toContain(article.id);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['objectId', 'details'])
      .where('action', '=', 'timeliness.notice-drafted')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ objectId: String(article.id), details: { month } });
  });

  it("names the month's objections and repair applications in the 通报", async () => {
    const response = await consoleCall(app, overseers.bureau, 'POST', '/timeliness/notices', { month: '2026-10' });
    expect(response.statusCode, response.body).toBe(200);
    // October: the two pending objections filed on 10-20 (those of 09-29 belong to September) and the four applications.
    expect(response.json().bodyHtml).toContain(
      '各单位收到异议 2 件，已处理 0 件，超过处理期限 2 件；收到信用修复申请 4 件，已作出决定 2 件，超过决定期限 2 件。',
    );
  });

  it('refuses a malformed or future month, and drafts for the provincial bureau only', async () => {
    const bad = await consoleCall(app, overseers.bureau, 'POST', '/timeliness/notices', { month: '2026-13' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('月份格式应为 YYYY-MM');
    const future = await consoleCall(app, overseers.bureau, 'POST', '/timeliness/notices', { month: '2099-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('不能为尚未开始的月份起草通报');
    const commission = await consoleCall(app, overseers.guiyang, 'POST', '/timeliness/notices', { month: '2026-11' });
    expect(commission.statusCode).toBe(403);
  });
});
