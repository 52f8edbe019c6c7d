export { reportsPublicRoutes } from './reports.routes';
export { createReportsService, type ReportsService } from './reports.service';
