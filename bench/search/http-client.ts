/**
 * The HTTP load generator, run as a child process (`fork`) so its client work does not share the server's event loop.
 * Load comes from wrk (Debian package `wrk`), whose C client costs the shared cores about 40 µs per request where
 * autocannon cost ~140 µs (bench/README.md): on 2 cores shared with the server and PostgreSQL, the client's own CPU
 * would otherwise be a tenth of what is measured. wrk runs as this process's child, so its CPU shows in this process's
 * children's time (cpu.ts). Quote ratios, not absolute numbers.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadResult, sequential } from './measure';

export type ClientJob =
  | { kind: 'load'; origin: string; paths: string[]; connections: number; seconds: number; rate?: number }
  | { kind: 'sequential'; origin: string; paths: string[]; count: number };

export type ClientReply =
  | { ok: true; result: LoadResult; statuses: Record<string, number> }
  | { ok: false; error: string };

/**
 * wrk's script: each thread walks the paths round-robin from its own offset (so the connections do not send the same
 * query together) and prints the summary as JSON. Latencies come from wrk's histogram (µs resolution).
 *
 * With a rate (requests/s in all), a connection that got its answer waits for its thread's next send slot, the slots
 * spaced BENCH_INTERVAL_MS apart (the thread's share of the rate): load at a set rate, whose latencies are the server's
 * answer time at that load rather than the queue a saturating closed loop builds. A server that cannot keep up takes
 * slots late, which shows as a rate below the one asked.
 */
const WRK_SCRIPT = `
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int, bench_timespec *); ]]
local clock = ffi.new("bench_timespec")
local function now_ms() ffi.C.clock_gettime(1, clock); return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6 end
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local interval = tonumber(os.getenv("BENCH_INTERVAL_MS") or "")
local threads = 0
function setup(thread) threads = threads + 1; thread:set("start", threads * 17) end
function init(args)
  index = start
  slot = now_ms()
end
if interval then
  function delay()
    local now = now_ms()
    slot = math.max(slot + interval, now)
    return math.floor(slot - now)
  end
end
function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"failed":%d,"non2xx":%d,"seconds":%.6f,"p50":%.3f,"p95":%.3f,"p99":%.3f}\\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
`;

interface WrkSummary {
  requests: number;
  failed: number;
  non2xx: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
}

function wrk(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT' ? new Error('wrk is not installed: apt-get install wrk (bench/README.md)') : error,
      ),
    );
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`wrk exited with ${code}`))));
  });
}

async function runLoad(job: Extract<ClientJob, { kind: 'load' }>) {
  const folder = await mkdtemp(join(tmpdir(), 'gzcredit-wrk-'));
  try {
    await writeFile(join(folder, 'paths.txt'), `${job.paths.join('\n')}\n`);
    await writeFile(join(folder, 'bench.lua'), WRK_SCRIPT);
    const threads = Math.min(2, job.connections);
    const output = await wrk(
      [
        '-t',
        String(threads),
        '-c',
        String(job.connections),
        '-d',
        `${job.seconds}s`,
        '--timeout',
        '10s',
        '-s',
        join(folder, 'bench.lua'),
        job.origin,
      ],
      {
        BENCH_PATHS: join(folder, 'paths.txt'),
        // A thread's send slots: its share of the rate.
        ...(job.rate === undefined ? {} : { BENCH_INTERVAL_MS: String((threads * 1000) / job.rate) }),
      },
    );
    const line = output.split('\n').find((text) => text.startsWith('{"requests"'));
    if (!line) throw new Error(`wrk printed no summary:\n${output}`);
    const summary = JSON.parse(line) as WrkSummary;
    const completed = summary.requests - summary.non2xx;
    const result: LoadResult = {
      completed,
      errors: summary.failed + summary.non2xx,
      seconds: summary.seconds,
      perSecond: completed / summary.seconds,
      p50: summary.p50,
      p95: summary.p95,
      p99: summary.p99,
    };
    return { result, statuses: { 200: completed, ...(summary.non2xx > 0 ? { 'non-2xx': summary.non2xx } : {}) } };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function runSequential(job: Extract<ClientJob, { kind: 'sequential' }>) {
  const statuses: Record<string, number> = {};
  const result = await sequential(job.paths, job.count, async (path) => {
    const response = await fetch(job.origin + path);
    await response.arrayBuffer();
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  });
  return { result, statuses };
}

process.on('message', (job: ClientJob) => {
  const work = job.kind === 'load' ? runLoad(job) : runSequential(job);
  work.then(
    (outcome) => process.send?.({ ok: true, ...outcome } satisfies ClientReply),
    (error: unknown) => process.send?.({ ok: false, error: String(error) } satisfies ClientReply),
  );
});
