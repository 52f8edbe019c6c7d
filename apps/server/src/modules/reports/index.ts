// The document machinery credit checks print with (numbers, SM3 digest, QR-coded PDF, Chinese error pages).
export {
  generateReportNumber,
  verificationUrl,
} from './report-content';
export {
  attachSignedDocument,
  COLORS as PDF_COLORS,
  type ReportWriter,
  signatureRows,
  startPlatformPdf,
} from './report-pdf';
export { reportsPublicRoutes, requestBaseUrl } from './reports.routes';
export { createReportsService, type ReportsService } from './reports.service';
