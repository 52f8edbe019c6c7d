import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database';
import { INITIAL_PASSWORD_FILE } from './modules/accounts';
import type { DatabaseHandle } from './platform/database';

/**
 * What the real server (`node --import tsx src/main.ts`, on PostgreSQL when TEST_DATABASE_URL is set) writes: stdout is
 * the JSON log stream and nothing else, one line per request; the first-start banner is on stderr.
 */

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  statusCode?: number;
  durationMs?: number;
  ip?: string;
  event?: string;
  code?: string;
}

let dataDir: string;
let postgres: (DatabaseHandle & { url?: string }) | undefined;
let server: ChildProcess;
let stdout = '';
let stderr = '';
let baseUrl = '';

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-output-'));
  if (process.env.TEST_DATABASE_URL) postgres = await createTestDatabase();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: '0',
    LOG_LEVEL: 'debug',
    DATA_ENCRYPTION_KEY: randomBytes(16).toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'true',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '3',
    ...(postgres?.url ? { DATABASE_URL: postgres.url } : {}),
  };
  server = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'main.ts')], { env });
  server.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  server.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (!stdout.includes('贵州省企业公共信用信息平台 ready')) {
    if (server.exitCode !== null || Date.now() - started > 90_000)
      throw new Error(`the server did not start:\n${stderr}`);
    await sleep(100);
  }
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  await postgres?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; requestId: string }> {
  const response = await fetch(`${baseUrl}${path}`, init);
  await response.arrayBuffer();
  return { status: response.status, requestId: response.headers.get('x-request-id')! };
}

describe('the server’s output', () => {
  it('prints the first-start banner on stderr, one line of its own, and only JSON on stdout', async () => {
    const password = (await readFile(join(dataDir, INITIAL_PASSWORD_FILE), 'utf8')).trim();
    const lines = stderr.split('\n');
    const banner = lines.findIndex((line) => line.includes('首次启动'));
    expect(lines[banner]).toMatch(
      /^首次启动：已创建贵州省市场监督管理局系统管理员账户 admin，一次性密码见下一行（已写入 .+，首次登录时须修改）：$/,
    );
    expect(lines[banner + 1]).toBe(password);
    expect(lines.filter((line) => line.includes('首次启动'))).toHaveLength(1);
    expect(stdout).not.toContain(password);
    for (const line of stdout.split('\n').filter((candidate) => candidate !== '')) {
      expect(() => JSON.parse(line), line).not.toThrow();
    }
  });

  it('logs each request once, when answered, with method, URL, status, duration and request id; probes at debug', async () => {
    const search = await call(`/api/public/enterprises?q=${encodeURIComponent('茅台')}`);
    const probe = await call('/healthz');
    expect([search.status, probe.status]).toEqual([200, 200]);
    await sleep(200);
    const lines: LogLine[] = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toEqual([]);
    const searchLines = lines.filter((line) => line.reqId === search.requestId);
    expect(searchLines).toHaveLength(1);
    expect(searchLines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      method: 'GET',
      url: `/api/public/enterprises?q=${encodeURIComponent('茅台')}`,
      statusCode: 200,
      ip: '127.0.0.1',
    });
    expect(searchLines[0]!.durationMs).toBeGreaterThan(0);
    expect(lines.filter((line) => line.reqId === probe.requestId)).toEqual([
      expect.objectContaining({ level: 20, msg: 'request', url: '/healthz', statusCode: 200 }),
    ]);
  });

  it('logs 401, 403, 429, lockouts and refused signatures at warn with a stable event', async () => {
    const unauthenticated = await call('/api/console/me');
    const unsigned = await call('/api/exchange/v1/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"records":[]}',
    });
    // Behind the proxy (TRUST_PROXY=true) the client is the address it reports: a public one.
    const metrics = await call('/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const searches = [];
    for (let attempt = 0; attempt < 3; attempt++)
      searches.push(await call('/api/public/enterprises?q=%E8%B4%B5%E5%B7%9E'));
    const signIns = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      signIns.push(
        await call('/api/console/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'Wrong-Passw0rd-1' }),
        }),
      );
    }
    expect(unauthenticated.status).toBe(401);
    expect(unsigned.status).toBe(401);
    expect(metrics.status).toBe(403);
    expect(searches.at(-1)!.status).toBe(429);
    expect(signIns.map((signIn) => signIn.status)).toEqual([401, 401, 401, 401, 423]);
    await sleep(200);

    const lines: LogLine[] = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
    const only = (requestId: string) => {
      const found = lines.filter((line) => line.reqId === requestId);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const warned = { level: 40, msg: 'request refused' };
    expect(only(unauthenticated.requestId)).toMatchObject({
      ...warned,
      event: 'security.unauthenticated',
      code: 'UNAUTHENTICATED',
      statusCode: 401,
    });
    expect(only(unsigned.requestId)).toMatchObject({
      ...warned,
      event: 'security.signature-refused',
      code: 'API_SIGNATURE_INVALID',
      url: '/api/exchange/v1/records',
    });
    expect(only(metrics.requestId)).toMatchObject({
      ...warned,
      event: 'security.forbidden',
      code: 'FORBIDDEN',
      ip: '203.0.113.9',
    });
    expect(only(searches.at(-1)!.requestId)).toMatchObject({
      ...warned,
      event: 'security.rate-limited',
      code: 'RATE_LIMITED',
      statusCode: 429,
    });
    expect(only(signIns[0]!.requestId)).toMatchObject({
      ...warned,
      event: 'security.unauthenticated',
      code: 'SIGN_IN_FAILED',
    });
    expect(only(signIns[4]!.requestId)).toMatchObject({
      ...warned,
      event: 'security.sign-in-locked',
      code: 'ACCOUNT_LOCKED',
      statusCode: 423,
    });
  });
});
