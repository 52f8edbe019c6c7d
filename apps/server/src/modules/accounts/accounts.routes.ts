import rateLimit from '@fastify/rate-limit';
import { ChangePasswordBodySchema, ErrorBodySchema, MeSchema, OkSchema, SignInBodySchema } from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { clearSessionCookie, endSession, setSessionCookie } from '../../platform/sessions';
import type { AccountsDependencies } from './accounts.service';
import { changePassword, describeAccount, signIn } from './accounts.service';
import { INITIAL_ADMIN_USERNAME, removeInitialPasswordFile } from './bootstrap';

/** Sign-in is the one console route without a session; it is rate-limited per client IP (SPEC §6). */
export const signInRoutes: FastifyPluginAsyncZod<{ deps: AccountsDependencies; signInsPerMinute: number }> = async (
  app,
  { deps, signInsPerMinute },
) => {
  await app.register(rateLimit, { max: signInsPerMinute, timeWindow: '1 minute' });
  app.post(
    '/session',
    {
      schema: {
        tags: ['管理控制台'],
        summary: '登录（用户名、密码，管理员另需动态口令）',
        body: SignInBodySchema,
        response: {
          200: MeSchema,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          423: ErrorBodySchema,
          429: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { token, me } = await signIn(deps.db, deps.dataKey, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      setSessionCookie(request, reply, token);
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
}
