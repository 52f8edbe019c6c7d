import rateLimit from '@fastify/rate-limit';
import {
  ApplicantCodeSentSchema,
  ApplicantSessionSchema,
  ApplicantSignInBodySchema,
  IdentityOptionsSchema,
  OidcCallbackQuerySchema,
  OidcStartQuerySchema,
  OkSchema,
  RequestApplicantCodeBodySchema,
  SmsSinkListSchema,
} from '@gzcredit/contracts';
import { SMS_SINK_PERMISSIONS } from '@gzcredit/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import {
  APPLICANT_GUARD_ERRORS,
  applicantOf,
  clearApplicantCookie,
  OIDC_STATE_COOKIE,
  requireApplicant,
  setApplicantCookie,
} from './applicant-session';
import {
  APPLICANT_SESSION_MS,
  type ApplicantsDependencies,
  finishOidcLogin,
  listSmsSink,
  requestApplicantCode,
  signInWithCode,
  signOutApplicant,
  startOidcLogin,
} from './applicants.service';

const TAG = '异议与信用修复';
const CALLBACK_PATH = '/api/public/applicant/oidc/callback';

function origin(request: FastifyRequest) {
  return { ip: request.ip, requestId: request.id };
}

/** The portal's address the identity service sends the browser back to: PUBLIC_BASE_URL, or this request's. */
function baseUrlOf(request: FastifyRequest, publicBaseUrl: string | undefined): string {
  return publicBaseUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * 申请人身份 (issue 21 item 1), under /api/public: a code to the registered mobile, or the unified identity service.
 * Asking for and checking codes is rate-limited per client IP like the console's sign-in (SIGN_IN_RATE_LIMIT_PER_MINUTE).
 */
export const applicantPublicRoutes: FastifyPluginAsyncZod<{
  deps: ApplicantsDependencies;
  signInsPerMinute: number;
  publicBaseUrl: string | undefined;
}> = async (app, { deps, signInsPerMinute, publicBaseUrl }) => {
  const guard = requireApplicant(deps.db);

  app.get(
    '/applicant/options',
    {
      schema: {
        tags: [TAG],
        summary: '申请人身份验证方式：登记手机号验证码、统一身份认证是否可用',
        ...operation({
          operationId: 'getApplicantIdentityOptions',
          security: SECURITY.none,
          ok: jsonResponse('可用的验证方式', IdentityOptionsSchema),
          errors: ['RATE_LIMITED'],
        }),
      },
    },
    async () => ({ sms: deps.sms.available, oidc: deps.oidc !== undefined }),
  );

  await app.register(async (plugin) => {
    await plugin.register(rateLimit, { max: signInsPerMinute, timeWindow: '1 minute' });
    const limited = plugin.withTypeProvider<ZodTypeProvider>();
    limited.post(
      '/applicant/codes',
      {
        schema: {
          tags: [TAG],
          summary: '向主体登记信息中的联系电话发送验证码（应答只含脱敏号码）',
          body: RequestApplicantCodeBodySchema,
          ...operation({
            operationId: 'requestApplicantCode',
            security: SECURITY.none,
            ok: jsonResponse('已发送', ApplicantCodeSentSchema),
            errors: [
              'VALIDATION_FAILED',
              'ENTERPRISE_NOT_FOUND',
              'APPLICANT_MOBILE_MISSING',
              'APPLICANT_LOCKED',
              'APPLICANT_CODE_TOO_SOON',
              'SMS_GATEWAY_FAILED',
              'RATE_LIMITED',
            ],
          }),
        },
      },
      async (request) => requestApplicantCode(deps, request.body, origin(request)),
    );
    limited.post(
      '/applicant/session',
      {
        schema: {
          tags: [TAG],
          summary: '以验证码验证申请人身份：应答设置申请人会话 Cookie（gzc_applicant）',
          body: ApplicantSignInBodySchema,
          ...operation({
            operationId: 'signInApplicant',
            security: SECURITY.none,
            ok: jsonResponse('已验证：csrfToken 用于此后提交申请的请求', ApplicantSessionSchema),
            errors: [
              'VALIDATION_FAILED',
              'APPLICANT_CODE_INVALID',
              'APPLICANT_CODE_EXPIRED',
              'APPLICANT_LOCKED',
              'RATE_LIMITED',
            ],
          }),
        },
      },
      async (request, reply) => {
        const { token, session } = await signInWithCode(deps, request.body, origin(request));
        setApplicantCookie(request, reply, token, APPLICANT_SESSION_MS);
        return session;
      },
    );
    limited.get(
      '/applicant/oidc/start',
      {
        schema: {
          tags: [TAG],
          summary: '转到统一身份认证（OpenID Connect）登录',
          querystring: OidcStartQuerySchema,
          ...operation({
            operationId: 'startApplicantOidc',
            security: SECURITY.none,
            ok: { description: '302 转到统一身份认证', content: { 'text/plain': { schema: z.string() } } },
            errors: ['VALIDATION_FAILED', 'OIDC_NOT_CONFIGURED', 'RATE_LIMITED'],
          }),
        },
      },
      async (request, reply) => {
        const redirectUri = `${baseUrlOf(request, publicBaseUrl)}${CALLBACK_PATH}`;
        const { url, state } = await startOidcLogin(deps, { redirectUri, returnTo: request.query.returnTo });
        // Lax: the identity service sends the browser back with a top-level GET from its own site.
        reply.setCookie(OIDC_STATE_COOKIE, state, {
          path: CALLBACK_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      },
    );
    limited.get(
      '/applicant/oidc/callback',
      {
        schema: {
          tags: [TAG],
          summary: '统一身份认证的回调：核对 state、nonce 和 PKCE，按 ID 令牌中的统一社会信用代码建立申请人会话',
          querystring: OidcCallbackQuerySchema,
          ...operation({
            operationId: 'finishApplicantOidc',
            security: SECURITY.none,
            ok: { description: '302 回到门户页面', content: { 'text/plain': { schema: z.string() } } },
            errors: ['VALIDATION_FAILED', 'OIDC_NOT_CONFIGURED', 'OIDC_SIGN_IN_FAILED', 'RATE_LIMITED'],
          }),
        },
      },
      async (request, reply) => {
        const base = baseUrlOf(request, publicBaseUrl);
        reply.clearCookie(OIDC_STATE_COOKIE, { path: CALLBACK_PATH });
        const { token, returnTo } = await finishOidcLogin(
          deps,
          {
            callbackUrl: new URL(request.url, base),
            state: request.query.state,
            browserState: request.cookies[OIDC_STATE_COOKIE],
          },
          origin(request),
        );
        setApplicantCookie(request, reply, token, APPLICANT_SESSION_MS);
        return reply.redirect(returnTo, 302);
      },
    );
  });

  app.get(
    '/applicant/session',
    {
      preHandler: guard,
      schema: {
        tags: [TAG],
        summary: '当前申请人：代表的主体、验证方式',
        ...operation({
          operationId: 'getApplicantSession',
          security: SECURITY.applicant,
          ok: jsonResponse('当前申请人', ApplicantSessionSchema),
          errors: ['APPLICANT_UNAUTHENTICATED', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const applicant = applicantOf(request);
      return {
        creditCode: applicant.creditCode,
        entityName: applicant.entityName,
        method: applicant.method,
        role: applicant.role,
        name: applicant.name,
        csrfToken: applicant.csrfToken,
        expiresAt: applicant.expiresAt.toISOString(),
      };
    },
  );

  app.delete(
    '/applicant/session',
    {
      preHandler: guard,
      schema: {
        tags: [TAG],
        summary: '申请人退出',
        ...operation({
          operationId: 'signOutApplicant',
          security: SECURITY.applicantMutation,
          ok: jsonResponse('已退出', OkSchema),
          errors: [...APPLICANT_GUARD_ERRORS, 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      await signOutApplicant(deps, applicantOf(request), origin(request));
      clearApplicantCookie(request, reply);
      return { ok: true as const };
    },
  );
};

/**
 * 开发环境短信: the codes the development sink "sent". The page holds working sign-in codes of every entity, so it exists
 * only while the sink is what sends codes (no gateway configured, outside production: with a gateway, or in production,
 * the route is not registered at all) and only for the provincial operator and the security administrator; every read
 * is audited.
 */
export function registerApplicantConsoleRoutes(router: ConsoleRouter, deps: ApplicantsDependencies): void {
  if (!deps.sms.sink || !deps.sms.available) return;
  router.route(
    {
      method: 'GET',
      url: '/sms-sink',
      permission: SMS_SINK_PERMISSIONS,
      scope: 'all',
      audit: 'applicant.sms-sink-viewed',
      summary: '开发环境短信：未配置短信网关时，最近一小时“发送”的验证码短信（仅开发环境；平台运营、安全管理员）',
      operationId: 'listSmsSink',
      errors: [],
    },
    { response: SmsSinkListSchema, handler: async () => listSmsSink(deps) },
  );
}
