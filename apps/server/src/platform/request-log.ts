import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/** Probes polled every few seconds by the orchestrator: their lines would drown the others at info. */
const PROBE_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * A refusal worth an alert, by its status: logged at warn with a stable `event` (docs/deployment.md#logs) besides the
 * audit row its module writes (Rules Art. 14, 25). Sign-in lockouts answer 423; refused exchange signatures 401 with an
 * `API_…` code.
 */
function securityEvent(status: number, code: string | undefined): string | undefined {
  if (status === 401) return code?.startsWith('API_') ? 'security.signature-refused' : 'security.unauthenticated';
  if (status === 403) return 'security.forbidden';
  if (status === 423) return 'security.sign-in-locked';
  if (status === 429) return 'security.rate-limited';
  return undefined;
}

/**
 * One line per request, written when its answer has gone (Fastify's own two lines, "incoming request" and "request
 * completed", are turned off in app.ts): method, URL, status, duration, client address, and `reqId` from the request's
 * logger. Call it before registering plugins, so their errors are seen.
 */
export function installRequestLog(app: FastifyInstance): void {
  const errorCodes = new WeakMap<FastifyRequest, string>();
  app.addHook('onError', (request, _reply, error, done) => {
    if (error instanceof AppError) errorCodes.set(request, error.code);
    else if (error.statusCode === 429) errorCodes.set(request, 'RATE_LIMITED');
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    const code = errorCodes.get(request);
    const line = {
      method: request.method,
      url: request.url,
      statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ip: request.ip,
    };
    const event = securityEvent(statusCode, code);
    if (event) request.log.warn({ ...line, event, code }, 'request refused');
    else if (PROBE_ROUTES.has(request.routeOptions.url ?? '')) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
    done();
  });
}
