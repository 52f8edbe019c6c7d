import { z } from 'zod';
import type { Db } from '../../platform/database';
import { defineJob, type JobHandlers } from '../../platform/jobs';
import { RECOMPUTE_DEADLINES_JOB } from '../calendar';
import { recomputeDeadlines } from './timeliness.service';

/** `calendar.recompute-deadlines` `{ year }`: queued when the bureau confirms a year (calendar feature). */
export function recordsJobs(deps: { db: Db }): JobHandlers {
  return {
    [RECOMPUTE_DEADLINES_JOB]: defineJob({
      schema: z.object({ year: z.number().int() }),
      async run({ year }, context) {
        const result = await recomputeDeadlines(deps.db, year, { signal: context.signal });
        context.log.info({ jobId: context.jobId, year, ...result }, 'deadlines recomputed with the confirmed year');
      },
    }),
  };
}
