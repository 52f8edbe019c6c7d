import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRowDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  openSession,
  type TestAccount,
  type TestSession,
} from '../../../test/factories';
import { recordAudit, witnessAuditHead } from '../../platform/audit';
import type { DatabaseHandle, Db } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let auditor: TestAccount;
let auditorSession: TestSession;
let clerkSession: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const bureau = await createAgency(database.db, { name: '贵阳市市场监督管理局', kind: 'market_regulation' });
  auditor = await createAccount(database.db, { agencyId: Number(bureau.id), permissions: ['audit.admin'] });
  const clerk = await createAccount(database.db, { agencyId: Number(bureau.id), permissions: ['record.submit'] });
  auditorSession = await openSession(database.db, auditor.id);
  clerkSession = await openSession(database.db, clerk.id);
  const base = { agencyId: Number(bureau.id), ip: '10.0.0.8' };
  await recordAudit(database.db, { ...base, username: 'zhangsan', action: 'account.created', result: 'success' });
  await recordAudit(database.db, { ...base, username: 'zhangsan', action: 'account.disabled', result: 'failure' });
  await recordAudit(database.db, { ...base, username: 'lisi', action: 'session.signed-in', result: 'denied' });
  await recordAudit(database.db, { ...base, username: 'lisi', action: 'session.signed-in', result: 'success' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function listAudit(query: string) {
  const response = await app.inject({ url: `/api/console/audit${query}`, headers: consoleHeaders(auditorSession) });
  return { response, body: response.json() as { items: AuditRowDto[]; total: number } };
}

describe('audit viewer', () => {
  it('lists audit rows newest first with every recorded field', async () => {
    const { response, body } = await listAudit('?pageSize=100');
    expect(response.statusCode).toBe(200);
    const ids = body.items.map((row) => row.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(body.items.find((row) => row.action === 'account.created')).toMatchObject({
      username: 'zhangsan',
      ip: '10.0.0.8',
      result: 'success',
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      details: {},
      agencyName: '贵阳市市场监督管理局',
    });
  });

  it('filters by the Chinese name of an action: every action whose name contains the text', async () => {
    await recordAudit(database.db, {
      agencyId: auditor.agencyId,
      username: 'wangwu',
      action: 'session.signed-out',
      result: 'success',
    });
    // 登录 is in 登录 (session.signed-in) and 退出登录 (session.signed-out), in no account.* name.
    const signIns = (await listAudit(`?action=${encodeURIComponent('登录')}&pageSize=100`)).body;
    expect(new Set(signIns.items.map((row) => row.action))).toEqual(
      new Set(['session.signed-in', 'session.signed-out']),
    );
    expect(signIns.total).toBe(3);
    const accounts = (await listAudit(`?action=${encodeURIComponent('账户')}&username=zhangsan`)).body;
    expect(accounts.items.map((row) => row.action)).toEqual(['account.disabled', 'account.created']);
    expect((await listAudit(`?action=${encodeURIComponent('没有这种操作')}`)).body).toEqual({ items: [], total: 0 });
  });

  it('filters by username, action prefix, exact action, result and time', async () => {
    expect((await listAudit('?username=zhangsan')).body.total).toBe(2);
    expect((await listAudit('?username=ZhangSan&action=account.')).body.total).toBe(2);
    expect((await listAudit('?action=account.created')).body.total).toBe(1);
    expect((await listAudit('?action=session.signed-in&result=denied')).body.items.map((r) => r.username)).toEqual([
      'lisi',
    ]);
    expect((await listAudit(`?username=lisi&to=${encodeURIComponent('2000-01-01T00:00:00+08:00')}`)).body.total).toBe(
      0,
    );
    const from = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    expect((await listAudit(`?username=lisi&from=${from}`)).body.total).toBe(2);
  });

  it('pages through the rows and refuses a page size above 100', async () => {
    const all = (await listAudit('?action=session.signed-in')).body;
    const second = (await listAudit('?action=session.signed-in&pageSize=1&page=2')).body;
    expect(second.total).toBe(2);
    expect(second.items.map((row) => row.id)).toEqual([all.items[1]?.id]);
    const { response } = await listAudit('?pageSize=101');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('records each viewing of the audit trail as audit.viewed', async () => {
    const { response } = await listAudit('?username=zhangsan');
    const requestId = response.headers['x-request-id'];
    const { body } = await listAudit('?action=audit.viewed&pageSize=100');
    expect(body.items.find((row) => row.requestId === requestId)).toMatchObject({
      username: auditor.username,
      result: 'success',
      details: { filters: { username: 'zhangsan', page: 1, pageSize: 20 } },
    });
  });

  it('refuses an account without audit.admin and records the refusal', async () => {
    const response = await app.inject({ url: '/api/console/audit', headers: consoleHeaders(clerkSession) });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    const { body } = await listAudit('?result=denied&action=audit.viewed');
    expect(body.items.map((row) => row.requestId)).toContain(response.headers['x-request-id']);
  });
});

describe('audit chain verification route', () => {
  it('reports an intact chain and records the check', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/console/audit/verify',
      headers: consoleHeaders(auditorSession),
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toEqual({ intact: true, checked: expect.any(Number) });
    expect(result.checked).toBeGreaterThanOrEqual(4);
    const { body } = await listAudit('?action=audit.verified');
    expect(body.items[0]).toMatchObject({
      requestId: response.headers['x-request-id'],
      result: 'success',
      details: { intact: true, checked: result.checked },
    });
  });

  it('reports the newest rows deleted after the witness in DATA_DIR as missing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gzc-audit-'));
    const witnessingApp = await createTestApp(database, { DATA_DIR: dataDir });
    try {
      const witness = await witnessAuditHead(database.db, dataDir);
      await sql`DELETE FROM audit_log WHERE id > ${witness.lastId - 2}`.execute(database.db);
      const response = await witnessingApp.inject({
        method: 'POST',
        url: '/api/console/audit/verify',
        headers: consoleHeaders(auditorSession),
        payload: {},
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ intact: false, problem: 'rows-missing' });
    } finally {
      await witnessingApp.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('needs the CSRF token like every console mutation', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/console/audit/verify',
      headers: { cookie: auditorSession.cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
  });
});

describe('recordAudit', () => {
  it('writes in the caller’s transaction when given one, so the row is rolled back with it', async () => {
    const rows = (db: Db) =>
      db.selectFrom('auditLog').select('id').where('action', '=', 'account.disabled').where('username', '=', 'wangwu');
    await database.db
      .transaction()
      .execute(async (trx) => {
        await recordAudit(trx, { username: 'wangwu', action: 'account.disabled', result: 'success' });
        expect(await rows(trx).execute()).toHaveLength(1);
        throw new Error('roll back');
      })
      .catch((error: Error) => {
        if (error.message !== 'roll back') throw error;
      });
    expect(await rows(database.db).execute()).toEqual([]);
  });
});
