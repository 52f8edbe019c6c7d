export { registerAuditRoutes } from './audit.routes';
export { searchAuditTrail, verifyAuditTrail } from './audit.service';
