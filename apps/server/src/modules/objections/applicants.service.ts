import { randomInt } from 'node:crypto';
import type {
  ApplicantCodeSentDto,
  ApplicantSessionDto,
  ApplicantSignInBody,
  RequestApplicantCodeBody,
} from '@gzcredit/contracts';
import { maskMobile } from '@gzcredit/domain';
import type { FastifyBaseLogger } from 'fastify';
import { appendAudit, recordAudit } from '../../platform/audit';
import { constantTimeEqual, hmacHex, randomToken, sha256Hex } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { admitAttempt, PER_NETWORK } from '../accounts';
import { findEntity } from '../enterprises';
import { findRegisteredMobile } from '../records';
import { type Applicant, lockedError } from './applicant-session';
import {
  deleteApplicantAttempts,
  deleteExpiredOidcLogins,
  endApplicantSession,
  findApplicantAttempts,
  findLatestApplicantCode,
  insertApplicantCode,
  insertApplicantSession,
  insertOidcLogin,
  listSmsSinkMessages,
  lockApplicantAttempts,
  takeOidcLogin,
  updateApplicantAttempts,
  useApplicantCode,
} from './applicants.repository';
import { createOidcClient, type OidcClient, type OidcSettings } from './oidc';
import { createSmsSender, type SmsSender, type SmsSettings } from './sms-gateway';

/** A code is good for 5 minutes; another may be asked for after a minute (each text message costs the province). */
export const CODE_LIFETIME_MS = 5 * 60_000;
export const CODE_RESEND_MS = 60_000;
/** Applicant sessions last at most 2 hours (an application takes one sitting); idle 30 minutes as the console's. */
export const APPLICANT_SESSION_MS = 2 * 3_600_000;
const OIDC_LOGIN_MS = 10 * 60_000;

export interface ApplicantsDependencies {
  db: Db;
  dataKey: Buffer;
  sms: SmsSender;
  oidc: OidcClient | undefined;
}

export interface ApplicantOrigin {
  ip: string;
  requestId: string;
}

function codeHash(dataKey: Buffer, enterpriseId: number, code: string): string {
  return hmacHex('sm3', dataKey, `applicant-code:${enterpriseId}:${code}`);
}

async function entityOf(db: Db, creditCode: string) {
  const entity = await findEntity(db, creditCode);
  if (!entity) throw new AppError('ENTERPRISE_NOT_FOUND');
  return entity;
}

/**
 * Sends a one-time code to the mobile of the entity's registration record (issue 21 item 1): decrypted only here, to
 * send; the answer shows its mask only. Refused while the entity is locked (five wrong codes) and within a minute of
 * the last code.
 */
export async function requestApplicantCode(
  deps: ApplicantsDependencies,
  body: RequestApplicantCodeBody,
  origin: ApplicantOrigin,
): Promise<ApplicantCodeSentDto> {
  const { db } = deps;
  const entity = await entityOf(db, body.creditCode);
  const now = new Date();
  const counter = await findApplicantAttempts(db, entity.id);
  if (counter?.lockedUntil && counter.lockedUntil > now) throw lockedError(counter.lockedUntil);
  const last = await findLatestApplicantCode(db, entity.id);
  if (last && now.getTime() - last.sentAt.getTime() < CODE_RESEND_MS) {
    const seconds = Math.ceil((CODE_RESEND_MS - (now.getTime() - last.sentAt.getTime())) / 1000);
    throw new AppError('APPLICANT_CODE_TOO_SOON', `验证码已发送，请 ${seconds} 秒后再重新获取`);
  }
  const mobile = await findRegisteredMobile(db, deps.dataKey, entity.id);
  if (!mobile) throw new AppError('APPLICANT_MOBILE_MISSING');
  const maskedMobile = maskMobile(mobile);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS);
  await db.transaction().execute(async (trx) => {
    await insertApplicantCode(trx, {
      enterpriseId: entity.id,
      codeHash: codeHash(deps.dataKey, entity.id, code),
      role: body.role,
      applicantName: body.name,
      sentAt: now,
      expiresAt,
    });
    await deps.sms.send(trx, {
      enterpriseId: entity.id,
      mobile,
      maskedMobile,
      text: `【贵州省企业公共信用信息平台】${entity.name}的异议或信用修复申请验证码：${code}，5 分钟内有效。如非本单位申请，请忽略。`,
    });
    await appendAudit(trx, {
      ip: origin.ip,
      requestId: origin.requestId,
      action: 'applicant.code-sent',
      objectType: 'applicant',
      objectId: entity.id,
      result: 'success',
      details: { creditCode: entity.creditCode, role: body.role, applicantName: body.name, maskedMobile },
    });
  });
  return { maskedMobile, expiresAt: expiresAt.toISOString(), resendAfterSeconds: CODE_RESEND_MS / 1000 };
}

