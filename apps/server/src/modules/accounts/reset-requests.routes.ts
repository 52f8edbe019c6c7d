import rateLimit from '@fastify/rate-limit';
import {
  IdParamsSchema,
  IssuedPasswordSchema,
  PasswordResetRequestBodySchema,
  PasswordResetRequestedSchema,
  RejectResetRequestBodySchema,
  ResetRequestListQuerySchema,
  ResetRequestListSchema,
  ResetRequestSchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import type { AccountsDependencies } from './accounts.service';
import {
  issueResetPassword,
  listResetRequests,
  rejectResetRequest,
  requestPasswordReset,
} from './reset-requests.service';

/** Art. 21: filed from the sign-in page, so without a session; rate-limited per client IP. */
export const passwordResetRequestRoutes: FastifyPluginAsyncZod<{
  deps: AccountsDependencies;
  requestsPerMinute?: number;
}> = async (app, { deps, requestsPerMinute = 5 }) => {
  await app.register(rateLimit, { max: requestsPerMinute, timeWindow: '1 minute' });
  app.post(
    '/password-reset-requests',
    {
      schema: {
        tags: ['管理控制台'],
        summary: '申请重新获取密码（无需登录，提交至同级市场监管部门）',
        body: PasswordResetRequestBodySchema,
        ...operation({
          operationId: 'requestPasswordReset',
          security: SECURITY.none,
          ok: jsonResponse('申请已受理', PasswordResetRequestedSchema),
          errors: ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) =>
      requestPasswordReset(deps.db, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      }),
  );
};

export function registerResetRequestRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/password-reset-requests',
      permission: 'account.admin',
      scope: 'jurisdiction',
      audit: 'password-reset.listed',
      operationId: 'listPasswordResetRequests',
      errors: [],
      summary: '密码重置申请队列（本级及下一级市场监管部门辖内账户）',
    },
    {
      query: ResetRequestListQuerySchema,
      response: ResetRequestListSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.objectType = 'reset-request';
        audit.details = { status: query.status ?? null };
        return { items: await listResetRequests(db, actor, query) };
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/password-reset-requests/:id/issue',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'reset-request',
      audit: 'password-reset.issued',
      operationId: 'issueResetPassword',
      errors: ['RESET_REQUEST_NOT_FOUND', 'RESET_REQUEST_ALREADY_HANDLED'],
      summary: '签发一次性密码（仅显示一次，登录后须修改）',
    },
    {
      params: IdParamsSchema,
      response: IssuedPasswordSchema,
      handler: async ({ db, actor, params, audit }) => {
        audit.objectId = params.id;
        const issued = await issueResetPassword(db, actor, params.id);
        audit.details = { accountId: issued.accountId, username: issued.username };
        return { oneTimePassword: issued.oneTimePassword };
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/password-reset-requests/:id/reject',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'reset-request',
      audit: 'password-reset.rejected',
      operationId: 'rejectPasswordResetRequest',
      errors: ['RESET_REQUEST_NOT_FOUND', 'RESET_REQUEST_ALREADY_HANDLED'],
      summary: '驳回密码重置申请（须注明原因）',
      exampleBody: { note: '无法核实申请人身份' },
    },
    {
      params: IdParamsSchema,
      body: RejectResetRequestBodySchema,
      response: ResetRequestSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.objectId = params.id;
        audit.details = { note: body.note };
        return rejectResetRequest(db, actor, params.id, body);
      },
    },
  );
}
