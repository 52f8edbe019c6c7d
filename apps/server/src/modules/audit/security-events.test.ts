import type { SecurityEventsDto } from '@gzcredit/contracts';
import type { Permission } from '@gzcredit/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  createAccount,
  createAgency,
  openAgencySession,
  type TestAccount,
  type TestAgency,
  type TestSession,
} from '../../../test/factories';
import { recordAudit } from '../../platform/audit';
import type { DatabaseHandle } from '../../platform/database';

/**
 * 安全事件 (Rules Art. 28; issue 19 item 4): what the audit trail holds, made by real calls where the platform makes it
 * (exports, sign-in failures, refused calls), read as events by the security administrator of the jurisdiction.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
const agencies: Record<'province' | 'guiyang' | 'zunyi', TestAgency> = {} as never;
const sessions: Record<'province' | 'guiyang' | 'exporter' | 'auditor' | 'operator' | 'accounts', TestSession> =
  {} as never;
let locked: TestAccount;

const sessionOf = (agency: TestAgency, permissions: Permission[]) =>
  openAgencySession(database.db, agency, permissions);

async function report(session: TestSession, query = ''): Promise<SecurityEventsDto> {
  const response = await consoleCall(app, session, 'GET', `/security/events?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SecurityEventsDto;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { SECURITY_MASS_DOWNLOAD_PER_HOUR: '3', PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
  const db = database.db;
  agencies.province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  agencies.guiyang = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(agencies.province.id),
  });
  agencies.zunyi = await createAgency(db, {
    name: '遵义市市场监督管理局',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(agencies.province.id),
  });
  sessions.province = await sessionOf(agencies.province, ['security.admin']);
  sessions.guiyang = await sessionOf(agencies.guiyang, ['security.admin']);
  sessions.auditor = await sessionOf(agencies.province, ['audit.admin']);
  sessions.operator = await sessionOf(agencies.province, ['platform.operator']);
  sessions.accounts = await sessionOf(agencies.province, ['account.admin']);

  // A 遵义 clerk exports the analysis three times in a row: the threshold (3 an hour) is reached.
  sessions.exporter = await sessionOf(agencies.zunyi, ['record.query']);
  for (let i = 0; i < 3; i++) {
    const response = await consoleCall(app, sessions.exporter, 'GET', '/statistics/analysis/export?dimension=kind');
    expect(response.statusCode).toBe(200);
  }
  // The same clerk tries a route it has no permission for: refused, and audited as denied.
  const refused = await consoleCall(app, sessions.exporter, 'GET', '/timeliness/agencies');
  expect(refused.statusCode).toBe(403);
  // A 贵阳 account's password is guessed five times: the network is locked.
  locked = await createAccount(db, { agencyId: Number(agencies.guiyang.id), permissions: ['record.submit'] });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/console/session',
      payload: { username: locked.username, password: `Wrong-Password-${i}` },
    });
    statuses.push(response.statusCode);
  }
  // The fifth failure locks (423), the sixth attempt is refused while locked.
  expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);
  // A portal visitor polls the public figures past the limit: four refusals, one audit row for the minute.
  const polled: number[] = [];
  for (let i = 0; i < 6; i++) {
    polled.push(
      (await app.inject({ method: 'GET', url: '/api/public/statistics', remoteAddress: '10.9.8.7' })).statusCode,
    );
  }
  expect(polled).toEqual([200, 200, 429, 429, 429, 429]);
  // A verification that found the chain broken (audit-tamper.test.ts breaks it for real), and a forged API signature.
  await recordAudit(db, {
    agencyId: Number(agencies.province.id),
    username: 'audit.admin',
    action: 'audit.verified',
    result: 'success',
    details: { intact: false, checked: 41, brokenRowId: 42, problem: 'altered-row' },
  });
  await recordAudit(db, {
    agencyId: Number(agencies.zunyi.id),
    ip: '10.1.2.3',
    action: 'exchange.request-refused',
    objectType: 'api-client',
    result: 'denied',
    details: { keyId: 'zunyi-key', reason: 'SIGNATURE_INVALID', status: 401 },
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('security events (Art. 28)', () => {
  it('lists what the trail holds as events with severity, time, actor and agency', async () => {
    const { items, massDownloadPerHour, truncated } = await report(sessions.province);
    expect(massDownloadPerHour).toBe(3);
    expect(truncated).toBe(false);
    const byKind = Object.fromEntries(items.map((event) => [event.kind, event]));
    expect(byKind['audit-chain-broken']).toMatchObject({
      severity: 'high',
      kindName: '审计日志哈希链断裂（疑似篡改或删除）',
      description: '核验审计日志发现记录内容被篡改（第 42 行），请立即按应急预案处置',
      agency: { name: '贵州省市场监督管理局' },
    });
    expect(byKind['mass-download']).toMatchObject({
      severity: 'high',
      count: 3,
      agency: { name: '遵义市市场监督管理局' },
      description: '一小时内下载或导出 3 次：导出统计分析',
    });
    expect(byKind['sign-in-locked']).toMatchObject({
      severity: 'medium',
      username: locked.username,
      count: 2,
      agency: { name: '贵阳市市场监督管理局' },
    });
    expect(byKind['api-refused']).toMatchObject({
      severity: 'medium',
      ip: '10.1.2.3',
      description: '接口请求因身份或权限被拒绝 1 次（SIGNATURE_INVALID）',
    });
    expect(byKind['access-denied']).toMatchObject({
      severity: 'medium',
      count: 1,
      agency: { name: '遵义市市场监督管理局' },
      description: '越权或超出管辖范围的操作被拒绝 1 次：查看各单位报送考核情况',
    });
    expect(byKind['rate-limited']).toMatchObject({
      severity: 'low',
      count: 1,
      ip: '10.9.8.7',
      agency: null,
      description: '公众接口请求超过频率限制，一小时内 1 个时间窗口（每分钟记一次）',
    });
    for (const event of items) expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(Date.parse(event.lastAt));
  });

  it('counts a mass download only from the configured threshold up', async () => {
    const response = await consoleCall(app, sessions.exporter, 'GET', '/statistics/analysis?dimension=kind');
    expect(response.statusCode).toBe(200);
    const { items } = await report(sessions.province, 'kind=mass-download');
    expect(items.map((event) => event.count)).toEqual([3]);
  });

  it('filters by kind, severity and agency, and keeps a prefecture to its jurisdiction', async () => {
    const high = await report(sessions.province, 'severity=high');
    expect(new Set(high.items.map((event) => event.kind))).toEqual(new Set(['audit-chain-broken', 'mass-download']));
    const zunyi = await report(sessions.province, `agency=${agencies.zunyi.id}`);
    expect(new Set(zunyi.items.map((event) => event.kind))).toEqual(
      new Set(['mass-download', 'api-refused', 'access-denied']),
    );
    // 贵阳's security administrator: its own agencies only, not 遵义's nor the province's rows.
    const guiyang = await report(sessions.guiyang);
    expect(guiyang.items.map((event) => event.kind)).toEqual(['sign-in-locked']);
    expect((await report(sessions.province, 'from=2020-01-01&to=2020-01-31')).items).toEqual([]);
  });

  it('exports the report as a workbook with Chinese headers', async () => {
    const response = await consoleCall(app, sessions.province, 'GET', '/security/events/export?severity=high');
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as never);
    const sheet = workbook.getWorksheet('安全事件')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '开始时间',
      '最后时间',
      '严重程度',
      '事件类型',
      '次数',
      '操作者',
      '单位',
      'IP 地址',
      '说明',
      '审计记录编号',
    ]);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(3).value).toBe('高');
  });

  it('refuses bad filters with a Chinese 400', async () => {
    for (const [query, message] of [
      ['kind=leak', '事件类型应为'],
      ['severity=urgent', '严重程度应为'],
      ['from=2026-12-05&to=2026-12-01', '早于开始日期'],
      ['from=20261201', 'YYYY-MM-DD'],
    ] as const) {
      const response = await consoleCall(app, sessions.province, 'GET', `/security/events?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(message);
    }
  });

  it('makes one event an hour of the log monitor’s alerts, with their count (each run was an event, flooding the report)', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
    const reason = '可验证日志与已见证的检查点不一致：前 4 个叶子的根与见证的检查点不符（日志被改写）';
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const minute of [5, 15, 25, 65]) {
        vi.setSystemTime(hour + minute * 60_000);
        await recordAudit(database.db, {
          action: 'transparency.log-inconsistent',
          result: 'failure',
          details: { problem: 'witness-root-mismatch', reason },
        });
      }
    } finally {
      vi.useRealTimers();
    }
    const { items } = await report(sessions.province, 'kind=log-inconsistent');
    expect(items.map((event) => [event.count, event.occurredAt, event.lastAt])).toEqual([
      [1, new Date(hour + 65 * 60_000).toISOString(), new Date(hour + 65 * 60_000).toISOString()],
      [3, new Date(hour + 5 * 60_000).toISOString(), new Date(hour + 25 * 60_000).toISOString()],
    ]);
    expect(items[1]!.description).toBe(
      `可验证日志与已见证的检查点不一致（一小时内 3 次校验）：${reason}；已停止签发检查点，请立即按应急预案处置`,
    );
    expect(items[0]!.description).toBe(
      `可验证日志与已见证的检查点不一致：${reason}；已停止签发检查点，请立即按应急预案处置`,
    );
  });

  it('is for the security administrator only (三员分立)', async () => {
    for (const session of [sessions.auditor, sessions.operator, sessions.accounts, sessions.exporter]) {
      for (const url of ['/security/events', '/security/events/export']) {
        expect((await consoleCall(app, session, 'GET', url)).statusCode).toBe(403);
      }
    }
  });
});
