import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database';
import { type DatabaseHandle, openDatabase } from './platform/database';
import { GENERATED_KEY_FILE } from './platform/secrets';

/**
 * Issue 17 items 1 and 2: `npm start` as a new user and a service manager run it, on the engine of this test run
 * (PGlite, or PostgreSQL when TEST_DATABASE_URL is set). The first start here may build the portal and the server.
 */

const repository = resolve(import.meta.dirname, '../../..');
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let directory: string;
let postgres: (DatabaseHandle & { url?: string }) | undefined;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gzcredit-start-'));
  if (onPostgres) postgres = await createTestDatabase();
});

/** The process groups started here: a test that fails before it stops its server must not leave it running. */
const groups = new Set<number>();

afterAll(async () => {
  for (const groupId of groups) if (groupAlive(groupId)) process.kill(-groupId, 'SIGKILL');
  await postgres?.close();
  await rm(directory, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` in a process group of its own, as a terminal or systemd runs it. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...env,
  };
  for (const name of ['TEST_DATABASE_URL', 'NODE_ENV', 'DEMO_DATA', 'DATA_ENCRYPTION_KEY', 'DATABASE_URL']) {
    if (!(name in env)) delete childEnv[name];
  }
  const child = spawn('npm', ['start'], {
    cwd: repository,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.add(child.pid as number);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function untilReady(started: Started): Promise<void> {
  const deadline = Date.now() + 170_000;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`npm start ended:\n${started.output()}`);
    const ready = await fetch(`${started.baseUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(100);
  }
  throw new Error(`not ready:\n${started.output()}`);
}

/** Whether any process of the group is left (signal 0 only checks). */
function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole process group, as systemd and a terminal's Ctrl-C do. */
async function stopGroup(started: Started) {
  const groupId = started.child.pid as number;
  process.kill(-groupId, 'SIGTERM');
  const exit = await started.exited;
  for (let i = 0; i < 50 && groupAlive(groupId); i++) await sleep(100);
  return { exit, left: groupAlive(groupId) };
}

async function enterpriseCount(): Promise<number> {
  const handle = postgres ?? (await openDatabase({ dataDir: join(directory, 'pglite') }));
  try {
    const row = await handle.db
      .selectFrom('enterprises')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  } finally {
    if (!postgres) await handle.close();
  }
}

describe('npm start', () => {
  it('serves without demo data where none may be seeded, and stops cleanly on SIGTERM to its process group', async () => {
    // PGlite: production ignores even an explicit DEMO_DATA. PostgreSQL: DEMO_DATA unset seeds nothing.
    const env: Record<string, string> = postgres?.url
      ? {
          DATABASE_URL: postgres.url,
          DATA_DIR: directory,
          DATA_ENCRYPTION_KEY: randomBytes(16).toString('hex'),
          LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
        }
      : {
          DATA_DIR: directory,
          NODE_ENV: 'production',
          PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn',
          DEMO_DATA: '50',
        };
    const started = await npmStart(env);
    await untilReady(started);
    expect(started.output()).toContain(
      onPostgres
        ? 'PostgreSQL 上未设置 DEMO_DATA，不导入演示数据'
        : '生产环境（NODE_ENV=production）从不导入演示数据，已忽略 DEMO_DATA=50',
    );
    // The server runs the compiled bundle, in npm's place (no shell between them).
    expect(statSync(join(repository, 'apps/server/dist/main.js')).isFile()).toBe(true);

    const stopped = await stopGroup(started);
    expect(stopped).toEqual({ exit: { code: 0, signal: null }, left: false });
    expect(started.output()).toContain('"msg":"shutting down"');
    // The database was closed, not cut off: PGlite opens again (and holds no demo entity).
    expect(await enterpriseCount()).toBe(0);
  }, 240_000);

  it('without DATA_ENCRYPTION_KEY: refused on PostgreSQL, saying how to make one; on PGlite a key is generated in DATA_DIR', async () => {
    const started = await npmStart(
      postgres?.url ? { DATABASE_URL: postgres.url, DATA_DIR: directory } : { DATA_DIR: directory, DEMO_DATA: '0' },
    );
    if (onPostgres) {
      expect((await started.exited).code).toBe(1);
      expect(started.output()).toContain('DATA_ENCRYPTION_KEY=（未设置）: 使用 PostgreSQL（DATABASE_URL）时必须设置');
      expect(started.output()).toContain('openssl rand -hex 16');
      expect(existsSync(join(directory, GENERATED_KEY_FILE))).toBe(false);
      return;
    }
    await untilReady(started);
    expect(statSync(join(directory, GENERATED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect((await stopGroup(started)).exit.code).toBe(0);
  }, 240_000);
});
