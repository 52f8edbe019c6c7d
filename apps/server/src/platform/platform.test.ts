import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { databaseUrl } from '../../test/database-url';
import {
  assertChineseCapableDatabase,
  DatabaseEncodingError,
  type DatabaseHandle,
  defineStatement,
  openDatabase,
  PREPARED_STATEMENT,
} from './database';
import { compileResponseSerializer, responseWriter } from './response-serializer';

let database: DatabaseHandle;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('server platform', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    // From 1 November it also names a next year still provisional (calendar.test.ts covers `details`).
    expect(ready.json()).toMatchObject({ status: 'ok', engine: database.engine });
  });

  it('sends security headers and a request id with every answer', async () => {
    const response = await app.inject('/healthz');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown API address with the standard Chinese error', async () => {
    const response = await app.inject('/api/public/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: '请求的地址不存在', requestId: response.headers['x-request-id'] },
    });
  });

  it('compiles the writer of every response schema of every route (compiled lazily when serving)', () => {
    expect(app.responseSchemas.length).toBeGreaterThan(1_000);
    for (const schema of app.responseSchemas) expect(() => responseWriter(schema)).not.toThrow();
  });

  it('writes only the declared fields of an answer, nested and in lists, and refuses one missing a required field', () => {
    const write = compileResponseSerializer({
      schema: z.object({
        items: z.array(z.object({ name: z.string(), badges: z.array(z.string()), matched: z.string().optional() })),
        total: z.number().int(),
        owner: z.object({ agency: z.string() }).nullable(),
      }),
      method: 'GET',
      url: '/test',
      httpStatus: '200',
    });
    const answer = {
      items: [{ name: '贵州<script>"甲"</script>', badges: ['守信'], passwordHash: 'x', idCardNumber: '520102' }],
      total: 1,
      owner: { agency: '省市场监管局', dataKey: 'secret' },
      internalNote: '不公开',
    };
    expect(JSON.parse(write(answer))).toEqual({
      items: [{ name: '贵州<script>"甲"</script>', badges: ['守信'] }],
      total: 1,
      owner: { agency: '省市场监管局' },
    });
    expect(JSON.parse(write({ items: [], total: 0, owner: null }))).toEqual({ items: [], total: 0, owner: null });
    expect(() => write({ items: [{ badges: [] }], total: 1, owner: null })).toThrow(/name/);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const response = await app.inject('/api/docs/json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.info.title).toBe('贵州省企业公共信用信息平台 API');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/public/enterprises', '/api/public/enterprises/{creditCode}']),
    );
    const parameters = document.paths['/api/public/enterprises'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(
      expect.arrayContaining(['q', 'region', 'industry', 'kind', 'status', 'dishonest', 'page', 'pageSize']),
    );
    expect((await app.inject('/api/docs')).statusCode).toBe(200);
  });

  it('understands Chinese text in the database (UTF-8 and pg_trgm)', async () => {
    const { rows } = await sql<{ trigrams: number; length: number }>`
      SELECT cardinality(show_trgm('贵州黔峰')) AS trigrams, char_length('贵州黔峰') AS length`.execute(database.db);
    expect(rows[0]).toEqual({ trigrams: 5, length: 4 });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL encoding check', () => {
  it('refuses a database whose encoding would make Chinese search fail, saying how to create one', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `gzcredit_ascii_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'`);
    const ascii = await openDatabase({ url: databaseUrl(url, name) });
    try {
      const failure = assertChineseCapableDatabase(ascii.db);
      await expect(failure).rejects.toBeInstanceOf(DatabaseEncodingError);
      await expect(assertChineseCapableDatabase(ascii.db)).rejects.toThrow(
        /CREATE DATABASE .* ENCODING 'UTF8' LOCALE 'C.UTF-8'/,
      );
    } finally {
      await ascii.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('accepts the UTF-8 test database', async () => {
    await expect(assertChineseCapableDatabase(database.db)).resolves.toBeUndefined();
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL pool', () => {
  it('survives the server ending an idle connection and answers the next query on a new one', async () => {
    const database = await createTestDatabase();
    try {
      const before = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
      const pid = before.rows[0]!.pid;
      // Another session ends the pool's idle connection, as a restart, a failover or DROP DATABASE … FORCE does.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
      expect(after.rows[0]!.pid).not.toBe(pid);
    } finally {
      await database.close();
    }
  });
});

describe('defineStatement: a hot statement compiled once per shape', () => {
  const byShape = defineStatement<
    { creditCode: string; matchedName: string },
    { prefix: string; limit: number },
    { newestFirst: boolean }
  >(
    (values, { newestFirst }) => sql`
      SELECT credit_code, name AS matched_name FROM enterprises WHERE name LIKE ${values.prefix}
      ORDER BY id ${newestFirst ? sql`DESC` : sql`ASC`} LIMIT ${values.limit}`,
  );

  it('keeps one text per shape, binds each call its own values in order, and runs on the engine', async () => {
    const first = byShape(database.db, { prefix: '贵阳%', limit: 2 }, { newestFirst: true });
    const second = byShape(database.db, { prefix: '遵义%', limit: 5 }, { newestFirst: true });
    const other = byShape(database.db, { prefix: '遵义%', limit: 5 }, { newestFirst: false });
    expect(first.sql).toBe(second.sql);
    expect(first.sql.startsWith(PREPARED_STATEMENT)).toBe(true);
    expect(other.sql).not.toBe(first.sql);
    expect(other.sql).toContain('ASC');
    expect(first.parameters).toEqual(['贵阳%', 2]);
    expect(second.parameters).toEqual(['遵义%', 5]);
    await sql`INSERT INTO enterprises (credit_code, name, kind, status, region_code, industry_code, legal_representative,
      established_on, registration_authority, address)
      VALUES ('91520100MA6DEFST01', '遵义定义语句测试有限公司', 'enterprise', 'active', '520302', 'F51', '张三',
        '2020-01-01', '遵义市市场监督管理局', '遵义市')`.execute(database.db);
    const { rows } = await database.db.executeQuery(
      byShape(database.db, { prefix: '遵义定义语句%', limit: 5 }, { newestFirst: true }),
    );
    expect(rows).toEqual([{ creditCode: '91520100MA6DEFST01', matchedName: '遵义定义语句测试有限公司' }]);
    await sql`DELETE FROM enterprises WHERE credit_code = '91520100MA6DEFST01'`.execute(database.db);
  });

  it('refuses a value used in JavaScript (it would freeze the first call into the text) and a parameter not from its values', () => {
    const concatenated = defineStatement<unknown, { name: string }>(
      (values) => sql`SELECT 1 WHERE ${`%${values.name}%`} <> ''`,
    );
    expect(() => concatenated(database.db, { name: '贵州' })).toThrow(/name.*used in JavaScript/);
    const constant = defineStatement<unknown, { name: string }>((values) => sql`SELECT ${values.name}, ${'常量'}`);
    expect(() => constant(database.db, { name: '贵州' })).toThrow(/did not come from its values/);
  });
});
