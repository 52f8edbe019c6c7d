import { setTimeout as sleep } from 'node:timers/promises';
import { chinaToday } from '@gzcredit/domain';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from './database';

/**
 * Background jobs on the `jobs` table (SPEC §5), the same on PGlite and PostgreSQL. A job is enqueued in the
 * transaction of the change that needs it, so it exists exactly when the change does. A worker claims one with
 * `FOR UPDATE SKIP LOCKED` and a lease (`locked_until`); a heartbeat extends the lease while the job runs; a crashed
 * worker's job is claimed again once its lease has run out. Each claim counts an attempt, which also fences the job:
 * a worker whose lease was taken over can no longer complete, fail or extend it. Handlers must therefore be idempotent
 * (they may run again after a crash), which they achieve with checkpoints written in their own transactions.
 *
 * A job whose last attempt never finished (its process died, e.g. out of memory, so `failJob` never ran) is not run
 * again: the claim that finds it with its attempts used up dead-letters it (`failed`, the reason in `last_error`) and its
 * `onFailed` runs, exactly as after a failed last attempt. Otherwise a poison job would crash every restart.
 */

export interface JobLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface JobContext {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  /** Aborted when the worker stops or loses the lease: stop at the next safe point (throw `signal.reason`). */
  signal: AbortSignal;
  log: JobLog;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** The payload is checked when the job runs: a payload that does not match fails the job without retry. */
  schema: S;
  run(payload: z.output<S>, context: JobContext): Promise<void>;
  /** After this many attempts that failed or never finished the job is `failed` (default 5). */
  maxAttempts?: number;
  /** Called once when the job has finally failed, e.g. to mark the object it works on. */
  onFailed?(payload: z.output<S>, error: unknown): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: handlers of different payload types live in one table
export type JobHandlers = Readonly<Record<string, JobDefinition<any>>>;

/** Declares a job with its payload schema (gives `run` its payload type). */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

export interface JobTiming {
  /** How long a claim holds a job before another worker may take it (default 60 s). */
  leaseMs?: number;
  /** How often a running job's lease is extended (default a quarter of the lease). */
  heartbeatMs?: number;
  /** First retry delay; doubled per attempt, at most an hour (default 10 s). */
  retryBaseMs?: number;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_RETRY_BASE_MS = 10_000;
const MAX_RETRY_DELAY_MS = 3_600_000;
const DEFAULT_MAX_ATTEMPTS = 5;

/** Enqueues a job in the caller's transaction: it runs only if that transaction commits. */
export async function enqueueJob(
  trx: Db,
  name: string,
  payload: object,
  options: { runAfter?: Date } = {},
): Promise<number> {
  const row = await trx
    .insertInto('jobs')
    .values({ name, payload: JSON.stringify(payload), ...(options.runAfter ? { runAfter: options.runAfter } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Due, unfinished jobs per name and how long the oldest has waited (the metrics' queue gauges; index jobs_pending). */
export async function listJobQueues(db: Db): Promise<Array<{ name: string; due: number; oldestAgeSeconds: number }>> {
  const { rows } = await sql<{ name: string; due: number; oldestAgeSeconds: number }>`
    SELECT name, count(*)::int AS due, extract(epoch FROM now() - min(run_after))::float8 AS oldest_age_seconds
    FROM jobs WHERE status = 'pending' AND run_after <= now()
    GROUP BY name`.execute(db);
  return rows;
}

/** The next `time` (HH:MM) in China (UTC+8, no daylight saving) after `now`. */
export function nextDailyRun(now: Date, time: string): Date {
  const candidate = new Date(`${chinaToday(now)}T${time}:00+08:00`);
  return candidate > now ? candidate : new Date(candidate.getTime() + 86_400_000);
}

/**
 * Makes sure one run of a recurring job is to come: called at start (runs now) and by each run as it ends (with the
 * next run time and its own id). Never two pending: the check and the insert run under a transaction-scoped advisory
 * lock on the job's name, so workers starting at once enqueue one run.
 */
export async function scheduleRecurringJob(
  db: Db,
  name: string,
  options: { runAfter?: Date; finishingJobId?: number } = {},
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
    const { rows } = await sql`
      SELECT 1 AS found FROM jobs
      WHERE name = ${name} AND status = 'pending' AND id <> ${options.finishingJobId ?? 0}
      LIMIT 1`.execute(trx);
    if (rows.length > 0) return false;
    await enqueueJob(trx, name, {}, options.runAfter ? { runAfter: options.runAfter } : {});
    return true;
  });
}

/**
 * A job that runs once at each start (its module calls scheduleRecurringJob then) and daily at `at` (HH:MM, China
 * time): each run books the next as it ends, so exactly one run is always to come.
 */
export function defineDailyJob(options: {
  db: Db;
  name: string;
  at: string;
  run(context: JobContext): Promise<void>;
}): JobDefinition {
  return defineJob({
    schema: z.object({}),
    async run(_payload, context) {
      await options.run(context);
      await scheduleRecurringJob(options.db, options.name, {
        runAfter: nextDailyRun(new Date(), options.at),
        finishingJobId: context.jobId,
      });
    },
  });
}

interface ClaimedJob {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  /** Its attempts were used up by runs that never finished: dead-lettered by the claim, not to be run. */
  dead: boolean;
  lastError: string | null;
}

/**
 * Claims the next due job, counting the attempt in the same statement. A job whose attempts already reached its
 * handler's maxAttempts is marked failed instead, with the reason, and answered with `dead` set.
 */
async function claimJob(
  db: Db,
  limits: Array<{ name: string; maxAttempts: number }>,
  leaseMs: number,
): Promise<ClaimedJob | undefined> {
  if (limits.length === 0) return undefined;
  const names = limits.map((limit) => limit.name);
  const maxAttempts = limits.map((limit) => limit.maxAttempts);
  const result = await sql<ClaimedJob>`
    UPDATE jobs SET
      attempts = CASE WHEN picked.dead THEN jobs.attempts ELSE jobs.attempts + 1 END,
      locked_until = CASE WHEN picked.dead THEN NULL ELSE now() + make_interval(secs => ${leaseMs / 1000}) END,
      status = CASE WHEN picked.dead THEN 'failed' ELSE 'pending' END,
      finished_at = CASE WHEN picked.dead THEN now() END,
      last_error = CASE WHEN picked.dead
        THEN left('attempt ' || jobs.attempts || ' of ' || picked.max_attempts
          || ' never finished: its process died or lost its lease'
          || coalesce(E'\nlast error: ' || jobs.last_error, ''), 4000)
        ELSE jobs.last_error END
    FROM (
      SELECT candidate.id, limits.max_attempts, candidate.attempts >= limits.max_attempts AS dead
      FROM jobs AS candidate
      JOIN unnest(${names}::text[], ${maxAttempts}::int[]) AS limits (name, max_attempts) ON limits.name = candidate.name
      WHERE candidate.status = 'pending' AND candidate.run_after <= now()
        AND (candidate.locked_until IS NULL OR candidate.locked_until < now())
      ORDER BY candidate.run_after, candidate.id
      LIMIT 1
      FOR UPDATE OF candidate SKIP LOCKED) AS picked
    WHERE jobs.id = picked.id
    RETURNING jobs.id, jobs.name, jobs.payload, jobs.attempts, picked.dead, jobs.last_error`.execute(db);
  const row = result.rows[0];
  return row ? { ...row, id: Number(row.id) } : undefined;
}

/** Every write below is fenced by the attempt the claim counted: a worker that lost its lease changes nothing. */
const owned = (job: ClaimedJob) => sql`id = ${job.id} AND attempts = ${job.attempts} AND status = 'pending'`;

async function extendLease(db: Db, job: ClaimedJob, leaseMs: number): Promise<boolean> {
  const result = await sql`
    UPDATE jobs SET locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    WHERE ${owned(job)} RETURNING id`.execute(db);
  return result.rows.length > 0;
}

async function completeJob(db: Db, job: ClaimedJob): Promise<void> {
  await sql`
    UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL, last_error = NULL
    WHERE ${owned(job)}`.execute(db);
}

/** Gives the job back without counting the attempt (graceful shutdown). */
async function releaseJob(db: Db, job: ClaimedJob): Promise<void> {
  await sql`
    UPDATE jobs SET locked_until = NULL, attempts = greatest(attempts - 1, 0)
    WHERE ${owned(job)}`.execute(db);
}

/** Schedules a retry with exponential backoff, or marks the job failed; true when it is finally failed. */
async function failJob(
  db: Db,
  job: ClaimedJob,
  error: unknown,
  options: { maxAttempts: number; retryBaseMs: number },
): Promise<boolean> {
  const final = job.attempts >= options.maxAttempts;
  const delayMs = Math.min(options.retryBaseMs * 2 ** (job.attempts - 1), MAX_RETRY_DELAY_MS);
  const message = (error instanceof Error ? (error.stack ?? error.message) : String(error)).slice(0, 4000);
  const result = await sql`
    UPDATE jobs SET
      status = ${final ? 'failed' : 'pending'},
      run_after = CASE WHEN ${final} THEN run_after ELSE now() + make_interval(secs => ${delayMs / 1000}) END,
      finished_at = CASE WHEN ${final} THEN now() END,
      locked_until = NULL,
      last_error = ${message}
    WHERE ${owned(job)} RETURNING id`.execute(db);
  return final && result.rows.length > 0;
}

class StopRequested extends Error {
  constructor() {
    super('job worker stopping');
  }
}
class LeaseLost extends Error {
  constructor() {
    super('job lease lost to another worker');
  }
}

interface RunOptions extends JobTiming {
  log: JobLog;
  /** Aborted by `stop()`: the running job is asked to stop and is released. */
  stopSignal?: AbortSignal;
}

/** Claims and runs one job; false when none is due. */
export async function runNextJob(db: Db, handlers: JobHandlers, options: RunOptions): Promise<boolean> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const limits = Object.entries(handlers).map(([name, handler]) => ({
    name,
    maxAttempts: handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  }));
  const job = await claimJob(db, limits, leaseMs);
  if (!job) return false;
  const handler = handlers[job.name]!;
  const log = options.log;
  const maxAttempts = handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;

  const parsed = handler.schema.safeParse(job.payload);
  if (job.dead) {
    log.error(
      { jobId: job.id, name: job.name, attempts: job.attempts },
      'job dead-lettered: its last attempt never finished',
    );
    if (parsed.success && handler.onFailed) await handler.onFailed(parsed.data, new Error(job.lastError ?? ''));
    return true;
  }
  if (!parsed.success) {
    log.error({ jobId: job.id, name: job.name, issues: parsed.error.issues }, 'job payload does not match its schema');
    await failJob(db, job, new Error(`invalid payload: ${parsed.error.message}`), { maxAttempts: 0, retryBaseMs });
    return true;
  }

  const controller = new AbortController();
  const onStop = () => controller.abort(new StopRequested());
  if (options.stopSignal?.aborted) onStop();
  options.stopSignal?.addEventListener('abort', onStop, { once: true });
  const heartbeat = setInterval(
    () => {
      extendLease(db, job, leaseMs).then(
        (kept) => {
          if (!kept && !controller.signal.aborted) controller.abort(new LeaseLost());
        },
        (error: unknown) => log.warn({ jobId: job.id, err: error }, 'could not extend a job lease'),
      );
    },
    options.heartbeatMs ?? Math.max(1000, Math.floor(leaseMs / 4)),
  );
  heartbeat.unref();
  try {
    await handler.run(parsed.data, { jobId: job.id, attempt: job.attempts, signal: controller.signal, log });
    clearInterval(heartbeat);
    await completeJob(db, job);
  } catch (error) {
    clearInterval(heartbeat);
    const reason = controller.signal.reason;
    if (reason instanceof StopRequested) {
      log.info({ jobId: job.id, name: job.name }, 'job released for the next worker');
      await releaseJob(db, job);
    } else if (reason instanceof LeaseLost) {
      log.warn({ jobId: job.id, name: job.name }, 'job stopped: its lease was taken over');
    } else {
      log.error({ jobId: job.id, name: job.name, attempt: job.attempts, err: error }, 'job failed');
      const final = await failJob(db, job, error, { maxAttempts, retryBaseMs });
      if (final && handler.onFailed) await handler.onFailed(parsed.data, error);
    }
  } finally {
    options.stopSignal?.removeEventListener('abort', onStop);
  }
  return true;
}

const silentLog: JobLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Runs due jobs one after another until none is left (tests, CLI); returns how many ran. */
export async function runJobsUntilIdle(
  db: Db,
  handlers: JobHandlers,
  options: JobTiming & { log?: JobLog; limit?: number } = {},
): Promise<number> {
  let count = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  while (count < limit && (await runNextJob(db, handlers, { ...options, log: options.log ?? silentLog }))) count += 1;
  return count;
}

export interface JobWorker {
  /** Asks the running job to stop at its next safe point (it is released, not failed) and waits for the loop. */
  stop(): Promise<void>;
  /** Looks for due jobs now instead of at the next poll. */
  wake(): void;
}

/** One worker loop: claims and runs due jobs, sleeping `pollMs` when there are none. */
export function startJobWorker(
  options: { db: Db; handlers: JobHandlers; log: JobLog; pollMs?: number } & JobTiming,
): JobWorker {
  const { db, handlers, log, pollMs = 1000 } = options;
  const stopping = new AbortController();
  let nap = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let worked = false;
      try {
        worked = await runNextJob(db, handlers, { ...options, stopSignal: stopping.signal });
      } catch (error) {
        log.error({ err: error }, 'job worker could not claim or settle a job');
      }
      if (worked || stopping.signal.aborted) continue;
      nap = new AbortController();
      await sleep(pollMs, undefined, { signal: AbortSignal.any([nap.signal, stopping.signal]) }).catch(() => {});
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
    wake() {
      nap.abort();
    },
  };
}
