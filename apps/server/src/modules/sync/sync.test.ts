import { readFile, rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { exchangePost } from '../../../test/exchange';
import {
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import { type RunningReceiver, startReceiver } from '../../../test/sync-receiver';
import { sm4Decrypt } from '../../platform/crypto';
import type { DatabaseHandle } from '../../platform/database';
import { enterSyncEvents } from '.';
import { deliverSyncEvents } from './sync-delivery.service';

/** Issue 22 items 1–3: the outbox, the destinations and a real receiver process. */

let database: DatabaseHandle;
let app: FastifyInstance;
let operator: TestSession;
let clerk: TestSession;
let client: { keyId: string; secret: string };
let receiver: RunningReceiver;
const dataDir = `/tmp/gzcredit-sync-${process.pid}-${Date.now()}`;
const SECRET = 'receiver-shared-secret-0123456789';

const deliveryOptions = () => ({
  db: database.db,
  dataKey: TEST_DATA_KEY,
  retryBaseMs: 10,
  retryMaxMs: 20,
  requestTimeoutMs: 2000,
});

async function eventsOf(code: string) {
  const { rows } = await sql<{ kind: string; entitySeq: string; recordId: string | null; eventId: string }>`
    SELECT kind, entity_seq, record_id, event_id::text AS event_id FROM sync_events
    WHERE entity_code = ${code} ORDER BY entity_seq`.execute(database.db);
  return rows.map((row) => ({ ...row, entitySeq: Number(row.entitySeq) }));
}

async function deliveries(destinationId: number) {
  const { rows } = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM sync_deliveries WHERE destination_id = ${destinationId}
    GROUP BY status`.execute(database.db);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/**
 * The record as it is now and the time of its latest change: what a destination must receive for that change (the
 * payload the outbox triggers of migrations 2026-12-07T0034–T0038 snapshotted in the change's transaction).
 */
async function recordAsNow(recordId: number) {
  const { rows } = await sql<{ payload: Record<string, unknown> }>`
    SELECT jsonb_build_object(
      'recordId', r.id, 'rootId', coalesce(r.root_id, r.id), 'version', r.version,
      'itemCode', i.code, 'itemName', i.name, 'category', i.category,
      'agencyId', r.agency_id, 'agencyName', a.name,
      'creditCode', r.credit_code, 'entityName', r.entity_name,
      'fields', r.payload, 'aroseOn', r.arose_on, 'receivedAt', r.received_at,
      'dishonestyLevel', r.dishonesty_level, 'useScope', r.use_scope,
      'publicityUntil', r.publicity_until, 'status', r.status, 'contentHash', r.content_hash,
      'changedAt', (SELECT max(created_at) FROM record_changes WHERE record_id = r.id)) AS payload
    FROM records r JOIN catalogue_items i ON i.id = r.item_id JOIN agencies a ON a.id = r.agency_id
    WHERE r.id = ${recordId}`.execute(database.db);
  return rows[0]!.payload;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: dataDir });
  const bureau = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520000',
    level: 'province',
  });
  operator = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(bureau.id), permissions: ['platform.operator'] })).id,
  );
  clerk = await openSession(
    database.db,
    (
      await createAccount(database.db, {
        agencyId: Number(bureau.id),
        permissions: ['exchange.configure', 'record.submit', 'record.correct', 'record.annotate'],
      })
    ).id,
  );
  const key = await consoleCall(app, clerk, 'POST', '/api-clients', { name: '业务系统' });
  client = { keyId: key.json().client.keyId, secret: key.json().secret };
  receiver = await startReceiver({ secret: SECRET });
});

afterAll(async () => {
  await receiver?.stop();
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the outbox', () => {
  it('writes an event with the entity’s next sequence in the transaction of each change, on every way in', async () => {
    const code = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: code });
    const pushed = await exchangePost(app, client, '/api/exchange/v1/records', {
      records: [penaltyRecord(code), penaltyRecord(code)],
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    const [first, second] = pushed.json().results.map((result: { recordId: number }) => result.recordId);
    const revoked = await consoleCall(app, clerk, 'POST', `/records/${second}/revocation`, { reason: '决定已撤销' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await database.db
      .updateTable('enterprises')
      .set({ address: '贵阳市观山湖区' })
      .where('creditCode', '=', code)
      .execute();
    // A standing recomputed is no registration change: no event.
    await database.db.updateTable('enterprises').set({ badges: [] }).where('creditCode', '=', code).execute();

    const events = await eventsOf(code);
    expect(events.map((event) => event.kind)).toEqual([
      'entity.registered',
      'record.published',
      'record.published',
      'record.revoked',
      'entity.updated',
    ]);
    expect(events.map((event) => event.entitySeq)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((event) => Number(event.recordId))).toEqual([0, first, second, second, 0]);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(5);
  });

  it('writes nothing when the change’s transaction rolls back', async () => {
    const code = uniqueCreditCode();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await createEnterprise(trx, { creditCode: code });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await eventsOf(code)).toEqual([]);
  });

  it('takes events from other modules (a credit repair) after the entity’s earlier ones', async () => {
    const code = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: code });
    await database.db.transaction().execute((trx) =>
      enterSyncEvents(trx, [
        {
          entityCode: code,
          kind: 'record.repaired',
          recordId: null,
          itemCode: 'penalty',
          useScope: 'public',
          payload: { creditCode: code, repairedOn: '2026-12-07' },
        },
      ]),
    );
    expect((await eventsOf(code)).map((event) => [event.kind, event.entitySeq])).toEqual([
      ['entity.registered', 1],
      ['record.repaired', 2],
    ]);
  });

  it('takes one statement of thousands of rows in order, with one head per destination and entity', async () => {
    // The triggers insert a statement's events from its transition table (migrations 2026-12-07T0036 and T0038).
    const anchor = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: anchor });
    const pushed = await exchangePost(app, client, '/api/exchange/v1/records', { records: [penaltyRecord(anchor)] });
    const recordId = pushed.json().results[0].recordId as number;
    const codes = Array.from({ length: 2_500 }, () => uniqueCreditCode());
    const rolledBack = new Error('rolled back');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`
          UPDATE sync_destinations SET enabled = true, endpoint = 'http://127.0.0.1:9/', key_id = 'k',
            secret_cipher = '\\x00'::bytea, agency_id = (SELECT min(id) FROM agencies)
          WHERE id = 3`.execute(trx);
        await sql`
          INSERT INTO enterprises (credit_code, name, kind, status, region_code)
          SELECT code, '贵州批量测试有限公司', 'enterprise', 'active', '520102'
          FROM unnest(${codes}::text[]) AS code`.execute(trx);
        await sql`
          INSERT INTO record_changes (record_id, kind)
          SELECT ${recordId}, 'updated' FROM generate_series(1, 2500)`.execute(trx);

        const { rows: registered } = await sql<{ n: number; maxSeq: number; pending: number }>`
          SELECT count(*)::int AS n, max(e.entity_seq)::int AS max_seq,
            count(*) FILTER (WHERE d.status = 'pending')::int AS pending
          FROM sync_events e JOIN sync_deliveries d ON d.event_id = e.id AND d.destination_id = 3
          WHERE e.entity_code = ANY (${codes}::text[])`.execute(trx);
        expect(registered).toEqual([{ n: 2_500, maxSeq: 1, pending: 2_500 }]);

        // The anchor's 2,500 updates: sequences 3 … 2,502 with no gap, in the order the events were written, and
        // one head (the first), the rest waiting behind it.
        const { rows: anchored } = await sql<{ n: number; minSeq: number; maxSeq: number; inOrder: boolean }>`
          SELECT count(*)::int AS n, min(entity_seq)::int AS min_seq, max(entity_seq)::int AS max_seq,
            bool_and(entity_seq = 2 + rank) AS in_order
          FROM (SELECT entity_seq, row_number() OVER (ORDER BY id) AS rank FROM sync_events
            WHERE entity_code = ${anchor} AND kind = 'record.updated') e`.execute(trx);
        expect(anchored).toEqual([{ n: 2_500, minSeq: 3, maxSeq: 2_502, inOrder: true }]);
        const { rows: heads } = await sql<{ status: string; n: number; minSeq: number }>`
          SELECT status, count(*)::int AS n, min(entity_seq)::int AS min_seq FROM sync_deliveries
          WHERE destination_id = 3 AND entity_code = ${anchor} GROUP BY status ORDER BY status`.execute(trx);
        expect(heads).toEqual([
          { status: 'pending', n: 1, minSeq: 3 },
          { status: 'waiting', n: 2_499, minSeq: 4 },
        ]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});

describe('destinations', () => {
  it('seeds the three national and provincial systems, switched off', async () => {
    const response = await consoleCall(app, operator, 'GET', '/sync/destinations');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items.map((each: { name: string; enabled: boolean }) => [each.name, each.enabled])).toEqual([
      ['国家企业信用信息公示系统', false],
      ['贵州诚信网', false],
      ['全国信用信息共享平台', false],
    ]);
  });

  it('refuses to switch one on without its endpoint and secret, and keeps the secret SM4-encrypted', async () => {
    const settings = {
      name: '贵州诚信网',
      endpoint: receiver.endpoint,
      keyId: receiver.keyId,
      itemCodes: null,
      useScopes: ['public'],
      format: 'json',
      enabled: true,
      maxAttempts: 2,
      ratePerSecond: 1000,
    };
    const incomplete = await consoleCall(app, operator, 'PUT', '/sync/destinations/2', settings);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.code).toBe('SYNC_DESTINATION_INCOMPLETE');
    const other = await consoleCall(app, clerk, 'PUT', '/sync/destinations/2', { ...settings, secret: SECRET });
    expect(other.statusCode).toBe(403);

    const saved = await consoleCall(app, operator, 'PUT', '/sync/destinations/2', { ...settings, secret: SECRET });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ enabled: true, secretSet: true, endpoint: receiver.endpoint });
    expect(saved.body).not.toContain(SECRET);
    const row = await database.db
      .selectFrom('syncDestinations')
      .select('secretCipher')
      .where('id', '=', 2)
      .executeTakeFirstOrThrow();
    expect(row.secretCipher!.toString('latin1')).not.toContain(SECRET);
    expect(sm4Decrypt(TEST_DATA_KEY, row.secretCipher!)).toBe(SECRET);
  });

  it('dead-letters events a receiver that went away never took, and delivers them in order once retried', async () => {
    await receiver.set({ down: true });
    const codes = [uniqueCreditCode(), uniqueCreditCode()];
    for (const code of codes) await createEnterprise(database.db, { creditCode: code });
    const pushed = await exchangePost(app, client, '/api/exchange/v1/records', {
      records: codes.flatMap((code) => [penaltyRecord(code), penaltyRecord(code)]),
    });
    expect(pushed.json().accepted).toBe(4);
    // Each entity's head goes dead after 2 attempts; its later events wait behind it.
    for (let round = 0; round < 50 && (await deliveries(2)).dead !== 2; round++) {
      await deliverSyncEvents(deliveryOptions());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await deliveries(2)).toMatchObject({ dead: 2, waiting: 4 });
    const dead = await consoleCall(app, operator, 'GET', '/sync/destinations/2/dead-letters');
    expect(dead.statusCode, dead.body).toBe(200);
    expect(dead.json().total).toBe(2);
    expect(dead.json().items.map((item: { behind: number; kind: string }) => [item.kind, item.behind])).toEqual([
      ['entity.registered', 2],
      ['entity.registered', 2],
    ]);
    expect(dead.json().items[0].lastError).toMatch(/fetch failed|ECONNREFUSED/);
    // Shown to operators: in Chinese, not Node's `fetch failed`.
    expect(dead.json().items[0].lastError).toBe('目的地拒绝连接（ECONNREFUSED）');

    await receiver.set({ down: false });
    const retried = await consoleCall(app, operator, 'POST', '/sync/destinations/2/retries', {});
    expect(retried.json()).toEqual({ retried: 2 });
    for (let round = 0; round < 20 && (await deliveries(2)).delivered !== 6; round++) {
      await deliverSyncEvents(deliveryOptions());
    }
    expect(await deliveries(2)).toEqual({ delivered: 6 });
    const state = await receiver.state();
    expect(state).toMatchObject({ applied: 6, duplicates: 0, orderViolations: 0, signatureRefused: 0 });

    // The log of the agency whose operator switched the destination on shows failed and good batches, by name.
    const log = await consoleCall(app, clerk, 'GET', '/exchange-log?channel=sync');
    expect(log.statusCode, log.body).toBe(200);
    const batches = log.json().items as Array<{ actor: string; accepted: number; rejected: number }>;
    expect(new Set(batches.map((batch) => batch.actor))).toEqual(new Set(['贵州诚信网']));
    expect(batches.some((batch) => batch.rejected > 0)).toBe(true);
    expect(batches.reduce((sum, batch) => sum + batch.accepted, 0)).toBe(6);
  });

  it('delivers a record’s events as the record was right after each change, though it changed since', async () => {
    // A record's event keeps only what may change in place; the delivery builds the rest (migration 2026-12-07T0045).
    const code = uniqueCreditCode();
    await createEnterprise(database.db, { creditCode: code });
    const stateFile = `${dataDir}-as-of.ndjson`;
    const asOfReceiver = await startReceiver({ secret: SECRET, keyId: 'as-of', state: stateFile });
    try {
      const settings = {
        name: '国家企业信用信息公示系统',
        endpoint: asOfReceiver.endpoint,
        keyId: asOfReceiver.keyId,
        secret: SECRET,
        itemCodes: ['penalty'],
        useScopes: ['public'],
        format: 'ndjson',
        enabled: true,
        maxAttempts: 5,
        ratePerSecond: 1000,
      };
      const enabled = await consoleCall(app, operator, 'PUT', '/sync/destinations/1', settings);
      expect(enabled.statusCode, enabled.body).toBe(200);
      const pushed = await exchangePost(app, client, '/api/exchange/v1/records', { records: [penaltyRecord(code)] });
      expect(pushed.statusCode, pushed.body).toBe(200);
      const recordId = pushed.json().results[0].recordId as number;
      const published = await recordAsNow(recordId);
      const annotated = await consoleCall(app, clerk, 'POST', `/records/${recordId}/annotation`, {
        level: 'serious',
        reason: '经复核，违法情节较重',
      });
      expect(annotated.statusCode, annotated.body).toBe(200);
      const updated = await recordAsNow(recordId);
      const revoked = await consoleCall(app, clerk, 'POST', `/records/${recordId}/revocation`, {
        reason: '决定已撤销',
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      const ended = await recordAsNow(recordId);
      // The record changed in place after its first two events.
      expect(published).toMatchObject({ status: 'active', dishonestyLevel: 'general' });
      expect(updated).toMatchObject({ status: 'active', dishonestyLevel: 'serious' });
      expect(ended).toMatchObject({ status: 'revoked', dishonestyLevel: 'serious' });
      expect(updated.publicityUntil).not.toEqual(published.publicityUntil);

      for (
        let round = 0;
        round < 20 && Object.keys(await deliveries(1)).some((status) => status !== 'delivered');
        round++
      ) {
        await deliverSyncEvents(deliveryOptions());
      }
      expect(await deliveries(1)).toEqual({ delivered: 3 });
      const received = (await readFile(stateFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; entity: string; payload: unknown });
      expect(received.map((event) => [event.entity, event.kind])).toEqual([
        [code, 'record.published'],
        [code, 'record.updated'],
        [code, 'record.revoked'],
      ]);
      expect(received.map((event) => event.payload)).toEqual([published, updated, ended]);
    } finally {
      await consoleCall(app, operator, 'PUT', '/sync/destinations/1', {
        name: '国家企业信用信息公示系统',
        endpoint: asOfReceiver.endpoint,
        keyId: asOfReceiver.keyId,
        itemCodes: null,
        useScopes: ['public'],
        format: 'json',
        enabled: false,
        maxAttempts: 8,
        ratePerSecond: 50,
      });
      await asOfReceiver.stop();
      await rm(stateFile, { force: true });
    }
  });
});
