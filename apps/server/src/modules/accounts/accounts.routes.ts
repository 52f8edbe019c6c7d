import rateLimit from '@fastify/rate-limit';
import {
  AccountListQuerySchema,
  AccountListSchema,
  AccountSchema,
  ChangePasswordBodySchema,
  ConfirmTotpBodySchema,
  CreateAccountBodySchema,
  CreatedAccountSchema,
  DisableAccountBodySchema,
  IdParamsSchema,
  MeSchema,
  OkSchema,
  SignInBodySchema,
  TotpEnrolmentSchema,
  UpdatePermissionsBodySchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import { auditRateLimited } from '../../platform/request-edge';
import { clearSessionCookie, endSession, setSessionCookie } from '../../platform/sessions';
import type { AccountsDependencies } from './accounts.service';
import {
  changePassword,
  changePermissions,
  confirmTotpEnrolment,
  createManagedAccount,
  describeAccount,
  disableAccount,
  enableAccount,
  getManagedAccount,
  listManagedAccounts,
  signIn,
  startTotpEnrolment,
} from './accounts.service';
import { registerAgencyRoutes } from './agencies.routes';
import { INITIAL_ADMIN_USERNAME, removeInitialPasswordFile } from './bootstrap';
import { registerFilingRoutes } from './filings.routes';
import { registerResetRequestRoutes } from './reset-requests.routes';

/** Sign-in is the one console route without a session; it is rate-limited per client IP (SPEC §6). */
export const signInRoutes: FastifyPluginAsyncZod<{ deps: AccountsDependencies; signInsPerMinute: number }> = async (
  app,
  { deps, signInsPerMinute },
) => {
  await app.register(rateLimit, {
    max: signInsPerMinute,
    timeWindow: '1 minute',
    onExceeded: auditRateLimited(deps.db, 'sign-in'),
  });
  app.post(
    '/session',
    {
      schema: {
        tags: ['管理控制台'],
        summary: '登录（用户名、密码，管理员另需动态口令）',
        body: SignInBodySchema,
        ...operation({
          operationId: 'signIn',
          security: SECURITY.none,
          ok: jsonResponse('已登录：应答设置会话 Cookie，csrfToken 用于此后改变数据的请求', MeSchema),
          errors: [
            'VALIDATION_FAILED',
            'SIGN_IN_FAILED',
            'OTP_REQUIRED',
            'OTP_INVALID',
            'PAYLOAD_TOO_LARGE',
            'ACCOUNT_LOCKED',
            'RATE_LIMITED',
          ],
        }),
      },
    },
    async (request, reply) => {
      const { token, me } = await signIn(deps, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      setSessionCookie(request, reply, token, deps.sessionTimeouts);
      return me;
    },
  );
};

export function registerAccountRoutes(router: ConsoleRouter, deps: AccountsDependencies): void {
  router.route(
    {
      method: 'DELETE',
      url: '/session',
      permission: 'authenticated',
      scope: 'self',
      audit: 'session.signed-out',
      allowDuringSetup: true,
      operationId: 'signOut',
      errors: [],
      summary: '退出登录',
    },
    {
      response: OkSchema,
      handler: async ({ db, actor, request, reply, audit }) => {
        audit.objectType = 'account';
        audit.objectId = actor.accountId;
        await endSession(db, actor.sessionTokenHash, 'signed-out');
        clearSessionCookie(request, reply);
        return { ok: true as const };
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/me',
      permission: 'authenticated',
      scope: 'self',
      allowDuringSetup: true,
      operationId: 'getMe',
      errors: ['UNAUTHENTICATED'],
      summary: '当前账户',
    },
    { response: MeSchema, handler: async ({ db, actor }) => describeAccount(db, actor.accountId, actor.csrfToken) },
  );

  router.route(
    {
      method: 'PUT',
      url: '/me/password',
      permission: 'authenticated',
      scope: 'self',
      audit: 'account.password-changed',
      allowDuringSetup: true,
      operationId: 'changePassword',
      errors: ['VALIDATION_FAILED', 'PASSWORD_TOO_WEAK'],
      summary: '修改密码',
      exampleBody: { currentPassword: 'Old-Passw0rd', newPassword: 'New-Passw0rd!' },
    },
    {
      body: ChangePasswordBodySchema,
      response: OkSchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.objectType = 'account';
        audit.objectId = actor.accountId;
        await changePassword(db, actor, body);
        if (actor.username === INITIAL_ADMIN_USERNAME) await removeInitialPasswordFile(deps.dataDir);
        return { ok: true as const };
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/me/totp',
      permission: 'authenticated',
      scope: 'self',
      audit: 'totp.enrolment-started',
      allowDuringSetup: true,
      operationId: 'startTotpEnrolment',
      errors: ['TOTP_ALREADY_ENABLED'],
      summary: '开始绑定动态口令（返回密钥与二维码）',
    },
    {
      response: TotpEnrolmentSchema,
      handler: async ({ db, actor, audit }) => {
        audit.objectType = 'account';
        audit.objectId = actor.accountId;
        return startTotpEnrolment(db, deps.dataKey, actor);
      },
    },
  );

  router.route(
    {
      method: 'PUT',
      url: '/me/totp',
      permission: 'authenticated',
      scope: 'self',
      audit: 'totp.enabled',
      allowDuringSetup: true,
      operationId: 'confirmTotpEnrolment',
      errors: ['TOTP_ALREADY_ENABLED', 'TOTP_NOT_STARTED', 'TOTP_CODE_INVALID'],
      summary: '确认绑定动态口令（此后登录须输入动态口令）',
      exampleBody: { otp: '123456' },
    },
    {
      body: ConfirmTotpBodySchema,
      response: MeSchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.objectType = 'account';
        audit.objectId = actor.accountId;
        return confirmTotpEnrolment(db, deps.dataKey, actor, body.otp);
      },
    },
  );

  registerAgencyRoutes(router);
  registerFilingRoutes(router, deps);
  registerManagedAccountRoutes(router);
  registerResetRequestRoutes(router);
}

/** Account allocation and management by the market-regulation administrators (Rules Art. 19, 22). */
function registerManagedAccountRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/accounts',
      permission: 'account.admin',
      scope: 'jurisdiction',
      audit: 'account.listed',
      operationId: 'listAccounts',
      errors: ['AGENCY_NOT_FOUND'],
      summary: '账户列表（本级及下一级市场监管部门辖内机关）',
    },
    {
      query: AccountListQuerySchema,
      response: AccountListSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.objectType = 'account';
        audit.details = { agencyId: query.agencyId ?? null, q: query.q ?? null, page: query.page };
        return listManagedAccounts(db, actor, query);
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/accounts',
      permission: 'account.admin',
      scope: 'jurisdiction',
      audit: 'account.created',
      operationId: 'createAccount',
      errors: [
        'AGENCY_NOT_FOUND',
        'MANAGER_NOT_FILED',
        'MANAGER_HAS_ACCOUNT',
        'USERNAME_TAKEN',
        'ADMIN_ROLES_EXCLUSIVE',
      ],
      summary: '为已备案的管理人员分配账户（返回仅显示一次的一次性密码）',
      exampleBody: {
        username: 'example.user',
        displayName: '张三',
        agencyId: 1,
        managerId: 1,
        permissions: ['record.query'],
      },
    },
    {
      body: CreateAccountBodySchema,
      response: CreatedAccountSchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.objectType = 'account';
        audit.details = {
          username: body.username,
          agencyId: body.agencyId,
          managerId: body.managerId,
          permissions: body.permissions,
        };
        const created = await createManagedAccount(db, actor, body);
        audit.objectId = created.account.id;
        return created;
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/accounts/:id',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'account',
      audit: 'account.viewed',
      operationId: 'getAccount',
      errors: ['ACCOUNT_NOT_FOUND'],
      summary: '账户详情',
    },
    {
      params: IdParamsSchema,
      response: AccountSchema,
      handler: async ({ db, actor, params, audit }) => {
        audit.objectId = params.id;
        return getManagedAccount(db, actor, params.id);
      },
    },
  );

  router.route(
    {
      method: 'PUT',
      url: '/accounts/:id/permissions',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'account',
      audit: 'account.permissions-changed',
      operationId: 'changeAccountPermissions',
      errors: ['ACCOUNT_NOT_FOUND', 'ADMIN_ROLES_EXCLUSIVE'],
      summary: '设置账户权限（三员分立）',
      exampleBody: { permissions: ['record.query'] },
    },
    {
      params: IdParamsSchema,
      body: UpdatePermissionsBodySchema,
      response: AccountSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.objectId = params.id;
        audit.details = { permissions: body.permissions };
        const { account, added, removed } = await changePermissions(db, actor, params.id, body);
        audit.details = { permissions: account.permissions, added, removed };
        return account;
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/accounts/:id/disable',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'account',
      audit: 'account.disabled',
      operationId: 'disableAccount',
      errors: ['ACCOUNT_NOT_FOUND'],
      summary: '停用账户（立即结束其所有会话；账户不删除）',
      exampleBody: { reason: '人员调离' },
    },
    {
      params: IdParamsSchema,
      body: DisableAccountBodySchema,
      response: AccountSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.objectId = params.id;
        audit.details = { reason: body.reason };
        return disableAccount(db, actor, params.id, body);
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/accounts/:id/enable',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'account',
      audit: 'account.enabled',
      operationId: 'enableAccount',
      errors: ['ACCOUNT_NOT_FOUND'],
      summary: '启用账户',
    },
    {
      params: IdParamsSchema,
      response: AccountSchema,
      handler: async ({ db, actor, params, audit }) => {
        audit.objectId = params.id;
        return enableAccount(db, actor, params.id);
      },
    },
  );
}
