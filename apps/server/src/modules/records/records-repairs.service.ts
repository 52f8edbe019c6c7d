import type { Db } from '../../platform/database';
import { recomputeStanding } from '../enterprises';
import { findRecord, insertRecordEvent, lockRecord, type RecordRow, updateRecordStatus } from './records.repository';
import { changeRecords } from './records-attestation.service';

/** A record as credit repair (modules/objections/repairs.*) reads it: the providing agency, item, entity and dates. */
export type RepairableRecord = Pick<
  RecordRow,
  | 'id'
  | 'itemId'
  | 'agencyId'
  | 'agencyName'
  | 'creditCode'
  | 'enterpriseId'
  | 'entityName'
  | 'itemCode'
  | 'itemName'
  | 'itemCategory'
  | 'itemRole'
  | 'status'
  | 'aroseOn'
  | 'dishonestyLevel'
  | 'useScope'
  | 'classified'
  | 'payload'
>;

/** A record as its providing agency reads it for a repair notice (两书同达): whatever its state. */
export function findRepairableRecord(db: Db, id: number): Promise<RepairableRecord | undefined> {
  return findRecord(db, id);
}

/** A public record an applicant may act on, with what an objection needs beside what repair reads. */
export type ApplicantRecord = RepairableRecord & Pick<RecordRow, 'rootId'>;

/**
 * A public record an applicant may act on (异议 and 信用修复, issue 21: the one definition both use): in force
 * (`active`), public on the portal (scope `public`, not classified), of an entity, and not its registration data. With
 * `enterpriseId` only that entity's: another entity's answers undefined exactly as a record not in public view does (no
 * existence oracle). `lock` row-locks it for the caller's transaction (one objection at a time marks it), once it is
 * one the applicant may act on: another entity's record is never locked by its request.
 */
export async function findApplicantRecord(
  db: Db,
  id: number,
  options: { enterpriseId?: number; lock?: boolean } = {},
): Promise<ApplicantRecord | undefined> {
  const record = await findRecord(db, id);
  if (!isApplicantRecord(record, options.enterpriseId)) return undefined;
  if (!options.lock) return record;
  // Read again under the lock: a writer may have changed it between the two reads.
  const locked = await lockRecord(db, id);
  return isApplicantRecord(locked, options.enterpriseId) ? locked : undefined;
}

function isApplicantRecord(record: RecordRow | undefined, enterpriseId: number | undefined): record is RecordRow {
  return (
    record?.status === 'active' &&
    record.useScope === 'public' &&
    !record.classified &&
    record.enterpriseId !== null &&
    record.itemRole !== 'registration' &&
    (enterpriseId === undefined || Number(record.enterpriseId) === enterpriseId)
  );
}

/** The record locked for the repair decision: two decisions on one record never both pass. */
export function lockRepairableRecord(trx: Db, id: number): Promise<RepairableRecord | undefined> {
  return lockRecord(trx, id);
}

/**
 * 信用修复 approved (《信用修复管理办法》art. 3: 终止公示、停止共享和使用), in the caller's transaction: the record becomes
 * `repaired`, so it leaves the portal, reports, shares, the exchange pull (a `repaired` tombstone in the change feed,
 * whose trigger writes the sync outbox's `record.repaired`), credit checks and both standings of its entity, which are
 * recomputed here; the verifiable log gets the change's leaf (changeRecords, as every other change of a record); the
 * record itself stays for its agency and the audit, with the decision as a record event (Art. 16).
 */
export async function endPublicityByRepair(
  trx: Db,
  record: Pick<RepairableRecord, 'id' | 'enterpriseId'>,
  by: { agencyId: number; accountId: number; repairNo: string; reason: string },
): Promise<void> {
  const recordId = Number(record.id);
  await updateRecordStatus(trx, recordId, 'repaired');
  await insertRecordEvent(trx, {
    recordId,
    agencyId: by.agencyId,
    accountId: by.accountId,
    kind: 'repaired',
    reason: by.reason,
    details: { repairNo: by.repairNo },
  });
  await changeRecords(trx, [recordId], 'repaired');
  if (record.enterpriseId !== null) await recomputeStanding(trx, [Number(record.enterpriseId)]);
}
