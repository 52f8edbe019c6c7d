export { PRODUCE_ALERTS_JOB, SEND_DIGESTS_JOB, scheduleWatchlistsJobs, watchlistsJobs } from './watchlists.jobs';
export { registerWatchlistRoutes } from './watchlists.routes';
export { produceAlerts, sendDailyDigests } from './watchlists.service';
