import { chinaDayStart, type ItemRole, nextChinaDayStart } from '@gzcredit/domain';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { RecordChangeKind, RecordEventsTable, RecordStatus, RecordsTable } from '../../db/schema';
import type { Db } from '../../platform/database';
import { escapeLike } from '../../platform/database';

export type RecordRow = Selectable<RecordsTable> & {
  itemCode: string;
  itemName: string;
  itemCategory: 'basic' | 'good' | 'bad';
  itemRole: ItemRole;
  editionCode: string;
  agencyName: string;
  /** 移出 of a removed listing. */
  removedOn: string | null;
  removalReason: string | null;
  removalAuthority: string | null;
  removedAt: Date | null;
  /** The legal ground of a mandatory-publicity record sent as non-public. */
  withholdingGround: string | null;
};

/** A record ready to store: validated, with its deadline, window and hash computed. */
export interface NewRecord {
  itemId: number;
  creditCode: string;
  entityName: string;
  payload: Record<string, string>;
  /** base64 of the SM4 cipher of the personal fields, or null. */
  personal: string | null;
  aroseOn: string;
  dueOn: string;
  dueProvisional: boolean;
  daysLate: number;
  dishonestyLevel: string | null;
  useScope: string;
  publicityUntil: string | null;
  contentHash: string;
  flaggedForReview: boolean;
  /** Stored in publicity_withholdings for the provincial bureau's review (Art. 15, 22(五)). */
  withholdingGround: string | null;
  rootId: number | null;
  version: number;
  reason: string | null;
  /** When it was received; now unless given (the demo data set back-dates its records). */
  receivedAt?: string;
  /** What makes a second record of the same decision a duplicate; null for items without a decision number. */
  duplicateKey: DuplicateKey | null;
}

/** The decision number (决定书文号, 案号 …) of a record and its stored key (item code, credit code, number). */
export interface DuplicateKey {
  key: string;
  field: string;
  label: string;
  value: string;
}

/** What `insertRecords` found unknown: the statement then stored nothing a caller may keep (it must roll back). */
export interface UnknownReferences {
  /** The batch is not the agency's, or the author is not an account. */
  batch: boolean;
  itemIds: number[];
}

/**
 * Inserts records in one statement, attaching each to its entity by credit code (or leaving it in the matching queue).
 * Ids come back in input order: identities are drawn in the SELECT's order. The statement checks what foreign keys
 * checked a row at a time before migration 0039 (the batch of the agency, the author, the items), once per chunk, and
 * answers what it found unknown instead of the records.
 */
