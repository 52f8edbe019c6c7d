import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { EnterpriseProfileDto, PullRecordsResponse, RecordDetailDto } from '@gzcredit/contracts';
import { idCardCheckCharacter } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../test/app';
import { consoleCall } from '../test/console';
import { createTestDatabase } from '../test/database';
import { createAccount, createAgency, createEnterprise, openSession, type TestSession } from '../test/factories';
import { extractPdfText } from '../test/pdf';
import { penaltyRecord } from '../test/records';
import { loadSubmissionContext, submitRecords } from './modules/records';
import type { DatabaseHandle } from './platform/database';

/**
 * Personal data inside free text (Rules Art. 24, issue 15 item 10): an identity-card number with a right check
 * character and a mobile written into 违法事实 leave masked in every public answer (the profile, the credit report) and
 * in the exchange pull, as typed personal fields do; an 18-digit number with a wrong check character (a contract's)
 * stays; the providing agency's own console shows the text as it sent it.
 */

const ID_CARD = `52010219850315002${idCardCheckCharacter('52010219850315002')}`;
const MASKED_ID_CARD = `5201**********${ID_CARD.slice(-4)}`;
const MOBILE = '13912345678';
const MASKED_MOBILE = '139****5678';
const CONTRACT_NUMBER = `52010219900301123${idCardCheckCharacter('52010219900301123') === '1' ? '2' : '1'}`;
const FACTS = `当事人王某（身份证号${ID_CARD}，联系电话${MOBILE}）在合同${CONTRACT_NUMBER}中虚假宣传`;
const MASKED_FACTS = `当事人王某（身份证号${MASKED_ID_CARD}，联系电话${MASKED_MOBILE}）在合同${CONTRACT_NUMBER}中虚假宣传`;

let database: DatabaseHandle;
let app: FastifyInstance;
let creditCode: string;
let recordId: number;
let providerClerk: TestSession;
let consumer: { keyId: string; secret: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, {
    PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn',
    REPORT_RATE_LIMIT_PER_MINUTE: '1000',
  });
  const db = database.db;
  const provider = await createAgency(db, {
    name: '贵阳市南明区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520102',
    level: 'county',
  });
  const other = await createAgency(db, {
    name: '遵义市市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520300',
    level: 'prefecture',
  });
  creditCode = (await createEnterprise(db, { name: '贵州隐私测试科技有限公司' })).creditCode;
  const context = await loadSubmissionContext(db, TEST_DATA_KEY);
  const result = await db
    .transaction()
    .execute((trx) =>
      submitRecords(
        trx,
        { agencyId: Number(provider.id), agencyKind: 'market_regulation', accountId: null, channel: 'api' },
        context,
        [penaltyRecord(creditCode, { useScope: 'public', fields: { violationFacts: FACTS } })],
      ),
    );
  expect(result.results[0]!.errors ?? []).toEqual([]);
  recordId = result.results[0]!.recordId!;
  const clerk = await createAccount(db, { agencyId: Number(provider.id), permissions: ['record.query'] });
  providerClerk = await openSession(db, clerk.id);
  const configurer = await createAccount(db, { agencyId: Number(other.id), permissions: ['exchange.configure'] });
  const created = await consoleCall(app, await openSession(db, configurer.id), 'POST', '/api-clients', {
    name: '遵义市市场监管业务系统',
  });
  expect(created.statusCode, created.body).toBe(200);
  consumer = { keyId: created.json().client.keyId, secret: created.json().secret };
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** GET signed as docs/exchange-api.md says, with node:crypto directly (HMAC-SM3 over method, URL, time, nonce, digest). */
function signedGet(url: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const digest = createHash('sm3').update('').digest('hex');
  const signature = createHmac('sm3', consumer.secret)
    .update(['GET', url, timestamp, nonce, digest].join('\n'))
    .digest('hex');
  return app.inject({
    method: 'GET',
    url,
    headers: {
      'x-gz-key-id': consumer.keyId,
      'x-gz-timestamp': timestamp,
      'x-gz-nonce': nonce,
      'x-gz-signature-method': 'HMAC-SM3',
      'x-gz-signature': signature,
    },
  });
}

describe('personal data written into free text', () => {
  it('is masked on the public profile, and a number with a wrong check character stays', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` });
    expect(response.statusCode).toBe(200);
    const profile = response.json() as EnterpriseProfileDto;
    const penalties = profile.sections.find((section) => section.key === 'penalties')!.records;
    expect(penalties.map((record) => record.fields.find((field) => field.label === '违法事实')?.value)).toEqual([
      MASKED_FACTS,
    ]);
    expect(response.body).not.toContain(ID_CARD);
    expect(response.body).not.toContain(MOBILE);
  });

  it('is masked in the credit report', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}/report.pdf` });
    expect(response.statusCode).toBe(200);
    const text = (await extractPdfText(response.rawPayload)).join('');
    expect(text).toContain(MASKED_FACTS);
    expect(text).not.toContain(ID_CARD);
    expect(text).not.toContain(MOBILE);
  });

  it("is masked in another agency's exchange pull", async () => {
    for (const query of ['', '?since=0']) {
      const response = await signedGet(`/api/exchange/v1/records${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const items = (response.json() as PullRecordsResponse).items.filter((item) => item.id === recordId);
      expect(items.map((item) => item.payload.violationFacts)).toEqual([MASKED_FACTS]);
      expect(response.body).not.toContain(ID_CARD);
      expect(response.body).not.toContain(MOBILE);
    }
  });

  it("stays as sent in the providing agency's own console and in the stored payload", async () => {
    const response = await consoleCall(app, providerClerk, 'GET', `/records/${recordId}`);
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json() as RecordDetailDto;
    expect(detail.versions.map((version) => version.payload.violationFacts)).toEqual([FACTS]);
    const stored = await database.db
      .selectFrom('records')
      .select('payload')
      .where('id', '=', recordId)
      .executeTakeFirstOrThrow();
    expect((stored.payload as Record<string, string>).violationFacts).toBe(FACTS);
  });
});
