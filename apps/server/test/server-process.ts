import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A TCP port free on loopback at the time of asking. */
export async function freePort(): Promise<number> {
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

export interface ServerProcess {
  baseUrl: string;
  process: ChildProcess;
  /** Sends the signal and waits for the exit (SIGKILL: the crash a drill simulates). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const serverEntry = resolve(import.meta.dirname, '../src/main.ts');

/**
 * Starts the real server (`node --import tsx src/main.ts`) as a child process on a free loopback port and waits until
 * /readyz answers 200 (within 2 minutes). Nothing of the caller's database settings is inherited: `env` names the database (DATABASE_URL)
 * or the embedded engine's DATA_DIR.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_DATA: '0',
    LOG_LEVEL: 'warn',
  };
  for (const name of ['DATABASE_URL', 'DATABASE_REPLICA_URL', 'TEST_DATABASE_URL']) delete childEnv[name];
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    env: childEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill(signal);
    await exited;
  };
  const started = Date.now();
  // Generous: on a loaded machine two nodes starting at once take turns at migrating and seeding.
  while (Date.now() - started < 120_000) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while starting`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) return { baseUrl, process: child, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop('SIGKILL');
  throw new Error('the server did not become ready within 120 s');
}
