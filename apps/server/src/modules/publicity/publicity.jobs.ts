import { chinaToday } from '@gzcredit/domain';
import { z } from 'zod';
import type { Db } from '../../platform/database';
import { defineJob, type JobHandlers } from '../../platform/jobs';
import { EXPIRE_RECORDS_JOB, expireEndedPublicity, nextExpiryRun, scheduleExpiry } from './publicity.service';

/** `publicity.expire-records`: daily at 00:05 China time, and once at each start (see scheduleExpiry). */
export function publicityJobs(deps: { db: Db }): JobHandlers {
  return {
    [EXPIRE_RECORDS_JOB]: defineJob({
      schema: z.object({}),
      async run(_payload, context) {
        const expired = await expireEndedPublicity(deps.db, chinaToday(), { signal: context.signal });
        context.log.info({ jobId: context.jobId, expired }, 'records whose publicity window ended left public view');
        await scheduleExpiry(deps.db, { runAfter: nextExpiryRun(new Date()), finishingJobId: context.jobId });
      },
    }),
  };
}

/** Called once at start, before the worker runs: the expiry runs now unless a run is already pending. */
export function schedulePublicityJobs(db: Db): Promise<boolean> {
  return scheduleExpiry(db);
}
