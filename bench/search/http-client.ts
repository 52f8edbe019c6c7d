/**
 * The HTTP load generator, run as a child process (`fork`) so autocannon does not share the server's event loop.
 * It still shares the machine's two cores with the server and PostgreSQL: quote ratios, not absolute numbers.
 */
import autocannon from 'autocannon';
import { type LoadResult, sequential, summarise } from './measure';

export type ClientJob =
  | { kind: 'autocannon'; origin: string; paths: string[]; connections: number; seconds: number }
  | { kind: 'sequential'; origin: string; paths: string[]; count: number };

export type ClientReply =
  | { ok: true; result: LoadResult; statuses: Record<string, number> }
  | { ok: false; error: string };

async function runAutocannon(job: Extract<ClientJob, { kind: 'autocannon' }>) {
  const requests = job.paths.map((path) => ({ method: 'GET' as const, path }));
  let clients = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let finish: (outcome: { error: unknown; result?: autocannon.Result }) => void = () => undefined;
  const finished = new Promise<{ error: unknown; result?: autocannon.Result }>((resolve) => {
    finish = resolve;
  });
  const instance = autocannon(
    {
      url: job.origin,
      connections: job.connections,
      duration: job.seconds,
      requests,
      // Each connection starts at its own offset in the list, so the 50 connections do not send the same query together.
      setupClient: (client) => {
        const offset = clients++ % requests.length;
        client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
      },
    },
    (error, result) => finish({ error, result }),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const { error, result } = await finished;
  if (error || !result) throw error ?? new Error('autocannon gave no result');
  const errors = result.errors + result.timeouts + result.non2xx;
  return { result: summarise(latencies, errors, result.duration), statuses };
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
  const work = job.kind === 'autocannon' ? runAutocannon(job) : runSequential(job);
  work.then(
    (outcome) => process.send?.({ ok: true, ...outcome } satisfies ClientReply),
    (error: unknown) => process.send?.({ ok: false, error: String(error) } satisfies ClientReply),
  );
});
