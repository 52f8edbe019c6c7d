import type { TodoListDto } from '@gzcredit/contracts';
import { addDays, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  type BureauTree,
  createAccount,
  createAgency,
  createBureauTree,
  createEnterprise,
  openSession,
  type TestSession,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let bureaus: BureauTree;
let guiyangAdmin: TestSession;
let zunyiAdmin: TestSession;
let operator: TestSession;
let clerk: TestSession;
let reader: TestSession;
let otherClerk: TestSession;
let plainUser: TestSession;
let clerkAgencyId: number;

const call = (session: TestSession | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  session
    ? consoleCall(app, session, method, url, payload)
    : app.inject({ method, url: `/api/console${url}`, ...(payload ? { payload } : {}) });

async function todos(session: TestSession): Promise<Record<string, number>> {
  const response = await call(session, 'GET', '/todos');
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as TodoListDto;
  return Object.fromEntries(body.items.map((item) => [item.kind, item.count]));
}

const FILING = {
  managers: [{ name: '李四', post: '信用科科长', mobile: '13912345678', idCardNumber: '11010519491231002X' }],
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const db = database.db;
  bureaus = await createBureauTree(db);
  const session = async (agencyId: number, permissions: Parameters<typeof createAccount>[1]['permissions'] = []) =>
    openSession(db, (await createAccount(db, { agencyId, permissions })).id);
  guiyangAdmin = await session(Number(bureaus.guiyang.id), ['account.admin']);
  zunyiAdmin = await session(Number(bureaus.zunyi.id), ['account.admin']);
  operator = await session(Number(bureaus.province.id), ['platform.operator']);
  const reform = await createAgency(db, {
    name: '贵阳市生态环境局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'administrative',
    parentId: Number(bureaus.guiyang.id),
  });
  clerkAgencyId = Number(reform.id);
  clerk = await session(clerkAgencyId, ['record.submit', 'record.query', 'content.publish']);
  reader = await session(clerkAgencyId, ['record.query']);
  otherClerk = await session(Number(bureaus.zunyi.id), ['record.submit']);
  plainUser = await session(Number(bureaus.nanming.id));
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/console/todos (the console home page’s to-do counts)', () => {
  it('lists only the queues the caller works, and nothing for an account that works none', async () => {
    expect(Object.keys(await todos(plainUser))).toEqual([]);
    expect(Object.keys(await todos(guiyangAdmin))).toEqual(['filing-reviews', 'reset-requests']);
    expect(Object.keys(await todos(operator))).toEqual(['open-faults', 'column-requests']);
    expect(Object.keys(await todos(clerk))).toEqual(['upload-errors', 'publicity-ending']);
    expect(Object.keys(await todos(reader))).toEqual(['publicity-ending']);
    expect((await call(null, 'GET', '/todos')).statusCode).toBe(401);
  });

  it('counts filings and reset requests in the administrator’s jurisdiction only, as 备案审核 and 密码重置申请 list them', async () => {
    const before = { guiyang: await todos(guiyangAdmin), zunyi: await todos(zunyiAdmin) };
    expect((await call(clerk, 'POST', '/filings', FILING)).statusCode).toBe(200);
    const nanmingUser = await createAccount(database.db, { agencyId: Number(bureaus.nanming.id) });
    const reset = await call(null, 'POST', '/password-reset-requests', {
      username: nanmingUser.username,
      reason: '忘记密码',
    });
    expect(reset.statusCode, reset.body).toBe(200);

    const guiyang = await todos(guiyangAdmin);
    expect(guiyang['filing-reviews']).toBe(before.guiyang['filing-reviews']! + 1);
    expect(guiyang['reset-requests']).toBe(before.guiyang['reset-requests']! + 1);
    expect(await todos(zunyiAdmin)).toEqual(before.zunyi);

    const filings = await call(guiyangAdmin, 'GET', '/filings?status=submitted');
    expect(filings.json().items).toHaveLength(guiyang['filing-reviews']!);
    const requests = await call(guiyangAdmin, 'GET', '/password-reset-requests?status=pending');
    expect(requests.json().items).toHaveLength(guiyang['reset-requests']!);
  });

  it('counts unaccepted fault tickets and column requests awaiting a decision for the provincial operator', async () => {
    const fault = await call(plainUser, 'POST', '/faults', {
      title: '上传失败',
      description: '上传数据文件时页面无响应',
      location: '数据上传',
      occurredAt: new Date().toISOString(),
      severity: 'high',
    });
    expect(fault.statusCode, fault.body).toBe(200);
    const column = await call(clerk, 'POST', '/columns', { name: '营商环境专栏', purpose: '发布营商环境政策解读' });
    expect(column.statusCode, column.body).toBe(200);
    expect(await todos(operator)).toEqual({ 'open-faults': 1, 'column-requests': 1 });

    const assigned = await call(operator, 'POST', `/fault-queue/${fault.json().id}/assign`, {
      assigneeId: (
        await database.db
          .selectFrom('accounts')
          .select('id')
          .where('agencyId', '=', Number(bureaus.province.id))
          .executeTakeFirstOrThrow()
      ).id,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const decided = await call(operator, 'POST', `/column-requests/${column.json().id}/decision`, {
      decision: 'approve',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await todos(operator)).toEqual({ 'open-faults': 0, 'column-requests': 0 });
  });

  it('counts the agency’s own recent uploads with errors, as the upload history lists them', async () => {
    const db = database.db;
    const item = await db
      .selectFrom('catalogueItems')
      .select('id')
      .where('code', '=', 'penalty')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const accountId = Number(
      (await db.selectFrom('accounts').select('id').where('agencyId', '=', clerkAgencyId).executeTakeFirstOrThrow()).id,
    );
    const upload = async (agencyId: number, status: 'done' | 'failed', rejected: number, daysAgo: number) => {
      const file = await db
        .insertInto('files')
        .values({
          sha256: `${agencyId}-${status}-${rejected}-${daysAgo}`.padEnd(64, '0'),
          kind: 'upload',
          mediaType: 'text/csv',
          size: 10,
          originalName: 'penalty.csv',
          storageKey: `test/${agencyId}-${status}-${rejected}-${daysAgo}`,
          agencyId,
          uploadedBy: accountId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('uploads')
        .values({
          agencyId,
          accountId,
          itemId: Number(item.id),
          fileId: Number(file.id),
          sha256: `${file.id}`.padEnd(64, 'a'),
          status,
          totalRows: 5,
          rowsDone: 5,
          accepted: 5 - rejected,
          rejected,
          createdAt: new Date(Date.now() - daysAgo * 86_400_000),
        })
        .execute();
    };
    await upload(clerkAgencyId, 'done', 2, 1); // counted: rows left out
    await upload(clerkAgencyId, 'failed', 0, 3); // counted: failed as a whole
    await upload(clerkAgencyId, 'done', 0, 1); // clean
    await upload(clerkAgencyId, 'done', 4, 45); // too old
    await upload(Number(bureaus.zunyi.id), 'done', 3, 1); // another agency's

    expect((await todos(clerk))['upload-errors']).toBe(2);
    expect((await todos(otherClerk))['upload-errors']).toBe(1);
    const createdAfter = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const listed = await call(
      clerk,
      'GET',
      `/uploads?withErrors=true&createdAfter=${encodeURIComponent(createdAfter)}`,
    );
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().total).toBe(2);
    expect(listed.json().items.map((row: { rejected: number; status: string }) => [row.status, row.rejected])).toEqual([
      ['failed', 0],
      ['done', 2],
    ]);
  });

  it('counts the agency’s records in force whose publicity ends within 30 days, as 本单位信息 filters them', async () => {
    const today = chinaToday();
    const submit = async () => {
      const entity = await createEnterprise(database.db);
      const response = await call(clerk, 'POST', '/records', { record: penaltyRecord(entity.creditCode) });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().id as number;
    };
    const ends = async (id: number, date: string, status = 'active') =>
      sql`UPDATE records SET publicity_until = ${date}, status = ${status} WHERE id = ${id}`.execute(database.db);
    await ends(await submit(), addDays(today, 10)); // counted
    await ends(await submit(), today); // counted: ends today
    await ends(await submit(), addDays(today, 30)); // counted: the 30th day
    await ends(await submit(), addDays(today, 31)); // later
    await ends(await submit(), addDays(today, -1)); // already ended (the nightly job has not run yet)
    await ends(await submit(), addDays(today, 5), 'revoked'); // not in force

    expect((await todos(clerk))['publicity-ending']).toBe(3);
    expect((await todos(reader))['publicity-ending']).toBe(3);
    expect((await todos(otherClerk))['publicity-ending']).toBe(0);
    const listed = await call(clerk, 'GET', `/records?publicityEndsBy=${addDays(today, 30)}`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().total).toBe(3);
  });

  it('writes a todos.viewed audit row with the counts it showed', async () => {
    const counts = await todos(operator);
    const { rows } = await sql<{ details: { counts: Record<string, number> } }>`
      SELECT details FROM audit_log WHERE action = 'todos.viewed' ORDER BY id DESC LIMIT 1`.execute(database.db);
    expect(rows[0]?.details.counts).toEqual(counts);
  });
});
