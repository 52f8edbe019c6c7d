import type { AddressInfo } from 'node:net';
import type { WatchlistAlertDto } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
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
  type TestSession,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import { sm4Decrypt } from '../../platform/crypto';
import type { DatabaseHandle } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { createMailer, type Mailer } from '../../platform/mail';
import { PRODUCE_ALERTS_JOB, SEND_DIGESTS_JOB, scheduleWatchlistsJobs, watchlistsJobs } from './watchlists.jobs';
import { produceAlerts, sendDailyDigests } from './watchlists.service';

/**
 * 监管名单与预警提醒 (Rules Art. 17 第二款): lists by credit code and by rule, the four alert kinds made from the change
 * feed, the exchange settings respected, idempotent production (repeated runs, a replay from the feed's start, a
 * transaction that commits late), and the daily digest in the console inbox and through a real local SMTP server.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let smtp: SMTPServer;
let mailer: Mailer;
const received: Array<{ to: string[]; raw: string }> = [];
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let province: TestAgency;
let watcherAgency: TestAgency;
let otherAgency: TestAgency;
let provider: TestSession;
let watcher: TestSession;
let otherWatcher: TestSession;
let outsider: TestSession;

/** Watched by credit code. */
let explicitCode: string;
/** Watched by the rule 南明区 + 门类 I. */
let ruleCode: string;
/** In 南明区 but of 门类 C: not watched. */
let otherIndustryCode: string;
/** In 遵义: not watched. */
let unwatchedCode: string;

const today = chinaToday();
const tomorrow = new Date(Date.now() + 86_400_000);

let decisions = 0;
function listing(creditCode: string) {
  decisions += 1;
  return {
    itemCode: 'abnormal_list',
    creditCode,
    entityName: '贵州名单测试有限公司',
    dishonestyLevel: '一般失信',
    fields: {
      reason: '未按照规定报送年度报告',
      decisionNumber: `黔市监异〔2026〕${decisions}号`,
      listedOn: addMonths(today, -1),
      authority: '贵州省市场监督管理局',
    },
  };
}

function honour(creditCode: string) {
  decisions += 1;
  return {
    itemCode: 'honour',
    creditCode,
    entityName: '贵州测试科技有限公司',
    fields: {
      honourName: '守合同重信用企业',
      decisionNumber: `黔表〔2026〕${decisions}号`,
      awardedOn: '2025-06-01',
      authority: '贵州省市场监督管理局',
      validTo: addMonths(today, 12),
    },
  };
}

