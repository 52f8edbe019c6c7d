import { AUDIT_ACTIONS } from '@gzcredit/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { createAccount, createAgency, openSession, type TestAccount, type TestSession } from '../../test/factories';
import type { DatabaseHandle } from './database';
import { SESSION_COOKIE } from './sessions';

let database: DatabaseHandle;
let app: FastifyInstance;
let bureauId: number;
let clerk: TestAccount;
let clerkSession: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const bureau = await createAgency(database.db, { name: '贵阳市市场监督管理局', kind: 'market_regulation' });
  bureauId = Number(bureau.id);
  clerk = await createAccount(database.db, { agencyId: bureauId, permissions: ['record.submit'] });
  clerkSession = await openSession(database.db, clerk.id);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** The audit rows of one request, found by the request id it answered with (ids as numbers on both engines). */
async function auditRowsOf(response: LightMyRequestResponse) {
  const rows = await database.db
    .selectFrom('auditLog')
    .select(['accountId', 'username', 'agencyId', 'ip', 'action', 'result', 'requestId', 'details'])
    .where('requestId', '=', String(response.headers['x-request-id']))
    .execute();
  return rows.map((row) => ({
    ...row,
    accountId: row.accountId === null ? null : Number(row.accountId),
    agencyId: row.agencyId === null ? null : Number(row.agencyId),
  }));
}

const faultReport = { title: '页面无响应', description: '点击提交后无响应', location: '数据上传', severity: 'medium' };

// Issue 14 item 8: refusals before the handler left no row.
describe('audit rows of refusals at the console gate (SPEC §6)', () => {
  it('writes a denied row for a mutation with a missing or wrong CSRF token, naming the action and the reason', async () => {
    for (const headers of [
      { cookie: clerkSession.cookie },
      { cookie: clerkSession.cookie, 'x-csrf-token': 'not-the-token' },
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/console/faults', headers, payload: faultReport });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('CSRF_TOKEN_INVALID');
      expect(await auditRowsOf(response)).toEqual([
        {
          accountId: clerk.id,
          username: clerk.username,
          agencyId: bureauId,
          ip: '127.0.0.1',
          action: 'fault.reported',
          result: 'denied',
          requestId: response.headers['x-request-id'],
          details: { reason: 'CSRF_TOKEN_INVALID', permission: 'authenticated' },
        },
      ]);
    }
  });

  it('writes a denied row for a mutation without a session or with an unknown one', async () => {
    for (const headers of [{}, { cookie: `${SESSION_COOKIE}=no-such-session` }]) {
      const response = await app.inject({ method: 'POST', url: '/api/console/faults', headers, payload: faultReport });
      expect(response.statusCode).toBe(401);
      expect(await auditRowsOf(response)).toEqual([
        {
          accountId: null,
          username: null,
          agencyId: null,
          ip: '127.0.0.1',
          action: 'fault.reported',
          result: 'denied',
          requestId: response.headers['x-request-id'],
          details: { reason: 'UNAUTHENTICATED', permission: 'authenticated' },
        },
      ]);
    }
  });

  it('writes no row for a read without a session, which reaches nothing', async () => {
    const response = await app.inject({ url: '/api/console/faults' });
    expect(response.statusCode).toBe(401);
    expect(await auditRowsOf(response)).toEqual([]);
  });

  it('writes a denied row for a read refused until the password is changed', async () => {
    const newcomer = await createAccount(database.db, { agencyId: bureauId, mustChangePassword: true });
    const session = await openSession(database.db, newcomer.id);
    const response = await app.inject({ url: '/api/console/faults', headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(403);
    expect(await auditRowsOf(response)).toEqual([
      expect.objectContaining({
        accountId: newcomer.id,
        action: 'GET /faults',
        result: 'denied',
        details: { reason: 'PASSWORD_CHANGE_REQUIRED', permission: 'authenticated' },
      }),
    ]);
  });
});

describe('the closed table of audit actions', () => {
  it('names every audit action a console route declares, so the audit viewer can show it in Chinese', () => {
    const audited = app.consoleRoutes.filter((route) => route.audit !== undefined);
    const unnamed = audited
      .filter((route) => !Object.hasOwn(AUDIT_ACTIONS, route.audit!))
      .map((route) => `${route.method} ${route.url}: ${route.audit}`);
    expect(audited.length).toBeGreaterThan(50);
    expect(unnamed).toEqual([]);
    expect(Object.values(AUDIT_ACTIONS).filter((name) => !/\p{Script=Han}/u.test(name))).toEqual([]);
  });
});
