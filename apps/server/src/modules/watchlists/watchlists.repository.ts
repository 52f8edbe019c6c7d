import type { DishonestyLevel, EntityKind } from '@gzcredit/domain';
import { sql } from 'kysely';
import type { WatchlistAlertKind } from '../../db/schema';
import type { Db } from '../../platform/database';

export interface WatchlistRow {
  id: number;
  agencyId: number;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  entityCount: number;
  ruleCount: number;
  unreadAlerts: number;
}

function watchlistsQuery(db: Db, agencyId: number) {
  return db
    .selectFrom('watchlists as w')
    .select((eb) => [
      'w.id',
      'w.agencyId',
      'w.name',
      'w.description',
      'w.createdAt',
      'w.updatedAt',
      eb
        .selectFrom('watchlistEntities as e')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('e.watchlistId', '=', 'w.id')
        .as('entityCount'),
      eb
        .selectFrom('watchlistRules as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.watchlistId', '=', 'w.id')
        .as('ruleCount'),
      eb
        .selectFrom('watchlistAlerts as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.watchlistId', '=', 'w.id')
        .where('a.readAt', 'is', null)
        .as('unreadAlerts'),
    ])
    .where('w.agencyId', '=', agencyId);
}

export async function listWatchlists(db: Db, agencyId: number): Promise<WatchlistRow[]> {
  const rows = await watchlistsQuery(db, agencyId).orderBy('w.name').execute();
  return rows.map(toWatchlistRow);
}

/** The agency's watch-list with this id; undefined for another agency's (Art. 17: each agency keeps its own). */
export async function findWatchlist(db: Db, agencyId: number, id: number): Promise<WatchlistRow | undefined> {
  const row = await watchlistsQuery(db, agencyId).where('w.id', '=', id).executeTakeFirst();
  return row ? toWatchlistRow(row) : undefined;
}

/** Locks the agency's watch-list for an edit or deletion: its name as locked, undefined for another agency's. */
export async function lockWatchlist(db: Db, agencyId: number, id: number): Promise<{ name: string } | undefined> {
  return db
    .selectFrom('watchlists')
    .select('name')
    .where('id', '=', id)
    .where('agencyId', '=', agencyId)
    .forUpdate()
    .executeTakeFirst();
}

function toWatchlistRow(row: {
  id: number;
  agencyId: number;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  entityCount: number | null;
  ruleCount: number | null;
  unreadAlerts: number | null;
}): WatchlistRow {
  return {
    ...row,
    id: Number(row.id),
    agencyId: Number(row.agencyId),
    entityCount: row.entityCount ?? 0,
    ruleCount: row.ruleCount ?? 0,
    unreadAlerts: row.unreadAlerts ?? 0,
  };
}

