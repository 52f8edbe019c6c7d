import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { consoleCall } from '../../test/console';
import { createTestDatabase } from '../../test/database';
import { createAccount, createAgency, createEnterprise, openSession, uniqueCreditCode } from '../../test/factories';
import type { DatabaseHandle } from './database';

/**
 * What an integrator does (issue 17 item 5): generate types from the served document with openapi-typescript, compile
 * a client against them (test/typed-client/calls.ts, openapi-fetch), and call search, profile and a signed push on a
 * real listening server. The types are generated here at every run, not kept in git: a committed copy would go stale
 * with every route anyone adds, while this test always checks the document as it is served.
 */

const CLIENT_DIR = resolve(import.meta.dirname, '../../test/typed-client');

let database: DatabaseHandle;
let app: FastifyInstance;
let baseUrl: string;
let key: { keyId: string; secret: string };
let creditCode: string;

/** The TypeScript errors of compiling `files` strictly, as the project compiles its own code. */
function compile(files: string[]): string[] {
  const config = ts.readConfigFile(resolve(import.meta.dirname, '../../../../tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, resolve(import.meta.dirname, '../..'));
  const program = ts.createProgram(files, { ...options, noEmit: true, types: ['node'] });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file?.text.slice(diagnostic.start, (diagnostic.start ?? 0) + (diagnostic.length ?? 0));
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const enterprise = await createEnterprise(database.db, { name: '贵州类型客户端有限公司' });
  creditCode = enterprise.creditCode;
  const agency = await createAgency(database.db, {
    name: '贵阳市花溪区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520111',
    level: 'county',
  });
  const configurer = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['exchange.configure'],
  });
  const created = await consoleCall(app, await openSession(database.db, configurer.id), 'POST', '/api-clients', {
    name: '花溪区行政处罚系统',
  });
  key = { keyId: created.json().client.keyId, secret: created.json().secret };
  const document = (await (await fetch(`${baseUrl}/api/docs/json`)).json()) as Parameters<typeof openapiTS>[0];
  await writeFile(resolve(CLIENT_DIR, 'api.d.ts'), astToString(await openapiTS(document)));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('a client generated from the OpenAPI document', () => {
  it('compiles, and refuses a push whose fields do not match the item’s dictionary', async () => {
    expect(compile([resolve(CLIENT_DIR, 'calls.ts')])).toEqual([]);
    const errors = compile([resolve(CLIENT_DIR, 'wrong-fields.ts')]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^penaltyCategory: .*罚没/);
  }, 120_000);

  it('searches, reads a profile and pushes a signed record against the listening server', async () => {
    // By path, so that the project's own compile does not follow it to the generated types (calls.ts is compiled above).
    const calls = await import(resolve(CLIENT_DIR, 'calls.ts'));
    expect(await calls.searchEnterprises(baseUrl, '类型客户端')).toContainEqual({
      creditCode,
      name: '贵州类型客户端有限公司',
    });
    expect(await calls.enterpriseProfile(baseUrl, creditCode)).toMatchObject({
      status: 200,
      name: '贵州类型客户端有限公司',
    });
    expect(await calls.enterpriseProfile(baseUrl, uniqueCreditCode())).toMatchObject({
      status: 404,
      code: 'ENTERPRISE_NOT_FOUND',
    });
    expect(await calls.pushPenalty(baseUrl, key, creditCode)).toEqual(['accepted']);
    expect(await calls.catalogueItemCodes(baseUrl, key)).toContain('penalty');
  });
});
