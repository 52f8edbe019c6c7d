export { registerAuditRoutes } from './audit.routes';
export { searchAuditTrail, verifyAuditTrail } from './audit.service';
export { registerSecurityEventRoutes } from './security-events.routes';
