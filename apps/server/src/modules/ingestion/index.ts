export type { IngestionDeps, ProcessOptions } from './ingestion.import';
export { ingestionJobs, PROCESS_UPLOAD_JOB, SWEEP_INCOMING_JOB, scheduleIngestionJobs } from './ingestion.jobs';
export { type IngestionRouteDeps, registerIngestionRoutes } from './ingestion.routes';
export { countRecentUploadsWithErrors, readUploadedSheet } from './ingestion.service';
