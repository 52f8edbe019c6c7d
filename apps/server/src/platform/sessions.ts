import type {} from '@fastify/cookie';
import { type AgencyKind, type AgencyLevel, isAdminRole, type Permission } from '@gzcredit/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { constantTimeEqual, randomToken, sha256Hex } from './crypto';
import type { Db } from './database';
import { AppError } from './errors';

/**
 * SPEC §6: idle timeout 30 minutes (15 for administrators), absolute 12 hours, configurable within the bounds of
 * config.ts. A session keeps the timeouts it was started with; a changed setting applies to new sessions.
 */
export type SessionTimeouts = Pick<Config, 'SESSION_IDLE_MINUTES' | 'ADMIN_SESSION_IDLE_MINUTES' | 'SESSION_MAX_HOURS'>;
export const SESSION_COOKIE = 'gzc_session';
export const CSRF_HEADER = 'x-csrf-token';
/** last_seen_at is written at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 30_000;

export interface Actor {
  accountId: number;
  username: string;
  displayName: string;
  agency: {
    id: number;
    name: string;
    regionCode: string;
    level: AgencyLevel;
    kind: AgencyKind;
    parentId: number | null;
  };
  permissions: ReadonlySet<Permission>;
  isAdministrator: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  csrfToken: string;
  sessionTokenHash: string;
}

export async function startSession(
  db: Db,
  input: { accountId: number; ip: string; userAgent: string | undefined; timeouts: SessionTimeouts },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const { SESSION_IDLE_MINUTES, ADMIN_SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } = input.timeouts;
  await db
    .insertInto('sessions')
    .values({
      tokenHash: sha256Hex(token),
      accountId: input.accountId,
      csrfToken,
      expiresAt: new Date(Date.now() + SESSION_MAX_HOURS * 3_600_000),
      idleTimeoutMinutes: SESSION_IDLE_MINUTES,
      // An administrator never idles longer than anyone else.
      adminIdleTimeoutMinutes: Math.min(ADMIN_SESSION_IDLE_MINUTES, SESSION_IDLE_MINUTES),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export async function endSession(db: Db, tokenHash: string, reason: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ endedAt: new Date(), endReason: reason })
    .where('tokenHash', '=', tokenHash)
    .where('endedAt', 'is', null)
    .execute();
}

/** Ends every live session of an account (but `keepTokenHash`): disabling, password reset or change. */
export async function endAccountSessions(
  db: Db,
  accountId: number,
  reason: string,
  keepTokenHash?: string,
): Promise<void> {
  let query = db
    .updateTable('sessions')
    .set({ endedAt: new Date(), endReason: reason })
    .where('accountId', '=', accountId)
    .where('endedAt', 'is', null);
  if (keepTokenHash) query = query.where('tokenHash', '<>', keepTokenHash);
  await query.execute();
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  timeouts: SessionTimeouts,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: timeouts.SESSION_MAX_HOURS * 3600,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

/** The actor behind the request's session cookie; refuses a missing, ended, idle, expired or disabled session. */
export async function authenticate(db: Db, request: FastifyRequest): Promise<Actor> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new AppError('UNAUTHENTICATED');
  const tokenHash = sha256Hex(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.accountId')
    .innerJoin('agencies as g', 'g.id', 'a.agencyId')
    .select([
      's.tokenHash',
      's.csrfToken',
      's.lastSeenAt',
      's.expiresAt',
      's.endedAt',
      's.idleTimeoutMinutes',
      's.adminIdleTimeoutMinutes',
      'a.id as accountId',
      'a.username',
      'a.displayName',
      'a.mustChangePassword',
      'a.totpEnabledAt',
      'a.disabledAt',
      'g.id as agencyId',
      'g.name as agencyName',
      'g.regionCode',
      'g.level',
      'g.kind',
      'g.parentId',
    ])
    .where('s.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.endedAt) throw new AppError('UNAUTHENTICATED');
  const permissions = await db
    .selectFrom('accountPermissions')
    .select('permission')
    .where('accountId', '=', row.accountId)
    .execute();
  const permissionSet = new Set(permissions.map((p) => p.permission));
  const isAdministrator = [...permissionSet].some(isAdminRole);
  const now = Date.now();
  if (row.disabledAt) {
    await endSession(db, tokenHash, 'account-disabled');
    throw new AppError('UNAUTHENTICATED', '账户已停用，请联系本级市场监管部门系统管理员');
  }
  const idleMinutes = isAdministrator ? row.adminIdleTimeoutMinutes : row.idleTimeoutMinutes;
  if (now - new Date(row.lastSeenAt).getTime() > idleMinutes * 60_000) {
    await endSession(db, tokenHash, 'idle-timeout');
    throw new AppError('SESSION_EXPIRED');
  }
  if (now > new Date(row.expiresAt).getTime()) {
    await endSession(db, tokenHash, 'absolute-timeout');
    throw new AppError('SESSION_EXPIRED');
  }
  if (now - new Date(row.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(now) })
      .where('tokenHash', '=', tokenHash)
      .execute();
  }
  return {
    accountId: Number(row.accountId),
    username: row.username,
    displayName: row.displayName,
    agency: {
      id: Number(row.agencyId),
      name: row.agencyName,
      regionCode: row.regionCode,
      level: row.level,
      kind: row.kind,
      parentId: row.parentId === null ? null : Number(row.parentId),
    },
    permissions: permissionSet,
    isAdministrator,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
    csrfToken: row.csrfToken,
    sessionTokenHash: tokenHash,
  };
}

/** Console mutations carry the session's CSRF token in a header (SameSite=Strict is the first line, this the second). */
export function assertCsrf(request: FastifyRequest, actor: Actor): void {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !constantTimeEqual(sent, actor.csrfToken)) throw new AppError('CSRF_TOKEN_INVALID');
}
