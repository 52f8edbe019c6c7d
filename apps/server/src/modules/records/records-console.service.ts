import type { RecordDto, RecordInputBody, RecordListDto, RecordsQuery } from '@gzcredit/contracts';
import { addDays, chinaToday } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { findRecord, listAgencyRecords } from './records.repository';
import { type SubmissionContext, submitRecords, toRecordDto } from './records.service';

/**
 * 在线填报 the single-record form (Art. 13): the same validation as every channel, as a manual entry (a credit code
 * whose embedded organisation code fails is refused). A refused record answers RECORD_INVALID with its field errors
 * and stores nothing (the caller's transaction rolls back, the exchange log row with it).
 */
export async function submitFormRecord(
  trx: Db,
  actor: Actor,
  context: SubmissionContext,
  input: RecordInputBody,
): Promise<RecordDto> {
  const result = await submitRecords(
    trx,
    { agencyId: actor.agency.id, agencyKind: actor.agency.kind, accountId: actor.accountId, channel: 'form' },
    context,
    [input],
  );
  const outcome = result.results[0]!;
  if (outcome.status !== 'accepted') {
    const errors = outcome.errors ?? [];
    throw new AppError(
      'RECORD_INVALID',
      `信息未通过校验：${errors.map((error) => `${error.label}${error.message}`).join('；')}`,
      { errors },
    );
  }
  return toRecordDto((await findRecord(trx, outcome.recordId!))!);
}

/** The caller's agency's records (Art. 24: an agency queries its own transmissions here), newest first. */
export async function listRecords(db: Db, actor: Actor, query: RecordsQuery): Promise<RecordListDto> {
  const { page, pageSize, ...filters } = query;
  const { rows, total } = await listAgencyRecords(
    db,
    actor.agency.id,
    { ...filters, ...(filters.publicityEndsBy ? { publicityEndsFrom: chinaToday() } : {}) },
    { page, pageSize },
  );
  return { items: rows.map(toRecordDto), total };
}

/**
 * The agency's records in force whose publicity window ends within `days` days (公示期即将届满: they leave the portal by
 * themselves then), as 本单位信息 lists them with the same filter: the to-do count of whoever keeps the records.
 */
export async function countRecordsLeavingPublicity(db: Db, actor: Actor, now: Date, days: number): Promise<number> {
  const today = chinaToday(now);
  const { total } = await listAgencyRecords(
    db,
    actor.agency.id,
    { publicityEndsBy: addDays(today, days), publicityEndsFrom: today },
    { page: 1, pageSize: 1 },
  );
  return total;
}
