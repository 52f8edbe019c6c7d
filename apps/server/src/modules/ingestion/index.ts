export {
  type IngestionDeps,
  ingestionJobs,
  PROCESS_UPLOAD_JOB,
  type ProcessOptions,
  SWEEP_INCOMING_JOB,
  scheduleIngestionJobs,
} from './ingestion.job';
export { type IngestionRouteDeps, registerIngestionRoutes } from './ingestion.routes';