export async function findWatchlistIdByName(db: Db, agencyId: number, name: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('watchlists')
    .select('id')
    .where('agencyId', '=', agencyId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** Undefined when the agency already has a list of that name. */
export async function insertWatchlist(
  db: Db,
  values: { agencyId: number; name: string; description: string | null; createdBy: number },
): Promise<number | undefined> {
  const row = await db
    .insertInto('watchlists')
    .values(values)
    .onConflict((oc) => oc.columns(['agencyId', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function updateWatchlist(
  db: Db,
  id: number,
  values: { name: string; description: string | null },
): Promise<void> {
  await db
    .updateTable('watchlists')
    .set({ ...values, updatedAt: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deleteWatchlist(db: Db, id: number): Promise<void> {
  await db.deleteFrom('watchlists').where('id', '=', id).execute();
}

export interface WatchlistRuleValues {
  regionCode: string | null;
  industryCode: string | null;
  entityKind: EntityKind | null;
  itemCode: string | null;
}

/** Replaces the list's entities and rules with these. */
export async function replaceWatchlistEntries(
  db: Db,
  id: number,
  entities: ReadonlyArray<{ creditCode: string; note: string | null }>,
  rules: readonly WatchlistRuleValues[],
): Promise<void> {
  await db.deleteFrom('watchlistEntities').where('watchlistId', '=', id).execute();
  await db.deleteFrom('watchlistRules').where('watchlistId', '=', id).execute();
  if (entities.length > 0)
    await db
      .insertInto('watchlistEntities')
      .values(entities.map((entity) => ({ watchlistId: id, ...entity })))
      .execute();
  if (rules.length > 0)
    await db
      .insertInto('watchlistRules')
      .values(rules.map((rule) => ({ watchlistId: id, ...rule })))
      .execute();
}

export async function listWatchlistEntities(db: Db, id: number) {
  return db
    .selectFrom('watchlistEntities as e')
    .leftJoin('enterprises as en', 'en.creditCode', 'e.creditCode')
    .select(['e.creditCode', 'e.note', 'en.name as entityName'])
    .where('e.watchlistId', '=', id)
    .orderBy('e.creditCode')
    .execute();
}

export async function listWatchlistRules(db: Db, id: number): Promise<WatchlistRuleValues[]> {
  return db
    .selectFrom('watchlistRules')
    .select(['regionCode', 'industryCode', 'entityKind', 'itemCode'])
    .where('watchlistId', '=', id)
    .orderBy('id')
    .execute();
}

/** The item codes among these that some catalogue edition has. */
export async function listKnownItemCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('catalogueItems').select('code').distinct().where('code', 'in', codes).execute();
  return new Set(rows.map((row) => row.code));
}

// --- alerts ---

export interface AlertRow {
  id: number;
  kind: WatchlistAlertKind;
  watchlistId: number;
  watchlistName: string;
  recordId: number;
  creditCode: string;
  entityName: string;
  itemCode: string;
  itemName: string;
  providerName: string;
  dishonestyLevel: DishonestyLevel | null;
  previousLevel: DishonestyLevel | null;
  aroseOn: string;
  createdAt: Date;
  readAt: Date | null;
}

function alertsQuery(db: Db, agencyId: number) {
  return db
    .selectFrom('watchlistAlerts as al')
    .innerJoin('watchlists as w', 'w.id', 'al.watchlistId')
    .innerJoin('records as r', 'r.id', 'al.recordId')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .where('al.agencyId', '=', agencyId);
}

export interface AlertFilter {
  kind?: WatchlistAlertKind | undefined;
  watchlistId?: number | undefined;
  unread?: boolean | undefined;
  creditCode?: string | undefined;
}

function filtered(db: Db, agencyId: number, filter: AlertFilter) {
  let query = alertsQuery(db, agencyId);
  if (filter.kind) query = query.where('al.kind', '=', filter.kind);
  if (filter.watchlistId) query = query.where('al.watchlistId', '=', filter.watchlistId);
  if (filter.unread) query = query.where('al.readAt', 'is', null);
  if (filter.creditCode) query = query.where('r.creditCode', '=', filter.creditCode);
  return query;
}

const alertColumns = [
  'al.id',
  'al.kind',
  'al.watchlistId',
  'w.name as watchlistName',
  'al.recordId',
  'r.creditCode',
  'r.entityName',
  'i.code as itemCode',
  'i.name as itemName',
  'a.name as providerName',
  'al.dishonestyLevel',
  'al.previousLevel',
  'r.aroseOn',
  'al.createdAt',
  'al.readAt',
] as const;

export async function listAlerts(
  db: Db,
  agencyId: number,
  filter: AlertFilter & { offset: number; limit: number },
): Promise<{ rows: AlertRow[]; total: number; unread: number }> {
  const rows = await filtered(db, agencyId, filter)
    .select(alertColumns)
    .orderBy('al.id', 'desc')
    .offset(filter.offset)
    .limit(filter.limit)
    .execute();
  const counts = await filtered(db, agencyId, filter)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE al.read_at IS NULL)::int`.as('unread'),
    ])
    .executeTakeFirstOrThrow();
  return { rows: rows as AlertRow[], total: counts.total, unread: counts.unread };
}

/** False when the agency has no alert of that id. */
export async function markAlertRead(db: Db, agencyId: number, id: number, accountId: number): Promise<boolean> {
  const found = await db
    .selectFrom('watchlistAlerts')
    .select('id')
    .where('id', '=', id)
    .where('agencyId', '=', agencyId)
    .executeTakeFirst();
  if (!found) return false;
  await db
    .updateTable('watchlistAlerts')
    .set({ readAt: sql`now()`, readBy: accountId })
    .where('id', '=', id)
    .where('readAt', 'is', null)
    .execute();
  return true;
}

export async function markAllAlertsRead(db: Db, agencyId: number, accountId: number): Promise<number> {
  const result = await db
    .updateTable('watchlistAlerts')
    .set({ readAt: sql`now()`, readBy: accountId })
    .where('agencyId', '=', agencyId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// --- the alert job: the change feed from the watermark ---

export interface FeedPosition {
  txid: string;
  changeId: string;
}

/** The watermark, locked: one alert run at a time advances it. */
export async function lockFeedPosition(db: Db): Promise<FeedPosition> {
  const { rows } = await sql<FeedPosition>`
    SELECT txid::text AS txid, change_id::text AS change_id FROM watchlist_feed_position FOR UPDATE`.execute(db);
  return rows[0]!;
}

export async function updateFeedPosition(db: Db, position: FeedPosition): Promise<void> {
  await sql`
    UPDATE watchlist_feed_position SET txid = ${position.txid}::xid8, change_id = ${position.changeId}::bigint,
      updated_at = now()`.execute(db);
}

/**
 * The oldest transaction still running: every change of an older one is committed or rolled back, so the feed below
 * it never grows again (the exchange pull's horizon, migration 0017). A transaction that commits late has a txid at
 * or above it and is read by a later run.
 */
export async function findFeedHorizon(db: Db): Promise<string> {
  const { rows } = await sql<{ horizon: string }>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`.execute(db);
  return rows[0]!.horizon;
}

/** The next changes after the watermark and below the horizon, in (txid, id) order of the columns, not of their text. */
export async function listFeedChanges(
  db: Db,
  after: FeedPosition,
  horizon: string,
  limit: number,
): Promise<Array<{ id: string; txid: string }>> {
  const { rows } = await sql<{ id: string; txid: string }>`
    SELECT c.id::text AS id, c.txid::text AS txid FROM record_changes c
    WHERE (c.txid, c.id) > (${after.txid}::xid8, ${after.changeId}::bigint) AND c.txid < ${horizon}::xid8
    ORDER BY c.txid, c.id
    LIMIT ${limit}`.execute(db);
  return rows;
}

export interface AlertCandidate {
  agencyId: number;
  watchlistId: number;
  changeId: number;
  recordId: number;
  kind: WatchlistAlertKind;
  dishonestyLevel: DishonestyLevel | null;
  previousLevel: DishonestyLevel | null;
}

/**
 * The alerts these changes make for the watch-lists they concern, before the visibility check. What a change means
 * (Art. 17 第二款: agencies follow the 不良 information of the entities they supervise):
 * - an arrival (`created`) of a listing item (经营异常名录, 严重违法失信名单) is `listed`, of another 不良 item `bad_record`;
 * - a removal from a listing (`removed`, 移出) is `removed`;
 * - a correction whose new version has another 失信等级 than the version it replaced, or a 失信等级标注 (an `updated`
 *   change whose transaction wrote an `annotated` event: both rows carry the transaction's now()) is `level_changed`.
 * A list matches a record by the entity's credit code, or by a rule whose every condition holds: the entity's region
 * (the rule's region and those below it), industry (the section or division), kind, and the record's item. A list
 * alerts only about changes made after it was created.
 */
export async function listAlertCandidates(db: Db, changeIds: readonly string[]): Promise<AlertCandidate[]> {
  if (changeIds.length === 0) return [];
  const { rows } = await sql<AlertCandidate>`
    WITH events AS (
      SELECT c.id AS change_id, c.created_at AS changed_at, r.id AS record_id, r.credit_code, i.code AS item_code,
        r.dishonesty_level,
        CASE
          WHEN c.kind = 'created' AND i.role IN ('abnormal_list', 'serious_illegal_list') THEN 'listed'
          WHEN c.kind = 'created' AND i.category = 'bad' THEN 'bad_record'
          WHEN c.kind = 'removed' THEN 'removed'
          WHEN c.kind = 'corrected' AND previous.dishonesty_level IS DISTINCT FROM r.dishonesty_level
            THEN 'level_changed'
          WHEN c.kind = 'updated' AND annotation.details IS NOT NULL THEN 'level_changed'
        END AS kind,
        CASE c.kind
          WHEN 'corrected' THEN previous.dishonesty_level
          WHEN 'updated' THEN annotation.details ->> 'from'
        END AS previous_level
      FROM record_changes c
      JOIN records r ON r.id = c.record_id
      JOIN catalogue_items i ON i.id = r.item_id
      LEFT JOIN records previous
        ON c.kind = 'corrected' AND previous.version = r.version - 1
        AND (previous.id = r.root_id OR previous.root_id = r.root_id)
      LEFT JOIN LATERAL (
        SELECT e.details FROM record_events e
        WHERE c.kind = 'updated' AND e.record_id = r.id AND e.kind = 'annotated' AND e.created_at = c.created_at
        ORDER BY e.id DESC LIMIT 1
      ) annotation ON true
      WHERE c.id = ANY(${changeIds.map(Number)}::bigint[])
    ),
    matches AS (
      SELECT we.watchlist_id, ev.*
      FROM events ev JOIN watchlist_entities we ON we.credit_code = ev.credit_code
      WHERE ev.kind IS NOT NULL
      UNION
      SELECT wr.watchlist_id, ev.*
      FROM events ev
      JOIN watchlist_rules wr ON wr.item_code IS NULL OR wr.item_code = ev.item_code
      LEFT JOIN enterprises en ON en.credit_code = ev.credit_code
      WHERE ev.kind IS NOT NULL
        AND (wr.region_code IS NULL OR en.region_code LIKE CASE
          WHEN right(wr.region_code, 4) = '0000' THEN left(wr.region_code, 2)
          WHEN right(wr.region_code, 2) = '00' THEN left(wr.region_code, 4)
          ELSE wr.region_code END || '%')
        AND (wr.industry_code IS NULL OR en.industry_code LIKE wr.industry_code || '%')
        AND (wr.entity_kind IS NULL OR en.kind = wr.entity_kind)
    )
    SELECT w.agency_id, m.watchlist_id, m.change_id, m.record_id, m.kind, m.dishonesty_level, m.previous_level
    FROM matches m JOIN watchlists w ON w.id = m.watchlist_id
    WHERE w.created_at <= m.changed_at
    ORDER BY m.change_id, m.watchlist_id`.execute(db);
  return rows.map((row) => ({
    ...row,
    agencyId: Number(row.agencyId),
    watchlistId: Number(row.watchlistId),
    changeId: Number(row.changeId),
    recordId: Number(row.recordId),
  }));
}

/** Inserts the alerts; one already made for a list and change is left as it is (a run repeated after a crash). */
export async function insertAlerts(db: Db, alerts: readonly AlertCandidate[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const inserted = await db
    .insertInto('watchlistAlerts')
    .values(alerts.map((alert) => ({ ...alert })))
    .onConflict((oc) => oc.columns(['watchlistId', 'changeId']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

// --- digests ---

export async function listAgenciesWithUndigestedAlerts(db: Db, before: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('watchlistAlerts')
    .select('agencyId')
    .distinct()
    .where('digestId', 'is', null)
    .where('createdAt', '<', before)
    .orderBy('agencyId')
    .execute();
  return rows.map((row) => Number(row.agencyId));
}

/** The agency's alerts made before `before` that no digest carries yet, oldest first, locked. */
export async function lockUndigestedAlerts(db: Db, agencyId: number, before: Date): Promise<AlertRow[]> {
  const rows = await alertsQuery(db, agencyId)
    .select(alertColumns)
    .where('al.digestId', 'is', null)
    .where('al.createdAt', '<', before)
    .orderBy('al.id')
    .forUpdate('al')
    .execute();
  return rows as AlertRow[];
}

/** Undefined when the agency has that day's digest already. */
export async function insertDigest(
  db: Db,
  values: { agencyId: number; digestDate: string; alertCount: number; subject: string; body: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto('watchlistDigests')
    .values(values)
    .onConflict((oc) => oc.columns(['agencyId', 'digestDate']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function attachAlertsToDigest(db: Db, digestId: number, alertIds: readonly number[]): Promise<void> {
  if (alertIds.length === 0) return;
  await db.updateTable('watchlistAlerts').set({ digestId }).where('id', 'in', alertIds).execute();
}

export async function listDigests(db: Db, agencyId: number, limit: number) {
  return db
    .selectFrom('watchlistDigests')
    .selectAll()
    .where('agencyId', '=', agencyId)
    .orderBy('digestDate', 'desc')
    .limit(limit)
    .execute();
}

/** Digests of these days not mailed yet, of agencies that named a mailbox, with it (SM4-encrypted). */
export async function listDigestsToMail(db: Db, since: string) {
  return db
    .selectFrom('watchlistDigests as d')
    .innerJoin('watchlistSettings as s', 's.agencyId', 'd.agencyId')
    .select(['d.id', 'd.subject', 'd.body', 's.digestAddressCipher'])
    .where('d.mailedAt', 'is', null)
    .where('d.digestDate', '>=', since)
    .where('s.digestAddressCipher', 'is not', null)
    .orderBy('d.id')
    .execute();
}

export async function markDigestMailed(db: Db, id: number, mailedToCipher: Buffer): Promise<void> {
  await db.updateTable('watchlistDigests').set({ mailedAt: sql`now()`, mailedToCipher }).where('id', '=', id).execute();
}

// --- settings ---

/** The agency's digest mailbox, SM4-encrypted; null when it named none. */
export async function findDigestAddressCipher(db: Db, agencyId: number): Promise<Buffer | null> {
  const row = await db
    .selectFrom('watchlistSettings')
    .select('digestAddressCipher')
    .where('agencyId', '=', agencyId)
    .executeTakeFirst();
  return row?.digestAddressCipher ?? null;
}

export async function upsertDigestAddress(
  db: Db,
  agencyId: number,
  digestAddressCipher: Buffer | null,
  accountId: number,
): Promise<void> {
  await db
    .insertInto('watchlistSettings')
    .values({ agencyId, digestAddressCipher, updatedBy: accountId })
    .onConflict((oc) =>
      oc.column('agencyId').doUpdateSet({ digestAddressCipher, updatedBy: accountId, updatedAt: sql`now()` }),
    )
    .execute();
}
