import {
  type EnterpriseProfileDto,
  PROFILE_SECTION_TITLES,
  type PublicitySettingsDto,
  RECORD_DATE_LABELS,
  REPORT_NUMBER_PATTERN,
  type ReportVerificationDto,
} from '@gzcredit/contracts';
import { canonicalJson, documentDigest } from '@gzcredit/verify';
import type { FastifyInstance } from 'fastify';
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
  uniqueCreditCode,
} from '../../../test/factories';
import { extractPdfText } from '../../../test/pdf';
import { penaltyRecord, type RecordOverrides } from '../../../test/records';
import { loadConfig } from '../../config';
import type { DatabaseHandle } from '../../platform/database';
import { loadSubmissionContext, type Submitter, submitRecords } from '../records';
import { buildReportContent, verificationUrl } from './report-content';

const BASE_URL = 'https://xinyong.example.gov.cn';
const ENTITY_NAME = '贵州黔信报告测试科技有限公司';
const PUBLIC_FACTS = '在门店宣传中使用“国家级”“最佳”等绝对化用语，误导消费者';
const SCRIPT_TEXT = '<script>alert("报告")</script><b>加粗</b> & \'引号\'';
/** Texts of records the public may not see: none may reach a report. */
const HIDDEN = {
  internal: '仅本部门可见的违法事实甲',
  shared: '内部共享的违法事实乙',
  authorised: '授权查询的违法事实丙',
  revoked: '已撤销的违法事实丁',
  expired: '已过公示期的违法事实戊',
  suppressedItem: '提供单位设定不公示该信息项的违法事实己',
  suppressedField: '提供单位设定不公示该数据项的违法事实庚',
};

let database: DatabaseHandle;
let app: FastifyInstance;
let agency: TestAgency;
let bureau: Submitter;
let creditCode: string;

const penalty = (code: string, facts: string, overrides: RecordOverrides = {}) =>
  penaltyRecord(code, {
    entityName: ENTITY_NAME,
    useScope: 'public',
    ...overrides,
    fields: { violationFacts: facts, authority: '贵阳市南明区市场监督管理局', ...overrides.fields },
  });

async function submit(records: Parameters<typeof submitRecords>[3], submitter: Submitter = bureau) {
  const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
  const result = await database.db.transaction().execute((trx) => submitRecords(trx, submitter, context, records));
  expect(result.results.map((r) => r.errors ?? [])).toEqual(records.map(() => []));
  return result.results.map((r) => r.recordId!);
}

async function downloadReport(target: FastifyInstance, code: string) {
  const response = await target.inject({ method: 'GET', url: `/api/public/enterprises/${code}/report.pdf` });
  return response;
}

function verify(target: FastifyInstance, reportNo: string, digest?: string) {
  const query = digest === undefined ? '' : `?digest=${digest}`;
  return target.inject({ method: 'GET', url: `/api/public/reports/${reportNo}${query}` });
}

