// The document machinery credit checks print with (numbers, SM3 digest, QR-coded PDF, Chinese error pages).
export {
  generateReportNumber,
  reportDigest,
  verificationUrl,
} from './report-content';
export { COLORS as PDF_COLORS, type ReportWriter, startPlatformPdf } from './report-pdf';
export { reportsPublicRoutes, requestBaseUrl } from './reports.routes';
export { createReportsService, type ReportsService } from './reports.service';
