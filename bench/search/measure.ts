/** Latency and throughput of a closed loop: `concurrency` callers, each sending its next query when the last returns. */
export interface LoadResult {
  completed: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of ascending `sorted` values. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

export function summarise(latencies: number[], errors: number, seconds: number): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  const values = Array.from(sorted);
  return {
    completed: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
  };
}

/** Each caller starts at its own offset in `queries` and walks it round-robin until the time is up. */
export async function closedLoop(
  queries: string[],
  options: { concurrency: number; seconds: number },
  run: (query: string, caller: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const caller = async (index: number) => {
    for (let n = index; performance.now() < deadline; n += 1) {
      const query = queries[n % queries.length]!;
      const sent = performance.now();
      try {
        await run(query, index);
        latencies.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => caller(index)));
  const seconds = (performance.now() - started) / 1000;
  if (firstError) console.warn(`  ${errors} errors, first: ${String(firstError)}`);
  return summarise(latencies, errors, seconds);
}

/** One caller, `count` queries in turn: the latency a single user sees on an otherwise idle machine. */
export async function sequential(
  queries: string[],
  count: number,
  run: (query: string) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let n = 0; n < count; n++) {
    const sent = performance.now();
    await run(queries[n % queries.length]!);
    latencies.push(performance.now() - sent);
  }
  return summarise(latencies, 0, (performance.now() - started) / 1000);
}
