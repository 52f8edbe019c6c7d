export { type IngestionDeps, ingestionJobs, PROCESS_UPLOAD_JOB, type ProcessOptions } from './ingestion.job';
export { type IngestionRouteDeps, registerIngestionRoutes } from './ingestion.routes';
