import { createHash, createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { RECORD_CHANGE_TOMBSTONES, type RecordInputBody } from '@gzcredit/contracts';
import { chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord, registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { ingestionJobs } from '../ingestion';
import { expireEndedPublicity } from '../publicity';
import { readSharedRecords } from '../records';

/**
 * The pull as a change feed (Rules Art. 16; docs/exchange-api.md): a consumer applying every change in order keeps an
 * exact mirror of what it may see, while pushes, corrections, revocations and ends of publicity run at the same time
 * (on PostgreSQL on separate connections; PGlite has one, so there they interleave). And a decision sent twice is
 * one record.
 */

let database: DatabaseHandle;
let app: FastifyInstance;

interface Client {
  keyId: string;
  secret: string;
}

let provider: Client;
let consumer: Client;
let providerSession: TestSession;
let consumerAgencyId: number;
const dataDir = `/tmp/gzcredit-feed-${process.pid}-${Date.now()}`;

const RECORDS_URL = '/api/exchange/v1/records';

function signed(client: Client, method: string, url: string, body = ''): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const digest = createHash('sm3').update(body).digest('hex');
  const signature = createHmac('sm3', client.secret)
    .update([method, url, timestamp, nonce, digest].join('\n'))
    .digest('hex');
  return { 'x-gz-key-id': client.keyId, 'x-gz-timestamp': timestamp, 'x-gz-nonce': nonce, 'x-gz-signature': signature };
}

async function push(client: Client, records: unknown[], idempotencyKey = randomBytes(8).toString('hex')) {
  const body = JSON.stringify({ records });
  const response = await app.inject({
    method: 'POST',
    url: RECORDS_URL,
    headers: {
      ...signed(client, 'POST', RECORDS_URL, body),
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    accepted: number;
    rejected: number;
    results: Array<{ status: string; recordId?: number; errors?: Array<{ field: string; message: string }> }>;
  };
}

interface FeedPage {
  items: Array<{ id: number } & Record<string, unknown>>;
  changes: Array<{ kind: string; recordId: number; rootId: number }>;
  cursor: string;
  hasMore: boolean;
}

async function pull(client: Client, since: string | undefined, limit = 500): Promise<FeedPage> {
  const url = `${RECORDS_URL}?${since === undefined ? '' : `since=${since}&`}limit=${limit}`;
  const response = await app.inject({ method: 'GET', url, headers: signed(client, 'GET', url) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const TOMBSTONES = new Set<string>(RECORD_CHANGE_TOMBSTONES);

/** A consumer as docs/exchange-api.md tells it to be: each change in order, keyed by record id. */
class Mirror {
  readonly records = new Map<number, unknown>();
  cursor: string | undefined;
  applied = 0;

  apply(page: FeedPage): void {
    const items = new Map(page.items.map((item) => [item.id, item]));
    for (const change of page.changes) {
      if (TOMBSTONES.has(change.kind)) this.records.delete(change.recordId);
      else this.records.set(change.recordId, items.get(change.recordId));
      this.applied += 1;
    }
    this.cursor = page.cursor;
  }
}

/** What the platform itself shares with the consumer now (the pull's rule), as the pull shows it. */
async function platformView(): Promise<Map<number, unknown>> {
  const { records } = await readSharedRecords(database.db, {
    readerAgencyId: consumerAgencyId,
    afterId: 0,
    limit: 1e7,
  });
  return new Map(records.map((record) => [record.id, JSON.parse(JSON.stringify(record))]));
}

function compare(mirror: Mirror, view: Map<number, unknown>) {
  const missing = [...view.keys()].filter((id) => !mirror.records.has(id));
  const extra = [...mirror.records.keys()].filter((id) => !view.has(id));
  const differing = [...view.keys()].filter(
    (id) => mirror.records.has(id) && JSON.stringify(mirror.records.get(id)) !== JSON.stringify(view.get(id)),
  );
  return { missing: missing.length, extra: extra.length, differing: differing.length };
}

/** The newest change position written so far, to drain the feed up to it (the feed's start when there is none). */
async function lastChange(): Promise<string> {
  const { rows } = await sql<{ cursor: string }>`
    SELECT 'c' || txid::text || '.' || id::text AS cursor FROM record_changes ORDER BY txid DESC, id DESC LIMIT 1`.execute(
    database.db,
  );
  return rows[0]?.cursor ?? 'c0.0';
}

const position = (cursor: string) => cursor.slice(1).split('.').map(BigInt) as [bigint, bigint];
const reached = (cursor: string | undefined, target: string) => {
  if (!cursor) return false;
  const [a, b] = position(cursor);
  const [x, y] = position(target);
  return a > x || (a === x && b >= y);
};

const pause = () => new Promise((resolve) => setTimeout(resolve, 150));

/**
 * Pulls from `since` until the cursor has passed the last change written now: on PostgreSQL the transactions of other
 * databases of the cluster hold the horizon back for a moment. The pages' changes and items, concatenated.
 */
async function pullThroughLastChange(client: Client, since: string | undefined, apply?: Mirror): Promise<FeedPage> {
  const target = await lastChange();
  const all: FeedPage = { items: [], changes: [], cursor: since ?? '', hasMore: false };
  for (let round = 0; round < 400; round++) {
    const page = await pull(client, all.cursor || undefined, 1000);
    apply?.apply(page);
    all.items.push(...page.items);
    all.changes.push(...page.changes);
    all.cursor = page.cursor;
    if (!page.hasMore && reached(page.cursor, target)) return all;
    // The exchange API allows 600 requests a minute per key.
    if (!page.hasMore) await pause();
  }
  throw new Error(`the feed did not reach ${target}: at ${all.cursor}; ${await stallFacts(client, all.cursor)}`);
}

/**
 * What the database holds past a stalled cursor, read three ways (the feed's index, the primary key, a sequential
 * scan), the horizon a pull would take now, the last change below it and the newest change, and what a pull answers
 * now: to tell a transaction left open, a horizon that stopped moving and changes that vanished from one another.
 */
async function stallFacts(client: Client, cursor: string): Promise<string> {
  const [txid, id] = position(cursor || 'c0.0').map(String) as [string, string];
  const read = async (query: ReturnType<typeof sql>) => (await query.execute(database.db)).rows;
  const facts = {
    snapshot: await read(sql`SELECT pg_current_snapshot()::text AS snapshot`),
    byFeedIndex: await read(sql`
      SELECT c.txid::text AS txid, c.id::text AS id, c.kind, r.agency_id::text AS agency_id, r.status
      FROM record_changes c JOIN records r ON r.id = c.record_id
      WHERE (c.txid, c.id) > (${txid}::xid8, ${id}::bigint) ORDER BY c.txid, c.id LIMIT 6`),
    byPrimaryKey: await read(sql`
      SELECT txid::text AS txid, id::text AS id FROM record_changes WHERE id > ${id}::bigint ORDER BY id LIMIT 6`),
    bySequentialScan: await read(sql`
      SELECT txid::text AS txid, id::text AS id FROM record_changes
      WHERE txid::text::bigint >= ${txid}::bigint ORDER BY record_changes.id DESC LIMIT 6`),
    lastBelowHorizon: await read(sql`
      SELECT txid::text AS txid, id::text AS id FROM record_changes
      WHERE txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY record_changes.txid DESC, record_changes.id DESC
      LIMIT 1`),
    newest: await read(sql`
      SELECT txid::text AS txid, id::text AS id FROM record_changes
      ORDER BY record_changes.txid DESC, record_changes.id DESC LIMIT 1`),
  };
  const again = await pull(client, cursor || undefined, 1000);
  return JSON.stringify({
    ...facts,
    pullNow: { cursor: again.cursor, hasMore: again.hasMore, changes: again.changes.length },
  });
}

let decisions = 0;
const honourRecord = (creditCode: string, useScope: string, validTo: string): RecordInputBody => ({
  itemCode: 'honour',
  creditCode,
  entityName: '贵州测试科技有限公司',
  useScope,
  fields: {
    honourName: '守合同重信用企业',
    decisionNumber: `黔表〔2026〕${++decisions}号`,
    awardedOn: '2025-06-01',
    authority: '贵州省市场监督管理局',
    validTo,
  },
});

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: dataDir });
  const providerAgency = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520000',
    level: 'province',
  });
  const consumerAgency = await createAgency(database.db, { kind: 'market_regulation', regionCode: '520300' });
  consumerAgencyId = Number(consumerAgency.id);
  providerSession = await openSession(
    database.db,
    (
      await createAccount(database.db, {
        agencyId: Number(providerAgency.id),
        permissions: ['exchange.configure', 'record.submit', 'record.correct', 'record.annotate'],
      })
    ).id,
  );
  const consumerSession = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: consumerAgencyId, permissions: ['exchange.configure'] })).id,
  );
  const key = async (session: TestSession) => {
    const response = await consoleCall(app, session, 'POST', '/api-clients', { name: '业务系统' });
    expect(response.statusCode).toBe(200);
    return { keyId: response.json().client.keyId, secret: response.json().secret };
  };
  provider = await key(providerSession);
  consumer = await key(consumerSession);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('GET /api/exchange/v1/records as a change feed', () => {
  it('reports arrivals, corrections, revocations and ends of publicity in commit order, tombstones included', async () => {
    const caughtUp = await pullThroughLastChange(consumer, undefined);
    const code = uniqueCreditCode();
    const pushed = await push(provider, [
      penaltyRecord(code),
      penaltyRecord(code),
      honourRecord(code, 'internal', '2027-06-01'),
      honourRecord(code, 'shared', '2026-06-30'),
    ]);
    const [corrected, revoked, internal, ending] = pushed.results.map((result) => result.recordId!);
    const own = await push(consumer, [penaltyRecord(code)]);
    expect(own.accepted).toBe(1);
    const correction = await consoleCall(app, providerSession, 'POST', `/records/${corrected}/corrections`, {
      reason: '罚款金额有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: { ...penaltyRecord(code).fields, fineAmount: '3' },
      },
    });
    expect(correction.statusCode, correction.body).toBe(200);
    const newVersion = correction.json().id as number;
    const revocation = await consoleCall(app, providerSession, 'POST', `/records/${revoked}/revocation`, {
      reason: '重复报送',
    });
    expect(revocation.statusCode).toBe(200);
    expect(await expireEndedPublicity(database.db, chinaToday())).toBeGreaterThanOrEqual(1);

    const page = await pullThroughLastChange(consumer, caughtUp.cursor);
    expect(page.cursor).toMatch(/^c\d+\.\d+$/);
    // Three records arrived and left before this pull: only their departures are shown. The internal honour and the
    // consumer's own record never appear.
    expect(page.changes.map((change) => [change.kind, change.recordId])).toEqual([
      ['superseded', corrected],
      ['corrected', newVersion],
      ['revoked', revoked],
      ['expired', ending],
    ]);
    expect(page.changes[1]).toMatchObject({ rootId: corrected });
    expect(page.items.map((item) => item.id)).toEqual([newVersion]);
    expect(page.items[0]).toMatchObject({ rootId: corrected, version: 2, payload: { fineAmount: '3' } });
    expect(JSON.stringify(page)).not.toContain(`"recordId":${internal}`);

    const again = await pull(consumer, page.cursor);
    expect(again).toMatchObject({ changes: [], items: [], hasMore: false, cursor: page.cursor });
    // The numeric cursor of the first API still answers with the records after it, and points to the feed's start.
    const legacy = await pull(consumer, String(corrected - 1));
    expect(legacy.items.map((item) => item.id)).toEqual([newVersion]);
    expect(legacy).toMatchObject({ changes: [], cursor: 'c0.0' });
  });

  it('keeps an exact mirror while 20,000 changes (pushes, corrections, revocations, ends of publicity) run alongside the pulls', async () => {
    const entities = await Promise.all(Array.from({ length: 40 }, () => createEnterprise(database.db)));
    const waiting = Array.from({ length: 40 }, () => uniqueCreditCode());
    const changesBefore = await countChanges();
    // Current records of the provider that the writers may still correct, revoke or annotate, with what was sent.
    const pool = new Map<number, RecordInputBody>();
    const pick = () => {
      const ids = [...pool.keys()];
      if (ids.length === 0) return undefined;
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const input = pool.get(id)!;
      pool.delete(id);
      return { id, input };
    };
    let pushing = true;
    let writing = true;
    const done = { pushed: 0, corrections: 0, revocations: 0, annotations: 0, expired: 0 };

    const pushes = async () => {
      for (let batch = 0; batch < 17; batch++) {
        const records = Array.from({ length: 1000 }, (_, index) => {
          const creditCode = index % 25 === 0 ? waiting[index % 40]! : entities[index % 40]!.creditCode;
          if (index % 20 === 1) return honourRecord(creditCode, 'public', '2026-06-30');
          if (index % 5 === 2)
            return honourRecord(creditCode, ['public', 'shared', 'internal', 'authorised'][index % 4]!, '2027-12-31');
          return penaltyRecord(creditCode);
        });
        const answer = await push(provider, records);
        expect(answer.rejected).toBe(0);
        answer.results.forEach((result, index) => {
          if (records[index]!.fields.validTo !== '2026-06-30') pool.set(result.recordId!, records[index]!);
        });
        done.pushed += answer.accepted;
        // Halfway, the waiting records' entities register: those records change in place (matched).
        if (batch === 7) {
          const registered = await push(
            provider,
            waiting.map((code) => registrationRecord(code, { useScope: 'public' })),
          );
          expect(registered.accepted).toBe(40);
        }
      }
      pushing = false;
    };

    const corrections = async () => {
      while (done.corrections < 1000) {
        const target = pick();
        if (!target) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const { input } = target;
        const fields =
          input.itemCode === 'penalty'
            ? { ...input.fields, fineAmount: String(Number(input.fields.fineAmount) + 1) }
            : { ...input.fields, honourName: `${input.fields.honourName}（更正）` };
        // A tenth of the honours change scope: shared records become internal and the other way round.
        const useScope =
          input.itemCode === 'honour' && done.corrections % 10 === 0
            ? input.useScope === 'internal'
              ? 'shared'
              : 'internal'
            : input.useScope;
        const record = { entityName: input.entityName, dishonestyLevel: input.dishonestyLevel, useScope, fields };
        const response = await consoleCall(app, providerSession, 'POST', `/records/${target.id}/corrections`, {
          reason: '更正数据项',
          record,
        });
        expect(response.statusCode, response.body).toBe(200);
        pool.set(response.json().id, { ...input, useScope, fields } as RecordInputBody);
        done.corrections += 1;
      }
    };

    const revocations = async () => {
      while (done.revocations < 600) {
        const target = pick();
        if (!target) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const response = await consoleCall(app, providerSession, 'POST', `/records/${target.id}/revocation`, {
          reason: '报送有误',
        });
        expect(response.statusCode, response.body).toBe(200);
        done.revocations += 1;
        if (done.revocations % 4 === 0) {
          const annotated = pick();
          if (annotated?.input.itemCode === 'penalty') {
            const level = await consoleCall(app, providerSession, 'POST', `/records/${annotated.id}/annotation`, {
              level: 'serious',
              reason: '情节较重',
            });
            expect(level.statusCode, level.body).toBe(200);
            done.annotations += 1;
          } else if (annotated) pool.set(annotated.id, annotated.input);
        }
      }
    };

    const expiries = async () => {
      while (pushing) {
        done.expired += await expireEndedPublicity(database.db, chinaToday());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      done.expired += await expireEndedPublicity(database.db, chinaToday());
    };

    const mirror = new Mirror();
    let pullsWhileWriting = 0;
    const pulls = async () => {
      while (writing) {
        const page = await pull(consumer, mirror.cursor);
        mirror.apply(page);
        pullsWhileWriting += 1;
        // The exchange API allows 600 requests a minute per key.
        if (!page.hasMore) await pause();
      }
    };

    const writers = Promise.all([pushes(), corrections(), revocations(), expiries()]).finally(() => {
      writing = false;
    });
    await Promise.all([writers, pulls()]);

    await pullThroughLastChange(consumer, mirror.cursor, mirror);

    const written = (await countChanges()) - changesBefore;
    const view = await platformView();
    console.log(
      JSON.stringify({
        engine: process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite',
        written,
        ...done,
        pullsWhileWriting,
        applied: mirror.applied,
        mirrored: mirror.records.size,
      }),
    );
    expect(written).toBeGreaterThanOrEqual(20_000);
    expect(done.expired).toBeGreaterThan(0);
    expect(pullsWhileWriting).toBeGreaterThan(5);
    expect(view.size).toBeGreaterThan(5_000);
    expect(compare(mirror, view)).toEqual({ missing: 0, extra: 0, differing: 0 });
  }, 1_800_000);

  it('moves its cursor past changes the caller may not see, when their ids gain a digit inside one transaction', async () => {
    const start = await lastChange();
    // The next change ids run from 9…9 to 10…01: as text, '99' sorts after '101'. Ordering by the text the query made of
    // the columns once held the cursor at the first of them, for good (the stall this file's diagnostics caught).
    const { rows } = await sql<{ next: string }>`
      SELECT (10::numeric ^ (length(coalesce((SELECT max(id) FROM record_changes), 1)::text) + 1) - 2)::bigint::text AS next`.execute(
      database.db,
    );
    await sql`SELECT setval(pg_get_serial_sequence('record_changes', 'id'), ${rows[0]!.next}::bigint)`.execute(
      database.db,
    );
    const code = uniqueCreditCode();
    const unseen = await push(provider, [
      honourRecord(code, 'internal', '2027-12-31'),
      honourRecord(code, 'internal', '2027-12-31'),
      honourRecord(code, 'internal', '2027-12-31'),
    ]);
    expect(unseen.accepted).toBe(3);
    const end = await lastChange();
    expect(position(end)[1] - position(start)[1]).toBeGreaterThan(3n);

    const page = await pull(consumer, start);
    expect(page).toMatchObject({ changes: [], items: [], hasMore: false, cursor: end });
  });
});

