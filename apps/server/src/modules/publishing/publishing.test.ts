import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall, uploadFile } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, openSession, type TestSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let dataDir: string;
let owner: TestSession;
let otherPublisher: TestSession;
let operator: TestSession;
let ownerAgencyId: number;

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200), Buffer.from('\n%%EOF\n')]);

function upload(session: TestSession, name: string, content: Buffer, mediaType: string) {
  return uploadFile(app, session, { name, content, mediaType, purpose: 'attachment' });
}

function call(session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return consoleCall(app, session, method, url, payload);
}

async function auditActions(objectType: string, objectId: number): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    SELECT action FROM audit_log WHERE object_type = ${objectType} AND object_id = ${String(objectId)} AND result = 'success' ORDER BY id`.execute(
    database.db,
  );
  return rows.map((row) => row.action);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = `/tmp/gzcredit-publishing-${process.pid}-${Date.now()}`;
  app = await createTestApp(database, { DATA_DIR: dataDir });
  const province = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const owning = await createAgency(database.db, {
    name: '贵州省发展和改革委员会',
    regionCode: '520000',
    level: 'province',
    kind: 'development_reform',
  });
  const other = await createAgency(database.db, {
    name: '贵州省税务局',
    regionCode: '520000',
    level: 'province',
    kind: 'administrative',
  });
  ownerAgencyId = Number(owning.id);
  owner = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: ownerAgencyId, permissions: ['content.publish'] })).id,
  );
  otherPublisher = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(other.id), permissions: ['content.publish'] })).id,
  );
  operator = await openSession(
    database.db,
    (
      await createAccount(database.db, {
        agencyId: Number(province.id),
        permissions: ['platform.operator', 'content.publish'],
      })
    ).id,
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('special columns and articles (Rules Art. 18, 24)', () => {
  let columnId: number;
  let articleId: number;
  let fileId: number;

  it('lets an agency ask for a special column and the operator approve it with an adjusted name, traced', async () => {
    const requested = await call(owner, 'POST', '/columns', {
      name: '信用修复专题',
      purpose: '发布信用修复政策与办理指南',
    });
    expect(requested.statusCode).toBe(200);
    expect(requested.json()).toMatchObject({
      kind: 'special',
      status: 'requested',
      ownerAgency: { id: ownerAgencyId },
    });
    columnId = requested.json().id;
    const notYet = await app.inject(`/api/public/articles?column=${columnId}`);
    expect(notYet.statusCode).toBe(404);
    const refused = await call(owner, 'POST', `/column-requests/${columnId}/decision`, { decision: 'approve' });
    expect(refused.statusCode).toBe(403);
    const approved = await call(operator, 'POST', `/column-requests/${columnId}/decision`, {
      decision: 'approve',
      name: '信用修复专栏',
      sortOrder: 50,
    });
    expect(approved.json()).toMatchObject({ status: 'approved', name: '信用修复专栏', sortOrder: 50 });
    const again = await call(operator, 'POST', `/column-requests/${columnId}/decision`, { decision: 'reject' });
    expect(again.statusCode).toBe(409);
    expect(await auditActions('column', columnId)).toEqual(['column.requested', 'column.decided']);
    const publicColumns = await app.inject('/api/public/columns');
    expect(publicColumns.json().items.map((column: { name: string }) => column.name)).toEqual([
      '法律法规',
      '政策文件',
      '工作动态',
      '通知公告',
      '信用修复专栏',
    ]);
  });

  it('refuses a file whose name says .pdf but whose content is HTML, and stores nothing', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM files`.execute(database.db);
    const response = await upload(
      owner,
      '通知.pdf',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'application/pdf',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'FILE_REJECTED' });
    expect(response.json().error.message).toContain('通知.pdf');
    const mismatched = await upload(
      owner,
      '照片.pdf',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
      'application/pdf',
    );
    expect(mismatched.json().error.message).toMatch(/扩展名与其内容/);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM files`.execute(database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses a file over the size limit with a Chinese message', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]);
    const response = await upload(owner, '大文件.pdf', big, 'application/pdf');
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('publishes an article with an attachment in the special column; drafts stay private', async () => {
    const uploaded = await upload(owner, '信用修复指南.pdf', PDF, 'application/pdf');
    expect(uploaded.statusCode).toBe(200);
    fileId = uploaded.json().id;
    const created = await call(owner, 'POST', '/articles', {
      columnId,
      title: '关于开展信用修复工作的通知',
      bodyHtml:
        '<h1>通知</h1><p onclick="steal()">各有关单位：</p><script>alert(1)</script><table><tr><td>附表</td></tr></table>',
      source: '省发展改革委',
      attachmentIds: [fileId],
    });
    expect(created.statusCode).toBe(200);
    articleId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'draft', attachments: [{ id: fileId, name: '信用修复指南.pdf' }] });
    expect(created.json().bodyHtml).toBe('<h2>通知</h2><p>各有关单位：</p><table><tr><td>附表</td></tr></table>');
    expect((await app.inject(`/api/public/articles/${articleId}`)).statusCode).toBe(404);
    expect((await app.inject(`/api/public/files/${fileId}`)).statusCode).toBe(404);

    const published = await call(owner, 'POST', `/articles/${articleId}/publish`, {});
    expect(published.json()).toMatchObject({ status: 'published' });
    const list = await app.inject(`/api/public/articles?column=${columnId}`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: articleId, title: '关于开展信用修复工作的通知' }] });
    const byTitle = await app.inject(`/api/public/articles?q=${encodeURIComponent('信用修复')}`);
    expect(byTitle.json().items.map((item: { id: number }) => item.id)).toEqual([articleId]);
    const page = await app.inject(`/api/public/articles/${articleId}`);
    expect(page.json().attachments[0].url).toBe(`/api/public/files/${fileId}`);
    expect(page.json().bodyHtml).not.toMatch(/script|onclick/);
    const download = await app.inject(`/api/public/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="download.pdf"; filename*=UTF-8''${encodeURIComponent('信用修复指南.pdf')}`,
    );
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('dates an article published at 01:30 in China by the day in China, not the UTC day before', async () => {
    const created = await call(owner, 'POST', '/articles', {
      columnId,
      title: '凌晨发布的通知',
      bodyHtml: '<p>正文</p>',
    });
    expect(created.statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-06T17:30:00Z') });
    try {
      const published = await call(owner, 'POST', `/articles/${created.json().id}/publish`, {});
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json().publishDate).toBe('2026-12-07');
    } finally {
      vi.useRealTimers();
    }
    const withdrawn = await call(owner, 'POST', `/articles/${created.json().id}/withdraw`, { reason: '测试完毕' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
  });

  it('lets nobody else edit the article: another agency and the operator get 404, nothing changes', async () => {
    const body = { columnId, title: '篡改后的标题', bodyHtml: '<p>篡改</p>', attachmentIds: [] };
    expect((await call(otherPublisher, 'PUT', `/articles/${articleId}`, body)).statusCode).toBe(404);
    expect((await call(operator, 'PUT', `/articles/${articleId}`, body)).statusCode).toBe(404);
    expect((await call(otherPublisher, 'POST', `/articles/${articleId}/withdraw`, { reason: '越权' })).statusCode).toBe(
      404,
    );
    expect((await call(otherPublisher, 'GET', `/articles/${articleId}`)).statusCode).toBe(404);
    // The refused withdrawal's row names the article it aimed at, with the reason given.
    const { rows: refusedWithdrawal } = await sql<{ objectType: string; objectId: string; details: object }>`
      SELECT object_type, object_id, details FROM audit_log WHERE action = 'article.withdrawn' AND result = 'failure'`.execute(
      database.db,
    );
    expect(refusedWithdrawal).toEqual([
      {
        objectType: 'article',
        objectId: String(articleId),
        details: { reason: '越权', code: 'ARTICLE_NOT_FOUND' },
      },
    ]);
    const stillThere = await app.inject(`/api/public/articles/${articleId}`);
    expect(stillThere.json().title).toBe('关于开展信用修复工作的通知');
  });

  it('refuses to publish into another agency’s special column or to attach another agency’s file', async () => {
    const intoOthers = await call(otherPublisher, 'POST', '/articles', {
      columnId,
      title: '别人的专栏',
      bodyHtml: '<p>x</p>',
      attachmentIds: [],
    });
    expect(intoOthers.statusCode).toBe(404);
    const othersFile = await call(otherPublisher, 'POST', '/articles', {
      columnId: 3,
      title: '挪用附件',
      bodyHtml: '<p>x</p>',
      attachmentIds: [fileId],
    });
    expect(othersFile.statusCode).toBe(404);
    expect(othersFile.json().error.code).toBe('FILE_NOT_FOUND');
  });

  it('lets the operator withdraw another agency’s article only with a reason, traced', async () => {
    const noReason = await call(operator, 'POST', `/published-articles/${articleId}/withdraw`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const withdrawn = await call(operator, 'POST', `/published-articles/${articleId}/withdraw`, {
      reason: '政策已废止',
    });
    expect(withdrawn.json()).toMatchObject({
      status: 'withdrawn',
      withdrawReason: '政策已废止',
      title: '关于开展信用修复工作的通知',
    });
    expect((await app.inject(`/api/public/articles/${articleId}`)).statusCode).toBe(404);
    expect((await app.inject(`/api/public/files/${fileId}`)).statusCode).toBe(404);
    expect(await auditActions('article', articleId)).toEqual([
      'article.created',
      'article.published',
      'article.withdrawn-by-operator',
    ]);
    const { rows } = await sql<{ details: { reason: string } }>`
      SELECT details FROM audit_log WHERE action = 'article.withdrawn-by-operator'`.execute(database.db);
    expect(rows[0]!.details.reason).toBe('政策已废止');
  });
});

describe('GET /api/public/site', () => {
  it('answers the footer marks as configured, and null for those unset', async () => {
    const unset = await app.inject({ url: '/api/public/site' });
    expect(unset.statusCode).toBe(200);
    expect(unset.json()).toEqual({ siteIdentifier: null, icpRecord: null, psbRecord: null });
    expect(unset.headers['cache-control']).toBe('public, max-age=300');

    const configured = await createTestApp(database, {
      DATA_DIR: dataDir,
      SITE_IDENTIFIER: '5200000052',
      ICP_RECORD: '黔ICP备05002316号-1',
      PSB_RECORD: '黔公网安备 52010302000123号',
    });
    try {
      expect((await configured.inject({ url: '/api/public/site' })).json()).toEqual({
        siteIdentifier: '5200000052',
        icpRecord: '黔ICP备05002316号-1',
        psbRecord: '黔公网安备 52010302000123号',
      });
    } finally {
      await configured.close();
    }
  });

  it('refuses a malformed mark at start, in Chinese, naming the variable', async () => {
    await expect(createTestApp(database, { SITE_IDENTIFIER: '52-000' })).rejects.toThrow(
      /SITE_IDENTIFIER.*网站标识码应为 10 位数字或字母/s,
    );
    await expect(createTestApp(database, { PSB_RECORD: '黔公网安备' })).rejects.toThrow(/PSB_RECORD.*14 位备案编号/s);
  });
});
