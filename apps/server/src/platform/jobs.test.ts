import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../test/database';
import type { DatabaseHandle } from './database';
import { defineJob, enqueueJob, type JobLog, runJobsUntilIdle, runNextJob, startJobWorker } from './jobs';

let database: DatabaseHandle;
const log: JobLog = { info: () => {}, warn: () => {}, error: () => {} };
const payloadSchema = z.object({ value: z.number().int() });

async function job(id: number) {
  return database.db
    .selectFrom('jobs')
    .select(['status', 'attempts', 'lastError', 'lockedUntil', 'runAfter', 'finishedAt'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

describe('jobs', () => {
  it('enqueues in the caller transaction: a rolled-back change leaves no job', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await enqueueJob(trx, 'test.rolled-back', { value: 1 });
        throw new Error('rollback');
      })
      .catch(() => {});
    const rows = await database.db.selectFrom('jobs').select('id').where('name', '=', 'test.rolled-back').execute();
    expect(rows).toEqual([]);
  });

  it('runs a job with its parsed payload once and marks it done', async () => {
    const seen: number[] = [];
    const id = await enqueueJob(database.db, 'test.ok', { value: 7 });
    const ran = await runJobsUntilIdle(database.db, {
      'test.ok': defineJob({ schema: payloadSchema, run: async (payload) => void seen.push(payload.value) }),
    });
    expect(ran).toBe(1);
    expect(seen).toEqual([7]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null });
    expect((await job(id)).finishedAt).toBeInstanceOf(Date);
  });

  it('fails a job whose payload does not match its schema without retrying it', async () => {
    const id = await enqueueJob(database.db, 'test.bad-payload', { value: 'x' });
    const run = async () => {
      throw new Error('must not run');
    };
    await runJobsUntilIdle(database.db, { 'test.bad-payload': defineJob({ schema: payloadSchema, run }) });
    expect(await job(id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('invalid payload'),
    });
  });

  it('retries a failing job with growing backoff and marks it failed after the last attempt', async () => {
    const id = await enqueueJob(database.db, 'test.flaky', { value: 1 });
    const failures: unknown[] = [];
    const handlers = {
      'test.flaky': defineJob({
        schema: payloadSchema,
        maxAttempts: 3,
        run: async () => {
          throw new Error('receiver down');
        },
        onFailed: async (_payload, error) => void failures.push(error),
      }),
    };
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = Date.now();
      expect(await runNextJob(database.db, handlers, { log, retryBaseMs: 60_000 })).toBe(true);
      const state = await job(id);
      expect(state.attempts).toBe(attempt);
      expect(state.lastError).toContain('receiver down');
      if (attempt < 3) {
        expect(state.status).toBe('pending');
        delays.push(state.runAfter.getTime() - before);
        // Not due yet: nothing to claim until the backoff has passed.
        expect(await runNextJob(database.db, handlers, { log })).toBe(false);
        await database.db
          .updateTable('jobs')
          .set({ runAfter: new Date(Date.now() - 1000) })
          .where('id', '=', id)
          .execute();
      } else {
        expect(state.status).toBe('failed');
      }
    }
    expect(delays[0]).toBeGreaterThan(55_000);
    expect(delays[1]).toBeGreaterThan(115_000);
    expect(failures).toHaveLength(1);
  });

  it("claims a crashed worker's job again only once its lease has run out", async () => {
    const id = await enqueueJob(database.db, 'test.crashed', { value: 1 });
    // A worker claimed it and died: attempts counted, lease still running.
    await sql`UPDATE jobs SET attempts = 1, locked_until = now() + interval '1 minute' WHERE id = ${id}`.execute(
      database.db,
    );
    let runs = 0;
    const handlers = {
      'test.crashed': defineJob({
        schema: payloadSchema,
        run: async () => {
          runs += 1;
        },
      }),
    };
    expect(await runJobsUntilIdle(database.db, handlers)).toBe(0);
    await sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ${id}`.execute(database.db);
    expect(await runJobsUntilIdle(database.db, handlers)).toBe(1);
    expect(runs).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('counts an attempt whose process died at each claim and dead-letters the job once its attempts are used up', async () => {
    const id = await enqueueJob(database.db, 'test.poison', { value: 1 });
    let runs = 0;
    const failures: unknown[] = [];
    // Each run "dies": it never settles until the end of the test, and its lease runs out (no heartbeat meanwhile).
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handlers = {
      'test.poison': defineJob({
        schema: payloadSchema,
        maxAttempts: 3,
        run: async () => {
          runs += 1;
          await released;
          throw new Error('zombie finishing late');
        },
        onFailed: async (_payload, error) => void failures.push(error),
      }),
    };
    const timing = { log, leaseMs: 100, heartbeatMs: 3_600_000 };
    const zombies: Array<Promise<boolean>> = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      zombies.push(runNextJob(database.db, handlers, timing));
      for (let wait = 0; wait < 100 && runs < attempt; wait++) await sleep(10);
      expect(await job(id)).toMatchObject({ status: 'pending', attempts: attempt });
      await sleep(150);
    }
    // The fourth claim finds the attempts used up: the job is dead-lettered with its reason, never run a fourth time.
    expect(await runNextJob(database.db, handlers, timing)).toBe(true);
    expect(runs).toBe(3);
    const dead = await job(id);
    expect(dead).toMatchObject({ status: 'failed', attempts: 3, lockedUntil: null });
    expect(dead.lastError).toContain('attempt 3 of 3 never finished');
    expect(dead.finishedAt).toBeInstanceOf(Date);
    expect(failures).toHaveLength(1);
    expect(await runNextJob(database.db, handlers, timing)).toBe(false);
    // The dead workers' late endings change nothing.
    release();
    await Promise.all(zombies);
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failures).toHaveLength(1);
  });

  it('extends the lease of a long job, so that no other worker takes it while it runs', async () => {
    const id = await enqueueJob(database.db, 'test.long', { value: 1 });
    let runs = 0;
    const handlers = {
      'test.long': defineJob({
        schema: payloadSchema,
        run: async () => {
          runs += 1;
          await sleep(1500);
        },
      }),
    };
    const running = runNextJob(database.db, handlers, { log, leaseMs: 1000, heartbeatMs: 200 });
    await sleep(1200);
    // Past the first lease: the heartbeat has kept it.
    expect(await runNextJob(database.db, handlers, { log, leaseMs: 1000 })).toBe(false);
    expect((await job(id)).lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    await running;
    expect(runs).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('lets a worker that lost its lease change nothing, and stops its handler', async () => {
    const id = await enqueueJob(database.db, 'test.fenced', { value: 1 });
    let aborted = false;
    const handlers = {
      'test.fenced': defineJob({
        schema: payloadSchema,
        run: async (_payload, context) => {
          // Another worker took the job over meanwhile (its claim counted the next attempt).
          await sql`UPDATE jobs SET attempts = attempts + 1 WHERE id = ${context.jobId}`.execute(database.db);
          await sleep(600);
          aborted = context.signal.aborted;
          throw new Error('stopped');
        },
      }),
    };
    await runNextJob(database.db, handlers, { log, leaseMs: 60_000, heartbeatMs: 100 });
    expect(aborted).toBe(true);
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 2, lastError: null });
  });

  it('stops gracefully: the running job is asked to stop and released without counting the attempt', async () => {
    const id = await enqueueJob(database.db, 'test.stoppable', { value: 1 });
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => {
      started = resolve;
    });
    const worker = startJobWorker({
      db: database.db,
      log,
      pollMs: 50,
      handlers: {
        'test.stoppable': defineJob({
          schema: payloadSchema,
          run: async (_payload, context) => {
            started();
            while (!context.signal.aborted) await sleep(20);
            throw context.signal.reason;
          },
        }),
      },
    });
    await startedPromise;
    await worker.stop();
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: null });
  });

  it('runs jobs enqueued while the worker is idle', async () => {
    const seen: number[] = [];
    const worker = startJobWorker({
      db: database.db,
      log,
      pollMs: 5000,
      handlers: {
        'test.later': defineJob({ schema: payloadSchema, run: async (payload) => void seen.push(payload.value) }),
      },
    });
    try {
      await sleep(100);
      await enqueueJob(database.db, 'test.later', { value: 3 });
      worker.wake();
      for (let wait = 0; wait < 50 && seen.length === 0; wait++) await sleep(50);
      expect(seen).toEqual([3]);
    } finally {
      await worker.stop();
    }
  });
});
