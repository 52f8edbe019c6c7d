import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The real server as `npm start` runs it (`node <its flags> --import tsx apps/server/src/main.ts`), as a child process
 * on its own port; extra Node flags come after the script's own.
 */
export interface ServerProcess {
  pid: number;
  port: number;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const REPOSITORY = resolve(import.meta.dirname, '../..');
/** The Node flags of the root package.json's start script (e.g. the V8 heap cap that keeps the server's memory flat). */
async function startFlags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(resolve(REPOSITORY, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return manifest.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

export async function startServer(env: Record<string, string>, port: number, nodeFlags = ''): Promise<ServerProcess> {
  const flags = nodeFlags.split(/\s+/).filter(Boolean);
  const args = [...(await startFlags()), ...flags, '--import', 'tsx', 'apps/server/src/main.ts'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPOSITORY,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || attempt > 600) throw new Error(`server did not start (exit ${child.exitCode})`);
    await sleep(100);
  }
  return {
    pid: child.pid!,
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resident memory now and at its peak (VmHWM), in bytes, from /proc. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kilobytes('VmRSS') * 1024, peak: kilobytes('VmHWM') * 1024 };
}

/** CPU seconds (user + system) a process has used so far, from /proc (NaN when it is gone). */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return Number.NaN;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

/** One request; `body` may be a stream (sent as it is read, with its length when known). */
export function httpRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: Readable | string; length?: number },
): Promise<HttpAnswer> {
  return new Promise((done, fail) => {
    const outgoing = request(
      url,
      {
        method: options.method,
        headers: {
          ...options.headers,
          ...(options.length !== undefined ? { 'content-length': String(options.length) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', fail);
      },
    );
    outgoing.on('error', fail);
    if (options.body === undefined) outgoing.end();
    else if (typeof options.body === 'string') outgoing.end(options.body);
    else options.body.pipe(outgoing);
  });
}
