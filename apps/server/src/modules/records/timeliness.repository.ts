import { chinaDayStart, nextChinaDayStart } from '@gzcredit/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/database';

/** `received_at` as a China calendar date (UTC+8) in SQL, without relying on the server's time-zone database. */
const receivedChinaDate = sql<string>`((r.received_at AT TIME ZONE 'UTC') + interval '8 hours')::date`;

/** Counts behind the timeliness figures (Art. 12) of one group of first versions. */
export interface TimelinessCounts {
  volume: number;
  late: number;
  /** Sum of the working days late of the late records. */
  daysLate: number;
}

const timelinessCounts = sql<number>`count(*)::int`;

/**
 * Timeliness counts of first versions (a correction is not a new transmission) received in the period: one agency's
 * by item and by month, or the whole platform's by agency. Dates are China calendar dates of receipt.
 */
export async function countTimeliness(
  db: Db,
  period: Period,
  groupBy: 'item' | 'month' | 'agency',
  agencyIds: readonly number[] | 'all',
): Promise<Array<TimelinessCounts & { key: string; name: string; code: string }>> {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db.selectFrom('records as r').where('r.version', '=', 1);
  if (agencyIds !== 'all') query = query.where('r.agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('r.receivedAt', '>=', chinaDayStart(period.from));
  if (period.to) query = query.where('r.receivedAt', '<', nextChinaDayStart(period.to));
  const measures = [
    timelinessCounts.as('volume'),
    sql<number>`(count(*) FILTER (WHERE r.days_late > 0))::int`.as('late'),
    sql<number>`coalesce(sum(r.days_late), 0)::int`.as('daysLate'),
  ] as const;
  let rows: Array<{ key: string | number; name: string; code: string; volume: number; late: number; daysLate: number }>;
  if (groupBy === 'item') {
    rows = await query
      .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
      .select(['i.id as key', 'i.name as name', 'i.code as code', ...measures])
      .groupBy(['i.id', 'i.name', 'i.code', 'i.sortOrder'])
      .orderBy('i.sortOrder')
      .orderBy('i.id')
      .execute();
  } else if (groupBy === 'agency') {
    rows = await query
      .innerJoin('agencies as a', 'a.id', 'r.agencyId')
      .select(['a.id as key', 'a.name as name', sql<string>`''`.as('code'), ...measures])
      .groupBy(['a.id', 'a.name'])
      .orderBy('a.id')
      .execute();
  } else {
    const month = sql<string>`to_char(${receivedChinaDate}, 'YYYY-MM')`;
    rows = await query
      .select([month.as('key'), month.as('name'), sql<string>`''`.as('code'), ...measures])
      .groupBy(month)
      .orderBy(month)
      .execute();
  }
  return rows.map((row) => ({
    key: String(row.key),
    name: row.name,
    code: row.code,
    volume: Number(row.volume),
    late: Number(row.late),
    daysLate: Number(row.daysLate),
  }));
}

type Period = { from?: string | undefined; to?: string | undefined };

/** The agencies of an oversight reach (`overseenAgencyIds`), every one: those that sent nothing are listed too. */
export async function listAgencyNames(
  db: Db,
  agencyIds: readonly number[] | 'all',
): Promise<Array<{ id: number; name: string }>> {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db.selectFrom('agencies').select(['id', 'name']).orderBy('id');
  if (agencyIds !== 'all') query = query.where('id', 'in', [...agencyIds]);
  return (await query.execute()).map((row) => ({ id: Number(row.id), name: row.name }));
}

/** What an agency's exchange log (Art. 14) holds of the period, beside timeliness (Art. 27). */
export interface ExchangeOutcomeCounts {
  agencyId: number;
  corrections: number;
  revocations: number;
  /** Rows refused at validation: the `rejected` of the pushes, uploads, form entries and removals. */
  refused: number;
}

/** The receiving channels whose `rejected` counts records refused at validation. */
const RECEIVING_CHANNELS = ['api', 'upload', 'form', 'removal'] as const;

/** Corrections, revocations and refused rows by agency, from `exchange_batches` created in the period (China dates). */
export async function countExchangeOutcomes(
  db: Db,
  period: Period,
  agencyIds: readonly number[] | 'all',
): Promise<ExchangeOutcomeCounts[]> {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('exchangeBatches as b')
    .where('b.channel', 'in', ['correction', 'revocation', ...RECEIVING_CHANNELS]);
  if (agencyIds !== 'all') query = query.where('b.agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('b.createdAt', '>=', chinaDayStart(period.from));
  if (period.to) query = query.where('b.createdAt', '<', nextChinaDayStart(period.to));
  const rows = await query
    .select([
      'b.agencyId',
      sql<number>`(count(*) FILTER (WHERE b.channel = 'correction'))::int`.as('corrections'),
      sql<number>`(count(*) FILTER (WHERE b.channel = 'revocation'))::int`.as('revocations'),
      sql<number>`coalesce(sum(b.rejected) FILTER (WHERE b.channel IN ('api', 'upload', 'form', 'removal')), 0)::int`.as(
        'refused',
      ),
    ])
    .groupBy('b.agencyId')
    .execute();
  return rows.map((row) => ({
    agencyId: Number(row.agencyId),
    corrections: Number(row.corrections),
    revocations: Number(row.revocations),
    refused: Number(row.refused),
  }));
}

/**
 * Exchange API requests of the agency's clients refused (signature, key, format, rate limit) or failed in the period:
 * the audit rows `recordRefusedRequest` writes (exchange module). A request under an unknown key names no agency.
 */
export async function countApiErrors(
  db: Db,
  period: Period,
  agencyIds: readonly number[] | 'all',
): Promise<Array<{ agencyId: number; apiErrors: number }>> {
  if (agencyIds !== 'all' && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('auditLog as l')
    .where('l.action', 'in', ['exchange.request-refused', 'exchange.request-failed'])
    .where('l.agencyId', 'is not', null);
  if (agencyIds !== 'all') query = query.where('l.agencyId', 'in', [...agencyIds]);
  if (period.from) query = query.where('l.occurredAt', '>=', chinaDayStart(period.from));
  if (period.to) query = query.where('l.occurredAt', '<', nextChinaDayStart(period.to));
  const rows = await query
    .select(['l.agencyId', sql<number>`count(*)::int`.as('apiErrors')])
    .groupBy('l.agencyId')
    .execute();
  return rows.map((row) => ({ agencyId: Number(row.agencyId), apiErrors: Number(row.apiErrors) }));
}

/** Deadline figures of a record and what they are computed from (Art. 12). */
export interface DeadlineRow {
  id: number;
  itemId: number;
  aroseOn: string;
  dueOn: string;
  dueProvisional: boolean;
  daysLate: number;
  /** The first version's receipt: a correction keeps the figures of the first transmission. */
  firstReceivedAt: Date;
}

/**
 * Records, in id order after `afterId`, whose deadline figures may change when `year` gets its calendar: a provisional
 * due date, or a late record whose span from due date to receipt reaches into the year.
 */
export async function listDeadlinesDependingOn(
  db: Db,
  year: number,
  afterId: number,
  limit: number,
): Promise<DeadlineRow[]> {
  const rows = await db
    .selectFrom('records as r')
    .innerJoin('records as f', (join) => join.on(sql<boolean>`f.id = coalesce(r.root_id, r.id)`))
    .select([
      'r.id',
      'r.itemId',
      'r.aroseOn',
      'r.dueOn',
      'r.dueProvisional',
      'r.daysLate',
      'f.receivedAt as firstReceivedAt',
    ])
    .where('r.id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb('r.dueProvisional', '=', true),
        eb.and([
          eb('r.daysLate', '>', 0),
          eb('r.dueOn', '<=', `${year}-12-31`),
          eb('r.receivedAt', '>=', chinaDayStart(`${year}-01-01`)),
        ]),
      ]),
    )
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), itemId: Number(row.itemId) }));
}

export async function updateDeadlines(
  db: Db,
  rows: Array<{ id: number; dueOn: string; dueProvisional: boolean; daysLate: number }>,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE records r SET due_on = v."dueOn", due_provisional = v."dueProvisional", days_late = v."daysLate"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS v(id bigint, "dueOn" date, "dueProvisional" boolean, "daysLate" integer)
    WHERE r.id = v.id`.execute(db);
}
