import { type CheckResultDto, CheckResultSchema, type CheckVerificationDto } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import {
  canonicalJson,
  embeddedFiles,
  leafBytes,
  type SignedDocument,
  sm2GenerateKeyPair,
  sm2PublicKey,
  sm3Of,
  verifySignedDocument,
} from '@gzcredit/verify';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { exchangePost } from '../../../test/exchange';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { extractPdfText } from '../../../test/pdf';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { checkResultJson, checkResultOf, getCheck } from './checks.service';

/*
 * 信用核查 (Rules Art. 17): verdicts from the records the checking agency may see and the measures that apply to the
 * purpose; names never guessed; bad input refused by row; every check stored, audited, printable and verifiable.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let bureauClerk: TestSession;
let bureauOfficer: TestSession;
let officer: TestSession;
let otherOfficer: TestSession;
let officerSession: { keyId: string; secret: string };
const today = chinaToday();
const PURPOSE = 'government_procurement';

/** Entities of the fixture: a 严重违法失信 listed one, one with a 一般失信 penalty, a clean one, twins by name. */
const entities = {
  listed: { creditCode: uniqueCreditCode(), name: '贵州严重失信建设有限公司' },
  penalised: { creditCode: uniqueCreditCode(), name: '贵州一般失信商贸有限公司' },
  clean: { creditCode: uniqueCreditCode(), name: '贵州守法经营科技有限公司' },
  twinA: { creditCode: uniqueCreditCode(), name: '贵州同名实业有限公司' },
  twinB: { creditCode: uniqueCreditCode('91', '520103'), name: '贵州同名实业有限公司' },
  hidden: { creditCode: uniqueCreditCode(), name: '贵州内部信息测试有限公司' },
};

