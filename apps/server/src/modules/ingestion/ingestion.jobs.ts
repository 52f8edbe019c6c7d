import { readdir, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Db } from '../../platform/database';
import { incomingDirectory } from '../../platform/files';
import { defineDailyJob, defineJob, type JobHandlers, scheduleRecurringJob } from '../../platform/jobs';
import { giveUpUpload, type IngestionDeps, type ProcessOptions, processUpload } from './ingestion.import';

export const PROCESS_UPLOAD_JOB = 'ingestion.process-upload';
export const SWEEP_INCOMING_JOB = 'ingestion.sweep-incoming';

const ProcessUploadPayloadSchema = z.object({ uploadId: z.number().int().positive() });

const MAX_ATTEMPTS = 5;

/** A file still arriving is written to every few milliseconds: one untouched this long is what a crash left. */
export const INCOMING_MAX_IDLE_MS = 24 * 3_600_000;

/** Removes the files in `.incoming` last written before `before` (ms since the epoch); returns how many. */
export async function sweepIncomingFiles(dataDir: string, before: number): Promise<number> {
  const directory = incomingDirectory(dataDir);
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  let removed = 0;
  for (const name of names) {
    const path = resolve(directory, name);
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Number.POSITIVE_INFINITY }));
    if (mtimeMs >= before) continue;
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}

/** Called once at start, before the worker runs: the sweep runs now unless a run is already pending. */
export function scheduleIngestionJobs(db: Db): Promise<boolean> {
  return scheduleRecurringJob(db, SWEEP_INCOMING_JOB);
}

/** The jobs this module owns. */
export function ingestionJobs(deps: IngestionDeps, options: ProcessOptions = {}): JobHandlers {
  return {
    [PROCESS_UPLOAD_JOB]: defineJob({
      schema: ProcessUploadPayloadSchema,
      maxAttempts: MAX_ATTEMPTS,
      run: (payload, context) => processUpload(deps, payload.uploadId, context.signal, options),
      onFailed: (payload) => giveUpUpload(deps, payload.uploadId),
    }),
    // A process killed while an upload arrived leaves its partial file in `.incoming` (nothing refers to it): swept at
    // each start and daily at 04:00 China time.
    [SWEEP_INCOMING_JOB]: defineDailyJob({
      db: deps.db,
      name: SWEEP_INCOMING_JOB,
      at: '04:00',
      async run(context) {
        const removed = await sweepIncomingFiles(deps.dataDir, Date.now() - INCOMING_MAX_IDLE_MS);
        context.log.info({ jobId: context.jobId, removed }, 'abandoned partial uploads removed');
      },
    }),
  };
}
