import type { RecordDto, RemovalInputBody, RemovalResultDto } from '@gzcredit/contracts';
import {
  isListing,
  REMOVAL_FIELDS,
  type RecordFieldError,
  type RemovalInput,
  removalDateProblem,
  type ValidatedRemoval,
  validateCreditCode,
  validateRemoval,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { recomputeStanding } from '../enterprises';
import { insertBatch, updateBatchOutcome } from './exchange-log.repository';
import {
  findRecord,
  insertListingRemoval,
  insertRecordEvent,
  lockListingsByDecision,
  lockRecord,
  type RecordRow,
  updateRecordStatus,
} from './records.repository';
import { toRecordDto } from './records.service';
import { changeRecords } from './records-attestation.service';

/** Who removes, through which way in: the removal is transmitted like the listing was (Art. 13). */
export interface Remover {
  agencyId: number;
  accountId: number | null;
  apiClientId?: number | null;
  channel: 'api' | 'upload' | 'form';
  batchId: number;
}

/** A removal as the exchange API and the upload name it: the listing by item, credit code and 列入决定书文号. */
export interface RemovalRequest extends RemovalInput {
  itemCode?: unknown;
  creditCode?: unknown;
  decisionNumber?: unknown;
}

const removedOnText = (row: RecordRow) => `该名单记录已于 ${row.removedOn} 移出，不能重复移出`;

/**
 * 移出 one listing record in the caller's transaction (SPEC §3): it leaves the current part of the profile and every
 * standing, and keeps its place in the public history with the removal's date, reason and authority; the change is
 * traced as a record event (Art. 16). The caller refreshes the entity's standing.
 */
async function removeListing(trx: Db, row: RecordRow, removal: ValidatedRemoval, by: Remover): Promise<void> {
  await updateRecordStatus(trx, Number(row.id), 'removed');
  await insertListingRemoval(trx, {
    recordId: Number(row.id),
    ...removal,
    agencyId: by.agencyId,
    accountId: by.accountId,
    apiClientId: by.apiClientId ?? null,
    channel: by.channel,
    batchId: by.batchId,
  });
  await insertRecordEvent(trx, {
    recordId: Number(row.id),
    agencyId: by.agencyId,
    accountId: by.accountId,
    kind: 'removed',
    reason: removal.reason,
    details: { removedOn: removal.removedOn, authority: removal.authority, channel: by.channel },
  });
  await changeRecords(trx, [Number(row.id)], 'removed');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Validates and applies one removal named by item, credit code and 列入决定书文号 (exchange API, upload): the errors name
 * the fields in Chinese, and a refused removal changes nothing. Every current listing of the agency with that decision
 * number is removed (a duplicate transmission of one listing decision is the same listing).
 */
export async function applyRemoval(
  trx: Db,
  request: RemovalRequest,
  by: Remover,
  today: string,
): Promise<{ ok: true; recordIds: number[]; enterpriseIds: number[] } | { ok: false; errors: RecordFieldError[] }> {
  const errors: RecordFieldError[] = [];
  const itemCode = text(request.itemCode);
  const checked = validateCreditCode(text(request.creditCode));
  if (!checked.valid) errors.push({ field: 'creditCode', label: '统一社会信用代码', message: checked.message });
  const decisionNumber = text(request.decisionNumber);
  if (!decisionNumber)
    errors.push({ field: 'decisionNumber', label: REMOVAL_FIELDS.decisionNumber, message: '不能为空' });
  const validation = validateRemoval(request, today);
  if (!validation.ok) errors.push(...validation.errors);
  if (errors.length > 0 || !checked.valid || !validation.ok) return { ok: false, errors };
  const rows = await lockListingsByDecision(trx, {
    agencyId: by.agencyId,
    itemCode,
    creditCode: checked.code,
    decisionNumber,
  });
  if (rows.length === 0)
    return {
      ok: false,
      errors: [
        {
          field: 'decisionNumber',
          label: REMOVAL_FIELDS.decisionNumber,
          message: `本单位没有统一社会信用代码为 ${checked.code}、列入决定书文号为“${decisionNumber}”的在列名单记录（信息项“${itemCode}”，须为经营异常名录或严重违法失信名单）`,
        },
      ],
    };
  const inForce = rows.filter((row) => row.status === 'active');
  if (inForce.length === 0)
    return {
      ok: false,
      errors: [{ field: 'decisionNumber', label: REMOVAL_FIELDS.decisionNumber, message: removedOnText(rows[0]!) }],
    };
  for (const row of inForce) {
    const problem = removalDateProblem(validation.removal.removedOn, row.aroseOn);
    if (problem) return { ok: false, errors: [problem] };
  }
  for (const row of inForce) await removeListing(trx, row, validation.removal, by);
  return {
    ok: true,
    recordIds: inForce.map((row) => Number(row.id)),
    enterpriseIds: inForce.flatMap((row) => (row.enterpriseId === null ? [] : [Number(row.enterpriseId)])),
  };
}

/**
 * The exchange API's removals (one batch in the caller's transaction, logged as an exchange, Art. 14): each is applied
 * or answered with its errors; the standing of every entity that left a list is refreshed.
 */
export async function submitRemovals(
  trx: Db,
  submitter: { agencyId: number; apiClientId: number; today: string },
  inputs: RemovalInputBody[],
): Promise<{ batchId: number; accepted: number; rejected: number; results: RemovalResultDto[] }> {
  const batchId = await insertBatch(trx, {
    agencyId: submitter.agencyId,
    channel: 'api',
    accountId: null,
    apiClientId: submitter.apiClientId,
    received: inputs.length,
    details: { removals: inputs.length },
  });
  const by: Remover = {
    agencyId: submitter.agencyId,
    accountId: null,
    apiClientId: submitter.apiClientId,
    channel: 'api',
    batchId,
  };
  const results: RemovalResultDto[] = [];
  const touched = new Set<number>();
  for (const [index, input] of inputs.entries()) {
    const outcome = await applyRemoval(trx, input, by, submitter.today);
    if (!outcome.ok) {
      results.push({ index, status: 'rejected', errors: outcome.errors });
      continue;
    }
    for (const id of outcome.enterpriseIds) touched.add(id);
    results.push({ index, status: 'accepted', recordId: outcome.recordIds[0]! });
  }
  const accepted = results.filter((result) => result.status === 'accepted').length;
  await updateBatchOutcome(trx, batchId, { accepted, rejected: inputs.length - accepted });
  await recomputeStanding(trx, [...touched]);
  return { batchId, accepted, rejected: inputs.length - accepted, results };
}

/**
 * 移出 in the console (SPEC §3): the providing agency removes its own listing record with the deciding authority's
 * decision. Another agency's record answers RECORD_NOT_FOUND; a record that is not a listing, or no longer in force,
 * is refused in Chinese (a record sent in error is revoked instead).
 */
export async function removeListingRecord(
  trx: Db,
  actor: Actor,
  id: number,
  body: RemovalInput,
  today: string,
): Promise<RecordDto> {
  const row = await lockRecord(trx, id);
  if (!row || Number(row.agencyId) !== actor.agency.id) throw new AppError('RECORD_NOT_FOUND');
  if (!isListing({ role: row.itemRole }))
    throw new AppError(
      'LISTING_NOT_FOUND',
      `“${row.itemName}”不是名单信息（经营异常名录、严重违法失信名单），不能移出；误报的信息请撤销`,
    );
  if (row.status === 'removed') throw new AppError('RECORD_STATE_CONFLICT', removedOnText(row));
  if (row.status !== 'active') throw new AppError('RECORD_STATE_CONFLICT');
  const validation = validateRemoval(body, today);
  const dateProblem = validation.ok ? removalDateProblem(validation.removal.removedOn, row.aroseOn) : null;
  const errors = validation.ok ? (dateProblem ? [dateProblem] : []) : validation.errors;
  if (!validation.ok || errors.length > 0)
    throw new AppError(
      'LISTING_REMOVAL_INVALID',
      `移出信息未通过校验：${errors.map((error) => `${error.label}${error.message}`).join('；')}`,
      { errors },
    );
  const batchId = await insertBatch(trx, {
    agencyId: actor.agency.id,
    channel: 'removal',
    accountId: actor.accountId,
    itemId: Number(row.itemId),
    received: 1,
    accepted: 1,
    details: { recordId: Number(row.id) },
  });
  await removeListing(trx, row, validation.removal, {
    agencyId: actor.agency.id,
    accountId: actor.accountId,
    channel: 'form',
    batchId,
  });
  if (row.enterpriseId !== null) await recomputeStanding(trx, [Number(row.enterpriseId)]);
  return toRecordDto((await findRecord(trx, Number(row.id)))!);
}