export async function insertRecords(
  db: Db,
  batch: { agencyId: number; batchId: number; channel: RecordsTable['channel']; createdBy: number | null },
  records: NewRecord[],
): Promise<{ stored: Array<{ id: number; enterpriseId: number | null } | null>; unknown: UnknownReferences | null }> {
  if (records.length === 0) return { stored: [], unknown: null };
  const rows = records.map((record, ordinality) => ({
    ordinality,
    item_id: record.itemId,
    credit_code: record.creditCode,
    entity_name: record.entityName,
    payload: record.payload,
    personal: record.personal,
    arose_on: record.aroseOn,
    due_on: record.dueOn,
    due_provisional: record.dueProvisional,
    days_late: record.daysLate,
    dishonesty_level: record.dishonestyLevel,
    use_scope: record.useScope,
    publicity_until: record.publicityUntil,
    content_hash: record.contentHash,
    flagged_for_review: record.flaggedForReview,
    root_id: record.rootId,
    version: record.version,
    reason: record.reason,
    received_at: record.receivedAt ?? null,
    duplicate_key: record.duplicateKey?.key ?? null,
  }));
  // A record whose key a current record of the agency holds (stored before, by a concurrent transaction once it
  // commits, or earlier in this batch) is not inserted; every inserted one enters the change feed. A row of an unknown
  // item, or every row when the batch is unknown, joins nothing and is not inserted: the rows after `inserted` say why.
  const result = await sql<{
    id: number | null;
    enterpriseId: number | null;
    duplicateKey: string | null;
    unknownBatch: boolean | null;
    unknownItemId: number | null;
  }>`
    WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(item_id integer, credit_code text,
        entity_name text, payload jsonb, personal text, arose_on date, due_on date, due_provisional boolean,
        days_late integer, dishonesty_level text, use_scope text, publicity_until date, content_hash text,
        flagged_for_review boolean, root_id bigint, version integer, reason text, received_at timestamptz,
        duplicate_key text, ordinality integer)
    ),
    batch AS (
      SELECT b.id FROM exchange_batches b
      WHERE b.id = ${batch.batchId} AND b.agency_id = ${batch.agencyId}
        AND (${batch.createdBy}::integer IS NULL OR EXISTS (SELECT 1 FROM accounts WHERE id = ${batch.createdBy}))
    ),
    inserted AS (
      INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, personal_cipher,
        arose_on, due_on, due_provisional, days_late, dishonesty_level, use_scope, publicity_until, content_hash, channel,
        batch_id, flagged_for_review, created_by, root_id, version, reason, received_at, duplicate_key)
      SELECT i.id, ${batch.agencyId}, r.credit_code, e.id, r.entity_name, r.payload, decode(r.personal, 'base64'),
        r.arose_on, r.due_on, r.due_provisional, r.days_late, r.dishonesty_level, r.use_scope, r.publicity_until,
        r.content_hash, ${batch.channel}, batch.id, r.flagged_for_review, ${batch.createdBy}, r.root_id,
        r.version, r.reason, coalesce(r.received_at, now()), r.duplicate_key
      FROM r
      CROSS JOIN batch
      JOIN catalogue_items i ON i.id = r.item_id
      LEFT JOIN enterprises e ON e.credit_code = r.credit_code
      ORDER BY r.ordinality
      ON CONFLICT (agency_id, duplicate_key) WHERE duplicate_key IS NOT NULL AND status NOT IN ('corrected', 'revoked')
      DO NOTHING
      RETURNING id, enterprise_id, root_id, duplicate_key
    ),
    changes AS (
      INSERT INTO record_changes (record_id, kind)
      SELECT id, CASE WHEN root_id IS NULL THEN 'created' ELSE 'corrected' END FROM inserted ORDER BY id
    )
    SELECT id, enterprise_id, duplicate_key, NULL::boolean AS unknown_batch, NULL::integer AS unknown_item_id
    FROM inserted
    UNION ALL
    SELECT NULL, NULL, NULL, true, NULL WHERE NOT EXISTS (SELECT 1 FROM batch)
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, wanted.item_id
    FROM (SELECT DISTINCT item_id FROM r) wanted
    WHERE NOT EXISTS (SELECT 1 FROM catalogue_items i WHERE i.id = wanted.item_id)`.execute(db);
  const unknownItemIds = result.rows.flatMap((row) => (row.unknownItemId === null ? [] : [Number(row.unknownItemId)]));
  const unknownBatch = result.rows.some((row) => row.unknownBatch === true);
  if (unknownBatch || unknownItemIds.length > 0)
    return { stored: [], unknown: { batch: unknownBatch, itemIds: unknownItemIds.sort((a, b) => a - b) } };
  const inserted = result.rows
    .map((row) => ({
      id: Number(row.id),
      enterpriseId: row.enterpriseId === null ? null : Number(row.enterpriseId),
      duplicateKey: row.duplicateKey,
    }))
    .sort((a, b) => a.id - b.id);
  // Inserted rows come in input order; a skipped record is one whose key the next inserted row does not carry.
  let next = 0;
  const stored = records.map((record) => {
    const row = inserted[next];
    if (!row || (record.duplicateKey !== null && row.duplicateKey !== record.duplicateKey.key)) return null;
    next += 1;
    return { id: row.id, enterpriseId: row.enterpriseId };
  });
  return { stored, unknown: null };
}

/** The current records of an agency holding the given duplicate keys, by key. */
export async function findRecordIdsByDuplicateKey(
  db: Db,
  agencyId: number,
  keys: string[],
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('records')
    .select(['id', 'duplicateKey'])
    .where('agencyId', '=', agencyId)
    .where('duplicateKey', 'in', keys)
    .where('status', 'not in', ['corrected', 'revoked'])
    .execute();
  return new Map(rows.map((row) => [row.duplicateKey!, Number(row.id)]));
}

/**
 * Enters changes of records into the exchange pull's change feed (Art. 16), in the caller's transaction. Every change
 * to what the pull shows of a record calls it: `updated` for a change in place, and for a record that leaves the
 * current ones `superseded`, `revoked`, `expired` or `removed` (its agency's consumers then delete their copy).
 */
