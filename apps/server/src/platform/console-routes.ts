import type { Readable } from 'node:stream';
import type { AuditAction, ErrorCode } from '@gzcredit/contracts';
import type { Permission } from '@gzcredit/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { z } from 'zod';
import { appendAudit, recordAudit } from './audit';
import { type Db, inTransaction } from './database';
import { AppError } from './errors';
import { errorResponses, jsonResponse, type ResponseDeclaration, SECURITY } from './openapi';
import { type Actor, assertCsrf, authenticate } from './sessions';

/**
 * Whose objects a route reaches (SPEC C19: access control by account, agency and data scope):
 * `self` the caller's own account; `own` the caller's agency; `jurisdiction` the agencies whose accounts the caller's
 * market-regulation bureau allocates (Art. 19: same level, and the next lower bureau), and for oversight the agencies of
 * the caller's region and those below it (Art. 5; accounts `overseenAgencyIds`); `all` the whole platform.
 */
export type DataScope = 'self' | 'own' | 'jurisdiction' | 'all';

export interface ConsoleRouteDeclaration {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to /api/console. */
  url: string;
  /** The permission the caller needs (any one of a list); `authenticated` for any signed-in account. */
  permission: Permission | readonly Permission[] | 'authenticated';
  scope: DataScope;
  /** What the route's `:id` names, so the authorization-matrix test can aim it at its own and at others' objects. */
  objectType?: string;
  /** The audit action written on every call (required for mutations; reads of non-public data declare one too). */
  audit?: AuditAction;
  /**
   * For an audited read: `refusals` writes rows only for failed calls (a probe of another agency's object), not for
   * every successful read. For status reads that the console polls and that show no non-public data (an upload's
   * progress): a row a second per watching clerk would bury the trail. Default `all`.
   */
  auditReads?: 'all' | 'refusals';
  /** Reachable while a new password or the second factor is still to be set (me, sign-out, password, TOTP). */
  allowDuringSetup?: boolean;
  summary: string;
  /** The OpenAPI operationId: unique in the document, a verb first (`listRecords`, `correctRecord`). */
  operationId: string;
  /**
   * The error codes the handler itself answers with (the AppError codes of the service it calls), `[]` for none. The
   * router adds those of its own checks (session 401, permission, CSRF and setup 403, validation 400, body size 413),
   * and the OpenAPI document declares every status with the Chinese messages of its codes (platform/openapi.ts).
   */
  errors: readonly ErrorCode[];
  /** A valid body, used by the authorization-matrix test to get past validation. */
  exampleBody?: unknown;
}

export interface AuditTarget {
  objectType?: string;
  objectId?: string | number;
  details?: Record<string, unknown>;
}

