import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, openSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

/**
 * The examples of docs/exchange-api.md run as written (bash + curl + openssl, and Node.js) against the real app on a
 * random port: an integrator who copies them gets records stored, or this test fails.
 */

const run = promisify(execFile);
const DOC = resolve(import.meta.dirname, '../../../../../docs/exchange-api.md');

let database: DatabaseHandle;
let app: FastifyInstance;
let baseUrl: string;
let workDir: string;
let curlScript: string;
let nodeScript: string;

interface Client {
  id: number;
  keyId: string;
  secret: string;
}

/** The single fenced block of a language whose text contains `marker`. */
function codeBlock(markdown: string, language: string, marker: string): string {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
    .filter(([, lang, body]) => lang === language && body!.includes(marker))
    .map(([, , body]) => body!);
  expect(blocks, `exactly one \`\`\`${language} block containing ${marker}`).toHaveLength(1);
  return blocks[0]!;
}

async function createClient(agencyKind: 'market_regulation', name: string, regionCode: string): Promise<Client> {
  const agency = await createAgency(database.db, { name, kind: agencyKind, regionCode, level: 'prefecture' });
  const account = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['exchange.configure'],
  });
  const session = await openSession(database.db, account.id);
  const response = await consoleCall(app, session, 'POST', '/api-clients', { name: '业务系统' });
  expect(response.statusCode).toBe(200);
  const { client, secret } = response.json();
  return { id: client.id, keyId: client.keyId, secret };
}

function environment(client: Client, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: workDir,
    GZ_BASE_URL: baseUrl,
    GZ_KEY_ID: client.keyId,
    GZ_SECRET: client.secret,
    ...extra,
  };
}

async function storedRecords(client: Client): Promise<number> {
  const row = await database.db
    .selectFrom('records as r')
    .innerJoin('exchangeBatches as b', 'b.id', 'r.batchId')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('b.apiClientId', '=', client.id)
    .executeTakeFirstOrThrow();
  return row.count;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  workDir = await mkdtemp(join(tmpdir(), 'gz-exchange-docs-'));
  const markdown = await readFile(DOC, 'utf8');
  curlScript = join(workDir, 'push.sh');
  nodeScript = join(workDir, 'gz-exchange.mjs');
  await writeFile(curlScript, codeBlock(markdown, 'bash', 'curl '));
  await writeFile(nodeScript, codeBlock(markdown, 'js', 'node:crypto'));
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('docs/exchange-api.md examples', () => {
  it('pushes with the curl example (HMAC-SM3, and HMAC-SHA256 with GZ_HASH=sha256)', async () => {
    const client = await createClient('market_regulation', '贵阳市南明区市场监督管理局', '520102');
    const sm3 = await run('bash', [curlScript], { env: environment(client) });
    const answer = JSON.parse(sm3.stdout);
    expect(answer).toMatchObject({ accepted: 1, rejected: 0, results: [{ index: 0, status: 'accepted' }] });
    // The same decision under a new Idempotency-Key is answered as a duplicate of the first record, not stored twice.
    const sha = await run('bash', [curlScript], { env: environment(client, { GZ_HASH: 'sha256' }) });
    expect(JSON.parse(sha.stdout)).toMatchObject({ accepted: 0, rejected: 1 });
    expect(JSON.parse(sha.stdout).results[0].errors[0].message).toContain(
      `与已传送的第 ${answer.results[0].recordId} 号信息重复`,
    );
    expect(await storedRecords(client)).toBe(1);
    const record = await database.db
      .selectFrom('records')
      .select(['creditCode', 'channel', 'useScope'])
      .where('id', '=', answer.results[0].recordId)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ creditCode: '91520102MAJ0KMNA90', channel: 'api', useScope: 'public' });
  });

  it('stores a batch once when the curl example is retried with the same Idempotency-Key', async () => {
    const client = await createClient('market_regulation', '贵阳市云岩区市场监督管理局', '520103');
    const env = environment(client, { GZ_IDEMPOTENCY_KEY: 'nanming-penalty-2026-11-20-0001' });
    const first = JSON.parse((await run('bash', [curlScript], { env })).stdout);
    const retry = JSON.parse((await run('bash', [curlScript], { env })).stdout);
    expect(retry).toEqual(first);
    expect(await storedRecords(client)).toBe(1);
  });

  it('pushes and pulls with the Node.js example (HMAC-SM3)', async () => {
    const client = await createClient('market_regulation', '遵义市市场监督管理局', '520300');
    const { stdout, stderr } = await run(process.execPath, [nodeScript], { env: environment(client) });
    expect(stderr).toBe('');
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await storedRecords(client)).toBe(1);
    // The two records the curl examples stored for 贵阳 (the re-sent one was a duplicate) are public: the 遵义 system
    // pulls their arrivals, and not its own record.
    expect(summary.applied).toBe(2);
    const pulls = await database.db
      .selectFrom('exchangeBatches')
      .select(['received'])
      .where('apiClientId', '=', client.id)
      .where('channel', '=', 'pull')
      .execute();
    expect(pulls.reduce((sum, batch) => sum + batch.received, 0)).toBe(summary.applied);
    expect(summary.cursor).toMatch(/^c\d+\.\d+$/);
  });

  it('fails loudly, not silently, when a key is refused', async () => {
    const error = await run('bash', [curlScript], {
      env: environment({ id: 0, keyId: 'gz_000000000000000000000000', secret: 'wrong' }),
    }).catch((failure: { code: number; stdout: string }) => failure);
    expect(error).toMatchObject({ code: 22 });
    expect(JSON.parse((error as { stdout: string }).stdout).error.code).toBe('API_SIGNATURE_INVALID');
  });
});
