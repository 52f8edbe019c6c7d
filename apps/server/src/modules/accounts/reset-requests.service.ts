import type {
  PasswordResetRequestBody,
  RejectResetRequestBody,
  ResetRequestDto,
  ResetRequestListQuery,
} from '@gzcredit/contracts';
import { appendAudit } from '../../platform/audit';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type Actor, endAccountSessions } from '../../platform/sessions';
import { filingBureauId } from './accounts.policy';
import { findAccount, updatePassword } from './accounts.repository';
import type { RequestOrigin } from './accounts.service';
import { administeredBureau, jurisdictionAgencyIds } from './jurisdiction';
import { generateOneTimePassword, hashPassword } from './passwords';
import {
  countResetRequests,
  findResetRequestTarget,
  findResetRequestView,
  insertResetRequest,
  listResetRequestViews,
  type ResetRequestTargetRow,
  type ResetRequestViewRow,
  updateResetRequestHandled,
} from './reset-requests.repository';
import { deleteAttemptCounters } from './sign-in-attempts.repository';

/** The same answer whether or not the user exists: the form must not tell who has an account. */
export const RESET_REQUESTED_MESSAGE =
  '申请已提交。请联系本单位同级市场监管部门的系统管理员，核实身份后领取一次性密码。';

function toResetRequestDto(row: ResetRequestViewRow): ResetRequestDto {
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.displayName,
    agency: { id: Number(row.agencyId), name: row.agencyName },
    reason: row.reason,
    status: row.status,
    createdAt: new Date(row.createdAt).toISOString(),
    handledAt: row.handledAt === null ? null : new Date(row.handledAt).toISOString(),
    note: row.note,
  };
}

/** Art. 20: the bureau the account's agency files its managers with; failing that, its parent bureau or itself. */
function filingBureauOf(target: ResetRequestTargetRow): number {
  const agency = {
    id: Number(target.agencyId),
    regionCode: target.regionCode,
    level: target.level,
    kind: target.kind,
    parentId: target.parentId === null ? null : Number(target.parentId),
  };
  const sameRegionBureauId = target.sameRegionBureauId === null ? undefined : Number(target.sameRegionBureauId);
  return filingBureauId(agency, sameRegionBureauId) ?? agency.parentId ?? agency.id;
}

/**
 * Art. 21: a user who lost the password asks the same-level bureau for a new one (no e-mail). Unknown and disabled
 * users are audited as failures and get the same answer; a second pending request is not queued twice. Every request
 * runs the same statements (look-up, insert, audit), so neither the answer nor its time tells who has an account.
 */
export async function requestPasswordReset(
  db: Db,
  body: PasswordResetRequestBody,
  origin: RequestOrigin,
): Promise<{ ok: true; message: string }> {
  await db.transaction().execute(async (trx) => {
    const found = await findResetRequestTarget(trx, body.username);
    const target = found && !found.disabledAt ? found : undefined;
    const bureauId = target && target.pendingRequestId === null ? filingBureauOf(target) : undefined;
    const requestId = await insertResetRequest(
      trx,
      target && bureauId !== undefined
        ? { accountId: Number(target.accountId), bureauId, reason: body.reason, ip: origin.ip }
        : null,
    );
    const audit = {
      action: 'password-reset.requested' as const,
      username: body.username,
      ip: origin.ip,
      requestId: origin.requestId,
      objectType: 'reset-request',
      accountId: found ? Number(found.accountId) : null,
    };
    if (!target) {
      await appendAudit(trx, { ...audit, result: 'failure', details: { reason: found ? 'disabled' : 'unknown-user' } });
      return;
    }
    await appendAudit(trx, {
      ...audit,
      agencyId: Number(target.agencyId),
      objectId: requestId ?? Number(target.pendingRequestId),
      result: 'success',
      details: requestId === undefined ? { duplicate: true } : { bureauId },
    });
  });
  return { ok: true, message: RESET_REQUESTED_MESSAGE };
}

/** The queue shows the requests of accounts in the administrator's jurisdiction only. */
export async function listResetRequests(
  db: Db,
  actor: Actor,
  query: ResetRequestListQuery,
): Promise<ResetRequestDto[]> {
  const bureau = administeredBureau(actor);
  const rows = await listResetRequestViews(db, {
    agencyIds: await jurisdictionAgencyIds(db, bureau),
    status: query.status,
  });
  return rows.map(toResetRequestDto);
}

/** The pending requests the administrator's queue shows, for the console's to-do counts. */
export async function countPendingResetRequests(db: Db, actor: Actor): Promise<number> {
  if (!actor.permissions.has('account.admin') || actor.agency.kind !== 'market_regulation') return 0;
  const bureau = administeredBureau(actor);
  return countResetRequests(db, { agencyIds: await jurisdictionAgencyIds(db, bureau), status: 'pending' });
}

async function findPendingRequestInJurisdiction(db: Db, actor: Actor, requestId: number) {
  const bureau = administeredBureau(actor);
  const row = await findResetRequestView(db, requestId);
  const agencyIds = await jurisdictionAgencyIds(db, bureau);
  if (!row || !agencyIds.includes(Number(row.agencyId))) throw new AppError('RESET_REQUEST_NOT_FOUND');
  if (Number(row.accountId) === actor.accountId) {
    throw new AppError('FORBIDDEN', '不能处理自己的密码重置申请，请由其他系统管理员或上级市场监管部门处理');
  }
  if (row.status !== 'pending') throw new AppError('RESET_REQUEST_ALREADY_HANDLED');
  return row;
}

/**
 * Art. 21: a one-time password, shown once; the account must change it at its next sign-in. Its sign-in locks are
 * cleared (the administrator has checked who asks) and every session of the account ends (whoever holds the old
 * password is out).
 */
export async function issueResetPassword(
  db: Db,
  actor: Actor,
  requestId: number,
): Promise<{ oneTimePassword: string; accountId: number; username: string }> {
  const row = await findPendingRequestInJurisdiction(db, actor, requestId);
  const account = await findAccount(db, Number(row.accountId));
  if (!account || account.disabledAt) throw new AppError('FORBIDDEN', '该账户已停用，请先启用后再签发密码');
  const oneTimePassword = generateOneTimePassword();
  await updatePassword(db, Number(account.id), await hashPassword(oneTimePassword), true);
  await deleteAttemptCounters(db, account.username);
  await endAccountSessions(db, Number(account.id), 'password-reset');
  if (!(await updateResetRequestHandled(db, requestId, { status: 'issued', handledBy: actor.accountId, note: null }))) {
    throw new AppError('RESET_REQUEST_ALREADY_HANDLED');
  }
  return { oneTimePassword, accountId: Number(account.id), username: account.username };
}

export async function rejectResetRequest(
  db: Db,
  actor: Actor,
  requestId: number,
  body: RejectResetRequestBody,
): Promise<ResetRequestDto> {
  await findPendingRequestInJurisdiction(db, actor, requestId);
  if (
    !(await updateResetRequestHandled(db, requestId, {
      status: 'rejected',
      handledBy: actor.accountId,
      note: body.note,
    }))
  ) {
    throw new AppError('RESET_REQUEST_ALREADY_HANDLED');
  }
  const row = await findResetRequestView(db, requestId);
  if (!row) throw new AppError('RESET_REQUEST_NOT_FOUND');
  return toResetRequestDto(row);
}
