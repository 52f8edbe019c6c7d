import type {
  AccountDto,
  AccountListDto,
  AccountListQuery,
  ChangePasswordBody,
  CreateAccountBody,
  CreatedAccountDto,
  DisableAccountBody,
  MeDto,
  SignInBody,
  TotpEnrolmentDto,
  UpdatePermissionsBody,
} from '@gzcredit/contracts';
import { isAdminRole, type Permission, passwordProblems } from '@gzcredit/domain';
import { toDataURL } from 'qrcode';
import { appendAudit, recordAudit } from '../../platform/audit';
import { sm4Decrypt, sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { isUniqueViolation } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type Actor, endAccountSessions, type SessionTimeouts, startSession } from '../../platform/sessions';
import { type BureauRef, grantRefusal, isInJurisdiction, type Refusal } from './accounts.policy';
import {
  type AccountViewRow,
  clearTotp,
  deletePermissions,
  findAccount,
  findAccountByManager,
  findAccountByUsername,
  findAccountView,
  findAgency,
  insertAccount,
  insertPermissions,
  listAccountViews,
  listPermissions,
  listPermissionsOf,
  updateDisabledAt,
  updatePassword,
  updateTotpEnabled,
  updateTotpLastStep,
  updateTotpSecret,
} from './accounts.repository';
import { listLatestAcceptedManagers } from './filings.repository';
import { administeredBureau, findAgencyInJurisdiction, jurisdictionAgencyIds, toAgencyRef } from './jurisdiction';
import { generateOneTimePassword, hashPassword, verifyPassword } from './passwords';
import {
  ACCOUNT_WIDE,
  admitAttempt,
  EVERY_NETWORK,
  FORGET_AFTER_MS,
  networkOf,
  PER_NETWORK,
} from './sign-in-attempts.policy';
import {
  deleteAttemptCounter,
  deleteAttemptCounters,
  deleteQuietAttemptCounters,
  insertSignInNetwork,
  isKnownNetwork,
  lockAttemptCounter,
  updateAttemptCounter,
} from './sign-in-attempts.repository';
import { newTotpSecret, totpUri, verifyTotp } from './totp';

