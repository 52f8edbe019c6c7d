export { scheduleStatisticsJobs, statisticsJobs } from './statistics.jobs';
export { statisticsPublicRoutes } from './statistics.routes';
export {
  createStatisticsService,
  foldStatistics,
  PUBLIC_STATISTICS_TTL_MS,
  type StatisticsService,
} from './statistics.service';
export { registerStatisticsConsoleRoutes } from './statistics-analysis.routes';
