import type { FilingDto, FilingListQuery, ManagerDto, ManagerInput, SubmitFilingBody } from '@gzcredit/contracts';
import { maskIdCard, maskMobile } from '@gzcredit/domain';
import { appendAudit } from '../../platform/audit';
import { sm4Decrypt, sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type Actor, endAccountSessions } from '../../platform/sessions';
import { findAgency, updateDisabledAt } from './accounts.repository';
import type { RequestOrigin } from './accounts.service';
import {
  countFilingViews,
  type FilingViewRow,
  findFilingView,
  insertFiling,
  insertFilingEntries,
  insertManager,
  listAgencyManagers,
  listFilingManagers,
  listFilingViews,
  listManagerAccounts,
  type ManagerRow,
  updateFilingReview,
} from './filings.repository';
import { administeredBureau, findAgencyInJurisdiction, findFilingBureauId } from './jurisdiction';

/** Mobile and identity-card number leave the server only masked (Art. 24; SPEC §3). */
export function toManagerDto(row: ManagerRow): ManagerDto {
  return {
    id: Number(row.id),
    name: row.name,
    post: row.post,
    mobileMasked: row.mobileMasked,
    idCardMasked: row.idCardMasked,
  };
}

function toFilingDto(row: FilingViewRow, managers: ManagerRow[]): FilingDto {
  return {
    id: Number(row.id),
    agency: { id: Number(row.agencyId), name: row.agencyName },
    bureau: { id: Number(row.bureauId), name: row.bureauName },
    status: row.status,
    submittedAt: new Date(row.submittedAt).toISOString(),
    submittedBy: row.submittedByUsername,
    reviewedAt: row.reviewedAt === null ? null : new Date(row.reviewedAt).toISOString(),
    reviewNote: row.reviewNote,
    managers: managers.map(toManagerDto),
  };
}

async function describeFiling(db: Db, filingId: number): Promise<FilingDto> {
  const row = await findFilingView(db, filingId);
  if (!row) throw new AppError('FILING_NOT_FOUND');
  const managers = await listFilingManagers(db, [filingId]);
  return toFilingDto(row, managers.get(filingId) ?? []);
}

/**
 * Stores a filing's list. A person filed before with the same details keeps their manager row (and so their
 * account); anyone new or changed gets a new row, so earlier filings keep showing what was filed then.
 */
async function storeManagers(db: Db, dataKey: Buffer, agencyId: number, managers: ManagerInput[]): Promise<number[]> {
  const known = new Map<string, number>();
  for (const row of await listAgencyManagers(db, agencyId)) {
    const key = [row.name, row.post, sm4Decrypt(dataKey, row.mobileCipher), sm4Decrypt(dataKey, row.idCardCipher)];
    known.set(JSON.stringify(key), Number(row.id));
  }
  const ids: number[] = [];
  for (const manager of managers) {
    const existing = known.get(JSON.stringify([manager.name, manager.post, manager.mobile, manager.idCardNumber]));
    if (existing !== undefined) {
      ids.push(existing);
      continue;
    }
    const row = await insertManager(db, {
      agencyId,
      name: manager.name,
      post: manager.post,
      mobileCipher: sm4Encrypt(dataKey, manager.mobile),
      mobileMasked: maskMobile(manager.mobile),
      idCardCipher: sm4Encrypt(dataKey, manager.idCardNumber),
      idCardMasked: maskIdCard(manager.idCardNumber),
    });
    ids.push(Number(row.id));
  }
  return ids;
}

/** Who accepts a filing, and the request it came in, for the audit rows of the accounts the acceptance disables. */
export interface FilingReviewer {
  actor: Actor;
  origin: Pick<RequestOrigin, 'ip' | 'requestId'>;
  dataKey: Buffer;
}

/**
 * Art. 20–21: a manager the newly accepted filing no longer lists has left, and the account that person held is
 * disabled at once, its sessions ended, with an audit row saying why, in the transaction of the acceptance. A person is
 * known by the identity-card number: one filed again with a new post or mobile has a new manager row but has not left.
 */
async function disableDepartedManagers(
  trx: Db,
  reviewer: FilingReviewer,
  filingId: number,
  agencyId: number,
): Promise<void> {
  const filed = (await listFilingManagers(trx, [filingId])).get(filingId) ?? [];
  const filedIdCards = new Set(filed.map((manager) => sm4Decrypt(reviewer.dataKey, manager.idCardCipher)));
  for (const account of await listManagerAccounts(trx, agencyId)) {
    if (filedIdCards.has(sm4Decrypt(reviewer.dataKey, account.idCardCipher))) continue;
    await updateDisabledAt(trx, account.id, new Date());
    await endAccountSessions(trx, account.id, 'manager-left-filing');
    await appendAudit(trx, {
      accountId: reviewer.actor.accountId,
      username: reviewer.actor.username,
      agencyId: reviewer.actor.agency.id,
      ip: reviewer.origin.ip,
      requestId: reviewer.origin.requestId,
      action: 'account.disabled',
      objectType: 'account',
      objectId: account.id,
      result: 'success',
      details: { reason: 'manager-left-filing', filingId, username: account.username },
    });
  }
}

