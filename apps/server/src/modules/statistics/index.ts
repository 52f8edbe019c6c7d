export { createStatisticsService, PUBLIC_STATISTICS_TTL_MS, type StatisticsService } from './statistics.service';
export { statisticsPublicRoutes } from './statistics.routes';
