import { readFile } from 'node:fs/promises';

/**
 * CPU accounting for one measured scenario on a shared machine: how many cores the whole machine was busy, how many
 * of those went to the benchmark itself (this process, the load generator, the PostgreSQL backends of the bench
 * database) and how many to everything else. Linux only (/proc); elsewhere the figures are NaN.
 */
export interface CpuShare {
  machine: number;
  ours: number;
  other: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

async function processTicks(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: utime, stime, cutime and cstime are the 12th to 15th
    // fields after it. The children's times hold the load generator (wrk), which the HTTP client process runs and waits for.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

async function ticksOf(pids: number[]): Promise<Map<number, number>> {
  return new Map(await Promise.all(pids.map(async (pid) => [pid, await processTicks(pid)] as const)));
}

/** Starts measuring; `pids` lists the benchmark's own processes and is asked again at the end (backends come and go). */
export async function startCpuMeter(pids: () => Promise<number[]>): Promise<{ stop(): Promise<CpuShare> }> {
  try {
    const started = performance.now();
    const machineBefore = await machineTicks();
    const before = await ticksOf(await pids());
    return {
      async stop() {
        const seconds = (performance.now() - started) / 1000;
        const machineAfter = await machineTicks();
        const after = await ticksOf(await pids());
        let ours = 0;
        for (const [pid, ticks] of after) ours += ticks - (before.get(pid) ?? 0);
        const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
        const machine = cores(machineAfter.busy - machineBefore.busy);
        return { machine, ours: cores(ours), other: Math.max(0, machine - cores(ours)) };
      },
    };
  } catch {
    return { stop: async () => ({ machine: Number.NaN, ours: Number.NaN, other: Number.NaN }) };
  }
}