async function startApplicantSession(
  trx: Db,
  input: Omit<Applicant, 'sessionTokenHash' | 'csrfToken' | 'expiresAt'> & { ip: string },
): Promise<{ token: string; session: ApplicantSessionDto }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + APPLICANT_SESSION_MS);
  await insertApplicantSession(trx, {
    tokenHash: sha256Hex(token),
    enterpriseId: input.enterpriseId,
    method: input.method,
    role: input.role,
    applicantName: input.name,
    subject: input.subject,
    csrfToken,
    ip: input.ip,
    expiresAt,
  });
  return {
    token,
    session: {
      creditCode: input.creditCode,
      entityName: input.entityName,
      method: input.method,
      role: input.role,
      name: input.name,
      csrfToken,
      expiresAt: expiresAt.toISOString(),
    },
  };
}

/**
 * Checks a code. Each attempt is counted under the entity's counter row lock before the code is compared (the sign-in
 * rule, accounts' admitAttempt): five wrong codes in a row lock the entity's applications for 30 minutes, doubling at
 * each further lock. A code is good once, for 5 minutes, and only the newest one sent.
 */
export async function signInWithCode(
  deps: ApplicantsDependencies,
  body: ApplicantSignInBody,
  origin: ApplicantOrigin,
): Promise<{ token: string; session: ApplicantSessionDto }> {
  const { db } = deps;
  const entity = await findEntity(db, body.creditCode);
  if (!entity) throw new AppError('APPLICANT_CODE_INVALID');
  const now = new Date();
  const audit = {
    ip: origin.ip,
    requestId: origin.requestId,
    action: 'applicant.signed-in' as const,
    objectType: 'applicant',
    objectId: entity.id,
  };
  const admission = await db.transaction().execute(async (trx) => {
    const decision = admitAttempt(await lockApplicantAttempts(trx, entity.id, now), PER_NETWORK, now);
    if (decision.judged) await updateApplicantAttempts(trx, entity.id, decision.counter);
    return decision;
  });
  if (!admission.judged) {
    await recordAudit(db, { ...audit, result: 'denied', details: { method: 'sms', reason: 'locked' } });
    throw lockedError(admission.lockedUntil);
  }
  const refuse = async (reason: string, error: AppError): Promise<never> => {
    const lock = admission.counter.lockedUntil;
    await recordAudit(db, { ...audit, result: 'failure', details: { method: 'sms', reason, locked: lock !== null } });
    throw lock ? lockedError(lock) : error;
  };
  const code = await findLatestApplicantCode(db, entity.id);
  const left = PER_NETWORK.limit - admission.counter.attempts;
  if (!code || code.usedAt || code.expiresAt <= now) return refuse('expired', new AppError('APPLICANT_CODE_EXPIRED'));
  if (!constantTimeEqual(code.codeHash, codeHash(deps.dataKey, entity.id, body.code)))
    return refuse('wrong-code', new AppError('APPLICANT_CODE_INVALID', `验证码错误，还可再试 ${left} 次`));
  return db.transaction().execute(async (trx) => {
    if (!(await useApplicantCode(trx, Number(code.id), now))) throw new AppError('APPLICANT_CODE_EXPIRED');
    await deleteApplicantAttempts(trx, entity.id);
    const started = await startApplicantSession(trx, {
      enterpriseId: entity.id,
      creditCode: entity.creditCode,
      entityName: entity.name,
      method: 'sms',
      role: code.role,
      name: code.applicantName,
      subject: null,
      ip: origin.ip,
    });
    await appendAudit(trx, {
      ...audit,
      result: 'success',
      details: { method: 'sms', creditCode: entity.creditCode, role: code.role, applicantName: code.applicantName },
    });
    return started;
  });
}

function requireOidc(deps: ApplicantsDependencies): OidcClient {
  if (!deps.oidc) throw new AppError('OIDC_NOT_CONFIGURED');
  return deps.oidc;
}

