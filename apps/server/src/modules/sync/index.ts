export { type SyncJobsDependencies, scheduleSyncJobs, syncJobs } from './sync.jobs';
export { registerSyncRoutes } from './sync.routes';
export { enterSyncEvents, type NewSyncEvent } from './sync.service';
