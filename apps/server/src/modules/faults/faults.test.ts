import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall, uploadFile } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { consoleHeaders, createAccount, createAgency, openSession, type TestSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let reporter: TestSession;
let otherAgencyUser: TestSession;
let operator: TestSession;
const dataDir = `/tmp/gzcredit-faults-${process.pid}-${Date.now()}`;

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

function call(session: TestSession, method: 'GET' | 'POST', url: string, payload?: object) {
  return consoleCall(app, session, method, url, payload);
}

async function auditActions(objectId: number): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    SELECT action FROM audit_log WHERE object_type = 'fault' AND object_id = ${String(objectId)} AND result = 'success'
    ORDER BY id`.execute(database.db);
  return rows.map((row) => row.action);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: dataDir });
  const province = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const reporting = await createAgency(database.db, {
    name: '贵州省生态环境厅',
    regionCode: '520000',
    level: 'province',
    kind: 'administrative',
  });
  const other = await createAgency(database.db, {
    name: '贵州省税务局',
    regionCode: '520000',
    level: 'province',
    kind: 'administrative',
  });
  reporter = await openSession(database.db, (await createAccount(database.db, { agencyId: Number(reporting.id) })).id);
  otherAgencyUser = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(other.id) })).id,
  );
  operator = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(province.id), permissions: ['platform.operator'] })).id,
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('fault tickets (Rules Art. 26)', () => {
  it('goes from report to closure with every step traced, visible to the reporter and the operators only', async () => {
    const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    const screenshot = await uploadFile(app, reporter, {
      name: '截图.png',
      content: image,
      mediaType: 'image/png',
      purpose: 'screenshot',
    });
    expect(screenshot.statusCode).toBe(200);
    const pdfAsScreenshot = await uploadFile(app, reporter, {
      name: '截图.pdf',
      content: PDF,
      mediaType: 'application/pdf',
      purpose: 'screenshot',
    });
    expect(pdfAsScreenshot.statusCode).toBe(400);

    const reported = await call(reporter, 'POST', '/faults', {
      title: '上传页面无响应',
      description: '点击上传后页面一直转圈',
      location: '数据上传',
      occurredAt: '2026-11-30T09:00:00+08:00',
      severity: 'high',
      screenshotIds: [screenshot.json().id],
    });
    expect(reported.statusCode).toBe(200);
    const ticket = reported.json();
    expect(ticket).toMatchObject({ status: 'open', severity: 'high', screenshots: [{ name: '截图.png' }] });

    expect((await call(otherAgencyUser, 'GET', `/faults/${ticket.id}`)).statusCode).toBe(404);
    expect((await call(reporter, 'GET', '/fault-queue')).statusCode).toBe(403);

    const queue = await call(operator, 'GET', '/fault-queue?status=open');
    expect(queue.json().items).toEqual([expect.objectContaining({ id: ticket.id, minutesOpen: expect.any(Number) })]);
    const operatorView = await call(operator, 'GET', `/fault-queue/${ticket.id}`);
    const shot = await app.inject({
      method: 'GET',
      url: operatorView.json().screenshots[0].url,
      headers: consoleHeaders(operator),
    });
    expect(shot.statusCode).toBe(200);
    expect(shot.rawPayload.equals(image)).toBe(true);

    const operatorId = (await call(operator, 'GET', '/me')).json().id;
    expect(
      (await call(operator, 'POST', `/fault-queue/${ticket.id}/assign`, { assigneeId: operatorId })).json().status,
    ).toBe('assigned');
    await call(operator, 'POST', `/fault-queue/${ticket.id}/comments`, { body: '正在排查存储服务' });
    await call(reporter, 'POST', `/faults/${ticket.id}/comments`, { body: '刷新后仍然出现' });
    expect((await call(operator, 'POST', `/fault-queue/${ticket.id}/close`, {})).statusCode).toBe(409);
    expect(
      (await call(operator, 'POST', `/fault-queue/${ticket.id}/resolve`, { resolution: '已扩容存储并修复' })).json()
        .status,
    ).toBe('resolved');
    expect((await call(operator, 'POST', `/fault-queue/${ticket.id}/close`, {})).json().status).toBe('closed');

    const seenByReporter = await call(reporter, 'GET', `/faults/${ticket.id}`);
    expect(seenByReporter.json()).toMatchObject({ status: 'closed', resolution: '已扩容存储并修复' });
    expect(seenByReporter.json().events.map((event: { kind: string }) => event.kind)).toEqual([
      'reported',
      'assigned',
      'commented',
      'commented',
      'resolved',
      'closed',
    ]);
    expect(await auditActions(ticket.id)).toEqual([
      'fault.reported',
      'fault.assigned',
      'fault.commented',
      'fault.commented',
      'fault.resolved',
      'fault.closed',
      // The reporter's last look at the ticket: a read of non-public data (issue 14 item 8).
      'fault.viewed',
    ]);
  });
});
