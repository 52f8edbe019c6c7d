import type {
  AgencyTimelinessListDto,
  ExchangeLogDto,
  ExchangeLogQuery,
  MatchingQueueDto,
  RecordDto,
  RecordInputBody,
  RecordListDto,
  RecordsQuery,
  TimelinessDto,
  TimelinessFigures,
  TimelinessQuery,
} from '@gzcredit/contracts';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { overseenAgencyIds } from '../accounts';
import {
  countTimeliness,
  findRecord,
  listAgencyRecords,
  listExchangeBatches,
  listWaitingRecords,
  type TimelinessCounts,
} from './records.repository';
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
  const { rows, total } = await listAgencyRecords(db, actor.agency.id, filters, { page, pageSize });
  return { items: rows.map(toRecordDto), total };
}

const DAY_MS = 86_400_000;

/** 待匹配队列 (Art. 29): the caller's agency's records waiting for their entity, and for how long. */
export async function listMatchingQueue(
  db: Db,
  actor: Actor,
  page: { page: number; pageSize: number },
): Promise<MatchingQueueDto> {
  const { rows, total } = await listWaitingRecords(db, actor.agency.id, page);
  const now = Date.now();
  return {
    items: rows.map((row) => ({
      recordId: Number(row.id),
      creditCode: row.creditCode,
      entityName: row.entityName,
      item: { id: Number(row.itemId), code: row.itemCode, name: row.itemName },
      receivedAt: row.receivedAt.toISOString(),
      daysWaiting: Math.max(0, Math.floor((now - row.receivedAt.getTime()) / DAY_MS)),
    })),
    total,
  };
}

/** 交换日志 (Art. 14): the caller's agency's exchanges, each with who made it and its counts. */
export async function listExchangeLog(db: Db, actor: Actor, query: ExchangeLogQuery): Promise<ExchangeLogDto> {
  const { rows, total } = await listExchangeBatches(
    db,
    actor.agency.id,
    { channel: query.channel },
    { page: query.page, pageSize: query.pageSize },
  );
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      channel: row.channel,
      itemName: row.itemName,
      actor: row.accountName ?? row.apiClientName,
      received: row.received,
      accepted: row.accepted,
      rejected: row.rejected,
      createdAt: row.createdAt.toISOString(),
    })),
    total,
  };
}

function figures(counts: TimelinessCounts): TimelinessFigures {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    volume: counts.volume,
    late: counts.late,
    rate: counts.volume === 0 ? null : round(((counts.volume - counts.late) / counts.volume) * 100),
    averageDaysLate: counts.late === 0 ? null : round(counts.daysLate / counts.late),
  };
}

function sum(rows: TimelinessCounts[]): TimelinessCounts {
  return rows.reduce(
    (total, row) => ({
      volume: total.volume + row.volume,
      late: total.late + row.late,
      daysLate: total.daysLate + row.daysLate,
    }),
    { volume: 0, late: 0, daysLate: 0 },
  );
}

/**
 * 及时性 (Art. 12) of the caller's agency: of the records first received in the period, how many came after their
 * 20-working-day deadline, the share on time and the average working days late, by item and by month.
 */
export async function getTimeliness(db: Db, actor: Actor, period: TimelinessQuery): Promise<TimelinessDto> {
  const [byItem, byMonth] = await Promise.all([
    countTimeliness(db, period, 'item', [actor.agency.id]),
    countTimeliness(db, period, 'month', [actor.agency.id]),
  ]);
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    total: figures(sum(byItem)),
    byItem: byItem.map((row) => ({ item: { id: Number(row.key), code: row.code, name: row.name }, ...figures(row) })),
    byMonth: byMonth.map((row) => ({ month: row.key, ...figures(row) })),
  };
}

/**
 * The timeliness figures (Art. 12, 27) of every agency the caller oversees, for the lead departments and the operator:
 * a commission sees its region and those below it, the province every agency (accounts `overseenAgencyIds`, Art. 5).
 */
export async function listAgencyTimeliness(
  db: Db,
  actor: Actor,
  period: TimelinessQuery,
): Promise<AgencyTimelinessListDto> {
  const rows = await countTimeliness(db, period, 'agency', await overseenAgencyIds(db, actor.agency));
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    items: rows.map((row) => ({ agency: { id: Number(row.key), name: row.name }, ...figures(row) })),
  };
}
