import { fork } from 'node:child_process';
import type { ClientJob, ClientReply } from './http-client';
import type { LoadResult } from './measure';

/** Forks the load generator once and sends it one job at a time. */
export function startHttpClient() {
  const child = fork(new URL('./http-client.ts', import.meta.url), { stdio: 'inherit' });
  return {
    pid: child.pid,
    run(job: ClientJob): Promise<LoadResult & { statuses: Record<string, number> }> {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`HTTP client exited with ${code}`));
        child.once('exit', onExit);
        child.once('message', (reply: ClientReply) => {
          child.off('exit', onExit);
          if (reply.ok) resolve({ ...reply.result, statuses: reply.statuses });
          else reject(new Error(reply.error));
        });
        child.send(job);
      });
    },
    stop: () => child.kill(),
  };
}
