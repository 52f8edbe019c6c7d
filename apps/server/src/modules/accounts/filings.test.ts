import { idCardCheckCharacter } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import {
  type BureauTree,
  consoleHeaders,
  createAccount,
  createAgency,
  createBureauTree,
  openSession,
  type TestSession,
} from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let tree: BureauTree;
let guiyangAdmin: TestSession;
let zunyiAdmin: TestSession;
let clerk: TestSession;
let agencyId: number;

const ID_CARD = '520102198503150024';
const MOBILE = '13912345678';

async function call(session: TestSession, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url: `/api/console${url}`,
    headers: consoleHeaders(session),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json(), raw: response.body };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  tree = await createBureauTree(database.db);
  const admin = await createAccount(database.db, { agencyId: Number(tree.guiyang.id), permissions: ['account.admin'] });
  guiyangAdmin = await openSession(database.db, admin.id);
  const other = await createAccount(database.db, { agencyId: Number(tree.zunyi.id), permissions: ['account.admin'] });
  zunyiAdmin = await openSession(database.db, other.id);
  agencyId = Number(
    (await createAgency(database.db, { name: '贵阳市发展和改革委员会', kind: 'development_reform' })).id,
  );
  const user = await createAccount(database.db, { agencyId, permissions: ['record.query'] });
  clerk = await openSession(database.db, user.id);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('manager filings (Rules Art. 20)', () => {
  it('refuses an identity-card number whose check digit is wrong, and a malformed mobile, in Chinese', async () => {
    const response = await call(clerk, 'POST', '/filings', {
      managers: [{ name: '李四', post: '科长', mobile: '1391234567', idCardNumber: '520102198503150025' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/身份证号码不正确/);
    expect(response.body.error.message).toMatch(/手机号码/);
  });

  it('files with the same-level bureau, stores the identity card encrypted and shows only masks', async () => {
    const response = await call(clerk, 'POST', '/filings', {
      managers: [{ name: '李四', post: '信用科科长', mobile: MOBILE, idCardNumber: ID_CARD }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      agency: { id: agencyId },
      bureau: { id: Number(tree.guiyang.id) },
      status: 'submitted',
      reviewedAt: null,
      managers: [{ name: '李四', post: '信用科科长', mobileMasked: '139****5678', idCardMasked: '5201**********0024' }],
    });
    expect(response.raw).not.toContain(ID_CARD);
    expect(response.raw).not.toContain(MOBILE);

    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM managers WHERE agency_id = ${agencyId}`.execute(
      database.db,
    );
    expect(rows).toHaveLength(1);
    const rawRow = JSON.stringify(rows[0], (_key, value) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    expect(rawRow).not.toContain(ID_CARD);
    expect(rawRow).not.toContain(MOBILE);
    expect(rawRow).toContain('5201**********0024');
  });

  it('lets only the bureau it was filed with review it, returned with a note, then re-filed and accepted', async () => {
    const [pending] = (await call(guiyangAdmin, 'GET', '/filings?status=submitted')).body.items;
    expect(pending.agency.id).toBe(agencyId);
    expect((await call(zunyiAdmin, 'POST', `/filings/${pending.id}/accept`)).status).toBe(404);
    expect((await call(clerk, 'POST', `/filings/${pending.id}/accept`)).status).toBe(403);

    const returned = await call(guiyangAdmin, 'POST', `/filings/${pending.id}/return`, { note: '请补充分管领导' });
    expect(returned.body).toMatchObject({ status: 'returned', reviewNote: '请补充分管领导' });
    expect((await call(guiyangAdmin, 'POST', `/filings/${pending.id}/accept`)).body.error.code).toBe(
      'FILING_ALREADY_REVIEWED',
    );

    const refiled = await call(clerk, 'POST', '/filings', {
      managers: [
        { name: '李四', post: '信用科科长', mobile: MOBILE, idCardNumber: ID_CARD },
        { name: '王五', post: '副主任', mobile: '13600000001', idCardNumber: '11010519491231002X' },
      ],
    });
    const accepted = await call(guiyangAdmin, 'POST', `/filings/${refiled.body.id}/accept`);
    expect(accepted.body.status).toBe('accepted');
    // The same person filed again keeps their manager row (and so their account).
    expect(accepted.body.managers[0].id).toBe(pending.managers[0].id);

    const history = await call(clerk, 'GET', '/filings');
    expect(history.body.items.map((filing: { status: string }) => filing.status)).toEqual(['accepted', 'returned']);
    const agency = await call(clerk, 'GET', `/agencies/${agencyId}`);
    expect(agency.body.managerFilingStatus).toBe('accepted');
    expect(agency.body.managers.map((manager: { name: string }) => manager.name)).toEqual(['李四', '王五']);
    expect(agency.raw).not.toContain(ID_CARD);
  });

  it('lets the bureau record a paper filing, accepted at once, but not for an agency outside its jurisdiction', async () => {
    const paper = { managers: [{ name: '赵六', post: '主任', mobile: '13700000002', idCardNumber: ID_CARD }] };
    const recorded = await call(guiyangAdmin, 'POST', `/agencies/${agencyId}/filings`, paper);
    expect(recorded.body.status).toBe('accepted');
    expect((await call(zunyiAdmin, 'POST', `/agencies/${agencyId}/filings`, paper)).status).toBe(404);
    // A bureau's own list goes to the bureau above it (Art. 20).
    const own = await call(guiyangAdmin, 'POST', `/agencies/${tree.guiyang.id}/filings`, paper);
    expect(own.status).toBe(403);
  });

  it('does not show another agency its filings or managers', async () => {
    const outsider = await createAccount(database.db, {
      agencyId: Number((await createAgency(database.db, { name: '贵阳市教育局' })).id),
    });
    const session = await openSession(database.db, outsider.id);
    expect((await call(session, 'GET', `/agencies/${agencyId}`)).status).toBe(404);
    expect((await call(session, 'GET', '/filings')).body.items).toEqual([]);
  });
});

/** A valid identity-card number (GB 11643) of someone born on the day given. */
const idCardOf = (first17: string) => `${first17}${idCardCheckCharacter(first17)}`;

describe('departed managers (Rules Art. 20–21)', () => {
  const staying = { name: '陈一', post: '科长', mobile: '13600000011', idCardNumber: idCardOf('52010219800101001') };
  const leaving = { name: '周二', post: '科员', mobile: '13600000012', idCardNumber: idCardOf('52010219810202002') };
  const arriving = { name: '吴三', post: '科员', mobile: '13600000013', idCardNumber: idCardOf('52010219820303003') };

  /** An agency whose accepted filing lists `staying` and `leaving`, each holding an account with a live session. */
  async function agencyWithManagerAccounts(name: string) {
    const agency = Number((await createAgency(database.db, { name })).id);
    const filer = await createAccount(database.db, { agencyId: agency, permissions: ['record.query'] });
    const filerSession = await openSession(database.db, filer.id);
    const first = await call(filerSession, 'POST', '/filings', { managers: [staying, leaving] });
    expect((await call(guiyangAdmin, 'POST', `/filings/${first.body.id}/accept`)).status).toBe(200);
    const holders = [];
    for (const manager of first.body.managers as Array<{ id: number }>) {
      const account = await createAccount(database.db, { agencyId: agency, permissions: ['record.query'] });
      await database.db.updateTable('accounts').set({ managerId: manager.id }).where('id', '=', account.id).execute();
      holders.push({ id: account.id, session: await openSession(database.db, account.id) });
    }
    const [stayer, leaver] = holders as [(typeof holders)[number], (typeof holders)[number]];
    return { agency, filerSession, stayer, leaver };
  }

  async function disabledAt(accountId: number) {
    const row = await database.db
      .selectFrom('accounts')
      .select('disabledAt')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    return row.disabledAt;
  }

  async function disablingRows(accountId: number) {
    return database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'account.disabled')
      .where('objectId', '=', String(accountId))
      .execute();
  }

  it('disables the account of a manager a newly accepted filing drops, ends its sessions and says why', async () => {
    const { filerSession, stayer, leaver } = await agencyWithManagerAccounts('贵阳市人力资源和社会保障局');
    // The staying manager is filed again with a new post (a new manager row), the leaving one not at all.
    const next = await call(filerSession, 'POST', '/filings', {
      managers: [{ ...staying, post: '副主任' }, arriving],
    });
    // A filing only submitted changes nothing yet.
    expect(await disabledAt(leaver.id)).toBeNull();
    expect((await call(leaver.session, 'GET', '/me')).status).toBe(200);

    const accepted = await app.inject({
      method: 'POST',
      url: `/api/console/filings/${next.body.id}/accept`,
      headers: consoleHeaders(guiyangAdmin),
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await disabledAt(leaver.id)).toBeInstanceOf(Date);
    expect((await call(leaver.session, 'GET', '/me')).status).toBe(401);
    expect(await disabledAt(stayer.id)).toBeNull();
    expect((await call(stayer.session, 'GET', '/me')).status).toBe(200);

    const [row, ...more] = await disablingRows(leaver.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      result: 'success',
      objectType: 'account',
      requestId: String(accepted.headers['x-request-id']),
      agencyId: Number(tree.guiyang.id),
    });
    expect(row!.details).toMatchObject({ reason: 'manager-left-filing', filingId: next.body.id });
    const sessions = await database.db
      .selectFrom('sessions')
      .select('endReason')
      .where('accountId', '=', leaver.id)
      .execute();
    expect(sessions.map((session) => session.endReason)).toEqual(['manager-left-filing']);
  });

  it('disables the departed manager on a paper filing the bureau records, and on nothing while a filing is returned', async () => {
    const { filerSession, stayer, leaver } = await agencyWithManagerAccounts('贵阳市交通运输局');
    const returned = await call(filerSession, 'POST', '/filings', { managers: [staying] });
    await call(guiyangAdmin, 'POST', `/filings/${returned.body.id}/return`, { note: '名单有误' });
    expect(await disabledAt(leaver.id)).toBeNull();

    const agencyId = (await call(filerSession, 'GET', '/filings')).body.items[0].agency.id;
    const recorded = await call(guiyangAdmin, 'POST', `/agencies/${agencyId}/filings`, { managers: [staying] });
    expect(recorded.status).toBe(200);
    expect(await disabledAt(leaver.id)).toBeInstanceOf(Date);
    expect((await call(leaver.session, 'GET', '/me')).status).toBe(401);
    expect(await disabledAt(stayer.id)).toBeNull();
    expect((await disablingRows(leaver.id))[0]!.details).toMatchObject({
      reason: 'manager-left-filing',
      filingId: recorded.body.id,
    });
  });
});
