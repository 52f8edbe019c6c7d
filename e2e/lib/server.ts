import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerOptions {
  /** Repository root: the server runs from here. */
  repoRoot: string;
  /** Where the server's stdout and stderr go. */
  logFile: string;
  /** PostgreSQL URL; the embedded PGlite engine in a fresh temporary DATA_DIR when absent. */
  databaseUrl?: string;
  demoData: number;
  readyTimeoutMs: number;
}

export interface RunningServer {
  baseUrl: string;
  engine: 'pglite' | 'postgres';
  readyInMs: number;
  /** The server's DATA_DIR (temporary; removed by stop()). */
  dataDir: string;
  /** Why the server is gone ("exit code 1", "signal SIGKILL") when it ended by itself; undefined while it runs. */
  exitedBy(): string | undefined;
  stop(): Promise<void>;
  /** Last lines the server wrote, for a failure message. */
  logTail(lines?: number): Promise<string>;
}

/** Asks the kernel for a free port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('no port assigned'));
        return;
      }
      probe.close(() => resolvePort(address.port));
    });
  });
}

/** Servers started below and their stop functions, so that an interrupted run can still stop them. */
const running = new Map<ChildProcess, () => Promise<void>>();
process.once('exit', () => {
  for (const child of running.keys()) kill(child, 'SIGKILL');
});

/** Stops every server this process started (for a SIGINT or SIGTERM of the runner). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running.values()].map((stop) => stop()));
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `node --import tsx apps/server/src/main.ts` on a free port with a fresh temporary DATA_DIR and waits for
 * GET /readyz to answer 200.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: String(options.demoData),
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    // The journeys ask the public API more often than a person would.
    PUBLIC_RATE_LIMIT_PER_MINUTE: process.env.PUBLIC_RATE_LIMIT_PER_MINUTE ?? '100000',
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    // PostgreSQL requires the key (platform/secrets.ts); the embedded engine generates one in the temporary DATA_DIR.
    env.DATA_ENCRYPTION_KEY ??= randomBytes(16).toString('hex');
    env.LOG_SIGNING_KEY ??= randomBytes(32).toString('hex');
  }

  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: options.repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Not detached: it stays in the runner's process group, so a Ctrl-C or a CI timeout that signals the group
    // reaches it even if the runner itself is killed outright. (node --import tsx starts no processes of its own.)
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exitedBy: string | undefined;
  let stopRequested = false;
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', (code, signal) => {
      if (!stopRequested) exitedBy = signal ? `signal ${signal}` : `exit code ${code}`;
      resolveExit();
    }),
  );

  const baseUrl = `http://127.0.0.1:${port}`;
  const logTail = async (lines = 30) => {
    const text = existsSync(options.logFile) ? await readFile(options.logFile, 'utf8') : '';
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopNow();
    return stopping;
  };
  const stopNow = async () => {
    stopRequested = true;
    kill(child, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      kill(child, 'SIGKILL');
      await exited;
    }
    running.delete(child);
    // Give the pipes a moment to drain into the log before closing it.
    await sleep(50);
    log.end();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  };
  running.set(child, stop);

  const started = Date.now();
  try {
    while (true) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
      }
      if (Date.now() - started > options.readyTimeoutMs) {
        throw new Error(`GET /readyz did not answer 200 within ${options.readyTimeoutMs / 1000} s`);
      }
      try {
        const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
  } catch (error) {
    await stop();
    const tail = await logTail();
    throw new Error(`${(error as Error).message}\n--- server log (${options.logFile}) ---\n${tail}`);
  }
  return {
    baseUrl,
    engine: options.databaseUrl ? 'postgres' : 'pglite',
    readyInMs: Date.now() - started,
    dataDir,
    exitedBy: () => exitedBy,
    stop,
    logTail,
  };
}
