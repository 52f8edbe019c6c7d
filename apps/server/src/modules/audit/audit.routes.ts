import {
  AuditVerificationSchema,
  ListAuditQuerySchema,
  ListAuditResponseSchema,
  VerifyAuditBodySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { searchAuditTrail, verifyAuditTrail } from './audit.service';

/**
 * 审计管理员 the audit administrator's viewer, scoped to the auditor's jurisdiction (platform-wide for the provincial
 * bureau's), and the check of the whole chain (三员分立: audit.admin only).
 */
/** `dataDir` holds the audit chain head's witness (platform/audit.ts), which the check compares with. */
export function registerAuditRoutes(router: ConsoleRouter, options: { dataDir: string }): void {
  router.route(
    {
      method: 'GET',
      url: '/audit',
      permission: 'audit.admin',
      scope: 'jurisdiction',
      audit: 'audit.viewed',
      operationId: 'searchAuditTrail',
      errors: [],
      summary: '查询审计日志',
    },
    {
      query: ListAuditQuerySchema,
      response: ListAuditResponseSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.details = { filters: query };
        return searchAuditTrail(db, actor, query);
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/audit/verify',
      permission: 'audit.admin',
      scope: 'all',
      audit: 'audit.verified',
      operationId: 'verifyAuditTrail',
      errors: [],
      summary: '核验审计日志哈希链',
      exampleBody: {},
    },
    {
      body: VerifyAuditBodySchema,
      response: AuditVerificationSchema,
      handler: async ({ db, audit }) => {
        const verification = await verifyAuditTrail(db, options.dataDir);
        audit.details = { ...verification };
        return verification;
      },
    },
  );
}
