import { z } from 'zod';
import type { Db } from '../../platform/database';
import { defineDailyJob, defineJob, type JobHandlers, scheduleRecurringJob } from '../../platform/jobs';
import type { Mailer } from '../../platform/mail';
import { produceAlerts, sendDailyDigests } from './watchlists.service';

export const PRODUCE_ALERTS_JOB = 'watchlists.produce-alerts';
export const SEND_DIGESTS_JOB = 'watchlists.send-digests';

/** How often the change feed is turned into alerts. */
const ALERT_INTERVAL_MS = 60_000;

/**
 * `watchlists.produce-alerts`: the change feed from the watermark into alerts, every minute (each run books the next).
 * `watchlists.send-digests`: the daily digest at 08:00 China time, to the console inbox and the agencies' mailboxes,
 * and once at each start (a second run the same day writes and sends nothing).
 */
export function watchlistsJobs(deps: { db: Db; mailer: Mailer | undefined; dataKey: Buffer }): JobHandlers {
  return {
    [PRODUCE_ALERTS_JOB]: defineJob({
      schema: z.object({}),
      async run(_payload, context) {
        const result = await produceAlerts(deps.db, { signal: context.signal });
        if (result.alerts > 0) context.log.info({ jobId: context.jobId, ...result }, 'watch-list alerts produced');
        await scheduleRecurringJob(deps.db, PRODUCE_ALERTS_JOB, {
          runAfter: new Date(Date.now() + ALERT_INTERVAL_MS),
          finishingJobId: context.jobId,
        });
      },
    }),
    [SEND_DIGESTS_JOB]: defineDailyJob({
      db: deps.db,
      name: SEND_DIGESTS_JOB,
      at: '08:00',
      async run(context) {
        const result = await sendDailyDigests(deps.db, {
          mailer: deps.mailer,
          dataKey: deps.dataKey,
          log: context.log,
        });
        context.log.info({ jobId: context.jobId, ...result }, 'watch-list digests made');
      },
    }),
  };
}

/** Called once at start, before the worker runs: both jobs run now unless a run is already pending. */
export async function scheduleWatchlistsJobs(db: Db): Promise<void> {
  await scheduleRecurringJob(db, PRODUCE_ALERTS_JOB);
  await scheduleRecurringJob(db, SEND_DIGESTS_JOB);
}
