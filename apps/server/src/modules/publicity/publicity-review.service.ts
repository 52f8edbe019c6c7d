import type { WithholdingDto, WithholdingListDto, WithholdingsQuery } from '@gzcredit/contracts';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { overruleRecordWithholding } from '../records';
import {
  closeWithholding,
  listEffectiveSettings,
  listWithholdingsInForce,
  lockWithholding,
  upsertSetting,
  type WithholdingRow,
} from './publicity.repository';
import { refreshItemStanding } from './publicity.service';

function toWithholdingDto(row: WithholdingRow): WithholdingDto {
  return {
    id: row.id,
    agency: { id: row.agencyId, name: row.agencyName },
    item: { id: row.itemId, code: row.itemCode, name: row.itemName },
    record:
      row.recordId === null
        ? null
        : { id: row.recordId, creditCode: row.creditCode!, entityName: row.entityName!, useScope: row.useScope! },
    ground: row.ground,
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdByName,
  };
}

/** 不公示事项审核 (Art. 15, 22(五)): every withholding of mandatory publicity in force, with its legal ground. */
export async function listWithholdings(db: Db, query: WithholdingsQuery): Promise<WithholdingListDto> {
  const { rows, total } = await listWithholdingsInForce(db, query);
  return { items: rows.map(toWithholdingDto), total };
}

/**
 * The provincial bureau overrules a legal ground (Art. 15: the information the law requires is publicised): a
 * switched-off item is publicised again by the agency's setting (its hidden fields kept), a non-public record becomes
 * public; the withholding is closed with the bureau's reason and the standing of the entities concerned follows.
 */
export async function overruleWithholding(trx: Db, actor: Actor, id: number, reason: string): Promise<WithholdingDto> {
  const row = await lockWithholding(trx, id);
  if (!row) throw new AppError('WITHHOLDING_NOT_FOUND');
  if (row.status !== 'in_force') throw new AppError('WITHHOLDING_STATE_CONFLICT');
  if (row.recordId === null) {
    const setting = (await listEffectiveSettings(trx, row.agencyId)).get(row.itemCode);
    await upsertSetting(trx, {
      agencyId: row.agencyId,
      itemId: setting?.itemId ?? row.itemId,
      publicised: true,
      hiddenFields: setting?.hiddenFields ?? [],
      updatedBy: actor.accountId,
    });
    await refreshItemStanding(trx, row.agencyId, row.itemCode);
  } else if (!(await overruleRecordWithholding(trx, actor, row.recordId, reason))) {
    throw new AppError('WITHHOLDING_STATE_CONFLICT', '该信息已更正、撤销或已公示，不公示事项已不存在');
  }
  await closeWithholding(trx, row.id, { status: 'overruled', closedBy: actor.accountId, overruleReason: reason });
  return toWithholdingDto(row);
}