/** Art. 20: an agency files its (changed) list of managers with its bureau; every change is a new filing. */
export async function submitFiling(db: Db, dataKey: Buffer, actor: Actor, body: SubmitFilingBody): Promise<FilingDto> {
  const agency = await findAgency(db, actor.agency.id);
  if (!agency) throw new AppError('AGENCY_NOT_FOUND');
  const bureauId = await findFilingBureauId(db, agency);
  if (bureauId === undefined) throw new AppError('BUREAU_NOT_FOUND');
  const managerIds = await storeManagers(db, dataKey, actor.agency.id, body.managers);
  const filingId = await insertFiling(db, {
    agencyId: actor.agency.id,
    bureauId,
    status: 'submitted',
    submittedBy: actor.accountId,
  });
  await insertFilingEntries(db, filingId, managerIds);
  return describeFiling(db, filingId);
}

/** The bureau records a filing handed in on paper by an agency it receives filings from; accepted at once. */
export async function recordFiling(
  db: Db,
  reviewer: FilingReviewer,
  agencyId: number,
  body: SubmitFilingBody,
): Promise<FilingDto> {
  const { actor, dataKey } = reviewer;
  const bureau = administeredBureau(actor);
  const agency = await findAgencyInJurisdiction(db, bureau, agencyId);
  const bureauId = await findFilingBureauId(db, agency);
  if (bureauId !== bureau.id) {
    throw new AppError('FORBIDDEN', '本局的管理人员名单须报上级市场监管部门备案，不能由本局录入');
  }
  const managerIds = await storeManagers(db, dataKey, agencyId, body.managers);
  const filingId = await insertFiling(db, {
    agencyId,
    bureauId,
    status: 'accepted',
    submittedBy: actor.accountId,
    reviewedBy: actor.accountId,
    reviewedAt: new Date(),
    reviewNote: '纸质备案，由市场监管部门录入',
  });
  await insertFilingEntries(db, filingId, managerIds);
  await disableDepartedManagers(db, reviewer, filingId, agencyId);
  return describeFiling(db, filingId);
}

function isAccountAdministrator(actor: Actor): boolean {
  return actor.permissions.has('account.admin') && actor.agency.kind === 'market_regulation';
}

/** An administrator sees the filings made with its bureau and its own agency's; everyone else their agency's. */
export async function listFilings(db: Db, actor: Actor, query: FilingListQuery): Promise<FilingDto[]> {
  const rows = await listFilingViews(db, {
    agencyId: actor.agency.id,
    ...(isAccountAdministrator(actor) ? { bureauId: actor.agency.id } : {}),
    status: query.status,
  });
  const managers = await listFilingManagers(
    db,
    rows.map((row) => Number(row.id)),
  );
  return rows.map((row) => toFilingDto(row, managers.get(Number(row.id)) ?? []));
}

/**
 * The filings awaiting the administrator's review (备案审核's queue: those made with its bureau, and its own agency's),
 * for the console's to-do counts; 0 for anyone who reviews none.
 */
export async function countFilingsAwaitingReview(db: Db, actor: Actor): Promise<number> {
  if (!isAccountAdministrator(actor)) return 0;
  return countFilingViews(db, { agencyId: actor.agency.id, bureauId: actor.agency.id, status: 'submitted' });
}

export async function getFiling(db: Db, actor: Actor, filingId: number): Promise<FilingDto> {
  const row = await findFilingView(db, filingId);
  const visible =
    row !== undefined &&
    (Number(row.agencyId) === actor.agency.id ||
      (isAccountAdministrator(actor) && Number(row.bureauId) === actor.agency.id));
  if (!row || !visible) throw new AppError('FILING_NOT_FOUND');
  return describeFiling(db, filingId);
}

/** Art. 20: the bureau the filing was made with accepts it, or returns it with a note. */
export async function reviewFiling(
  db: Db,
  reviewer: FilingReviewer,
  filingId: number,
  decision: { status: 'accepted' | 'returned'; note: string | null },
): Promise<FilingDto> {
  const { actor } = reviewer;
  const bureau = administeredBureau(actor);
  const row = await findFilingView(db, filingId);
  if (!row) throw new AppError('FILING_NOT_FOUND');
  if (Number(row.bureauId) !== bureau.id) {
    if (Number(row.agencyId) === bureau.id) {
      throw new AppError('FORBIDDEN', '本局的管理人员备案由上级市场监管部门审核');
    }
    throw new AppError('FILING_NOT_FOUND');
  }
  const decided = await updateFilingReview(db, filingId, {
    status: decision.status,
    reviewedBy: actor.accountId,
    reviewNote: decision.note,
  });
  if (!decided) throw new AppError('FILING_ALREADY_REVIEWED');
  if (decision.status === 'accepted') await disableDepartedManagers(db, reviewer, filingId, Number(row.agencyId));
  return describeFiling(db, filingId);
}
