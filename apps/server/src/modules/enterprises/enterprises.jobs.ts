import type { Db } from '../../platform/database';
import { defineDailyJob, type JobHandlers, scheduleRecurringJob } from '../../platform/jobs';
import { refreshNameGramCounts } from './enterprises.repository';

export const REFRESH_NAME_STATISTICS_JOB = 'enterprises.refresh-name-statistics';

/**
 * `enterprises.refresh-name-statistics`: recounts the postings per gram that name search picks its rarest trigram by
 * (migration 0011). Daily at 03:00 China time, when the portal is quiet (~15 s at 5,000,000 entities), and once at each
 * start. Between runs a new gram counts as rare: searches stay complete, at worst slower.
 */
export function enterprisesJobs(deps: { db: Db }): JobHandlers {
  return {
    [REFRESH_NAME_STATISTICS_JOB]: defineDailyJob({
      db: deps.db,
      name: REFRESH_NAME_STATISTICS_JOB,
      at: '03:00',
      async run(context) {
        const grams = await refreshNameGramCounts(deps.db);
        context.log.info({ jobId: context.jobId, grams }, 'name search statistics refreshed');
      },
    }),
  };
}

/** Called once at start, before the worker runs: the refresh runs now unless a run is already pending. */
export function scheduleEnterprisesJobs(db: Db): Promise<boolean> {
  return scheduleRecurringJob(db, REFRESH_NAME_STATISTICS_JOB);
}
