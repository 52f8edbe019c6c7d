import { ERROR_CODES, type ErrorBody, type ErrorCode, type FieldErrorDetail } from '@gzcredit/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The one application error: the HTTP status comes from the code table, the message is Chinese. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CODES[code].message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

const PART_LABELS: Record<string, string> = {
  querystring: '查询参数',
  params: '路径参数',
  body: '请求体',
  headers: '请求头',
};

function errorBody(code: ErrorCode, message: string, requestId: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId } };
}

/** Seconds a client is asked to wait (`Retry-After`) while the database is unreachable: a restart takes a few. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection to PostgreSQL that is refused, broken or unreachable. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up), 53300 (too many clients). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** node-postgres's own words when the server closed the connection or the pool could not get one in time. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * Whether an error means the database cannot be reached (restart, failover, network) rather than a fault of the
 * request or of the code: such a request may succeed later, so it is answered 503 with Retry-After (issue 14, item 12).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  // Node reports a refused connection to every address of a host name as one AggregateError.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return UNAVAILABLE_MESSAGE.test(error.message);
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** Installs the error handler that answers every failure in the shape of SPEC §4. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, request.id, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = PART_LABELS[error.validationContext ?? ''] ?? '请求';
      const details: FieldErrorDetail[] = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || part,
        // A coerced query number that is not one (`?limit=abc`) arrives as NaN, which zod's message would quote.
        message:
          issue.keyword === 'invalid_type' && issue.params.expected === 'number'
            ? '应为数字'
            : (issue.message ?? '取值无效'),
      }));
      // A schema's own message may name its field already ('limit 至少为 1'): the field is not said twice.
      const named = (detail: FieldErrorDetail) =>
        detail.message.startsWith(detail.field) ? detail.message : `${detail.field} ${detail.message}`;
      const message = `${part}有误：${details.map(named).join('；')}`;
      return reply.status(400).send(errorBody('VALIDATION_FAILED', message, request.id, details));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return reply.status(500).send(errorBody('INTERNAL_ERROR', ERROR_CODES.INTERNAL_ERROR.message, request.id));
    }
    if (error.statusCode === 429) {
      return reply.status(429).send(errorBody('RATE_LIMITED', ERROR_CODES.RATE_LIMITED.message, request.id));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const message = `请求内容过大：此接口的请求体不得超过 ${formatBytes(request.routeOptions.bodyLimit)}`;
      return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', message, request.id));
    }
    if (error.statusCode === 413) {
      return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', ERROR_CODES.PAYLOAD_TOO_LARGE.message, request.id));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (malformed JSON, unsupported media type): the detail is English, keep it as details.
      return reply
        .status(error.statusCode)
        .send(
          errorBody('VALIDATION_FAILED', ERROR_CODES.VALIDATION_FAILED.message, request.id, { reason: error.message }),
        );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send(errorBody('DATABASE_UNAVAILABLE', ERROR_CODES.DATABASE_UNAVAILABLE.message, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL_ERROR', ERROR_CODES.INTERNAL_ERROR.message, request.id));
  });
}

export function replyRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).send(errorBody('ROUTE_NOT_FOUND', ERROR_CODES.ROUTE_NOT_FOUND.message, request.id));
}