const call = (session: TestSession, method: 'GET' | 'POST', url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

async function submit(record: object) {
  const response = await call(bureauClerk, 'POST', '/records', { record });
  expect(response.statusCode, response.body).toBe(200);
}

async function check(payload: object, session = officer) {
  return call(session, 'POST', '/checks', payload);
}

/** A check's answer, streamed from its stored form (checkResultJson): exactly the declared schema, nothing more. */
async function checkOk(payload: object): Promise<CheckResultDto> {
  const response = await check(payload);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  const answer = response.json() as CheckResultDto;
  expect(CheckResultSchema.parse(answer)).toEqual(answer);
  return answer;
}

const countChecks = async () =>
  Number(
    (
      await database.db
        .selectFrom('creditChecks')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );

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
  const finance = await createAgency(db, { name: '贵阳市财政局', regionCode: '520100', kind: 'administrative' });
  const other = await createAgency(db, { name: '遵义市财政局', regionCode: '520300', kind: 'administrative' });
  bureauClerk = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(bureau.id), permissions: ['record.submit', 'exchange.configure'] })).id,
  );
  bureauOfficer = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(bureau.id), permissions: ['record.query'] })).id,
  );
  officer = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(finance.id), permissions: ['record.query', 'exchange.configure'] })).id,
  );
  otherOfficer = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(other.id), permissions: ['record.query'] })).id,
  );
  for (const entity of Object.values(entities)) await createEnterprise(db, entity);

  await submit({
    itemCode: 'serious_illegal_list',
    creditCode: entities.listed.creditCode,
    entityName: entities.listed.name,
    dishonestyLevel: '严重失信',
    fields: {
      reason: '提交虚假材料取得公司登记',
      decisionNumber: '黔市监严列〔2026〕1号',
      listedOn: addMonths(today, -1),
      authority: '贵州省市场监督管理局',
    },
  });
  await submit(penaltyRecord(entities.penalised.creditCode, { entityName: entities.penalised.name }));
  // 仅本部门: the finance bureau may not see it, but the supervisory standing counts it (Art. 17).
  await submit(
    penaltyRecord(entities.hidden.creditCode, {
      entityName: entities.hidden.name,
      useScope: 'internal',
      withholdingGround: '商业秘密',
      dishonestyLevel: '较重失信',
    }),
  );
  const created = await call(officer, 'POST', '/api-clients', { name: '政府采购交易系统' });
  expect(created.statusCode, created.body).toBe(200);
  officerSession = { keyId: created.json().client.keyId, secret: created.json().secret };
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('verdicts', () => {
  it('refuses a 严重违法失信 listed entity with the class-1 measure and its legal basis, and tells the others apart', async () => {
    const result = await checkOk({
      purpose: PURPOSE,
      matter: '贵阳市2026年办公设备采购项目（GYCG-2026-001）',
      entities: [
        { creditCode: entities.listed.creditCode },
        { creditCode: entities.penalised.creditCode },
        { creditCode: entities.clean.creditCode },
        { creditCode: entities.hidden.creditCode },
      ],
    });
    expect(result.checkNo).toMatch(/^GZHC\d{8}[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.agencyName).toBe('贵阳市财政局');
    expect(result.purpose.name).toBe('政府采购');
    expect(result.measureEditions.length).toBeGreaterThan(0);
    const [listed, penalised, clean, hidden] = result.items;

    expect(listed).toMatchObject({
      resolution: 'found',
      name: entities.listed.name,
      status: 'active',
      standing: { dishonestyLevel: 'severe', badges: ['blacklisted'] },
      verdict: 'refused',
    });
    expect(listed!.records).toEqual([
      expect.objectContaining({ itemCode: 'serious_illegal_list', listing: true, dishonestyLevel: 'severe' }),
    ]);
    const classOne = listed!.measures.filter((measure) => measure.measureClass === 1);
    expect(classOne.length).toBeGreaterThan(0);
    for (const measure of classOne) expect(measure.legalBasis).toMatch(/《.+》/);

    expect(penalised).toMatchObject({ verdict: 'caution', standing: { dishonestyLevel: 'general' } });
    expect(penalised!.records.map((record) => record.itemCode)).toEqual(['penalty']);
    expect(penalised!.measures.every((measure) => measure.measureClass !== 1)).toBe(true);

    expect(clean).toMatchObject({ verdict: 'clear', records: [], measures: [], standing: { dishonestyLevel: null } });

    // 仅本部门: out of sight of another agency, so neither the verdict nor the standing may show it (Art. 22(四)).
    expect(hidden).toMatchObject({ verdict: 'clear', records: [], measures: [], standing: { dishonestyLevel: null } });
  });

  it('rests verdict and standing on the records the checker may see: the providing agency sees its internal record', async () => {
    const body = { purpose: PURPOSE, matter: '可见性核查', entities: [{ creditCode: entities.hidden.creditCode }] };
    const own = await check(body, bureauOfficer);
    expect(own.statusCode, own.body).toBe(200);
    const [item] = (own.json() as CheckResultDto).items;
    expect(item).toMatchObject({ verdict: 'caution', standing: { dishonestyLevel: 'serious', badges: [] } });
    expect(item!.records.map((record) => record.itemCode)).toEqual(['penalty']);
    const [other] = (await checkOk(body)).items;
    expect(other).toMatchObject({ verdict: 'clear', standing: { dishonestyLevel: null, badges: [] }, records: [] });
  });

  it('checks a consortium as a whole: one listed member marks it', async () => {
    const members = [{ creditCode: entities.clean.creditCode }, { creditCode: entities.listed.creditCode }];
    const consortium = await checkOk({ purpose: PURPOSE, matter: '联合体投标', entities: members, consortium: true });
    expect(consortium.consortium).toBe(true);
    expect(consortium.consortiumVerdict).toBe('refused');
    const cleanOnly = await checkOk({
      purpose: PURPOSE,
      matter: '联合体投标',
      entities: [{ creditCode: entities.clean.creditCode }, { name: entities.clean.name }],
      consortium: true,
    });
    expect(cleanOnly.consortiumVerdict).toBe('clear');
    const alone = await checkOk({ purpose: PURPOSE, matter: '单独投标', entities: members });
    expect(alone.consortiumVerdict).toBeNull();
    expect(alone.consortiumUnchecked).toEqual([]);
  });

  it('never concludes 未发现 for a consortium with a member not found or ambiguous: it names them, in JSON, PDF and verification', async () => {
    const unknown = uniqueCreditCode();
    const partial = await checkOk({
      purpose: PURPOSE,
      matter: '联合体投标（未能完整核查）',
      consortium: true,
      entities: [{ creditCode: entities.clean.creditCode }, { creditCode: unknown }, { name: '贵州同名实业有限公司' }],
    });
    expect(partial.items.map((item) => item.verdict)).toEqual(['clear', null, null]);
    expect(partial.consortiumVerdict).toBeNull();
    expect(partial.consortiumUnchecked).toEqual([
      { row: 2, creditCode: unknown, name: null, resolution: 'not_found' },
      { row: 3, creditCode: null, name: '贵州同名实业有限公司', resolution: 'ambiguous' },
    ]);
    const named = `第 2 行“${unknown}”（未找到）、第 3 行“贵州同名实业有限公司”（名称不唯一）`;

    const pdf = await call(officer, 'GET', `/checks/${partial.checkNo}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await extractPdfText(pdf.rawPayload)).join('');
    expect(text.replace(/\s/g, '')).toContain(`未能完整核查：${named}`.replace(/\s/g, ''));

    const verified = await app.inject({
      method: 'GET',
      url: `/api/public/checks/${partial.checkNo}?digest=${partial.digest}`,
    });
    expect(verified.json()).toMatchObject({
      consortium: true,
      consortiumVerdict: null,
      consortiumUnchecked: partial.consortiumUnchecked,
    });

    // One refused member still refuses the consortium, and the unchecked one is named beside it.
    const refused = await checkOk({
      purpose: PURPOSE,
      matter: '联合体投标（有成员被限制）',
      consortium: true,
      entities: [{ creditCode: entities.listed.creditCode }, { creditCode: unknown }],
    });
    expect(refused.consortiumVerdict).toBe('refused');
    expect(refused.consortiumUnchecked).toEqual([{ row: 2, creditCode: unknown, name: null, resolution: 'not_found' }]);
  });
});

describe('inputs', () => {
  it('resolves a unique name, lists the candidates of an ambiguous one and never guesses', async () => {
    const result = await checkOk({
      purpose: PURPOSE,
      matter: '名称核查',
      entities: [
        { name: entities.clean.name },
        { name: '贵州同名实业有限公司' },
        { name: '同名实业' },
        { name: '贵州查无此名有限公司' },
      ],
    });
    const [unique, twins, partial, unknown] = result.items;
    expect(unique).toMatchObject({ resolution: 'found', creditCode: entities.clean.creditCode, verdict: 'clear' });
    expect(twins).toMatchObject({ resolution: 'ambiguous', creditCode: null, verdict: null, records: [] });
    expect(twins!.candidates.map((candidate) => candidate.creditCode).sort()).toEqual(
      [entities.twinA.creditCode, entities.twinB.creditCode].sort(),
    );
    expect(partial).toMatchObject({ resolution: 'ambiguous', verdict: null });
    expect(partial!.candidates).toHaveLength(2);
    expect(unknown).toMatchObject({ resolution: 'not_found', candidates: [], verdict: null });
  });

  it('offers an entity by a name it bore before, and takes % and _ in a name literally', async () => {
    await database.db
      .updateTable('enterprises')
      .set({ formerNames: ['贵州旧名核查有限公司'] })
      .where('creditCode', '=', entities.clean.creditCode)
      .execute();
    const result = await checkOk({
      purpose: PURPOSE,
      matter: '曾用名核查',
      entities: [{ name: '贵州旧名核查有限公司' }, { name: '同名%实业' }, { name: '同名实业' }, { name: '旧名核查' }],
    });
    const [former, wildcard, partial, partOfFormer] = result.items;
    expect(former).toMatchObject({ resolution: 'ambiguous', verdict: null });
    expect(former!.candidates.map((candidate) => candidate.creditCode)).toEqual([entities.clean.creditCode]);
    expect(wildcard).toMatchObject({ resolution: 'not_found', candidates: [] });
    expect(partial!.candidates).toHaveLength(2);
    // A former name is offered when it is the name asked for, not when it merely contains it.
    expect(partOfFormer).toMatchObject({ resolution: 'not_found', candidates: [] });
  });

  it('answers an unknown but valid code 未找到 without failing the check', async () => {
    const unknown = uniqueCreditCode();
    const result = await checkOk({
      purpose: PURPOSE,
      matter: '未找到',
      entities: [{ creditCode: unknown }, { creditCode: entities.clean.creditCode }],
    });
    expect(result.items[0]).toMatchObject({ resolution: 'not_found', creditCode: unknown, verdict: null });
    expect(result.items[1]).toMatchObject({ resolution: 'found', verdict: 'clear' });
  });

  it('refuses invalid codes naming each row and field, and stores nothing', async () => {
    const before = await countChecks();
    const valid = entities.clean.creditCode;
    const broken = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const response = await check({
      purpose: PURPOSE,
      matter: '错误代码',
      entities: [{ creditCode: valid }, { creditCode: broken }, { creditCode: '12345' }, {}],
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('CHECK_INPUT_INVALID');
    expect(error.message).toContain(`第 2 行 统一社会信用代码“${broken}”：第 18 位校验码应为`);
    expect(error.message).toContain('第 3 行 统一社会信用代码“12345”：统一社会信用代码应为 18 位');
    expect(error.message).toContain('第 4 行：请填写统一社会信用代码或名称');
    expect(error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'entities.1.creditCode',
      'entities.2.creditCode',
      'entities.3',
    ]);
    expect(await countChecks()).toBe(before);
  });

  it('refuses 10,001 entities naming the limit, and an unknown purpose', async () => {
    const many = Array.from({ length: 10_001 }, () => ({ creditCode: entities.clean.creditCode }));
    const tooMany = await check({ purpose: PURPOSE, matter: '超过上限', entities: many });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('一次核查最多 10,000 个主体');
    expect(tooMany.json().error.details).toEqual([
      expect.objectContaining({ field: 'entities', message: expect.stringContaining('10,000') }),
    ]);
    const purpose = await check({ purpose: 'moon_landing', matter: '用途', entities: [{ name: '某公司' }] });
    expect(purpose.statusCode).toBe(400);
    expect(purpose.json().error).toMatchObject({
      code: 'CHECK_PURPOSE_UNKNOWN',
      details: [{ field: 'purpose', message: expect.stringContaining('核查用途“moon_landing”不存在') }],
    });
    expect(purpose.json().error.message).toContain('moon_landing');
  });

  it('reads an uploaded XLSX or CSV list of codes and names, and refuses one longer than 10,000', async () => {
    const upload = (name: string, content: Buffer) => {
      const boundary = `----check${Date.now()}`;
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return app.inject({
        method: 'POST',
        url: '/api/console/checks/entity-lists',
        headers: { ...consoleHeaders(officer), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('供应商');
    sheet.addRow(['序号', '统一社会信用代码', '供应商名称']);
    sheet.addRow([1, entities.listed.creditCode, entities.listed.name]);
    sheet.addRow([2, '', entities.clean.name]);
    sheet.addRow([]);
    const xlsx = await upload('供应商名单.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.json().entities).toEqual([
      { creditCode: entities.listed.creditCode, name: entities.listed.name },
      { name: entities.clean.name },
    ]);
    const csv = await upload('名单.csv', Buffer.from(`\uFEFF统一社会信用代码\r\n${entities.penalised.creditCode}\r\n`));
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.json().entities).toEqual([{ creditCode: entities.penalised.creditCode }]);
    const long = Array.from({ length: 10_001 }, () => entities.clean.creditCode).join('\r\n');
    const tooLong = await upload('名单.csv', Buffer.from(`统一社会信用代码\r\n${long}\r\n`));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('一次核查最多 10,000 个主体');
    const headerless = await upload('名单.csv', Buffer.from(`${entities.clean.creditCode}\r\n`));
    expect(headerless.statusCode).toBe(400);
    expect(headerless.json().error.message).toContain('表头');
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['result'])
      .where('action', '=', 'check.list-read')
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.result)).toEqual(['success', 'success', 'failure', 'failure']);
  });

  it('checks 10,000 entities at once', async () => {
    const codes = [entities.listed, entities.penalised, entities.clean];
    const result = await checkOk({
      purpose: PURPOSE,
      matter: '批量核查',
      entities: Array.from({ length: 10_000 }, (_, index) => ({ creditCode: codes[index % 3]!.creditCode })),
    });
    expect(result.items).toHaveLength(10_000);
    expect(result.items.filter((item) => item.verdict === 'refused')).toHaveLength(3334);
  }, 60_000);
});

describe('stored, printed and verified', () => {
  let stored: CheckResultDto;

  beforeAll(async () => {
    stored = await checkOk({
      purpose: PURPOSE,
      matter: '打印核查（GYCG-2026-009）',
      entities: [{ creditCode: entities.listed.creditCode }, { creditCode: entities.clean.creditCode }],
    });
  });

  it('shows the stored check to its agency only, and audits each check and view', async () => {
    const again = await call(officer, 'GET', `/checks/${stored.checkNo}`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(stored);
    const foreign = await call(otherOfficer, 'GET', `/checks/${stored.checkNo}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('CHECK_NOT_FOUND');
    const rows = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result', 'objectType', 'objectId', 'details'])
      .where('objectId', '=', stored.checkNo)
      .orderBy('id')
      .execute();
    expect(rows.map((row) => [row.action, row.result])).toEqual([
      ['check.performed', 'success'],
      ['check.viewed', 'success'],
      ['check.viewed', 'failure'],
    ]);
    expect(rows[0]).toMatchObject({
      objectType: 'credit-check',
      details: { purpose: PURPOSE, entities: 2, refused: 1 },
    });
    const row = await database.db
      .selectFrom('creditChecks')
      .selectAll()
      .where('checkNo', '=', stored.checkNo)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purposeCode: PURPOSE, entityCount: 2, digest: stored.digest });
    expect(row.measureEditions).toEqual(stored.measureEditions);
    // The streamed text and the answer unpacked as objects (the PDF's, the exchange API's) are the same answer.
    // The row names the check; its content is the check's leaf in the log (stored once, migration 0047).
    expect(row.content).toBeNull();
    const check = await getCheck(database.db, Number(row.agencyId), row.checkNo);
    expect(JSON.parse([...checkResultJson(check)].join(''))).toEqual(checkResultOf(check));
    expect(checkResultOf(check)).toEqual(stored);
  });

  it('prints the check as a PDF with its number, digest, verdicts, measures and legal basis', async () => {
    const response = await call(officer, 'GET', `/checks/${stored.checkNo}/report.pdf`);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-check-number']).toBe(stored.checkNo);
    expect(response.headers['x-check-digest']).toBe(stored.digest);
    const text = (await extractPdfText(response.rawPayload)).join('\n');
    const measure = stored.items[0]!.measures.find((candidate) => candidate.measureClass === 1)!;
    for (const expected of [
      '信用核查结果',
      stored.checkNo,
      stored.digest,
      '贵阳市财政局',
      '打印核查（GYCG-2026-009）',
      entities.listed.name,
      '不予准入/限制',
      '未发现',
      measure.name,
      measure.legalBasis,
      `/checks/${stored.checkNo}?digest=${stored.digest}`,
    ])
      expect(text).toContain(expected);
    // A download's audit row is written before its first byte leaves (platform/files asDownload): no waiting.
    const printed = await database.db
      .selectFrom('auditLog')
      .select('result')
      .where('action', '=', 'check.printed')
      .where('objectId', '=', stored.checkNo)
      .execute();
    expect(printed).toEqual([{ result: 'success' }]);
  });

  it('keeps the stored content as the check’s leaf and attaches its signed bundle to the PDF (issue 23)', async () => {
    const leaf = await database.db
      .selectFrom('transparencyLeaves')
      .selectAll()
      .where('kind', '=', 'credit-check')
      .where('subject', '=', stored.checkNo)
      .executeTakeFirstOrThrow();
    const row = await database.db
      .selectFrom('creditChecks')
      .select(['agencyId', 'digest'])
      .where('checkNo', '=', stored.checkNo)
      .executeTakeFirstOrThrow();
    const { content } = await getCheck(database.db, Number(row.agencyId), stored.checkNo);
    expect(leaf.content).toBe(leafBytes({ kind: 'credit-check', content: content as Record<string, unknown> }));
    expect(row.digest).toBe(sm3Of(canonicalJson(content)));
    const response = await call(officer, 'GET', `/checks/${stored.checkNo}/report.pdf`);
    const [attached] = embeddedFiles(response.rawPayload);
    const signed = JSON.parse(attached!.toString('utf8')) as SignedDocument;
    expect(signed).toMatchObject({ kind: 'credit-check', subject: stored.checkNo, digest: stored.digest });
    expect(signed.leafIndex).toBe(Number(leaf.leafIndex));
    const steps = verifySignedDocument(signed, { publicKey: signed.publicKey });
    expect(steps.filter((step) => !step.ok)).toEqual([]);
    const other = sm2PublicKey(sm2GenerateKeyPair().privateKey);
    expect(verifySignedDocument(signed, { publicKey: other }).some((step) => !step.ok)).toBe(true);
    expect((await extractPdfText(response.rawPayload)).join('\n')).toContain('平台签名（SM2）');
  });

  it('verifies publicly: the facts and verdicts with the right digest, nothing more without it', async () => {
    const verify = async (query: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/public/checks/${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as CheckVerificationDto;
    };
    const confirmed = await verify(`${stored.checkNo}?digest=${stored.digest}`);
    expect(confirmed).toMatchObject({
      issued: true,
      digestMatches: true,
      agencyName: '贵阳市财政局',
      purposeName: '政府采购',
      matter: '打印核查（GYCG-2026-009）',
      entities: [
        { row: 1, creditCode: entities.listed.creditCode, verdict: 'refused' },
        { row: 2, creditCode: entities.clean.creditCode, verdict: 'clear' },
      ],
    });
    expect(JSON.stringify(confirmed)).not.toContain('serious_illegal_list');
    const wrong = await verify(`${stored.checkNo}?digest=${'0'.repeat(64)}`);
    expect(wrong).toEqual({ checkNo: stored.checkNo, issued: true, digestMatches: false });
    expect(await verify(stored.checkNo)).toEqual({ checkNo: stored.checkNo, issued: true, digestMatches: null });
    expect(await verify('GZHC20261207ABCDEFGHJK')).toEqual({
      checkNo: 'GZHC20261207ABCDEFGHJK',
      issued: false,
      digestMatches: null,
    });
    const malformed = await app.inject({ method: 'GET', url: '/api/public/checks/NOTACHECK' });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('exchange API', () => {
  it('checks through a signed request, once per Idempotency-Key, logged and audited', async () => {
    const body = {
      purpose: PURPOSE,
      matter: '交易系统自动核查',
      entities: [{ creditCode: entities.listed.creditCode }, { creditCode: entities.clean.creditCode }],
    };
    const first = await exchangePost(app, officerSession, '/api/exchange/v1/checks', body, 'check-key-1');
    expect(first.statusCode, first.body).toBe(200);
    const result = first.json() as CheckResultDto;
    expect(result.items.map((item) => item.verdict)).toEqual(['refused', 'clear']);
    expect(result.agencyName).toBe('贵阳市财政局');

    const replay = await exchangePost(app, officerSession, '/api/exchange/v1/checks', body, 'check-key-1');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().checkNo).toBe(result.checkNo);
    const conflict = await exchangePost(
      app,
      officerSession,
      '/api/exchange/v1/checks',
      { ...body, matter: '另一个项目' },
      'check-key-1',
    );
    expect(conflict.statusCode).toBe(409);

    const row = await database.db
      .selectFrom('creditChecks')
      .select(['accountId', 'apiClientId'])
      .where('checkNo', '=', result.checkNo)
      .executeTakeFirstOrThrow();
    expect(row.accountId).toBeNull();
    expect(row.apiClientId).not.toBeNull();
    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('channel', '=', 'check')
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ received: 2, accepted: 2, rejected: 0, details: { checkNo: result.checkNo } });
    const audit = await database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'exchange.check-performed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ objectType: 'exchange-batch', objectId: String(batch.id), result: 'success' });

    const unsigned = await app.inject({ method: 'POST', url: '/api/exchange/v1/checks', payload: body });
    expect(unsigned.statusCode).toBe(401);
    const invalid = await exchangePost(app, officerSession, '/api/exchange/v1/checks', {
      ...body,
      entities: [{ creditCode: '12345' }],
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('第 1 行 统一社会信用代码“12345”');
  });
});

describe('stored content', () => {
  it('digests and logs every check over the canonical JSON of its content (written without the replacer)', async () => {
    // Every check of this file: found, not found, ambiguous with candidates, consortium, 10,000 entities, the exchange's.
    const rows = await database.db
      .selectFrom('creditChecks as c')
      .innerJoin('transparencyLeaves as l', (join) =>
        join.onRef('l.subject', '=', 'c.checkNo').on('l.kind', '=', 'credit-check'),
      )
      .select(['c.content', 'c.digest', 'l.content as leaf'])
      .execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      // Stored once: the leaf holds the content, the row none.
      expect(row.content).toBeNull();
      const { type, v, ...content } = JSON.parse(row.leaf) as Record<string, unknown>;
      expect({ type, v }).toEqual({ type: 'credit-check', v: 1 });
      expect(row.digest).toBe(sm3Of(canonicalJson(content)));
      expect(row.leaf).toBe(leafBytes({ kind: 'credit-check', content }));
    }
  });
});
