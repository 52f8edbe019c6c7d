import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from './audit';
import type { Db } from './database';
import { AppError } from './errors';
import { parseJsonBody, printable, RequestRefusalError, refuseControlCharactersInTarget } from './json-body';
import { createTtlCache } from './ttl-cache';

/** Host names always allowed in the Host header: the machine itself (with any port). */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export interface RequestEdgeOptions {
  /**
   * Host names (no port) the Host header may name besides loopback, when URLs are built from it (PUBLIC_BASE_URL
   * unset); undefined when PUBLIC_BASE_URL is set and the Host header is never used.
   */
  allowedHosts?: readonly string[];
}

/**
 * What every request passes before any route, hook of a feature or database sees it (issue 14, items 1, 7, 9): a Host
 * the platform may build URLs from, a request target without control characters, and one JSON parser that refuses
 * deep bodies and control characters. Call it before registering plugins: they inherit the parser.
 */
export function installRequestEdge(app: FastifyInstance, options: RequestEdgeOptions): void {
  const allowedHosts = options.allowedHosts && new Set([...LOOPBACK_HOSTS, ...options.allowedHosts]);
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      // Without PUBLIC_BASE_URL the credit report's QR code names the Host header's site: only known names may do.
      if (allowedHosts && !allowedHosts.has(request.hostname.toLowerCase().replace(/\.$/, '')))
        throw new AppError(
          'HOST_NOT_ALLOWED',
          `请求的主机名“${printable(request.hostname.slice(0, 100))}”不在允许范围内：请通过 PUBLIC_BASE_URL 或 PUBLIC_HOSTS 配置的地址访问`,
        );
      refuseControlCharactersInTarget(request.url);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Why a request was refused before any handler ran, or undefined for any other failure. */
function refusalReason(error: FastifyError): string | undefined {
  if (error instanceof RequestRefusalError) return error.reason;
  if (error instanceof AppError) return error.code === 'HOST_NOT_ALLOWED' ? 'host-not-allowed' : undefined;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'too-large';
  return error.code?.startsWith('FST_ERR_CTP_') ? error.code : undefined;
}

/** The user name a refused sign-in claimed, as far as its body could be read. */
function claimedUsername(error: FastifyError): string | null {
  if (!(error instanceof RequestRefusalError)) return null;
  const body = error.parsed as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? printable(body.username).slice(0, 100) : null;
}

/**
 * Audits every console request refused at the edge (Rules Art. 14, 25: refused operations leave a trace), sign-in
 * included. `usernameRoutes` (`POST /session`, relative to the scope) are those without a session whose body names
 * the account it is about: their row carries the user name claimed, when the body could be read. Register it on the
 * console scope before its routes.
 */
export function auditRefusedRequests(scope: FastifyInstance, db: Db, usernameRoutes: readonly string[]): void {
  const claimingRoutes = new Set(usernameRoutes.map((route) => route.replace(' ', ` ${scope.prefix}`)));
  scope.addHook('onError', async (request, _reply, error) => {
    const reason = refusalReason(error);
    if (!reason) return;
    const route = `${request.method} ${request.routeOptions.url}`;
    try {
      await recordAudit(db, {
        username: claimingRoutes.has(route) ? claimedUsername(error) : null,
        ip: request.ip,
        requestId: request.id,
        action: 'request.refused',
        result: 'denied',
        details: { reason, method: request.method, route: request.routeOptions.url ?? null },
      });
    } catch (auditError) {
      request.log.error({ err: auditError }, 'could not write the audit row of a refused request');
    }
  });
}

/** The rate limits whose refusals are audited, as `details.limiter` names them. */
export type RateLimiter = 'public' | 'exchange' | 'sign-in';
/** One audit row per source and limiter in this long (the limits' window). */
const RATE_LIMIT_AUDIT_WINDOW_MS = 60_000;
/** Sources remembered at once; past it the oldest may write a second row in its window. */
const RATE_LIMIT_AUDIT_SOURCES = 10_000;

/**
 * Art. 28 (security events): a source refused by a rate limit leaves a `request.rate-limited` row once per limiter and
 * minute, not one per refused request (a flood must not flood the trail, nor the database). Give the result to
 * @fastify/rate-limit as `onExceeded`; the key is the limit's own (a client IP, an exchange key id).
 */
export function auditRateLimited(db: Db, limiter: RateLimiter): (request: FastifyRequest, key: string) => void {
  const recorded = createTtlCache<string, void>({
    ttlMs: RATE_LIMIT_AUDIT_WINDOW_MS,
    maxEntries: RATE_LIMIT_AUDIT_SOURCES,
  });
  return (request, key) => {
    recorded
      .get(key, () =>
        recordAudit(db, {
          ip: request.ip,
          requestId: request.id,
          action: 'request.rate-limited',
          result: 'denied',
          details: { limiter, key: printable(key).slice(0, 100), route: request.routeOptions.url ?? null },
        }),
      )
      .catch((error: unknown) => request.log.error({ err: error }, 'could not write the audit row of a rate limit'));
  };
}