/** Starts a login at the identity service: the state, nonce and PKCE verifier wait in the database for 10 minutes. */
export async function startOidcLogin(
  deps: ApplicantsDependencies,
  input: { redirectUri: string; returnTo: string | undefined },
): Promise<{ url: string; state: string }> {
  const oidc = requireOidc(deps);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomCodeVerifier();
  const url = await oidc.authorizationUrl({ redirectUri: input.redirectUri, state, nonce, codeVerifier });
  await deleteExpiredOidcLogins(deps.db, new Date());
  await insertOidcLogin(deps.db, {
    state,
    nonce,
    codeVerifier,
    returnTo: input.returnTo ?? null,
    expiresAt: new Date(Date.now() + OIDC_LOGIN_MS),
  });
  return { url, state };
}

/**
 * The identity service's answer: the state must be the one this browser started with (its cookie) and still pending;
 * the ID token names the legal person by its credit code (OIDC_CREDIT_CODE_CLAIM), which must be an entity here.
 */
export async function finishOidcLogin(
  deps: ApplicantsDependencies,
  input: { callbackUrl: URL; state: string | undefined; browserState: string | undefined },
  origin: ApplicantOrigin,
): Promise<{ token: string; returnTo: string }> {
  const oidc = requireOidc(deps);
  const { db } = deps;
  const audit = { ip: origin.ip, requestId: origin.requestId, action: 'applicant.signed-in' as const };
  const fail = async (reason: string, details: Record<string, unknown> = {}): Promise<never> => {
    await recordAudit(db, { ...audit, result: 'failure', details: { method: 'oidc', reason, ...details } });
    throw new AppError('OIDC_SIGN_IN_FAILED');
  };
  if (!input.state || !input.browserState || !constantTimeEqual(input.state, input.browserState))
    return fail('state-mismatch');
  const login = await takeOidcLogin(db, input.state);
  if (!login || login.expiresAt <= new Date()) return fail('state-unknown');
  let identity: Awaited<ReturnType<OidcClient['identify']>>;
  try {
    identity = await oidc.identify({
      callbackUrl: input.callbackUrl,
      state: login.state,
      nonce: login.nonce,
      codeVerifier: login.codeVerifier,
    });
  } catch (error) {
    return fail('token-refused', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
  }
  const entity = identity.creditCode ? await findEntity(db, identity.creditCode) : undefined;
  if (!entity) return fail('entity-unknown', { subject: identity.subject, creditCode: identity.creditCode ?? null });
  return db.transaction().execute(async (trx) => {
    const { token } = await startApplicantSession(trx, {
      enterpriseId: entity.id,
      creditCode: entity.creditCode,
      entityName: entity.name,
      method: 'oidc',
      role: null,
      name: identity.name ?? entity.name,
      subject: identity.subject,
      ip: origin.ip,
    });
    await appendAudit(trx, {
      ...audit,
      objectType: 'applicant',
      objectId: entity.id,
      result: 'success',
      details: { method: 'oidc', creditCode: entity.creditCode, subject: identity.subject },
    });
    return { token, returnTo: login.returnTo ?? '/objections' };
  });
}

export async function signOutApplicant(
  deps: ApplicantsDependencies,
  applicant: Applicant,
  origin: ApplicantOrigin,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await endApplicantSession(trx, applicant.sessionTokenHash, 'signed-out');
    await appendAudit(trx, {
      ...origin,
      action: 'applicant.signed-out',
      objectType: 'applicant',
      objectId: applicant.enterpriseId,
      result: 'success',
      details: { creditCode: applicant.creditCode, applicantName: applicant.name },
    });
  });
}

/** The development sink's messages of the last hour, newest first (the console page 开发环境短信). */
export async function listSmsSink(deps: ApplicantsDependencies) {
  const rows = await listSmsSinkMessages(deps.db, new Date(Date.now() - 3_600_000));
  return {
    messages: rows.map((row) => ({
      id: Number(row.id),
      sentAt: row.sentAt.toISOString(),
      maskedMobile: row.maskedMobile,
      creditCode: row.creditCode,
      text: row.text,
    })),
  };
}

/** The identity step's dependencies from the configuration: the SMS gateway (or sink) and the identity service. */
export function createApplicantsDependencies(
  db: Db,
  dataKey: Buffer,
  config: SmsSettings & OidcSettings,
  log: FastifyBaseLogger,
): ApplicantsDependencies {
  return { db, dataKey, sms: createSmsSender(config, log), oidc: createOidcClient(config) };
}