export interface AccountsDependencies {
  db: Db;
  /** SM4 key for identity-card numbers, mobiles and TOTP secrets at rest. */
  dataKey: Buffer;
  dataDir: string;
  sessionTimeouts: SessionTimeouts;
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

interface SignInLock {
  until: Date;
  limit: number;
}

type Admission = { judged: true; lock: SignInLock | undefined } | { judged: false; lock: SignInLock };

/**
 * Counts the attempt before anything is checked, under the row locks of its counters: the user name's counter for
 * this network and, unless the account has signed in from this network before, its account-wide counter. Refused
 * when either is locked. Keyed by the name as typed, so unknown names go through exactly the same steps.
 */
async function admitSignIn(db: Db, username: string, network: string, now: Date): Promise<Admission> {
  const admission = await db.transaction().execute(async (trx): Promise<Admission> => {
    const networkCounter = await lockAttemptCounter(trx, username, network, now);
    const accountCounter = (await isKnownNetwork(trx, username, network))
      ? undefined
      : await lockAttemptCounter(trx, username, EVERY_NETWORK, now);
    const byNetwork = admitAttempt(networkCounter, PER_NETWORK, now);
    if (!byNetwork.judged) return { judged: false, lock: { until: byNetwork.lockedUntil, limit: PER_NETWORK.limit } };
    const byAccount = accountCounter && admitAttempt(accountCounter, ACCOUNT_WIDE, now);
    if (byAccount && !byAccount.judged) {
      return { judged: false, lock: { until: byAccount.lockedUntil, limit: ACCOUNT_WIDE.limit } };
    }
    await updateAttemptCounter(trx, username, network, byNetwork.counter);
    if (byAccount) await updateAttemptCounter(trx, username, EVERY_NETWORK, byAccount.counter);
    // Locked by this attempt (its failure is answered with the lock); the account-wide lock is the longer one.
    const accountLock = byAccount?.counter.lockedUntil;
    const networkLock = byNetwork.counter.lockedUntil;
    if (accountLock) return { judged: true, lock: { until: accountLock, limit: ACCOUNT_WIDE.limit } };
    return { judged: true, lock: networkLock ? { until: networkLock, limit: PER_NETWORK.limit } : undefined };
  });
  await deleteQuietAttemptCounters(db, new Date(now.getTime() - FORGET_AFTER_MS));
  return admission;
}

/** The same words for a real account and an unknown name: both are counted, and locked, the same way. */
function signInLocked(lock: SignInLock): AppError {
  const minutes = Math.max(1, Math.ceil((lock.until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'ACCOUNT_LOCKED',
    `该用户名登录失败已达 ${lock.limit} 次，已暂停在当前网络登录，请 ${minutes} 分钟后再试`,
  );
}

/**
 * Sign-in (SPEC §6). The attempt is counted before the password or the code is checked (`admitSignIn`), so however
 * many arrive at once, at most five in a row from one network are judged, and at most 50 from networks the account
 * never signed in from. An unknown user, a disabled account and a wrong password get the same answer after the same
 * argon2 work, and a locked name the same answer whether or not it exists. A TOTP code signs in once.
 */
export async function signIn(
  deps: AccountsDependencies,
  body: SignInBody,
  origin: RequestOrigin,
): Promise<{ token: string; me: MeDto }> {
  const { db } = deps;
  const network = networkOf(origin.ip);
  const audit = {
    username: body.username,
    ip: origin.ip,
    requestId: origin.requestId,
    action: 'session.signed-in' as const,
  };
  const account = await findAccountByUsername(db, body.username);
  const accountRef = account
    ? { accountId: Number(account.id), agencyId: Number(account.agencyId) }
    : { accountId: null };
  const admission = await admitSignIn(db, body.username, network, new Date());
  if (!admission.judged) {
    await recordAudit(db, { ...audit, ...accountRef, result: 'denied', details: { reason: 'locked', network } });
    throw signInLocked(admission.lock);
  }
  const refuse = async (reason: string, code: 'SIGN_IN_FAILED' | 'OTP_REQUIRED' | 'OTP_INVALID'): Promise<never> => {
    const locked = admission.lock !== undefined;
    await recordAudit(db, { ...audit, ...accountRef, result: 'failure', details: { reason, network, locked } });
    throw admission.lock ? signInLocked(admission.lock) : new AppError(code);
  };
  const passwordCorrect = await verifyPassword(account?.passwordHash, body.password);
  if (!account || account.disabledAt) return refuse(account ? 'disabled' : 'unknown-user', 'SIGN_IN_FAILED');
  if (!passwordCorrect) return refuse('wrong-password', 'SIGN_IN_FAILED');
  const accountId = Number(account.id);
  if (account.totpEnabledAt && account.totpSecretCipher) {
    if (!body.otp) return refuse('otp-required', 'OTP_REQUIRED');
    const step = await verifyTotp(sm4Decrypt(deps.dataKey, account.totpSecretCipher), body.otp);
    if (step === undefined) return refuse('wrong-otp', 'OTP_INVALID');
    if (!(await updateTotpLastStep(db, accountId, step))) return refuse('otp-reused', 'OTP_INVALID');
  }
  return db.transaction().execute(async (trx) => {
    await deleteAttemptCounter(trx, body.username, network);
    await insertSignInNetwork(trx, accountId, network, new Date());
    const session = await startSession(trx, {
      accountId,
      ip: origin.ip,
      userAgent: origin.userAgent,
      timeouts: deps.sessionTimeouts,
    });
    await appendAudit(trx, { ...audit, ...accountRef, result: 'success', details: { network } });
    return { token: session.token, me: await describeAccount(trx, accountId, session.csrfToken) };
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

function toAccountDto(row: AccountViewRow, permissions: Permission[]): AccountDto {
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.displayName,
    agency: { id: Number(row.agencyId), name: row.agencyName },
    manager:
      row.managerId === null
        ? null
        : { id: Number(row.managerId), name: row.managerName ?? '', post: row.managerPost ?? '' },
    permissions,
    disabled: row.disabledAt !== null,
    lockedUntil:
      row.lockedUntil !== null && new Date(row.lockedUntil).getTime() > Date.now()
        ? new Date(row.lockedUntil).toISOString()
        : null,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

async function describeManagedAccount(db: Db, accountId: number): Promise<AccountDto> {
  const row = await findAccountView(db, accountId);
  if (!row) throw new AppError('ACCOUNT_NOT_FOUND');
  return toAccountDto(row, await listPermissions(db, accountId));
}

/** An account of an agency in the administrator's jurisdiction; any other answers 404 (STYLE: not 403). */
async function findManagedAccount(db: Db, bureau: BureauRef, accountId: number) {
  const account = await findAccount(db, accountId);
  const agency = account ? await findAgency(db, account.agencyId) : undefined;
  if (!account || !agency || !isInJurisdiction(bureau, toAgencyRef(agency))) throw new AppError('ACCOUNT_NOT_FOUND');
  return { account, agency };
}

function throwRefusal(refusal: Refusal): never {
  throw new AppError(refusal.code, refusal.message, [{ field: 'permissions', message: refusal.message }]);
}

/** The partial unique index behind 三员分立 is the last line; the policy answers first with the reason. */
function translatePermissionError(error: unknown): never {
  if (isUniqueViolation(error, 'account_permissions_one_admin_role')) throw new AppError('ADMIN_ROLES_EXCLUSIVE');
  throw error;
}

export async function listManagedAccounts(db: Db, actor: Actor, query: AccountListQuery): Promise<AccountListDto> {
  const bureau = administeredBureau(actor);
  let agencyIds = await jurisdictionAgencyIds(db, bureau);
  if (query.agencyId !== undefined) agencyIds = agencyIds.filter((id) => id === query.agencyId);
  const { rows, total } = await listAccountViews(db, {
    agencyIds,
    q: query.q,
    page: query.page,
    pageSize: query.pageSize,
  });
  const permissions = await listPermissionsOf(
    db,
    rows.map((row) => Number(row.id)),
  );
  return { items: rows.map((row) => toAccountDto(row, permissions.get(Number(row.id)) ?? [])), total };
}

export async function getManagedAccount(db: Db, actor: Actor, accountId: number): Promise<AccountDto> {
  const bureau = administeredBureau(actor);
  await findManagedAccount(db, bureau, accountId);
  return describeManagedAccount(db, accountId);
}

/**
 * Art. 19–22: an account for one filed manager of an agency in the jurisdiction, with a one-time password shown
 * once and changed at the first sign-in.
 */
export async function createManagedAccount(db: Db, actor: Actor, body: CreateAccountBody): Promise<CreatedAccountDto> {
  const bureau = administeredBureau(actor);
  const agency = await findAgencyInJurisdiction(db, bureau, body.agencyId);
  const refusal = grantRefusal(bureau, toAgencyRef(agency), body.permissions, body.permissions);
  if (refusal) throwRefusal(refusal);
  const filed = await listLatestAcceptedManagers(db, body.agencyId);
  if (!filed.some((manager) => Number(manager.id) === body.managerId)) {
    throw new AppError('MANAGER_NOT_FILED', undefined, [
      { field: 'managerId', message: '请选择本机关最新一次已通过备案名单中的管理人员' },
    ]);
  }
  if (await findAccountByManager(db, body.managerId)) {
    throw new AppError('MANAGER_HAS_ACCOUNT', undefined, [{ field: 'managerId', message: '该管理人员已有账户' }]);
  }
  if (await findAccountByUsername(db, body.username)) {
    throw new AppError('USERNAME_TAKEN', undefined, [{ field: 'username', message: '该用户名已被使用' }]);
  }
  const oneTimePassword = generateOneTimePassword();
  let accountId: number;
  try {
    const account = await insertAccount(db, {
      username: body.username,
      displayName: body.displayName,
      agencyId: body.agencyId,
      managerId: body.managerId,
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
      createdBy: actor.accountId,
    });
    accountId = Number(account.id);
  } catch (error) {
    if (isUniqueViolation(error, 'accounts_one_per_manager')) throw new AppError('MANAGER_HAS_ACCOUNT');
    if (isUniqueViolation(error)) throw new AppError('USERNAME_TAKEN');
    throw error;
  }
  await insertPermissions(db, accountId, body.permissions, actor.accountId).catch(translatePermissionError);
  return { account: await describeManagedAccount(db, accountId), oneTimePassword };
}

/** Art. 22: grants and withdrawals within the jurisdiction; nobody changes their own permissions. */
export async function changePermissions(
  db: Db,
  actor: Actor,
  accountId: number,
  body: UpdatePermissionsBody,
): Promise<{ account: AccountDto; added: Permission[]; removed: Permission[] }> {
  const bureau = administeredBureau(actor);
  const { agency } = await findManagedAccount(db, bureau, accountId);
  if (accountId === actor.accountId) throw new AppError('FORBIDDEN', '不能修改自己账户的权限');
  const current = await listPermissions(db, accountId);
  const added = body.permissions.filter((permission) => !current.includes(permission));
  const removed = current.filter((permission) => !body.permissions.includes(permission));
  const refusal = grantRefusal(bureau, toAgencyRef(agency), added, body.permissions);
  if (refusal) throwRefusal(refusal);
  await deletePermissions(db, accountId, removed);
  await insertPermissions(db, accountId, added, actor.accountId).catch(translatePermissionError);
  return { account: await describeManagedAccount(db, accountId), added, removed };
}

/** Accounts are never deleted (their history stays); disabling ends every session of the account at once. */
export async function disableAccount(
  db: Db,
  actor: Actor,
  accountId: number,
  _body: DisableAccountBody,
): Promise<AccountDto> {
  const bureau = administeredBureau(actor);
  const { account } = await findManagedAccount(db, bureau, accountId);
  if (accountId === actor.accountId) throw new AppError('FORBIDDEN', '不能停用自己的账户');
  if (account.disabledAt === null) await updateDisabledAt(db, accountId, new Date());
  await endAccountSessions(db, accountId, 'account-disabled');
  return describeManagedAccount(db, accountId);
}

export async function enableAccount(db: Db, actor: Actor, accountId: number): Promise<AccountDto> {
  const bureau = administeredBureau(actor);
  await findManagedAccount(db, bureau, accountId);
  await updateDisabledAt(db, accountId, null);
  return describeManagedAccount(db, accountId);
}

/**
 * SPEC §6: enrolment stores a new secret SM4-encrypted and not yet enabled; the second factor is only required once
 * a code from it has been confirmed. A confirmed second factor is not replaced from a session alone.
 */
export async function startTotpEnrolment(db: Db, dataKey: Buffer, actor: Actor): Promise<TotpEnrolmentDto> {
  const account = await findAccount(db, actor.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  if (account.totpEnabledAt) throw new AppError('TOTP_ALREADY_ENABLED');
  const secret = newTotpSecret();
  await updateTotpSecret(db, actor.accountId, sm4Encrypt(dataKey, secret));
  const otpauthUri = totpUri(secret, account.username);
  return { secret, otpauthUri, qrDataUrl: await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }) };
}

export async function confirmTotpEnrolment(db: Db, dataKey: Buffer, actor: Actor, otp: string): Promise<MeDto> {
  const account = await findAccount(db, actor.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  if (account.totpEnabledAt) throw new AppError('TOTP_ALREADY_ENABLED');
  if (!account.totpSecretCipher) throw new AppError('TOTP_NOT_STARTED');
  const step = await verifyTotp(sm4Decrypt(dataKey, account.totpSecretCipher), otp);
  if (step === undefined) {
    throw new AppError('TOTP_CODE_INVALID', undefined, [{ field: 'otp', message: '动态口令不正确' }]);
  }
  await updateTotpEnabled(db, actor.accountId, new Date(), step);
  return describeAccount(db, actor.accountId, actor.csrfToken);
}

/** Who ran an administrator recovery command in the server's shell (`npm run admin`); audited as the user `cli`. */
export interface ShellOperator {
  osUser: string;
  host: string;
}

async function findAccountForRecovery(db: Db, username: string) {
  const account = await findAccountByUsername(db, username);
  if (!account) throw new AppError('ACCOUNT_NOT_FOUND', `未找到用户名为 ${username} 的账户`);
  return account;
}

/**
 * Administrator recovery (docs/deployment.md#administrator-recovery): the way back when the only provincial
 * administrator has lost the authenticator, for whoever controls the server. The second factor is removed and every
 * session of the account ends; the next sign-in takes the password and asks for a new enrolment (SPEC §6).
 */
export async function resetSecondFactor(db: Db, username: string, operator: ShellOperator): Promise<void> {
  const account = await findAccountForRecovery(db, username);
  const accountId = Number(account.id);
  await db.transaction().execute(async (trx) => {
    await clearTotp(trx, accountId);
    await endAccountSessions(trx, accountId, 'second-factor-reset');
    await appendAudit(trx, {
      username: 'cli',
      agencyId: Number(account.agencyId),
      action: 'account.second-factor-reset',
      objectType: 'account',
      objectId: accountId,
      result: 'success',
      details: { ...operator, account: username, hadSecondFactor: account.totpEnabledAt !== null },
    });
  });
}

/**
 * Clears every sign-in counter of the user name, lifting its locks on every network (docs/deployment.md#sign-in-lockout)
 * as issuing a password reset does; a disabled account stays disabled.
 */
export async function unlockSignIn(
  db: Db,
  username: string,
  operator: ShellOperator,
): Promise<{ counters: number; disabled: boolean }> {
  const account = await findAccountForRecovery(db, username);
  return db.transaction().execute(async (trx) => {
    const counters = await deleteAttemptCounters(trx, username);
    await appendAudit(trx, {
      username: 'cli',
      agencyId: Number(account.agencyId),
      action: 'account.unlocked',
      objectType: 'account',
      objectId: Number(account.id),
      result: 'success',
      details: { ...operator, account: username, counters },
    });
    return { counters, disabled: account.disabledAt !== null };
  });
}
