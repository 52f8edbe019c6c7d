export { statisticsPublicRoutes } from './statistics.routes';
export { createStatisticsService, PUBLIC_STATISTICS_TTL_MS, type StatisticsService } from './statistics.service';
