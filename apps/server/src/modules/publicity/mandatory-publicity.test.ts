import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { PublicitySettingDto, RecordDetailDto, WithholdingDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { exchangePost } from '../../../test/exchange';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestAgency,
  type TestSession,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { ingestionJobs } from '../ingestion';

/**
 * 依法公示 (Rules Art. 15, 22(五); issue 15 item 6): 行政许可 and 行政处罚 (双公示), 经营异常名录 and 严重违法失信名单 are
 * withheld from public view only on a recorded legal ground — for the whole item (publicity setting) or for one record
 * (use scope) — which the provincial bureau sees in its review list and may overrule.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let agency: TestAgency;
let configurer: TestSession;
let clerk: TestSession;
let operator: TestSession;
let client: { keyId: string; secret: string };

const GROUND = '《中华人民共和国保守国家秘密法》第十三条';
const DATA_DIR = `/tmp/gzcredit-mandatory-publicity-${process.pid}`;

async function settings(): Promise<PublicitySettingDto[]> {
  const response = await consoleCall(app, configurer, 'GET', '/publicity-settings');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}
const settingOf = async (code: string) => (await settings()).find((item) => item.itemCode === code)!;

async function reviewList(): Promise<WithholdingDto[]> {
  const response = await consoleCall(app, operator, 'GET', '/publicity-withholdings?pageSize=100');
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

async function countRecords(creditCode: string): Promise<number> {
  const row = await database.db
    .selectFrom('records')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('creditCode', '=', creditCode)
    .executeTakeFirstOrThrow();
  return row.count;
}

function pushRecords(records: object[]) {
  return exchangePost(app, client, '/api/exchange/v1/records', { records });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000', DATA_DIR });
  const { db } = database;
  const province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  agency = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  const session = async (
    agencyId: number,
    permissions: Parameters<typeof createAccount>[1]['permissions'],
    displayName: string,
  ) => openSession(db, (await createAccount(db, { agencyId, permissions, displayName })).id);
  configurer = await session(Number(agency.id), ['publicity.configure'], '王公示');
  clerk = await session(Number(agency.id), ['record.submit', 'exchange.configure'], '张报送');
  operator = await session(Number(province.id), ['platform.operator'], '省局审核员');
  const created = await consoleCall(app, clerk, 'POST', '/api-clients', { name: '行政处罚系统' });
  client = { keyId: created.json().client.keyId, secret: created.json().secret };
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(DATA_DIR, { recursive: true, force: true });
});

describe('the catalogue marks mandatory publicity', () => {
  it('marks 行政许可, 行政处罚 and the two listings, and nothing else of the 2015 edition', async () => {
    const catalogue = (await consoleCall(app, clerk, 'GET', '/catalogue')).json();
    const marked = catalogue.items
      .filter((item: { mandatoryPublicity: boolean }) => item.mandatoryPublicity)
      .map((item: { code: string }) => item.code);
    expect(marked).toEqual(['licence', 'penalty', 'abnormal_list', 'serious_illegal_list']);
    expect((await settingOf('penalty')).mandatoryPublicity).toBe(true);
    expect((await settingOf('honour')).mandatoryPublicity).toBe(false);
  });
});

describe('switching a mandatory item off (PUT /publicity-settings/:id)', () => {
  it('refuses it without a legal ground, in Chinese, and keeps the item public', async () => {
    const penalty = await settingOf('penalty');
    for (const withholdingGround of [undefined, '  ', '领导要求暂不公示']) {
      const response = await consoleCall(app, configurer, 'PUT', `/publicity-settings/${penalty.itemId}`, {
        publicised: false,
        hiddenFields: [],
        ...(withholdingGround === undefined ? {} : { withholdingGround }),
      });
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('PUBLICITY_GROUND_REQUIRED');
      expect(error.message).toContain('“行政处罚信息”依法应当公示');
      expect(error.details[0].field).toBe('withholdingGround');
    }
    expect(await settingOf('penalty')).toMatchObject({ publicised: true, configured: false, withholdingGround: null });
    expect(await reviewList()).toEqual([]);
  });

  it('accepts a named law, audits the ground, lists it for the bureau, which overrules it', async () => {
    const licence = await settingOf('licence');
    const response = await consoleCall(app, configurer, 'PUT', `/publicity-settings/${licence.itemId}`, {
      publicised: false,
      hiddenFields: [],
      withholdingGround: GROUND,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ publicised: false, withholdingGround: GROUND });
    const audit = await database.db
      .selectFrom('auditLog')
      .select('details')
      .where('action', '=', 'publicity.configured')
      .where('result', '=', 'success')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ itemCode: 'licence', publicised: false, ground: GROUND });

    const listed = (await reviewList()).find((entry) => entry.item.code === 'licence')!;
    expect(listed).toMatchObject({
      agency: { name: '贵阳市市场监督管理局' },
      record: null,
      ground: GROUND,
      createdByName: '王公示',
    });
    const denied = await consoleCall(app, configurer, 'GET', '/publicity-withholdings');
    expect(denied.statusCode).toBe(403);

    const overruled = await consoleCall(app, operator, 'POST', `/publicity-withholdings/${listed.id}/overrule`, {
      reason: '所述事项不属于国家秘密',
    });
    expect(overruled.statusCode, overruled.body).toBe(200);
    expect(await settingOf('licence')).toMatchObject({ publicised: true, withholdingGround: null });
    expect((await reviewList()).map((entry) => entry.id)).not.toContain(listed.id);
    const again = await consoleCall(app, operator, 'POST', `/publicity-withholdings/${listed.id}/overrule`, {
      reason: '重复操作',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('WITHHOLDING_STATE_CONFLICT');
  });

  it('switches an item the law does not require off without a ground, and lists nothing', async () => {
    const honour = await settingOf('honour');
    const response = await consoleCall(app, configurer, 'PUT', `/publicity-settings/${honour.itemId}`, {
      publicised: false,
      hiddenFields: [],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await reviewList()).map((entry) => entry.item.code)).not.toContain('honour');
  });
});

describe('sending a mandatory record as non-public', () => {
  it('refuses a 行政处罚 record sent 仅本部门 without a ground, by form and API, and stores nothing', async () => {
    const { creditCode } = await createEnterprise(database.db);
    const form = await consoleCall(app, clerk, 'POST', '/records', {
      record: penaltyRecord(creditCode, { useScope: 'internal' }),
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().error.details.errors).toEqual([
      {
        field: 'withholdingGround',
        label: '不公示的法定依据',
        message: expect.stringContaining('“行政处罚信息”依法应当公示，不公示须填写法定依据'),
      },
    ]);
    const pushed = await pushRecords([penaltyRecord(creditCode, { useScope: 'internal', withholdingGround: '' })]);
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json().results[0].errors[0].field).toBe('withholdingGround');
    expect(await countRecords(creditCode)).toBe(0);
  });

  it('stores it with its ground for the bureau, whose overrule makes it public on the profile', async () => {
    const { creditCode } = await createEnterprise(database.db);
    const response = await consoleCall(app, clerk, 'POST', '/records', {
      record: penaltyRecord(creditCode, { useScope: 'internal', withholdingGround: '商业秘密' }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const record = response.json();
    expect(record).toMatchObject({ useScope: 'internal', withholdingGround: '商业秘密' });
    const profile = async () =>
      (await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` }))
        .json()
        .sections.find((part: { key: string }) => part.key === 'penalties').records;
    expect(await profile()).toEqual([]);

    const listed = (await reviewList()).find((entry) => entry.record?.id === record.id)!;
    expect(listed).toMatchObject({ item: { code: 'penalty' }, ground: '商业秘密', createdByName: '张报送' });
    const overruled = await consoleCall(app, operator, 'POST', `/publicity-withholdings/${listed.id}/overrule`, {
      reason: '处罚决定不涉及商业秘密，应依法公示',
    });
    expect(overruled.statusCode, overruled.body).toBe(200);
    expect((await profile()).map((entry: { id: number }) => entry.id)).toEqual([record.id]);
    const detail: RecordDetailDto = (await consoleCall(app, clerk, 'GET', `/records/${record.id}`)).json();
    expect(detail.record.useScope).toBe('public');
    expect(detail.events.map((event) => [event.kind, event.reason])).toEqual([
      ['publicity_overruled', '处罚决定不涉及商业秘密，应依法公示'],
    ]);
    expect((await reviewList()).map((entry) => entry.id)).not.toContain(listed.id);
  });

  it('refuses a ground on a public record and on an item the law does not require', async () => {
    const { creditCode } = await createEnterprise(database.db);
    const response = await consoleCall(app, clerk, 'POST', '/records', {
      record: penaltyRecord(creditCode, { withholdingGround: '商业秘密' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.errors[0].message).toBe('使用范围为公示时不填写不公示的法定依据');
    expect(await countRecords(creditCode)).toBe(0);
  });
});

describe('uploads of a mandatory item', () => {
  it('import a file made before the 不公示的法定依据 column existed, and refuse its non-public row without a ground', async () => {
    const catalogue = (await consoleCall(app, clerk, 'GET', '/catalogue')).json();
    const penaltyId = catalogue.items.find((item: { code: string }) => item.code === 'penalty').id;
    const template = await consoleCall(app, clerk, 'GET', `/catalogue/items/${penaltyId}/template?format=csv`);
    const header = template.body
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!
      .split(',');
    expect(header).toContain('不公示的法定依据');
    const oldHeader = header.filter((name) => name !== '不公示的法定依据');
    const row = (creditCode: string, scope: string) => {
      const fields = penaltyRecord(creditCode).fields as Record<string, string>;
      const values: Record<string, string> = {
        统一社会信用代码: creditCode,
        主体名称: '贵州测试科技有限公司',
        失信等级: '一般失信',
        使用范围: scope,
        行政处罚决定书文号: fields.decisionNumber!,
        违法行为类型: fields.violationType!,
        违法事实: fields.violationFacts!,
        处罚依据: fields.legalBasis!,
        处罚类别: fields.penaltyCategory!,
        处罚内容: fields.penaltyContent!,
        处罚决定日期: fields.decisionDate!,
        处罚机关: fields.authority!,
      };
      return oldHeader.map((name) => values[name] ?? '').join(',');
    };
    const [publicOne, withheld] = [await createEnterprise(database.db), await createEnterprise(database.db)];
    const csv = [oldHeader.join(','), row(publicOne.creditCode, 'public'), row(withheld.creditCode, 'internal')].join(
      '\r\n',
    );
    const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="itemId"\r\n\r\n${penaltyId}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="处罚.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const created = await app.inject({
      method: 'POST',
      url: '/api/console/uploads',
      headers: { ...consoleHeaders(clerk), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(created.statusCode, created.body).toBe(200);
    await runJobsUntilIdle(database.db, ingestionJobs({ db: database.db, dataDir: DATA_DIR, dataKey: TEST_DATA_KEY }));
    const upload = (await consoleCall(app, clerk, 'GET', `/uploads/${created.json().id}`)).json();
    expect(upload).toMatchObject({ status: 'done', accepted: 1, rejected: 1 });
    expect(await countRecords(publicOne.creditCode)).toBe(1);
    expect(await countRecords(withheld.creditCode)).toBe(0);
    const report = await consoleCall(app, clerk, 'GET', `/uploads/${upload.id}/error-report?format=csv`);
    expect(report.body).toContain('不公示的法定依据：“行政处罚信息”依法应当公示');
  });
});