async function countChanges(): Promise<number> {
  const row = await database.db
    .selectFrom('recordChanges')
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('duplicate records', () => {
  it('answers the same decision number sent again (new Idempotency-Key, CSV upload) as a duplicate of the stored record; a correction still works', async () => {
    const entity = await createEnterprise(database.db);
    const first = await push(provider, [
      penaltyRecord(entity.creditCode, { fields: { decisionNumber: '黔市监罚〔2026〕7号' } }),
    ]);
    const stored = first.results[0]!.recordId!;

    const again = await push(provider, [
      penaltyRecord(entity.creditCode, { fields: { decisionNumber: '黔市监罚〔2026〕7号', fineAmount: '9' } }),
      penaltyRecord(entity.creditCode, { fields: { decisionNumber: '黔市监罚〔2026〕8号' } }),
      penaltyRecord(entity.creditCode, { fields: { decisionNumber: '黔市监罚〔2026〕8号' } }),
    ]);
    expect(again).toMatchObject({ accepted: 1, rejected: 2 });
    const eighth = again.results[1]!.recordId!;
    expect(again.results[0]).toMatchObject({
      status: 'rejected',
      errors: [
        {
          field: 'fields.decisionNumber',
          message: expect.stringContaining(
            `与已传送的第 ${stored} 号信息重复（行政处罚决定书文号“黔市监罚〔2026〕7号”）`,
          ),
        },
      ],
    });
    // The same number twice in one batch: the second is a duplicate of the first.
    expect(again.results[2]!.errors![0]!.message).toContain(`与已传送的第 ${eighth} 号信息重复`);

    // The same number in an uploaded file: a row of the error report, nothing stored.
    const items = await database.db.selectFrom('catalogueItems').select(['id', 'code']).execute();
    const penaltyItemId = Number(items.find((item) => item.code === 'penalty')!.id);
    const template = await consoleCall(
      app,
      providerSession,
      'GET',
      `/catalogue/items/${penaltyItemId}/template?format=csv`,
    );
    const header = template.rawPayload
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    const values: Record<string, string> = {
      统一社会信用代码: entity.creditCode,
      主体名称: '贵州测试科技有限公司',
      失信等级: '一般失信',
      行政处罚决定书文号: '黔市监罚〔2026〕7号',
      违法行为类型: '虚假宣传',
      违法事实: '在门店宣传中使用“国家级”等用语',
      处罚依据: '《中华人民共和国广告法》第五十七条',
      处罚类别: '罚款',
      处罚内容: '罚款人民币二万元',
      处罚决定日期: '2026-11-02',
      处罚机关: '贵阳市市场监督管理局',
    };
    const csv = `${header.join(',')}\r\n${header.map((name) => values[name] ?? '').join(',')}\r\n`;
    const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
    const uploaded = await app.inject({
      method: 'POST',
      url: '/api/console/uploads',
      headers: { ...consoleHeaders(providerSession), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="itemId"\r\n\r\n${penaltyItemId}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="penalties.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from(csv),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    await runJobsUntilIdle(database.db, ingestionJobs({ db: database.db, dataDir, dataKey: TEST_DATA_KEY }));
    const upload = (await consoleCall(app, providerSession, 'GET', `/uploads/${uploaded.json().id}`)).json();
    expect(upload).toMatchObject({ status: 'done', accepted: 0, rejected: 1 });
    const report = await consoleCall(app, providerSession, 'GET', `/uploads/${upload.id}/error-report?format=csv`);
    expect(report.rawPayload.toString('utf8')).toContain(
      `行政处罚决定书文号：与已传送的第 ${stored} 号信息重复（行政处罚决定书文号“黔市监罚〔2026〕7号”）`,
    );
    const count = await database.db
      .selectFrom('records')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('creditCode', '=', entity.creditCode)
      .where(sql<string>`payload->>'decisionNumber'`, '=', '黔市监罚〔2026〕7号')
      .executeTakeFirstOrThrow();
    expect(Number(count.count)).toBe(1);

    // A correction is the way to change it; the new version then holds the number, and a correction cannot take
    // another current record's number either.
    const correction = await consoleCall(app, providerSession, 'POST', `/records/${stored}/corrections`, {
      reason: '罚款金额有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: { ...penaltyRecord(entity.creditCode).fields, decisionNumber: '黔市监罚〔2026〕7号', fineAmount: '9' },
      },
    });
    expect(correction.statusCode, correction.body).toBe(200);
    const version = correction.json().id as number;
    const resent = await push(provider, [
      penaltyRecord(entity.creditCode, { fields: { decisionNumber: '黔市监罚〔2026〕7号' } }),
    ]);
    expect(resent.results[0]!.errors![0]!.message).toContain(`与已传送的第 ${version} 号信息重复`);
    const taken = await consoleCall(app, providerSession, 'POST', `/records/${version}/corrections`, {
      reason: '文号有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: { ...penaltyRecord(entity.creditCode).fields, decisionNumber: '黔市监罚〔2026〕8号' },
      },
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.details.errors[0].message).toContain(`与已传送的第 ${eighth} 号信息重复`);
  });
});

describe('a change of who may see records', () => {
  it('withdraws the records a consumer may no longer see, without their content, and shows them again with the fields it may see now', async () => {
    const operatorSession = await openSession(
      database.db,
      (await createAccount(database.db, { agencyId: consumerAgencyId, permissions: ['platform.operator'] })).id,
    );
    const caughtUp = await pullThroughLastChange(consumer, undefined);
    const mirror = new Mirror();
    const code = uniqueCreditCode();
    const pushed = await push(provider, [
      penaltyRecord(code, { useScope: 'shared', withholdingGround: '商业秘密' }),
      penaltyRecord(code, { useScope: 'public' }),
    ]);
    const [shared, open] = pushed.results.map((result) => result.recordId!);
    await pullThroughLastChange(consumer, caughtUp.cursor, mirror);
    expect([...mirror.records.keys()]).toEqual([shared, open]);
    const penaltyItemId = Number(
      (await database.db.selectFrom('catalogueItems').select(['id', 'code']).execute()).find(
        (item) => item.code === 'penalty',
      )!.id,
    );
    const settle = async (body: object) => {
      const response = await consoleCall(app, providerSession, 'PUT', `/exchange-settings/${penaltyItemId}`, body);
      expect(response.statusCode, response.body).toBe(200);
    };

    // The provider shares its penalties with another agency only: the consumer's copy of the shared one is withdrawn;
    // the public one is untouched.
    const other = await createAgency(database.db, { kind: 'judicial', regionCode: '520100' });
    await settle({ sharedRestricted: true, shared: [{ audience: 'agency', value: String(other.id) }], authorised: [] });
    let page = await pullThroughLastChange(consumer, mirror.cursor, mirror);
    expect(page.changes.filter((change) => change.recordId === shared)).toEqual([
      expect.objectContaining({ kind: 'withdrawn', recordId: shared, rootId: shared }),
    ]);
    expect(page.changes.some((change) => change.recordId === open)).toBe(false);
    expect(page.items.some((item) => item.id === shared)).toBe(false);
    expect([...mirror.records.keys()]).toEqual([open]);

    // Then with the consumer, two fields only: it holds the record again, with those fields and no others.
    await settle({
      sharedRestricted: true,
      shared: [{ audience: 'agency', value: String(consumerAgencyId), fields: ['decisionNumber', 'penaltyContent'] }],
      authorised: [],
    });
    page = await pullThroughLastChange(consumer, mirror.cursor, mirror);
    expect(page.changes.filter((change) => change.recordId === shared).map((change) => change.kind)).toEqual([
      'updated',
    ]);
    expect(Object.keys((mirror.records.get(shared) as { payload: object }).payload).sort()).toEqual([
      'decisionNumber',
      'penaltyContent',
    ]);

    // The bureau's floor gives every agency every field of 严重失信 penalties; the record is 一般失信, so the floor
    // changes nothing for it: it is shown again as it is (updated), never withdrawn.
    const floor = await consoleCall(app, operatorSession, 'PUT', '/exchange-floor', {
      rules: [{ audience: 'all', value: null, fields: null, itemCode: 'penalty', dishonestyLevel: 'severe' }],
    });
    expect(floor.statusCode, floor.body).toBe(200);
    page = await pullThroughLastChange(consumer, mirror.cursor, mirror);
    expect(page.changes.filter((change) => change.recordId === shared).map((change) => change.kind)).toEqual([
      'updated',
    ]);
    // The mirror is exactly what the platform shows the consumer.
    expect(compare(mirror, await platformView())).toMatchObject({ extra: 0, differing: 0 });
    const back = await consoleCall(app, operatorSession, 'PUT', '/exchange-floor', { rules: [] });
    expect(back.statusCode, back.body).toBe(200);
    await settle({ sharedRestricted: false, shared: [], authorised: [] });
  });
});
