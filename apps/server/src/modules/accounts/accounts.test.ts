import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import {
  type BureauTree,
  consoleHeaders,
  createAcceptedFiling,
  createAccount,
  createAgency,
  createBureauTree,
  openSession,
  signIn,
  type TestAccount,
  type TestSession,
} from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let tree: BureauTree;
const admins: Record<'province' | 'guiyang' | 'zunyi' | 'nanming', { account: TestAccount; session: TestSession }> =
  {} as never;

async function call(session: TestSession | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url: `/api/console${url}`,
    headers: session ? consoleHeaders(session) : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' });
  tree = await createBureauTree(database.db);
  for (const key of ['province', 'guiyang', 'zunyi', 'nanming'] as const) {
    const account = await createAccount(database.db, {
      agencyId: Number(tree[key].id),
      username: `admin.${key}`,
      permissions: ['account.admin'],
    });
    admins[key] = { account, session: await openSession(database.db, account.id) };
  }
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('agencies (Rules Art. 19)', () => {
  it('refuses a county administrator creating an agency in another county, naming why', async () => {
    const response = await call(admins.nanming.session, 'POST', '/agencies', {
      name: '贵阳市云岩区教育局',
      regionCode: '520103',
      level: 'county',
      kind: 'administrative',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect(response.body.error.message).toBe('只能为本级其他国家机关和下一级市场监管部门分配账户');
  });

  it('lets a county administrator create an agency of its own county, parented by its bureau', async () => {
    const response = await call(admins.nanming.session, 'POST', '/agencies', {
      name: '贵阳市南明区教育局',
      regionCode: '520102',
      level: 'county',
      kind: 'administrative',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      regionCode: '520102',
      regionName: '贵阳市南明区',
      level: 'county',
      kind: 'administrative',
      parentId: Number(tree.nanming.id),
      managerFilingStatus: 'none',
    });
  });

  it('lets the provincial administrator open a prefecture bureau but not a prefecture organ or a county bureau', async () => {
    const bureau = await call(admins.province.session, 'POST', '/agencies', {
      name: '安顺市市场监督管理局',
      regionCode: '520400',
      level: 'prefecture',
      kind: 'market_regulation',
    });
    expect(bureau.status).toBe(200);
    expect(bureau.body.parentId).toBe(Number(tree.province.id));
    const organ = await call(admins.province.session, 'POST', '/agencies', {
      name: '安顺市教育局',
      regionCode: '520400',
      level: 'prefecture',
      kind: 'administrative',
    });
    expect(organ.status).toBe(403);
    const county = await call(admins.province.session, 'POST', '/agencies', {
      name: '贵阳市花溪区市场监督管理局',
      regionCode: '520111',
      level: 'county',
      kind: 'market_regulation',
    });
    expect(county.status).toBe(403);
  });

  it('refuses a second market-regulation bureau in a region', async () => {
    const response = await call(admins.province.session, 'POST', '/agencies', {
      name: '遵义市第二市场监督管理局',
      regionCode: '520300',
      level: 'prefecture',
      kind: 'market_regulation',
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('AGENCY_ALREADY_EXISTS');
  });

  it('lists only the jurisdiction, and answers 404 for an agency outside it', async () => {
    const list = await call(admins.guiyang.session, 'GET', '/agencies');
    const ids = list.body.items.map((agency: { id: number }) => agency.id);
    expect(ids).toEqual(
      expect.arrayContaining([Number(tree.guiyang.id), Number(tree.nanming.id), Number(tree.yunyan.id)]),
    );
    expect(ids).not.toContain(Number(tree.zunyi.id));
    expect(ids).not.toContain(Number(tree.province.id));
    expect((await call(admins.guiyang.session, 'GET', `/agencies/${tree.zunyi.id}`)).status).toBe(404);
  });
});

describe('accounts (Rules Art. 19–22)', () => {
  let bureauOfEducation: number;
  let managerIds: number[];

  beforeAll(async () => {
    bureauOfEducation = Number(
      (
        await createAgency(database.db, {
          name: '贵阳市教育局',
          regionCode: '520100',
          parentId: Number(tree.guiyang.id),
        })
      ).id,
    );
    managerIds = await createAcceptedFiling(database.db, bureauOfEducation, 6);
  });

  it('refuses a prefecture administrator creating an account for an agency of another prefecture (404)', async () => {
    const zunyiOrgan = await createAgency(database.db, {
      name: '遵义市教育局',
      regionCode: '520300',
      parentId: Number(tree.zunyi.id),
    });
    const [zunyiManager] = await createAcceptedFiling(database.db, Number(zunyiOrgan.id));
    const response = await call(admins.guiyang.session, 'POST', '/accounts', {
      username: 'zunyi.edu',
      displayName: '遵义用户',
      agencyId: Number(zunyiOrgan.id),
      managerId: zunyiManager,
      permissions: ['record.query'],
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('AGENCY_NOT_FOUND');
    const zunyiAccount = await createAccount(database.db, { agencyId: Number(zunyiOrgan.id) });
    expect((await call(admins.guiyang.session, 'GET', `/accounts/${zunyiAccount.id}`)).status).toBe(404);
    expect((await call(admins.zunyi.session, 'GET', `/accounts/${zunyiAccount.id}`)).status).toBe(200);
  });

  it('refuses an account for a person not in the latest accepted filing', async () => {
    const response = await call(admins.guiyang.session, 'POST', '/accounts', {
      username: 'not.filed',
      displayName: '未备案',
      agencyId: bureauOfEducation,
      managerId: 999_999,
      permissions: [],
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('MANAGER_NOT_FILED');
    expect(response.body.error.message).toMatch(/备案/);
  });

  it('issues a one-time password that works once and forces a change at first sign-in', async () => {
    const created = await call(admins.guiyang.session, 'POST', '/accounts', {
      username: 'edu.zhang',
      displayName: '张老师',
      agencyId: bureauOfEducation,
      managerId: managerIds[0],
      permissions: ['record.submit', 'record.query'],
    });
    expect(created.status).toBe(200);
    expect(created.body.account).toMatchObject({
      username: 'edu.zhang',
      agency: { id: bureauOfEducation, name: '贵阳市教育局' },
      manager: { id: managerIds[0], name: '管理人员1' },
      permissions: ['record.query', 'record.submit'],
      disabled: false,
      mustChangePassword: true,
    });
    const oneTimePassword: string = created.body.oneTimePassword;
    const session = await signIn(app, { username: 'edu.zhang', password: oneTimePassword });
    expect(session.me.mustChangePassword).toBe(true);
    const blocked = await call(session, 'GET', '/agencies');
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await call(session, 'PUT', '/me/password', {
      currentPassword: oneTimePassword,
      newPassword: 'Qianling-Mountain-9',
    });
    expect(changed.status).toBe(200);
    expect((await call(session, 'GET', '/agencies')).body.items).toHaveLength(1);
    await expect(signIn(app, { username: 'edu.zhang', password: oneTimePassword })).rejects.toThrow(/SIGN_IN_FAILED/);
    await signIn(app, { username: 'edu.zhang', password: 'Qianling-Mountain-9' });

    const again = await call(admins.guiyang.session, 'POST', '/accounts', {
      username: 'edu.zhang2',
      displayName: '张老师',
      agencyId: bureauOfEducation,
      managerId: managerIds[0],
      permissions: [],
    });
    expect(again.body.error.code).toBe('MANAGER_HAS_ACCOUNT');
  });

  it('refuses one account holding two of account.admin, security.admin and audit.admin', async () => {
    const created = await call(admins.guiyang.session, 'POST', '/accounts', {
      username: 'gy.two.roles',
      displayName: '兼任者',
      agencyId: Number(tree.guiyang.id),
      managerId: (await createAcceptedFiling(database.db, Number(tree.guiyang.id)))[0],
      permissions: ['account.admin', 'audit.admin'],
    });
    expect(created.status).toBe(409);
    expect(created.body.error.code).toBe('ADMIN_ROLES_EXCLUSIVE');
    expect(created.body.error.message).toMatch(/三员分立/);

    const security = await createAccount(database.db, {
      agencyId: Number(tree.guiyang.id),
      permissions: ['security.admin'],
    });
    const change = await call(admins.guiyang.session, 'PUT', `/accounts/${security.id}/permissions`, {
      permissions: ['security.admin', 'audit.admin'],
    });
    expect(change.status).toBe(409);
    expect(change.body.error.code).toBe('ADMIN_ROLES_EXCLUSIVE');
    // The database refuses it too, whoever writes the row.
    await expect(
      database.db
        .insertInto('accountPermissions')
        .values({ accountId: security.id, permission: 'audit.admin' })
        .execute(),
    ).rejects.toThrow();
  });

  it('grants each role only where Art. 22 and the separation of duties allow', async () => {
    const organ = await createAccount(database.db, { agencyId: bureauOfEducation });
    const put = (session: TestSession, id: number, permissions: string[]) =>
      call(session, 'PUT', `/accounts/${id}/permissions`, { permissions });
    expect((await put(admins.guiyang.session, organ.id, ['account.admin'])).status).toBe(403);
    expect((await put(admins.guiyang.session, organ.id, ['security.admin'])).status).toBe(403);
    expect((await put(admins.guiyang.session, organ.id, ['oversight'])).body.error.message).toMatch(/发展改革/);
    expect((await put(admins.guiyang.session, organ.id, ['platform.operator'])).status).toBe(403);
    const granted = await put(admins.guiyang.session, organ.id, ['record.annotate', 'record.correct']);
    expect(granted.status).toBe(200);
    expect(granted.body.permissions).toEqual(['record.annotate', 'record.correct']);

    const countyClerk = await createAccount(database.db, { agencyId: Number(tree.nanming.id) });
    expect((await put(admins.guiyang.session, countyClerk.id, ['account.admin'])).status).toBe(200);
    expect((await put(admins.guiyang.session, countyClerk.id, ['audit.admin'])).status).toBe(403);

    const provincialClerk = await createAccount(database.db, { agencyId: Number(tree.province.id) });
    expect((await put(admins.province.session, provincialClerk.id, ['platform.operator'])).status).toBe(200);

    const ownChange = await put(admins.guiyang.session, admins.guiyang.account.id, ['account.admin', 'record.query']);
    expect(ownChange.status).toBe(403);
    expect(ownChange.body.error.message).toBe('不能修改自己账户的权限');
  });

  it('disabling ends a live session: the next request answers 401; enabling lets the account back in', async () => {
    const clerk = await createAccount(database.db, { agencyId: bureauOfEducation, permissions: ['record.query'] });
    const session = await signIn(app, clerk);
    expect((await call(session, 'GET', '/me')).status).toBe(200);
    const disabled = await call(admins.guiyang.session, 'POST', `/accounts/${clerk.id}/disable`, {
      reason: '人员调离',
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await call(session, 'GET', '/me')).status).toBe(401);
    await expect(signIn(app, clerk)).rejects.toThrow(/SIGN_IN_FAILED/);
    const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM sessions WHERE account_id = ${clerk.id} AND ended_at IS NULL`.execute(
      database.db,
    );
    expect(rows[0]?.count).toBe(0);
    const enabled = await call(admins.guiyang.session, 'POST', `/accounts/${clerk.id}/enable`);
    expect(enabled.body.disabled).toBe(false);
    await signIn(app, clerk);
  });

  it('lists the jurisdiction accounts with a search, and audits the read', async () => {
    const list = await call(admins.guiyang.session, 'GET', '/accounts?q=edu.zh');
    expect(list.status).toBe(200);
    expect(list.body.items.map((account: { username: string }) => account.username)).toEqual(['edu.zhang']);
    expect(list.body.total).toBe(1);
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'result'])
      .where('action', '=', 'account.listed')
      .where('accountId', '=', admins.guiyang.account.id)
      .execute();
    expect(audit).toEqual([{ action: 'account.listed', result: 'success' }]);
  });

  it('refuses account administration to an account.admin outside a market-regulation bureau', async () => {
    const stray = await createAccount(database.db, { agencyId: bureauOfEducation, permissions: ['account.admin'] });
    const session = await openSession(database.db, stray.id);
    const response = await call(session, 'GET', '/accounts');
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/市场监管部门/);
  });
});
