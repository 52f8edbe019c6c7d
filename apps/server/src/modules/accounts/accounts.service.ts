import type { ChangePasswordBody, MeDto, SignInBody } from '@gzcredit/contracts';
import { isAdminRole, passwordProblems } from '@gzcredit/domain';
import { appendAudit, recordAudit } from '../../platform/audit';
import { sm4Decrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type Actor, endAccountSessions, startSession } from '../../platform/sessions';
import {
  clearSignInFailures,
  findAccount,
  findAccountByUsername,
  findAgency,
  listPermissions,
  recordSignInFailure,
  updatePassword,
} from './accounts.repository';
import { hashPassword, verifyPassword } from './passwords';
import { verifyTotp } from './totp';

/** SPEC §6: five failures in a row lock the account for 30 minutes. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_DURATION_MS = 30 * 60_000;

export interface AccountsDependencies {
  db: Db;
  /** SM4 key for identity-card numbers, mobiles and TOTP secrets at rest. */
  dataKey: Buffer;
  dataDir: string;
}

export interface RequestOrigin {
  ip: string;
  userAgent: string | undefined;
  requestId: string;
}

export async function describeAccount(db: Db, accountId: number, csrfToken: string): Promise<MeDto> {
  const account = await findAccount(db, accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  const [agency, permissions] = await Promise.all([findAgency(db, account.agencyId), listPermissions(db, accountId)]);
  if (!agency) throw new AppError('UNAUTHENTICATED');
  return {
    id: Number(account.id),
    username: account.username,
    displayName: account.displayName,
    agency: {
      id: Number(agency.id),
      name: agency.name,
      regionCode: agency.regionCode,
      level: agency.level,
      kind: agency.kind,
    },
    permissions,
    mustChangePassword: account.mustChangePassword,
    totpEnabled: account.totpEnabledAt !== null,
    totpRequired: permissions.some(isAdminRole),
    csrfToken,
  };
}

/**
 * Sign-in (SPEC §6): an unknown user, a disabled account and a wrong password get the same answer after the same
 * argon2 work; the fifth failure locks the account, and a locked account is refused even with the right password.
 */
export async function signIn(
  db: Db,
  dataKey: Buffer,
  body: SignInBody,
  origin: RequestOrigin,
): Promise<{ token: string; me: MeDto }> {
  const account = await findAccountByUsername(db, body.username);
  const passwordCorrect = await verifyPassword(account?.passwordHash, body.password);
  const audit = { username: body.username, ip: origin.ip, requestId: origin.requestId, action: 'session.signed-in' };
  if (!account || account.disabledAt) {
    await recordAudit(db, {
      ...audit,
      accountId: account?.id ?? null,
      result: 'failure',
      details: { reason: account ? 'disabled' : 'unknown-user' },
    });
    throw new AppError('SIGN_IN_FAILED');
  }
  const accountRef = { accountId: Number(account.id), agencyId: Number(account.agencyId) };
  if (account.lockedUntil && account.lockedUntil.getTime() > Date.now()) {
    await recordAudit(db, { ...audit, ...accountRef, result: 'denied', details: { reason: 'locked' } });
    throw new AppError('ACCOUNT_LOCKED');
  }
  if (!passwordCorrect) {
    const locked = await db.transaction().execute(async (trx) => {
      const nowLocked = await recordSignInFailure(
        trx,
        accountRef.accountId,
        MAX_FAILED_SIGN_INS,
        new Date(Date.now() + LOCK_DURATION_MS),
      );
      await appendAudit(trx, {
        ...audit,
        ...accountRef,
        result: 'failure',
        details: { reason: 'wrong-password', locked: nowLocked },
      });
      return nowLocked;
    });
    throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'SIGN_IN_FAILED');
  }
  if (account.totpEnabledAt && account.totpSecretCipher) {
    if (!body.otp) throw new AppError('OTP_REQUIRED');
    if (!(await verifyTotp(sm4Decrypt(dataKey, account.totpSecretCipher), body.otp))) {
      await db.transaction().execute(async (trx) => {
        await recordSignInFailure(
          trx,
          accountRef.accountId,
          MAX_FAILED_SIGN_INS,
          new Date(Date.now() + LOCK_DURATION_MS),
        );
        await appendAudit(trx, { ...audit, ...accountRef, result: 'failure', details: { reason: 'wrong-otp' } });
      });
      throw new AppError('OTP_INVALID');
    }
  }
  return db.transaction().execute(async (trx) => {
    await clearSignInFailures(trx, accountRef.accountId);
    const session = await startSession(trx, {
      accountId: accountRef.accountId,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    await appendAudit(trx, { ...audit, ...accountRef, result: 'success' });
    return { token: session.token, me: await describeAccount(trx, accountRef.accountId, session.csrfToken) };
  });
}

/** A new password: the rules, not the current one; other sessions end (a changed password must lock others out). */
export async function changePassword(db: Db, actor: Actor, body: ChangePasswordBody): Promise<void> {
  const account = await findAccount(db, actor.accountId);
  if (!account || !(await verifyPassword(account.passwordHash, body.currentPassword))) {
    throw new AppError('VALIDATION_FAILED', '当前密码不正确', [
      { field: 'currentPassword', message: '当前密码不正确' },
    ]);
  }
  const problems = passwordProblems(body.newPassword, actor.username);
  if (body.newPassword === body.currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length > 0) {
    throw new AppError(
      'PASSWORD_TOO_WEAK',
      `密码不符合安全要求：${problems.join('；')}`,
      problems.map((message) => ({ field: 'newPassword', message })),
    );
  }
  await updatePassword(db, actor.accountId, await hashPassword(body.newPassword), false);
  await endAccountSessions(db, actor.accountId, 'password-changed', actor.sessionTokenHash);
}
