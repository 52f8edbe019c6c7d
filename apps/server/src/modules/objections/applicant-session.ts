import type { ApplicantMethod, ApplicantRole } from '@gzcredit/contracts';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { constantTimeEqual, sha256Hex } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { CSRF_HEADER } from '../../platform/sessions';
import { PER_NETWORK } from '../accounts';
import {
  endApplicantSession,
  findApplicantAttempts,
  findApplicantSession,
  touchApplicantSession,
} from './applicants.repository';

/** The applicant's cookie: separate from the console's `gzc_session`, so neither session ever stands for the other. */
export const APPLICANT_COOKIE = 'gzc_applicant';
/** The browser's half of a pending OpenID Connect login (its state), checked at the callback. */
export const OIDC_STATE_COOKIE = 'gzc_oidc_state';
const APPLICANT_IDLE_MS = 30 * 60_000;
const TOUCH_INTERVAL_MS = 30_000;

/** Who acts, for which entity: what a route behind `requireApplicant` gets from `applicantOf(request)`. */
export interface Applicant {
  enterpriseId: number;
  creditCode: string;
  entityName: string;
  method: ApplicantMethod;
  /** 法定代表人 or 经授权的经办人 as declared with a code; null after the identity service (it vouched for the person). */
  role: ApplicantRole | null;
  name: string;
  /** The identity service's subject (`sub`) after OIDC; null after a code. */
  subject: string | null;
  csrfToken: string;
  sessionTokenHash: string;
  expiresAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    applicant?: Applicant;
  }
}

/** The applicant behind the request's `gzc_applicant` cookie; refuses a missing, ended, idle or expired session. */
export async function authenticateApplicant(db: Db, request: FastifyRequest): Promise<Applicant> {
  const token = request.cookies[APPLICANT_COOKIE];
  if (!token) throw new AppError('APPLICANT_UNAUTHENTICATED');
  const tokenHash = sha256Hex(token);
  const row = await findApplicantSession(db, tokenHash);
  if (!row || row.endedAt) throw new AppError('APPLICANT_UNAUTHENTICATED');
  const now = Date.now();
  const idle = now - row.lastSeenAt.getTime() > APPLICANT_IDLE_MS;
  if (idle || now > row.expiresAt.getTime()) {
    await endApplicantSession(db, tokenHash, idle ? 'idle-timeout' : 'absolute-timeout');
    throw new AppError('APPLICANT_UNAUTHENTICATED', '申请人身份验证已过期，请重新验证');
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await touchApplicantSession(db, tokenHash, new Date(now));
  return {
    enterpriseId: Number(row.enterpriseId),
    creditCode: row.creditCode,
    entityName: row.entityName,
    method: row.method,
    role: row.role,
    name: row.applicantName,
    subject: row.subject,
    csrfToken: row.csrfToken,
    sessionTokenHash: tokenHash,
    expiresAt: row.expiresAt,
  };
}

export function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'APPLICANT_LOCKED',
    `验证码错误已达 ${PER_NETWORK.limit} 次，该主体的异议和信用修复申请已锁定，请 ${minutes} 分钟后再试`,
  );
}

/**
 * The guard of every route an applicant uses (objections, repairs): a preHandler that requires the applicant session,
 * and on POST, PUT, PATCH and DELETE its CSRF token in `X-CSRF-Token`. While five wrong codes lock the entity, a
 * session started before the lock files nothing either (POST, PUT, PATCH answer APPLICANT_LOCKED); it may still read
 * and sign out. Use with `applicantOf(request)`:
 *
 *   app.post('/repairs', { preHandler: requireApplicant(db), schema }, async (request) => {
 *     const applicant = applicantOf(request); // applicant.enterpriseId: the only entity this request may act for
 *   });
 *
 * Runs before validation when given as `preValidation` instead (an unauthenticated caller then learns nothing of the body).
 */
export function requireApplicant(db: Db): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const applicant = await authenticateApplicant(db, request);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, applicant.csrfToken))
        throw new AppError('CSRF_TOKEN_INVALID');
      if (request.method !== 'DELETE') {
        const attempts = await findApplicantAttempts(db, applicant.enterpriseId);
        if (attempts?.lockedUntil && attempts.lockedUntil > new Date()) throw lockedError(attempts.lockedUntil);
      }
    }
    request.applicant = applicant;
  };
}

/**
 * Who the applicant is, beyond the entity, as an application keeps it to answer only them: the identity service's
 * subject, or after a code to the entity's registered mobile the name declared with it. The session that filed and a
 * later session of the same verified person share it; another person acting for the same entity does not.
 */
export function applicantKey(applicant: { method: string; subject: string | null; name: string }): string {
  return applicant.method === 'oidc' && applicant.subject !== null
    ? `oidc:${applicant.subject}`
    : `${applicant.method}:${applicant.name}`;
}

/**
 * Whether the applicant may follow an objection or a repair application (issue 21: "for the applicant's own session
 * only"): one of its entity, filed by the same applicant (`applicantKey`). One filed before the platform kept who filed
 * (key null: repairs before migration 0037, objections before 0040) answers any verified applicant of its entity, who
 * could follow it when it was filed. Every other caller is told it does not exist (404, never 403).
 */
export function followsCase(
  applicant: { enterpriseId: number; method: string; subject: string | null; name: string },
  filed: { enterpriseId: number | string; applicantKey: string | null },
): boolean {
  if (Number(filed.enterpriseId) !== applicant.enterpriseId) return false;
  return filed.applicantKey === null || filed.applicantKey === applicantKey(applicant);
}

/** The applicant a `requireApplicant` guard admitted; throws when a route forgot the guard. */
export function applicantOf(request: FastifyRequest): Applicant {
  if (!request.applicant)
    throw new Error(`${request.method} ${request.url} reads the applicant without requireApplicant`);
  return request.applicant;
}

/** The error codes `requireApplicant` answers with, for a route's OpenAPI declaration. */
export const APPLICANT_GUARD_ERRORS = ['APPLICANT_UNAUTHENTICATED', 'CSRF_TOKEN_INVALID', 'APPLICANT_LOCKED'] as const;

export function setApplicantCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
): void {
  reply.setCookie(APPLICANT_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearApplicantCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(APPLICANT_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}
