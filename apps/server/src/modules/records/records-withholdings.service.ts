import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import { recomputeStanding } from '../enterprises';
import { insertRecordEvent, lockRecord, updateRecord } from './records.repository';
import { contentHash } from './records.service';
import { changeRecords } from './records-attestation.service';

/**
 * The provincial bureau overrules the legal ground a record was sent non-public on (Art. 15, 22(五)): the record becomes
 * public in place, its content hash follows its new scope, and the change is traced on the record (Art. 16) with the
 * bureau's reason and published to the exchange pull. False when the record is no longer the current version or is
 * already public (its withholding ended with the version it was sent with).
 */
export async function overruleRecordWithholding(
  trx: Db,
  actor: Actor,
  recordId: number,
  reason: string,
): Promise<boolean> {
  const row = await lockRecord(trx, recordId);
  if (!row || (row.status !== 'active' && row.status !== 'removed') || row.useScope === 'public') return false;
  const hash = contentHash({ editionCode: row.editionCode, code: row.itemCode }, { ...row, useScope: 'public' });
  await updateRecord(trx, recordId, { useScope: 'public', contentHash: hash });
  await insertRecordEvent(trx, {
    recordId,
    agencyId: actor.agency.id,
    accountId: actor.accountId,
    kind: 'publicity_overruled',
    reason,
    details: { from: row.useScope, to: 'public', ground: row.withholdingGround },
  });
  await changeRecords(trx, [recordId], 'updated');
  if (row.enterpriseId !== null) await recomputeStanding(trx, [Number(row.enterpriseId)]);
  return true;
}