async function submit(record: object): Promise<{ id: number }> {
  const response = await consoleCall(app, provider, 'POST', '/records', { record });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** The newest change written so far. */
async function lastChange(): Promise<{ txid: bigint; id: bigint }> {
  const { rows } = await sql<{ txid: string; id: string }>`
    SELECT c.txid::text AS txid, c.id::text AS id FROM record_changes c ORDER BY c.txid DESC, c.id DESC LIMIT 1`.execute(
    database.db,
  );
  return { txid: BigInt(rows[0]!.txid), id: BigInt(rows[0]!.id) };
}

async function watermark(): Promise<{ txid: bigint; id: bigint }> {
  const { rows } = await sql<{ txid: string; changeId: string }>`
    SELECT txid::text AS txid, change_id::text AS change_id FROM watchlist_feed_position`.execute(database.db);
  return { txid: BigInt(rows[0]!.txid), id: BigInt(rows[0]!.changeId) };
}

/**
 * Runs the alert job until its watermark has passed the last change written now: on PostgreSQL the transactions of
 * other databases of the cluster hold the horizon back for a moment.
 */
async function produceThroughLastChange(): Promise<number> {
  const target = await lastChange();
  let alerts = 0;
  for (let round = 0; round < 200; round++) {
    alerts += (await produceAlerts(database.db)).alerts;
    const at = await watermark();
    if (at.txid > target.txid || (at.txid === target.txid && at.id >= target.id)) return alerts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the alert job did not reach the last change');
}

async function alertsOf(session: TestSession, query = ''): Promise<WatchlistAlertDto[]> {
  const response = await consoleCall(app, session, 'GET', `/watchlist-alerts?pageSize=100${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

const summary = (alerts: WatchlistAlertDto[]) =>
  alerts.map((alert) => `${alert.creditCode} ${alert.kind} ${alert.item.code}`).sort();

async function countAlerts(): Promise<number> {
  const row = await database.db
    .selectFrom('watchlistAlerts')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The text part of a mail as nodemailer writes it (base64 or quoted-printable UTF-8). */
function mailText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head!))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head!)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

let watchlistId: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((address) => address.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  const mailFrom = '贵州省企业公共信用信息平台 <xinyong@example.gov.cn>';
  mailer = createMailer({ SMTP_URL: smtpUrl, MAIL_FROM: mailFrom })!;

  database = await createTestDatabase();
  app = await createTestApp(database, { SMTP_URL: smtpUrl, MAIL_FROM: mailFrom });
  const db = database.db;
  province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  watcherAgency = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  otherAgency = await createAgency(db, {
    name: '遵义市市场监督管理局',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  const session = async (agency: TestAgency, permissions: Parameters<typeof createAccount>[1]['permissions']) =>
    openSession(db, (await createAccount(db, { agencyId: Number(agency.id), permissions })).id);
  provider = await session(province, ['record.submit', 'record.correct', 'record.annotate']);
  watcher = await session(watcherAgency, ['record.query']);
  otherWatcher = await session(otherAgency, ['record.query']);
  outsider = await session(watcherAgency, ['content.publish']);

  explicitCode = (await createEnterprise(db, { regionCode: '520300', industryCode: 'C13' })).creditCode;
  ruleCode = (await createEnterprise(db, { regionCode: '520102', industryCode: 'I65' })).creditCode;
  otherIndustryCode = (await createEnterprise(db, { regionCode: '520102', industryCode: 'C13' })).creditCode;
  unwatchedCode = (await createEnterprise(db, { regionCode: '520302', industryCode: 'I65' })).creditCode;
}, 60_000);

afterAll(async () => {
  mailer?.close();
  await app?.close();
  await database?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('watch-lists', () => {
  it('creates a list of entities and rules, and refuses bad entries naming the row and field', async () => {
    const created = await consoleCall(app, watcher, 'POST', '/watchlists', {
      name: '重点监管企业',
      entities: [{ creditCode: explicitCode.toLowerCase(), note: '投诉较多' }],
      rules: [{ regionCode: '520102', industryCode: 'I' }],
    });
    expect(created.statusCode, created.body).toBe(200);
    watchlistId = created.json().id;
    expect(created.json()).toMatchObject({
      name: '重点监管企业',
      entityCount: 1,
      ruleCount: 1,
      entities: [{ creditCode: explicitCode, note: '投诉较多', entityName: '贵州测试科技有限公司' }],
      rules: [{ regionCode: '520102', industryCode: 'I', entityKind: null, itemCode: null }],
    });

    const bad = await consoleCall(app, watcher, 'POST', '/watchlists', {
      name: '有误的名单',
      entities: [{ creditCode: explicitCode }, { creditCode: '91520102MA6DKXQW6X' }, { creditCode: explicitCode }],
      rules: [{}, { regionCode: '520199' }, { industryCode: 'C65' }, { itemCode: 'no_such_item' }],
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().error.details as Array<{ field: string; message: string }>).map(
      (detail) => detail.field,
    );
    expect(fields).toEqual([
      'entities.1.creditCode',
      'entities.2.creditCode',
      'rules.0',
      'rules.1.regionCode',
      'rules.2.industryCode',
      'rules.3.itemCode',
    ]);
    expect(bad.json().error.details[1].message).toContain('第 3 个主体与第 1 个重复');
    expect(await database.db.selectFrom('watchlists').select('id').where('name', '=', '有误的名单').execute()).toEqual(
      [],
    );

    const taken = await consoleCall(app, watcher, 'POST', '/watchlists', { name: '重点监管企业' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('WATCHLIST_NAME_TAKEN');
  });

  it("answers another agency's list with 404, for reading, editing and deleting", async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: '篡改' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await consoleCall(app, otherWatcher, method, `/watchlists/${watchlistId}`, body);
      expect(response.statusCode, `${method} ${response.body}`).toBe(404);
      expect(response.json().error.code).toBe('WATCHLIST_NOT_FOUND');
    }
    expect((await consoleCall(app, otherWatcher, 'GET', '/watchlists')).json().items).toEqual([]);
    expect((await consoleCall(app, outsider, 'GET', '/watchlists')).statusCode).toBe(403);
  });

  it('edits a list by replacing its entries, and deletes a list', async () => {
    const scratch = await consoleCall(app, watcher, 'POST', '/watchlists', {
      name: '临时名单',
      rules: [{ entityKind: 'individual' }],
    });
    expect(scratch.statusCode, scratch.body).toBe(200);
    const id = scratch.json().id;
    const edited = await consoleCall(app, watcher, 'PUT', `/watchlists/${id}`, {
      name: '临时名单（修订）',
      entities: [{ creditCode: unwatchedCode }],
      rules: [],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '临时名单（修订）', entityCount: 1, ruleCount: 0 });
    const clash = await consoleCall(app, watcher, 'PUT', `/watchlists/${id}`, { name: '重点监管企业' });
    expect(clash.statusCode).toBe(409);
    expect((await consoleCall(app, watcher, 'DELETE', `/watchlists/${id}`)).statusCode).toBe(200);
    expect(
      await database.db
        .selectFrom('auditLog')
        .select(['result', 'details'])
        .where('action', '=', 'watchlist.deleted')
        .where('objectId', '=', String(id))
        .execute(),
    ).toEqual([{ result: 'success', details: { name: '临时名单（修订）' } }]);
    expect((await consoleCall(app, watcher, 'GET', `/watchlists/${id}`)).statusCode).toBe(404);
    expect(
      await database.db.selectFrom('watchlistEntities').select('creditCode').where('watchlistId', '=', id).execute(),
    ).toEqual([]);
  });
});

describe('alerts from the change feed', () => {
  let explicitPenalty: { id: number };
  let listingRecord: { id: number };

  it('alerts new 不良 records, listings and removals of watched entities, by code and by rule, and nothing else', async () => {
    explicitPenalty = await submit(penaltyRecord(explicitCode));
    await submit(penaltyRecord(ruleCode));
    await submit(penaltyRecord(otherIndustryCode));
    await submit(penaltyRecord(unwatchedCode));
    await submit(honour(explicitCode));
    listingRecord = await submit(listing(ruleCode));
    await produceThroughLastChange();
    const removal = await consoleCall(app, provider, 'POST', `/records/${listingRecord.id}/removal`, {
      removedOn: today,
      reason: '已补报年度报告并公示',
      authority: '贵州省市场监督管理局',
    });
    expect(removal.statusCode, removal.body).toBe(200);
    await produceThroughLastChange();

    expect(summary(await alertsOf(watcher))).toEqual(
      [
        `${explicitCode} bad_record penalty`,
        `${ruleCode} bad_record penalty`,
        `${ruleCode} listed abnormal_list`,
        `${ruleCode} removed abnormal_list`,
      ].sort(),
    );
    const [newest] = await alertsOf(watcher, '&kind=removed');
    expect(newest).toMatchObject({
      watchlist: { id: watchlistId, name: '重点监管企业' },
      provider: '贵州省市场监督管理局',
      item: { name: '经营异常名录信息' },
      readAt: null,
    });
    expect(await alertsOf(otherWatcher)).toEqual([]);
  });

  it('alerts a level change by correction and by annotation, and not a correction that keeps the level', async () => {
    const corrected = await consoleCall(app, provider, 'POST', `/records/${explicitPenalty.id}/corrections`, {
      reason: '情节认定有误',
      record: { ...penaltyRecord(explicitCode), dishonestyLevel: '严重失信' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const kept = await consoleCall(app, provider, 'POST', `/records/${corrected.json().id}/corrections`, {
      reason: '文字更正',
      record: { ...penaltyRecord(explicitCode), dishonestyLevel: '严重失信' },
    });
    expect(kept.statusCode, kept.body).toBe(200);
    const [rulePenalty] = await alertsOf(watcher, `&creditCode=${ruleCode}&kind=bad_record`);
    const annotated = await consoleCall(app, provider, 'POST', `/records/${rulePenalty!.recordId}/annotation`, {
      level: 'serious',
      reason: '情节较重',
    });
    expect(annotated.statusCode, annotated.body).toBe(200);
    await produceThroughLastChange();

    const changes = await alertsOf(watcher, '&kind=level_changed');
    expect(changes.map((alert) => [alert.creditCode, alert.previousLevel, alert.dishonestyLevel]).sort()).toEqual(
      [
        [explicitCode, 'general', 'severe'],
        [ruleCode, 'general', 'serious'],
      ].sort(),
    );
  });

  it('never alerts an agency about a record it may not see: internal or classified records of others', async () => {
    const before = await countAlerts();
    await submit({ ...penaltyRecord(explicitCode), useScope: 'internal', withholdingGround: '商业秘密' });
    const classified = await submit(penaltyRecord(ruleCode));
    await database.db.updateTable('records').set({ classified: true }).where('id', '=', classified.id).execute();
    // The label is set after the arrival here; the job checks what the agency may see when it runs.
    await produceThroughLastChange();
    expect(await countAlerts()).toBe(before);
  });

  it("follows the provider's exchange settings: a shared record goes to the agencies it is shared with only", async () => {
    const db = database.db;
    // 贵州省市场监督管理局 shares its 行政处罚 records with 遵义 only (Art. 22(四)).
    await db
      .insertInto('exchangeItemSettings')
      .values({ agencyId: Number(province.id), itemCode: 'penalty', sharedRestricted: true, updatedBy: 1 })
      .execute();
    await db
      .insertInto('exchangeGrants')
      .values({
        agencyId: Number(province.id),
        itemCode: 'penalty',
        useScope: 'shared',
        audience: 'agency',
        audienceValue: String(otherAgency.id),
        fields: null,
      })
      .execute();
    const zunyiList = await consoleCall(app, otherWatcher, 'POST', '/watchlists', {
      name: '遵义关注企业',
      entities: [{ creditCode: explicitCode }],
    });
    expect(zunyiList.statusCode, zunyiList.body).toBe(200);
    const before = (await alertsOf(watcher)).length;
    const shared = await submit({ ...penaltyRecord(explicitCode), useScope: 'shared', withholdingGround: '商业秘密' });
    await produceThroughLastChange();
    expect((await alertsOf(watcher)).length).toBe(before);
    expect((await alertsOf(otherWatcher)).map((alert) => alert.recordId)).toEqual([shared.id]);
  });

  it('makes each alert once: across repeated runs and a replay of the whole feed', async () => {
    const before = await countAlerts();
    expect(before).toBeGreaterThan(0);
    expect(await produceThroughLastChange()).toBe(0);
    // A crash after the alerts were written but before the watermark moved: the feed is read again from its start.
    await sql`UPDATE watchlist_feed_position SET txid = '0'::xid8, change_id = 0`.execute(database.db);
    expect(await produceThroughLastChange()).toBe(0);
    expect(await countAlerts()).toBe(before);
  });

  // PGlite has a single connection: no transaction can be open while another commits, so only PostgreSQL has late commits.
  it.runIf(onPostgres)(
    'alerts a change whose transaction commits after later ones did, never skipping it',
    async () => {
      const db = database.db;
      const item = await db
        .selectFrom('catalogueItems as i')
        .innerJoin('catalogueEditions as e', 'e.id', 'i.editionId')
        .select('i.id')
        .where('e.status', '=', 'current')
        .where('i.code', '=', 'penalty')
        .executeTakeFirstOrThrow();
      let commit!: () => void;
      const gate = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let started!: () => void;
      const opened = new Promise<void>((resolve) => {
        started = resolve;
      });
      // A long upload: its record and change are written first, its transaction commits last.
      const late = db.transaction().execute(async (trx) => {
        const batch = await trx
          .insertInto('exchangeBatches')
          .values({
            agencyId: Number(province.id),
            channel: 'api',
            accountId: null,
            itemId: item.id,
            received: 1,
            accepted: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = await trx
          .insertInto('records')
          .values({
            itemId: item.id,
            agencyId: Number(province.id),
            creditCode: explicitCode,
            entityName: '贵州测试科技有限公司',
            payload: JSON.stringify({ decisionNumber: '黔市监罚〔2026〕999号' }),
            aroseOn: today,
            dueOn: today,
            dishonestyLevel: 'general',
            useScope: 'public',
            publicityUntil: addMonths(today, 12),
            contentHash: `late-${batch.id}`,
            channel: 'api',
            batchId: Number(batch.id),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The change feed row records.storePreparedRecords writes with every arrival.
        await trx
          .insertInto('recordChanges')
          .values({ recordId: Number(row.id), kind: 'created' })
          .execute();
        started();
        await gate;
        return Number(row.id);
      });
      await opened;
      // Another watched entity: the sync outbox holds an entity's event sequence locked until its transaction commits,
      // so a second write for the same entity would wait for the long one.
      const early = await submit(penaltyRecord(ruleCode));
      // Runs while the long transaction is open: neither its change nor the later committed one may be passed.
      await produceAlerts(db);
      const alerted = async () => (await alertsOf(watcher, '&kind=bad_record')).map((alert) => alert.recordId);
      expect(await alerted()).not.toContain(early.id);
      commit();
      const lateId = await late;
      await produceThroughLastChange();
      expect(await alerted()).toEqual(expect.arrayContaining([early.id, lateId]));
    },
  );

  it('marks alerts read one by one or all at once; another agency cannot', async () => {
    const [first] = await alertsOf(watcher);
    expect((await consoleCall(app, otherWatcher, 'POST', `/watchlist-alerts/${first!.id}/read`)).statusCode).toBe(404);
    const read = await consoleCall(app, watcher, 'POST', `/watchlist-alerts/${first!.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    const unread = await consoleCall(app, watcher, 'GET', '/watchlist-alerts?unread=true');
    expect(unread.json().items.map((alert: WatchlistAlertDto) => alert.id)).not.toContain(first!.id);
    expect(unread.json().unread).toBe(unread.json().total);
    const all = await consoleCall(app, watcher, 'POST', '/watchlist-alerts/read-all');
    expect(all.json().marked).toBe(unread.json().total);
    expect((await consoleCall(app, watcher, 'GET', '/watchlist-alerts?unread=true')).json().total).toBe(0);
  });
});

describe('the daily digest', () => {
  it('goes to the console inbox and to the mailbox through SMTP, once a day', async () => {
    const settings = await consoleCall(app, watcher, 'PUT', '/watchlist-settings', {
      digestAddress: 'jgk@example.gov.cn',
    });
    expect(settings.statusCode, settings.body).toBe(200);
    // Stored SM4-encrypted, shown masked (the audit row too).
    expect(settings.json()).toEqual({ digestAddress: 'j***@example.gov.cn', mailConfigured: true });
    const again = await consoleCall(app, watcher, 'GET', '/watchlist-settings');
    expect(again.json()).toEqual({ digestAddress: 'j***@example.gov.cn', mailConfigured: true });
    const stored = await sql<{ cipher: Buffer }>`
      SELECT digest_address_cipher AS cipher FROM watchlist_settings WHERE digest_address_cipher IS NOT NULL`.execute(
      database.db,
    );
    expect(stored.rows).toHaveLength(1);
    expect(Buffer.from(stored.rows[0]!.cipher).toString('latin1')).not.toContain('jgk@');
    expect(sm4Decrypt(TEST_DATA_KEY, Buffer.from(stored.rows[0]!.cipher))).toBe('jgk@example.gov.cn');
    const audited = await database.db
      .selectFrom('auditLog')
      .select('details')
      .where('action', '=', 'watchlist.settings-updated')
      .execute();
    expect(JSON.stringify(audited)).not.toContain('jgk@');
    const bad = await consoleCall(app, watcher, 'PUT', '/watchlist-settings', { digestAddress: '不是邮箱' });
    expect(bad.statusCode).toBe(400);

    const alerts = (await consoleCall(app, watcher, 'GET', '/watchlist-alerts')).json().total as number;
    const otherAlerts = (await consoleCall(app, otherWatcher, 'GET', '/watchlist-alerts')).json().total as number;
    const log = { error: () => {} };
    // Tomorrow's run: every alert made today was made before tomorrow began.
    // 遵义 has an alert too, and no mailbox: its digest stays in its inbox.
    const deps = { mailer, dataKey: TEST_DATA_KEY, log };
    expect(await sendDailyDigests(database.db, deps, tomorrow)).toEqual({ digests: 2, mailed: 1 });
    expect(await sendDailyDigests(database.db, deps, tomorrow)).toEqual({ digests: 0, mailed: 0 });

    const inbox = (await consoleCall(app, watcher, 'GET', '/watchlist-digests')).json().items;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      digestDate: chinaToday(tomorrow),
      alertCount: alerts,
      mailedTo: 'j***@example.gov.cn',
    });
    const mailed = await sql<{ cipher: Buffer }>`
      SELECT mailed_to_cipher AS cipher FROM watchlist_digests WHERE id = ${inbox[0].id}`.execute(database.db);
    expect(sm4Decrypt(TEST_DATA_KEY, Buffer.from(mailed.rows[0]!.cipher))).toBe('jgk@example.gov.cn');
    expect(inbox[0].body).toContain(`【新增不良信息】贵州测试科技有限公司（${explicitCode}）`);
    const otherInbox = (await consoleCall(app, otherWatcher, 'GET', '/watchlist-digests')).json().items;
    expect(otherInbox).toMatchObject([{ alertCount: otherAlerts, mailedTo: null, mailedAt: null }]);

    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['jgk@example.gov.cn']);
    expect(received[0]!.raw).toContain(`Message-ID: <watchlist-digest-${inbox[0].id}@gzcredit>`);
    const text = mailText(received[0]!.raw);
    expect(text).toContain(`本单位监管名单内的主体有 ${alerts} 条新预警`);
    expect(text).toContain(`【移出名单】贵州名单测试有限公司（${ruleCode}）经营异常名录`);
  });

  it('is scheduled: the alert job books its next run in a minute, the digest job its next at 08:00', async () => {
    await scheduleWatchlistsJobs(database.db);
    expect(
      await runJobsUntilIdle(database.db, watchlistsJobs({ db: database.db, mailer, dataKey: TEST_DATA_KEY })),
    ).toBe(2);
    const pending = await database.db
      .selectFrom('jobs')
      .select(['name', 'runAfter'])
      .where('status', '=', 'pending')
      .where('name', 'in', [PRODUCE_ALERTS_JOB, SEND_DIGESTS_JOB])
      .execute();
    const next = new Map(pending.map((job) => [job.name, job.runAfter]));
    expect(next.size).toBe(2);
    expect(next.get(PRODUCE_ALERTS_JOB)!.getTime() - Date.now()).toBeGreaterThan(30_000);
    expect(next.get(SEND_DIGESTS_JOB)!.toISOString()).toMatch(/T00:00:00\.000Z$/);
    // Today's run found only alerts made today (tomorrow's digest): nothing more was mailed.
    expect(received).toHaveLength(1);
  });
});

describe('audit', () => {
  it('writes the audit action of each watch-list route', async () => {
    const rows = await database.db
      .selectFrom('auditLog')
      .select('action')
      .distinct()
      .where('action', 'like', 'watchlist.%')
      .where('result', '=', 'success')
      .execute();
    expect(rows.map((row) => row.action).sort()).toEqual(
      [
        'watchlist.alert-read',
        'watchlist.alerts-listed',
        'watchlist.alerts-read',
        'watchlist.created',
        'watchlist.deleted',
        'watchlist.digests-listed',
        'watchlist.settings-updated',
        'watchlist.updated',
      ].sort(),
    );
    const probe = await database.db
      .selectFrom('auditLog')
      .select(['result', 'objectId'])
      .where('action', '=', 'watchlist.viewed')
      .execute();
    expect(probe).toContainEqual({ result: 'failure', objectId: String(watchlistId) });
  });
});