export interface ConsoleContext<Params, Query, Body> {
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
  params: Params;
  query: Query;
  body: Body;
  /** The database, or the transaction that also writes the audit row (mutations). */
  db: Db;
  /** Filled in by the handler: the object the audit row names. */
  audit: AuditTarget;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ConsoleRouter {
  route<
    P extends Schema | undefined,
    Q extends Schema | undefined,
    B extends Schema | undefined,
    R extends Schema | ResponseDeclaration,
  >(
    declaration: ConsoleRouteDeclaration,
    options: {
      params?: P;
      query?: Q;
      body?: B;
      /**
       * The fields of a multipart/form-data upload, for the OpenAPI document only: the handler reads the parts itself
       * (`request.file()`), so they are not validated as a body.
       */
      multipart?: z.ZodObject;
      /**
       * A JSON answer's schema, or a download declared with `fileResponse` (its real media types), whose handler
       * returns the file's content from `asDownload` (platform/files): sent after the audit row is written. A JSON
       * answer too large to build as objects may be returned written ahead, from `jsonStream`.
       */
      response: R;
      handler: (
        context: ConsoleContext<Out<P>, Out<Q>, Out<B>>,
      ) => Promise<R extends Schema ? z.input<R> | Readable : Buffer | Readable>;
    },
  ): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every console route with its declared permission and scope: the authorization matrix walks this list. */
    consoleRoutes: ConsoleRouteDeclaration[];
  }
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** Whether a holder of `permissions` passes the route's permission check. */
export function holdsPermission(declaration: ConsoleRouteDeclaration, permissions: ReadonlySet<Permission>): boolean {
  if (declaration.permission === 'authenticated') return true;
  return [declaration.permission].flat().some((permission) => permissions.has(permission));
}

/** The codes the router's own checks answer with, before the handler runs. */
function routerErrors(declaration: ConsoleRouteDeclaration, validates: boolean, takesBody: boolean): ErrorCode[] {
  return [
    ...(validates ? (['VALIDATION_FAILED'] as const) : []),
    'UNAUTHENTICATED',
    'SESSION_EXPIRED',
    ...(declaration.permission === 'authenticated' ? [] : (['FORBIDDEN'] as const)),
    ...(declaration.method === 'GET' ? [] : (['CSRF_TOKEN_INVALID'] as const)),
    ...(declaration.allowDuringSetup ? [] : (['PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLMENT_REQUIRED'] as const)),
    ...(takesBody ? (['PAYLOAD_TOO_LARGE'] as const) : []),
  ];
}

/** The object a route's `:id` names, so that even a refused or failed call's audit row says what was aimed at. */
function targetOf(declaration: ConsoleRouteDeclaration, request: FastifyRequest): AuditTarget {
  if (!declaration.objectType) return {};
  const params = request.params as Record<string, unknown> | undefined;
  const objectId = params?.id;
  return {
    objectType: declaration.objectType,
    ...(typeof objectId === 'string' || typeof objectId === 'number' ? { objectId } : {}),
  };
}

function auditBase(request: FastifyRequest, actor: Actor) {
  return {
    accountId: actor.accountId,
    username: actor.username,
    agencyId: actor.agency.id,
    ip: request.ip,
    requestId: request.id,
  };
}

/**
 * The one way to declare a console route (register it inside the `/api/console` plugin; buildApp decorates the app
 * with the `consoleRoutes` list): authentication, CSRF, the setup gate, the permission check and the audit row
 * (in the transaction of the change) come with the declaration, so no route can forget them.
 */
export function createConsoleRouter(app: FastifyInstance, db: Db): ConsoleRouter {
  return {
    route(declaration, options) {
      const mutation = declaration.method !== 'GET';
      if (mutation && !declaration.audit)
        throw new Error(`Console mutation ${declaration.method} ${declaration.url} declares no audit action`);
      app.consoleRoutes.push({ ...declaration, url: `${app.prefix}${declaration.url}` });
      const takesBody = options.body !== undefined || options.multipart !== undefined;
      const validates = takesBody || options.params !== undefined || options.query !== undefined;
      // Typed loosely: the OpenAPI keys (and `multipart`, platform/openapi.ts) are documentation, not validation.
      const schema: FastifySchema = {
        tags: ['管理控制台'],
        operationId: declaration.operationId,
        summary: declaration.summary,
        description: `权限：${[declaration.permission].flat().join(' 或 ')}；数据范围：${declaration.scope}`,
        security: mutation ? SECURITY.consoleMutation : SECURITY.console,
        ...(options.params ? { params: options.params } : {}),
        ...(options.query ? { querystring: options.query } : {}),
        ...(options.body ? { body: options.body } : {}),
        ...(options.multipart ? { multipart: options.multipart } : {}),
        response: {
          200: 'content' in options.response ? options.response : jsonResponse('成功', options.response),
          ...errorResponses([...routerErrors(declaration, validates, takesBody), ...declaration.errors]),
        },
      };
      app.route({
        method: declaration.method,
        url: declaration.url,
        schema,
        // Before validation: an unauthorised caller learns nothing about what a valid request looks like.
        preValidation: async (request) => {
          let actor: Actor | undefined;
          try {
            actor = await authenticate(db, request);
            request.actor = actor;
            if (mutation) assertCsrf(request, actor);
            if (!declaration.allowDuringSetup) {
              if (actor.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED');
              if (actor.isAdministrator && !actor.totpEnabled) throw new AppError('TOTP_ENROLMENT_REQUIRED');
            }
            if (!holdsPermission(declaration, actor.permissions)) throw new AppError('FORBIDDEN');
          } catch (error) {
            // Every refusal leaves its row (SPEC §6, issue 14 item 8) but a read without a session: that reaches
            // nothing, and rows for it would let anyone fill the trail at no cost.
            if (error instanceof AppError && (actor || mutation)) {
              await recordAudit(db, {
                ...(actor ? auditBase(request, actor) : { ip: request.ip, requestId: request.id }),
                ...targetOf(declaration, request),
                action: declaration.audit ?? `${declaration.method} ${declaration.url}`,
                result: 'denied',
                details: { reason: error.code, permission: declaration.permission },
              });
            }
            throw error;
          }
        },
        handler: async (request, reply) => {
          const actor = request.actor!;
          const audit: AuditTarget = {};
          const context = (handle: Db) => ({
            request,
            reply,
            actor,
            params: request.params,
            query: request.query,
            body: request.body,
            db: handle,
            audit,
          });
          const target = targetOf(declaration, request);
          const entry = () => ({
            ...auditBase(request, actor),
            action: declaration.audit!,
            objectType: audit.objectType ?? target.objectType ?? null,
            objectId: audit.objectId ?? target.objectId ?? null,
            ...(audit.details ? { details: audit.details } : {}),
          });
          try {
            if (!mutation) {
              const result = await options.handler(context(db) as never);
              if (declaration.audit && declaration.auditReads !== 'refusals')
                await recordAudit(db, { ...entry(), result: 'success' });
              return result;
            }
            // A handler that reads a multipart upload consumes the request as it goes: it cannot run twice.
            const change = async (trx: Db) => {
              const value = await options.handler(context(trx) as never);
              await appendAudit(trx, { ...entry(), result: 'success' });
              return value;
            };
            return await (options.multipart ? db.transaction().execute(change) : inTransaction(db, change));
          } catch (error) {
            // Every failed mutation or audited read leaves its row, an unexpected error included (the change itself
            // was rolled back with its transaction).
            if (declaration.audit) {
              const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
              try {
                await recordAudit(db, { ...entry(), result: 'failure', details: { ...audit.details, code } });
              } catch (auditError) {
                request.log.error({ err: auditError }, 'could not write the audit row of a failed request');
              }
            }
            throw error;
          }
        },
      });
    },
  };
}
