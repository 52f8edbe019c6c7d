import { z } from 'zod';
import type { Db } from '../../platform/database';
import { defineJob, type JobHandlers, scheduleRecurringJob } from '../../platform/jobs';
import { foldStatistics } from './statistics.service';

export const FOLD_DELTAS_JOB = 'statistics.fold-deltas';

/** How often the rollups' deltas are folded into their counts (readers add the pending deltas meanwhile). */
const FOLD_INTERVAL_MS = 60_000;

/** `statistics.fold-deltas`: every minute (each run books the next), and once at each start. */
export function statisticsJobs(deps: { db: Db }): JobHandlers {
  return {
    [FOLD_DELTAS_JOB]: defineJob({
      schema: z.object({}),
      async run(_payload, context) {
        await foldStatistics(deps.db);
        await scheduleRecurringJob(deps.db, FOLD_DELTAS_JOB, {
          runAfter: new Date(Date.now() + FOLD_INTERVAL_MS),
          finishingJobId: context.jobId,
        });
      },
    }),
  };
}

/** Called once at start, before the worker runs. */
export async function scheduleStatisticsJobs(db: Db): Promise<void> {
  await scheduleRecurringJob(db, FOLD_DELTAS_JOB);
}