async function storedReport(reportNo: string) {
  return database.db.selectFrom('creditReports').selectAll().where('reportNo', '=', reportNo).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_BASE_URL: BASE_URL, REPORT_RATE_LIMIT_PER_MINUTE: '1000' });
  agency = await createAgency(database.db, {
    name: '贵阳市南明区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520102',
    level: 'county',
  });
  bureau = { agencyId: Number(agency.id), agencyKind: 'market_regulation', accountId: null, channel: 'api' };
  creditCode = (await createEnterprise(database.db, { name: ENTITY_NAME })).creditCode;

  await submit([
    penalty(creditCode, PUBLIC_FACTS),
    penalty(creditCode, SCRIPT_TEXT, { fields: { decisionNumber: '筑南市监罚〔2026〕13号' } }),
    {
      itemCode: 'licence',
      creditCode,
      entityName: ENTITY_NAME,
      useScope: 'public',
      fields: {
        documentName: '食品经营许可决定书',
        decisionNumber: '筑南食许〔2026〕88号',
        licenceCategory: '普通',
        licenceContent: '预包装食品销售（含冷藏冷冻食品）',
        decisionDate: '2026-10-15',
        validFrom: '2026-10-15',
        validTo: '2031-10-14',
        authority: '贵阳市南明区市场监督管理局',
      },
    },
    penalty(creditCode, HIDDEN.internal, { useScope: 'internal', withholdingGround: '国家秘密' }),
    penalty(creditCode, HIDDEN.shared, { useScope: 'shared', withholdingGround: '商业秘密' }),
    penalty(creditCode, HIDDEN.authorised, { useScope: 'authorised', withholdingGround: '个人隐私' }),
    // 一般失信 is public for one year at most: decided in 2020, it left public view long ago.
    penalty(creditCode, HIDDEN.expired, { fields: { decisionDate: '2020-03-02' } }),
  ]);
  const [revokedId] = await submit([penalty(creditCode, HIDDEN.revoked)]);
  const corrector = await createAccount(database.db, { agencyId: Number(agency.id), permissions: ['record.correct'] });
  const revocation = await consoleCall(
    app,
    await openSession(database.db, corrector.id),
    'POST',
    `/records/${revokedId}/revocation`,
    { reason: '重复报送，予以撤销' },
  );
  expect(revocation.statusCode).toBe(200);

  // 公示内容 (Art. 22(五)): one provider publicises none of its penalties, another hides their 违法事实.
  const providers = [
    {
      name: '贵阳市生态环境局',
      setting: { publicised: false, hiddenFields: [], withholdingGround: '国家秘密' },
      facts: HIDDEN.suppressedItem,
    },
    {
      name: '贵阳市应急管理局',
      setting: { publicised: true, hiddenFields: ['violationFacts'] },
      facts: HIDDEN.suppressedField,
    },
  ];
  for (const { name, setting, facts } of providers) {
    const provider = await createAgency(database.db, { name, kind: 'administrative' });
    const configurer = await createAccount(database.db, {
      agencyId: Number(provider.id),
      permissions: ['publicity.configure'],
    });
    const session = await openSession(database.db, configurer.id);
    const settings = (await consoleCall(app, session, 'GET', '/publicity-settings')).json() as PublicitySettingsDto;
    const itemId = settings.items.find((item) => item.itemCode === 'penalty')!.itemId;
    expect((await consoleCall(app, session, 'PUT', `/publicity-settings/${itemId}`, setting)).statusCode).toBe(200);
    await submit(
      [penalty(creditCode, facts, { fields: { decisionNumber: `${name}罚〔2026〕5号`, authority: name } })],
      { agencyId: Number(provider.id), agencyKind: 'administrative', accountId: null, channel: 'api' },
    );
  }
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/public/enterprises/:creditCode/report.pdf', () => {
  let pdf: Buffer;
  let text: string;
  let pages: string[];
  let reportNo: string;
  let profile: EnterpriseProfileDto;

  beforeAll(async () => {
    const response = await downloadReport(app, creditCode);
    expect(response.statusCode).toBe(200);
    pdf = response.rawPayload;
    reportNo = response.headers['x-report-number'] as string;
    expect(response.headers['x-report-digest']).toBe((await storedReport(reportNo)).digest);
    pages = await extractPdfText(pdf);
    text = pages.join('');
    profile = (await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` })).json();
  });

  it('answers a PDF download with a Chinese file name', async () => {
    const response = await downloadReport(app, creditCode);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="credit-report-${creditCode}.pdf"; filename*=UTF-8''${encodeURIComponent(`企业信用报告-${ENTITY_NAME}.pdf`)}`,
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('prints the header, the report number, the issue time in China time, the entity and every section title', async () => {
    expect(reportNo).toMatch(REPORT_NUMBER_PATTERN);
    const row = await storedReport(reportNo);
    expect(pages[0]).toContain('贵州省企业公共信用信息平台企业信用报告');
    expect(text).toContain(reportNo);
    const china = new Date(new Date(row.issuedAt).getTime() + 8 * 3_600_000).toISOString();
    expect(text).toContain(`${china.slice(0, 10)} ${china.slice(11, 16)}（北京时间）`);
    expect(text).toContain(ENTITY_NAME);
    expect(text).toContain(creditCode);
    expect(text).toContain('基本信息');
    expect(text).toContain('贵州省贵阳市南明区中华南路1号');
    for (const title of Object.values(PROFILE_SECTION_TITLES)) expect(text).toContain(title);
    expect(text).toContain('本报告信息来源于贵州省企业公共信用信息平台');
    expect(text).toContain('仅供参考');
    expect(text).toContain('以平台公示为准');
    expect(text).toContain(row.digest);
    pages.forEach((page, index) => {
      expect(page).toContain(`第 ${index + 1} 页 共 ${pages.length} 页`);
    });
  });

  it('prints every publicised record of the profile with its providing agency, dates and fields', async () => {
    const records = profile.sections.flatMap((section) => section.records);
    for (const record of records) {
      expect(text).toContain(record.itemName);
      expect(text).toContain(record.agencyName);
      // Dates print YYYY-MM-DD as on the portal and in exports, the time received in China time; values as they are.
      expect(text).toContain(record.aroseOn);
      const received = new Date(new Date(record.receivedAt).getTime() + 8 * 3_600_000).toISOString();
      expect(text).toContain(`${received.slice(0, 10)} ${received.slice(11, 16)}`);
      for (const field of record.fields) if (field.value.trim() !== '') expect(text).toContain(field.value);
    }
    // A record's dates under the labels the profile and the console give them.
    for (const label of [RECORD_DATE_LABELS.aroseOn, RECORD_DATE_LABELS.receivedAt, RECORD_DATE_LABELS.publicityUntil])
      expect(text).toContain(label);
    // The publicised penalty, in Chinese, with its providing agency and 失信等级 (once the profile shows records).
    expect(text).toContain(PUBLIC_FACTS);
    expect(text).toContain('提供单位');
    expect(text).toContain('贵阳市南明区市场监督管理局');
    expect(text).toContain('一般失信');
    expect(text).toContain('预包装食品销售（含冷藏冷冻食品）');
  });

  it('prints markup from a record as plain text', async () => {
    expect(text).toContain(SCRIPT_TEXT);
    // Only text content streams: no JavaScript action, no form, no embedded HTML.
    const raw = pdf.toString('latin1');
    expect(raw).not.toMatch(/\/JavaScript|\/JS\s|\/AcroForm|\/OpenAction/);
  });

  it('never prints a record or field that is not public, revoked, out of its window or not publicised', async () => {
    for (const hidden of Object.values(HIDDEN)) expect(text).not.toContain(hidden);
    expect(text).not.toContain('贵阳市生态环境局罚〔2026〕5号');
    // The record whose 违法事实 its provider does not publicise is there, without that field.
    expect(text).toContain('贵阳市应急管理局罚〔2026〕5号');
  });

  it('embeds a subset of the bundled Noto Sans SC and references no other font', async () => {
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    const fontNames = [...raw.matchAll(/\/BaseFont\s*\/([^\s/>]+)/g)].map((match) => match[1]);
    expect(fontNames.length).toBeGreaterThan(0);
    for (const name of fontNames) expect(name).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
    expect(raw).not.toMatch(/Helvetica|Times-Roman|Courier|SimSun|STSong/);
  });

  it('stores the report with the SM3 digest of exactly the public profile it printed', async () => {
    const row = await storedReport(reportNo);
    expect(row).toMatchObject({ creditCode, entityName: ENTITY_NAME, requestedIp: '127.0.0.1' });
    const content = buildReportContent(profile, { reportNo, issuedAt: new Date(row.issuedAt) });
    expect(row.digest).toBe(documentDigest(content));
    expect(row.sectionCounts).toEqual(
      content.sections.map((section) => ({ key: section.key, title: section.title, count: section.records.length })),
    );
    // Two of 南明区's and 应急管理局's one (without its hidden field); none of 生态环境局's.
    expect(row.sectionCounts.find((count) => count.key === 'penalties')?.count).toBe(3);
  });

  it('prints the verification address it encodes in the QR code', async () => {
    const row = await storedReport(reportNo);
    expect(text).toContain(`${BASE_URL}/reports/${reportNo}?digest=${row.digest}`);
  });

  it('issues a new number and digest for each download', async () => {
    const second = await downloadReport(app, creditCode);
    const secondNo = second.headers['x-report-number'] as string;
    expect(secondNo).not.toBe(reportNo);
    expect((await storedReport(secondNo)).digest).not.toBe((await storedReport(reportNo)).digest);
  });

  it('answers 404 for an unknown code and 400 for a malformed one, storing no report', async () => {
    const before = await database.db
      .selectFrom('creditReports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const unknown = await downloadReport(app, uniqueCreditCode());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ENTERPRISE_NOT_FOUND');
    const malformed = await downloadReport(app, '91520102ABC');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('CREDIT_CODE_INVALID');
    const after = await database.db
      .selectFrom('creditReports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('GET /api/public/reports/:reportNo', () => {
  let reportNo: string;
  let digest: string;

  beforeAll(async () => {
    const response = await downloadReport(app, creditCode);
    reportNo = response.headers['x-report-number'] as string;
    digest = (await storedReport(reportNo)).digest;
  });

  it('confirms a report issued with that number and digest', async () => {
    const response = await verify(app, reportNo, digest);
    expect(response.statusCode).toBe(200);
    const body = response.json() as ReportVerificationDto;
    expect(body).toMatchObject({ reportNo, issued: true, digestMatches: true, entityName: ENTITY_NAME, creditCode });
    expect(new Date(body.issuedAt!).getTime()).toBe(new Date((await storedReport(reportNo)).issuedAt).getTime());
    expect(body.sectionCounts?.map((count) => count.title)).toEqual(Object.values(PROFILE_SECTION_TITLES));
  });

  it('refuses a tampered digest: one hexadecimal digit changed', async () => {
    const last = digest.at(-1)!;
    const tampered = digest.slice(0, -1) + (last === '0' ? '1' : '0');
    const body = (await verify(app, reportNo, tampered)).json() as ReportVerificationDto;
    expect(body).toMatchObject({ reportNo, issued: true, digestMatches: false });
  });

  it('says nothing but "not issued" for an unknown number', async () => {
    const unknown = `GZXY20261201${'0'.repeat(10)}`;
    const body = (await verify(app, unknown, digest)).json();
    expect(body).toEqual({ reportNo: unknown, issued: false, digestMatches: null });
  });

  it('answers without a digest with digestMatches null', async () => {
    const body = (await verify(app, reportNo)).json() as ReportVerificationDto;
    expect(body).toMatchObject({ issued: true, digestMatches: null, entityName: ENTITY_NAME });
  });

  it('accepts a number typed in lower case with O for 0 and an upper-case digest', async () => {
    const typed = reportNo.toLowerCase().replace(/0/g, 'o');
    const body = (await verify(app, typed, digest.toUpperCase())).json() as ReportVerificationDto;
    expect(body).toMatchObject({ reportNo, issued: true, digestMatches: true });
  });

  it('refuses a malformed number or digest with a Chinese message', async () => {
    const badNumber = await verify(app, 'GZXY2026', digest);
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json().error.message).toContain('报告编号格式不正确');
    const badDigest = await verify(app, reportNo, 'abc');
    expect(badDigest.statusCode).toBe(400);
    expect(badDigest.json().error.message).toContain('64 位十六进制');
  });
});

describe('report content', () => {
  it('builds the verification URL the QR code encodes', () => {
    const digest = 'ab'.repeat(32);
    expect(verificationUrl('https://xinyong.example.gov.cn/', 'GZXY20261201ABCDEFGHJK', digest)).toBe(
      `https://xinyong.example.gov.cn/reports/GZXY20261201ABCDEFGHJK?digest=${digest}`,
    );
  });

  it('digests the same content to the same bytes whatever the key order', () => {
    expect(canonicalJson({ b: [1, { d: null, c: '贵' }], a: true, skipped: undefined })).toBe(
      '{"a":true,"b":[1,{"c":"贵","d":null}]}',
    );
  });
});

describe('verification address', () => {
  it('uses the address the request arrived at when PUBLIC_BASE_URL is not set and the host is in PUBLIC_HOSTS', async () => {
    const plain = await createTestApp(database, {
      REPORT_RATE_LIMIT_PER_MINUTE: '1000',
      PUBLIC_HOSTS: 'portal.example.cn',
    });
    try {
      const response = await plain.inject({
        method: 'GET',
        url: `/api/public/enterprises/${creditCode}/report.pdf`,
        headers: { host: 'portal.example.cn:8080' },
      });
      const reportNo = response.headers['x-report-number'] as string;
      const text = (await extractPdfText(response.rawPayload)).join('');
      const { digest } = await storedReport(reportNo);
      expect(text).toContain(`http://portal.example.cn:8080/reports/${reportNo}?digest=${digest}`);
    } finally {
      await plain.close();
    }
  });

  it('issues no report for a Host neither loopback nor in PUBLIC_HOSTS (its QR code pointed there); PUBLIC_BASE_URL wins', async () => {
    const plain = await createTestApp(database, { REPORT_RATE_LIMIT_PER_MINUTE: '1000' });
    try {
      const before = await database.db.selectFrom('creditReports').select('reportNo').execute();
      const response = await plain.inject({
        method: 'GET',
        url: `/api/public/enterprises/${creditCode}/report.pdf`,
        headers: { host: 'evil.example.com' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('HOST_NOT_ALLOWED');
      expect(await database.db.selectFrom('creditReports').select('reportNo').execute()).toHaveLength(before.length);
    } finally {
      await plain.close();
    }
    // With PUBLIC_BASE_URL set (this file's app), the Host header is never used.
    const response = await app.inject({
      method: 'GET',
      url: `/api/public/enterprises/${creditCode}/report.pdf`,
      headers: { host: 'evil.example.com' },
    });
    expect(response.statusCode).toBe(200);
    const text = (await extractPdfText(response.rawPayload)).join('');
    expect(text).toContain(`${BASE_URL}/reports/`);
    expect(text).not.toContain('evil.example.com');
  });

  it('accepts only an http(s) PUBLIC_BASE_URL and drops a trailing slash', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn/' }).PUBLIC_BASE_URL).toBe(
      'https://xinyong.example.gov.cn',
    );
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'xinyong.example.gov.cn' })).toThrow(/PUBLIC_BASE_URL/);
  });
});

describe('rate limits', () => {
  it('keeps the public API limit on both routes and a tighter one on PDFs', async () => {
    const limited = await createTestApp(database, {
      PUBLIC_RATE_LIMIT_PER_MINUTE: '3',
      REPORT_RATE_LIMIT_PER_MINUTE: '1',
    });
    try {
      expect((await downloadReport(limited, creditCode)).statusCode).toBe(200);
      const secondPdf = await downloadReport(limited, creditCode);
      expect(secondPdf.statusCode).toBe(429);
      expect(secondPdf.json().error.code).toBe('RATE_LIMITED');
      // Two requests so far count against the public limit of 3: one more passes, the next is refused.
      const number = `GZXY20261201${'0'.repeat(10)}`;
      expect((await verify(limited, number)).statusCode).toBe(200);
      const refused = await verify(limited, number);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('answers a browser following the PDF link with a Chinese page when refused, JSON clients with JSON', async () => {
    const limited = await createTestApp(database, { REPORT_RATE_LIMIT_PER_MINUTE: '1' });
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const url = `/api/public/enterprises/${creditCode}/report.pdf`;
    try {
      expect((await limited.inject({ method: 'GET', url, headers: browser })).statusCode).toBe(200);
      const page = await limited.inject({ method: 'GET', url, headers: browser });
      expect(page.statusCode).toBe(429);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
      expect(page.body).toContain('<h1>访问过于频繁，请稍后再试</h1>');
      expect(page.body).toContain(`请在 ${page.headers['retry-after']} 秒后重试`);
      expect(page.body).toContain(`href="/enterprises/${creditCode}"`);
      const json = await limited.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(json.statusCode).toBe(429);
      expect(json.json().error).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    } finally {
      await limited.close();
    }
  });

  it('answers a browser asking for the PDF of an unknown entity with a Chinese 404 page, escaping nothing into it', async () => {
    const unknown = uniqueCreditCode();
    const browser = { accept: 'text/html' };
    const page = await app.inject({
      method: 'GET',
      url: `/api/public/enterprises/${unknown}/report.pdf`,
      headers: browser,
    });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('未找到该统一社会信用代码对应的市场主体');
    const script = await app.inject({
      method: 'GET',
      url: `/api/public/enterprises/${encodeURIComponent('<script>x</script>')}/report.pdf`,
      headers: browser,
    });
    expect(script.statusCode).toBe(400);
    expect(script.body).not.toContain('<script>');
  });
});