export async function insertRecordChanges(db: Db, recordIds: number[], kind: RecordChangeKind): Promise<void> {
  if (recordIds.length === 0) return;
  await sql`
    INSERT INTO record_changes (record_id, kind)
    SELECT id, ${kind} FROM unnest(${recordIds}::bigint[]) AS id ORDER BY id`.execute(db);
}

/**
 * The `reshared` changes of the current `shared` and `authorised` records whose audience may have changed (Art. 22(四)):
 * those of one provider, or of every provider (the bureau's floor), of the given items, or of every item (`null`).
 */
export async function insertResharedRecordChanges(
  db: Db,
  scope: { agencyId: number | null; itemCodes: readonly string[] | null },
): Promise<number> {
  const result = await sql`
    INSERT INTO record_changes (record_id, kind)
    SELECT r.id, 'reshared' FROM records r JOIN catalogue_items i ON i.id = r.item_id
    WHERE r.status = 'active' AND r.use_scope IN ('shared', 'authorised') AND NOT r.classified
      AND (${scope.agencyId}::bigint IS NULL OR r.agency_id = ${scope.agencyId}::bigint)
      AND (${scope.itemCodes === null}::boolean OR i.code = ANY (${scope.itemCodes ?? []}::text[]))
    ORDER BY r.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The `updated` changes of the waiting records (matching queue) of entities about to be created: called before they
 * attach, while the queue's index still finds them (their `matched` changes in the pull).
 */
export async function insertMatchedRecordChanges(db: Db, creditCodes: string[]): Promise<void> {
  if (creditCodes.length === 0) return;
  await sql`
    INSERT INTO record_changes (record_id, kind)
    SELECT id, 'updated' FROM records
    WHERE enterprise_id IS NULL AND credit_code = ANY (${creditCodes}::text[]) AND status = 'active'
    ORDER BY id`.execute(db);
}

export function recordsQuery(db: Db) {
  return db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .innerJoin('catalogueEditions as ed', 'ed.id', 'i.editionId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .leftJoin('listingRemovals as lr', 'lr.recordId', 'r.id')
    .selectAll('r')
    .select((eb) => [
      'i.code as itemCode',
      'i.name as itemName',
      'i.category as itemCategory',
      'i.role as itemRole',
      'ed.code as editionCode',
      'a.name as agencyName',
      'lr.removedOn',
      'lr.reason as removalReason',
      'lr.authority as removalAuthority',
      'lr.createdAt as removedAt',
      eb
        .selectFrom('publicityWithholdings as w')
        .select('w.ground')
        .whereRef('w.recordId', '=', 'r.id')
        .orderBy('w.id', 'desc')
        .limit(1)
        .as('withholdingGround'),
    ]);
}

export async function findRecord(db: Db, id: number): Promise<RecordRow | undefined> {
  return recordsQuery(db).where('r.id', '=', id).executeTakeFirst();
}

/** Locks a record row for a correction, revocation or annotation (two editors never both succeed). */
export async function lockRecord(db: Db, id: number): Promise<RecordRow | undefined> {
  return recordsQuery(db).where('r.id', '=', id).forUpdate('r').executeTakeFirst();
}

/** The personal fields' cipher of the entity's current registration record (its newest, if several agencies send one). */
export async function findRegistrationPersonalCipher(db: Db, enterpriseId: number): Promise<Buffer | null | undefined> {
  const row = await db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .select('r.personalCipher')
    .where('r.enterpriseId', '=', enterpriseId)
    .where('i.role', '=', 'registration')
    .where('r.status', '=', 'active')
    .orderBy('r.aroseOn', 'desc')
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.personalCipher;
}

export async function updateUnderObjection(db: Db, id: number, underObjection: boolean): Promise<void> {
  await db.updateTable('records').set({ underObjection }).where('id', '=', id).execute();
}

/** Every version of a record's chain, oldest first. */
export async function listVersions(db: Db, rootId: number): Promise<RecordRow[]> {
  return recordsQuery(db)
    .where((eb) => eb.or([eb('r.id', '=', rootId), eb('r.rootId', '=', rootId)]))
    .orderBy('r.version')
    .execute();
}

export async function updateRecordStatus(db: Db, id: number, status: RecordStatus): Promise<void> {
  await db.updateTable('records').set({ status }).where('id', '=', id).execute();
}

/** Changes a record in place: its level (标注), or its scope when a withholding is overruled. */
export async function updateRecord(
  db: Db,
  id: number,
  changes: Pick<Updateable<RecordsTable>, 'dishonestyLevel' | 'publicityUntil' | 'useScope' | 'contentHash'>,
): Promise<void> {
  await db.updateTable('records').set(changes).where('id', '=', id).execute();
}

/** One entry of a record's history (Art. 16: corrections, revocations, annotations and removals are all kept). */
export async function insertRecordEvent(
  db: Db,
  event: Pick<Selectable<RecordEventsTable>, 'recordId' | 'agencyId' | 'accountId' | 'kind' | 'reason'> & {
    details?: object;
  },
): Promise<void> {
  const { details, ...values } = event;
  await db
    .insertInto('recordEvents')
    .values({ ...values, ...(details ? { details: JSON.stringify(details) } : {}) })
    .execute();
}

export interface RecordFilters {
  itemId?: number | undefined;
  /** Undefined: the current versions (every status but 'corrected'). */
  status?: RecordStatus | undefined;
  /** A credit code (exact) or a fragment of the entity name. */
  q?: string | undefined;
  level?: 'general' | 'serious' | 'severe' | undefined;
  late?: boolean | undefined;
  matched?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Records in force whose publicity window ends between `publicityEndsFrom` (today) and this date, both included. */
  publicityEndsBy?: string | undefined;
  publicityEndsFrom?: string | undefined;
}

/** One agency's records, newest first, with the total the filters match. */
export async function listAgencyRecords(
  db: Db,
  agencyId: number,
  filters: RecordFilters,
  page: { page: number; pageSize: number },
): Promise<{ rows: RecordRow[]; total: number }> {
  let query = recordsQuery(db).where('r.agencyId', '=', agencyId);
  if (filters.itemId !== undefined) query = query.where('r.itemId', '=', filters.itemId);
  if (filters.status) query = query.where('r.status', '=', filters.status);
  else if (filters.publicityEndsBy) query = query.where('r.status', '=', 'active');
  else query = query.where('r.status', '<>', 'corrected');
  if (filters.publicityEndsBy) {
    query = query.where('r.publicityUntil', '<=', filters.publicityEndsBy);
    if (filters.publicityEndsFrom) query = query.where('r.publicityUntil', '>=', filters.publicityEndsFrom);
  }
  if (filters.q !== undefined) {
    const q = filters.q;
    query = query.where((eb) =>
      eb.or([eb('r.creditCode', '=', q.toUpperCase()), eb('r.entityName', 'like', `%${escapeLike(q)}%`)]),
    );
  }
  if (filters.level) query = query.where('r.dishonestyLevel', '=', filters.level);
  if (filters.late !== undefined) query = query.where('r.daysLate', filters.late ? '>' : '=', 0);
  if (filters.matched !== undefined) query = query.where('r.enterpriseId', filters.matched ? 'is not' : 'is', null);
  if (filters.from) query = query.where('r.receivedAt', '>=', chinaDayStart(filters.from));
  if (filters.to) query = query.where('r.receivedAt', '<', nextChinaDayStart(filters.to));
  const [rows, count] = await Promise.all([
    query
      .orderBy('r.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export interface RecordEventRow {
  id: number;
  recordId: number;
  kind: RecordEventsTable['kind'];
  reason: string;
  details: Record<string, unknown> | null;
  accountName: string | null;
  createdAt: Date;
}

/** The traces of changes to the given records (Art. 16), oldest first, with the author's display name. */
export async function listRecordEvents(db: Db, recordIds: number[]): Promise<RecordEventRow[]> {
  if (recordIds.length === 0) return [];
  const rows = await db
    .selectFrom('recordEvents as e')
    .leftJoin('accounts as a', 'a.id', 'e.accountId')
    .select(['e.id', 'e.recordId', 'e.kind', 'e.reason', 'e.details', 'e.createdAt', 'a.displayName as accountName'])
    .where('e.recordId', 'in', recordIds)
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({ ...row, details: (row.details ?? null) as Record<string, unknown> | null }));
}

/**
 * The current versions of an agency's listing records of an item code (any edition) with this credit code and 列入决定书文号,
 * locked for their removal; removed ones are included, so that a second removal is told when the first happened.
 */
export async function lockListingsByDecision(
  db: Db,
  listing: { agencyId: number; itemCode: string; creditCode: string; decisionNumber: string },
): Promise<RecordRow[]> {
  return recordsQuery(db)
    .where('r.agencyId', '=', listing.agencyId)
    .where('i.code', '=', listing.itemCode)
    .where('i.role', 'in', ['abnormal_list', 'serious_illegal_list'])
    .where('r.creditCode', '=', listing.creditCode)
    .where(sql<string>`r.payload ->> 'decisionNumber'`, '=', listing.decisionNumber)
    .where('r.status', 'in', ['active', 'removed'])
    .orderBy('r.id')
    .forUpdate('r')
    .execute();
}

export async function insertListingRemoval(
  db: Db,
  removal: {
    recordId: number;
    removedOn: string;
    reason: string;
    authority: string;
    agencyId: number;
    accountId: number | null;
    apiClientId: number | null;
    channel: 'api' | 'upload' | 'form';
    batchId: number;
  },
): Promise<void> {
  await db.insertInto('listingRemovals').values(removal).execute();
}

/** 不公示事项 of records (Art. 15, 22(五)): the legal grounds they were sent non-public on, for the bureau's review. */
export async function insertRecordWithholdings(
  db: Db,
  withholdings: Array<{ agencyId: number; itemId: number; recordId: number; ground: string; createdBy: number | null }>,
): Promise<void> {
  if (withholdings.length === 0) return;
  await db.insertInto('publicityWithholdings').values(withholdings).execute();
}

/** What a record's leaf in the verifiable log attests (modules/transparency), with the transaction's clock. */
export interface AttestedRecordRow {
  id: number;
  rootId: number | null;
  version: number;
  status: string;
  agencyId: number;
  agencyName: string;
  itemCode: string;
  editionCode: string;
  creditCode: string;
  entityName: string;
  aroseOn: string;
  dishonestyLevel: string | null;
  useScope: string;
  publicityUntil: string | null;
  payload: Record<string, string>;
  personalCipher: Uint8Array | null;
  contentHash: string;
  changedAt: Date;
}

export async function readAttestedRecords(db: Db, recordIds: number[]): Promise<AttestedRecordRow[]> {
  if (recordIds.length === 0) return [];
  const { rows } = await sql<AttestedRecordRow>`
    SELECT r.id, r.root_id, r.version, r.status, r.agency_id, a.name AS agency_name, i.code AS item_code,
      ed.code AS edition_code, r.credit_code, r.entity_name, r.arose_on, r.dishonesty_level, r.use_scope,
      r.publicity_until, r.payload, r.personal_cipher, r.content_hash, now() AS changed_at
    FROM unnest(${recordIds}::bigint[]) WITH ORDINALITY AS wanted (id, n)
    JOIN records r ON r.id = wanted.id
    JOIN catalogue_items i ON i.id = r.item_id
    JOIN catalogue_editions ed ON ed.id = i.edition_id
    JOIN agencies a ON a.id = r.agency_id
    ORDER BY wanted.n`.execute(db);
  return rows;
}

/**
 * What the leaves of a chunk's new records attest beyond the records themselves: the agency's name, each item's code and
 * edition, and the transaction's clock (what `readAttestedRecords` joins for a change of stored records).
 */
export async function readArrivalAttestation(
  db: Db,
  agencyId: number,
  itemIds: number[],
): Promise<{ agencyName: string; changedAt: Date; items: Map<number, { itemCode: string; editionCode: string }> }> {
  const { rows } = await sql<{
    agencyName: string;
    changedAt: Date;
    itemId: number;
    itemCode: string;
    editionCode: string;
  }>`
    SELECT a.name AS agency_name, now() AS changed_at, i.id AS item_id, i.code AS item_code, ed.code AS edition_code
    FROM agencies a
    JOIN catalogue_items i ON i.id = ANY (${itemIds}::integer[])
    JOIN catalogue_editions ed ON ed.id = i.edition_id
    WHERE a.id = ${agencyId}`.execute(db);
  return {
    agencyName: rows[0]!.agencyName,
    changedAt: rows[0]!.changedAt,
    items: new Map(rows.map((row) => [Number(row.itemId), { itemCode: row.itemCode, editionCode: row.editionCode }])),
  };
}
