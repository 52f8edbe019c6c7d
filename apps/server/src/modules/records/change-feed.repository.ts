import { sql } from 'kysely';
import type { RecordChangeKind } from '../../db/schema';
import type { Db } from '../../platform/database';
import { visibleTo, withVisibility } from '../../platform/sharing-sql';
import { type RecordRow, recordsQuery } from './records.repository';

/** A record as the reading agency may see it: with the fields it may see (platform/sharing-sql.ts). */
export type SharedRecordRow = RecordRow & { allFields: boolean; fields: string[] };

/**
 * Active records of other agencies that the reader's agency may see (the sharing rule, Art. 22(四): public ones,
 * shared and authorised ones per the providers' exchange settings and the bureau's floor), in id order after the cursor.
 */
export async function listSharedRecords(
  db: Db,
  filter: { readerAgencyId: number; afterId: number; limit: number },
): Promise<SharedRecordRow[]> {
  return visibleTo(recordsQuery(db), filter.readerAgencyId)
    .where('r.agencyId', '<>', filter.readerAgencyId)
    .where('r.status', '=', 'active')
    .where('r.id', '>', filter.afterId)
    .orderBy('r.id')
    .limit(filter.limit)
    .execute();
}

/** A position in the change feed: after the change `id` of transaction `txid` (both as decimal strings). */
export interface FeedPosition {
  txid: string;
  id: string;
}

/**
 * The oldest transaction still running: every change of an older transaction is committed (or rolled back), so the
 * feed up to it can never grow again. Taken once per pull, before its reads.
 */
export async function findFeedHorizon(db: Db): Promise<string> {
  const { rows } = await sql<{ horizon: string }>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`.execute(db);
  return rows[0]!.horizon;
}

export type RecordChangeRow = SharedRecordRow & {
  changeId: string;
  txid: string;
  kind: RecordChangeKind;
  changedAt: Date;
  /** False only for a `reshared` change of a record the reader no longer sees: then nothing but its ids may leave. */
  seen: boolean;
};

/**
 * The changes after `after` and below the horizon, in (txid, id) order, that the caller is to see, each with its
 * record as it is now: changes of other agencies' records the reader may see (listSharedRecords' rule); an arrival, a
 * change or a change of who may see it only while the record is still active (the change row of its departure
 * follows); a departure always (the record was active before it); and a change of who may see it (`reshared`) whether
 * the reader still sees the record or not, with `seen` saying which.
 */
export async function listRecordChanges(
  db: Db,
  filter: { readerAgencyId: number; after: FeedPosition; horizon: string; limit: number },
): Promise<RecordChangeRow[]> {
  return withVisibility(
    recordsQuery(db).innerJoin('recordChanges as c', 'c.recordId', 'r.id'),
    filter.readerAgencyId,
    sql<boolean>`c.kind = 'reshared'`,
  )
    .select([
      sql<string>`c.id::text`.as('changeId'),
      sql<string>`c.txid::text`.as('txid'),
      'c.kind',
      'c.createdAt as changedAt',
    ])
    .where(sql<boolean>`(c.txid, c.id) > (${filter.after.txid}::xid8, ${filter.after.id}::bigint)`)
    .where(sql<boolean>`c.txid < ${filter.horizon}::xid8`)
    .where('r.agencyId', '<>', filter.readerAgencyId)
    .where((eb) =>
      eb.or([eb('c.kind', 'not in', ['created', 'corrected', 'updated', 'reshared']), eb('r.status', '=', 'active')]),
    )
    .orderBy(sql`c.txid`)
    .orderBy('c.id')
    .limit(filter.limit)
    .execute();
}

/**
 * The last change below the horizon: where a pull that found nothing more for its caller may move its cursor. Ordered
 * by the columns (`c.`), not by the text the select makes of them: as text '999' sorts after '4359' and '99' after
 * '100', which held the cursor back for good before changes its caller may not see.
 */
export async function findLastChangeBefore(db: Db, horizon: string): Promise<FeedPosition | undefined> {
  const { rows } = await sql<FeedPosition>`
    SELECT c.txid::text AS txid, c.id::text AS id FROM record_changes c
    WHERE c.txid < ${horizon}::xid8
    ORDER BY c.txid DESC, c.id DESC
    LIMIT 1`.execute(db);
  return rows[0];
}
