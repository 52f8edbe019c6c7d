import { chinaToday } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { defineDailyJob, type JobHandlers, scheduleRecurringJob } from '../../platform/jobs';
import { EXPIRE_RECORDS_JOB, expireEndedPublicity } from './publicity.service';

/** `publicity.expire-records`: daily at 00:05 China time, just after the day changes, and once at each start. */
export function publicityJobs(deps: { db: Db }): JobHandlers {
  return {
    [EXPIRE_RECORDS_JOB]: defineDailyJob({
      db: deps.db,
      name: EXPIRE_RECORDS_JOB,
      at: '00:05',
      async run(context) {
        const expired = await expireEndedPublicity(deps.db, chinaToday(), { signal: context.signal });
        context.log.info({ jobId: context.jobId, expired }, 'records whose publicity window ended left public view');
      },
    }),
  };
}

/** Called once at start, before the worker runs: the expiry runs now unless a run is already pending. */
export function schedulePublicityJobs(db: Db): Promise<boolean> {
  return scheduleRecurringJob(db, EXPIRE_RECORDS_JOB);
}
