import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../platform/database';
import { defineJob, type JobHandlers, scheduleRecurringJob } from '../../platform/jobs';
import { type DeliveryOptions, deliverSyncEvents } from './sync-delivery.service';

export const DELIVER_JOB = 'sync.deliver';

export type SyncJobsDependencies = Pick<DeliveryOptions, 'batchSize' | 'roundBudgetMs'> & {
  db: Db;
  dataKey: Buffer;
  config: Pick<
    Config,
    'SYNC_RETRY_BASE_SECONDS' | 'SYNC_RETRY_MAX_SECONDS' | 'SYNC_REQUEST_TIMEOUT_SECONDS' | 'SYNC_POLL_SECONDS'
  >;
};

/**
 * `sync.deliver`: one delivery round (at most a couple of seconds, so the worker's other jobs interleave), then the next
 * run is booked: at once while events are still due, after SYNC_POLL_SECONDS otherwise. One run is pending at a time
 * whichever node books it, and each delivery is leased, so several nodes never send an event at once.
 */
export function syncJobs(deps: SyncJobsDependencies): JobHandlers {
  const { config } = deps;
  return {
    [DELIVER_JOB]: defineJob({
      schema: z.object({}),
      async run(_payload, context) {
        const outcome = await deliverSyncEvents(
          {
            db: deps.db,
            dataKey: deps.dataKey,
            retryBaseMs: config.SYNC_RETRY_BASE_SECONDS * 1000,
            retryMaxMs: config.SYNC_RETRY_MAX_SECONDS * 1000,
            requestTimeoutMs: config.SYNC_REQUEST_TIMEOUT_SECONDS * 1000,
            ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
            ...(deps.roundBudgetMs ? { roundBudgetMs: deps.roundBudgetMs } : {}),
          },
          context.signal,
        );
        if (outcome.attempted > 0) context.log.info({ sync: outcome }, 'sync delivery round');
        await scheduleRecurringJob(deps.db, DELIVER_JOB, {
          runAfter: new Date(Date.now() + (outcome.more ? 0 : config.SYNC_POLL_SECONDS * 1000)),
          finishingJobId: context.jobId,
        });
      },
    }),
  };
}

/** Called once at start, before the worker runs. */
export async function scheduleSyncJobs(db: Db): Promise<void> {
  await scheduleRecurringJob(db, DELIVER_JOB);
}
