import type { EntityKind, EntityStatus } from '@gzcredit/domain';
import { type Selectable, sql } from 'kysely';
import type { ExchangeBatchesTable, ExchangeChannel, RecordStatus, RecordsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type RecordRow = Selectable<RecordsTable> & {
  itemCode: string;
  itemName: string;
  itemCategory: 'basic' | 'good' | 'bad';
  editionCode: string;
  agencyName: string;
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
  rootId: number | null;
  version: number;
  reason: string | null;
}

/** A registration record's effect on its entity (Art. 29: registration data creates and updates entities). */
export interface EntityRegistration {
  creditCode: string;
  name: string;
  kind: EntityKind;
  status: EntityStatus;
  regionCode: string;
  industryCode: string | null;
  legalRepresentative: string | null;
  establishedOn: string | null;
  registrationAuthority: string | null;
  address: string | null;
  registrationNumber: string | null;
  flaggedForReview: boolean;
}

export async function insertBatch(
  db: Db,
  batch: {
    agencyId: number;
    channel: ExchangeChannel;
    accountId: number | null;
    apiClientId?: number | null;
    itemId?: number | null;
    received?: number;
    accepted?: number;
    rejected?: number;
    details?: Record<string, unknown>;
  },
): Promise<number> {
  const { details, ...values } = batch;
  const row = await db
    .insertInto('exchangeBatches')
    .values({ ...values, ...(details ? { details: JSON.stringify(details) } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function addBatchCounts(
  db: Db,
  batchId: number,
  counts: Pick<Selectable<ExchangeBatchesTable>, 'received' | 'accepted' | 'rejected'>,
): Promise<void> {
  await db
    .updateTable('exchangeBatches')
    .set((eb) => ({
      received: eb('received', '+', counts.received),
      accepted: eb('accepted', '+', counts.accepted),
      rejected: eb('rejected', '+', counts.rejected),
    }))
    .where('id', '=', batchId)
    .execute();
}

/**
 * Creates or updates the entities of registration records; the last record of a code in the batch wins. A changed name
 * joins the former names and a new 注册号 the former registration numbers (Art. 29: former names and codes are kept).
 * Returns the codes whose entity was created, so that records waiting for them can attach.
 */
export async function upsertEntities(db: Db, registrations: EntityRegistration[]): Promise<string[]> {
  if (registrations.length === 0) return [];
  const result = await sql<{ creditCode: string; created: boolean }>`
    INSERT INTO enterprises AS e (credit_code, name, kind, status, region_code, industry_code, legal_representative,
      established_on, registration_authority, address, former_registration_numbers, flagged_for_review)
    SELECT DISTINCT ON (r.credit_code) r.credit_code, r.name, r.kind, r.status, r.region_code, r.industry_code,
      r.legal_representative, r.established_on, r.registration_authority, r.address,
      CASE WHEN r.registration_number IS NULL THEN '{}'::text[] ELSE ARRAY[r.registration_number] END,
      r.flagged_for_review
    FROM jsonb_to_recordset(${JSON.stringify(registrations.map((registration, ordinality) => ({ ...snakeRegistration(registration), ordinality })))}::jsonb) AS r(
      credit_code text, name text, kind text, status text, region_code text, industry_code text,
      legal_representative text, established_on date, registration_authority text, address text,
      registration_number text, flagged_for_review boolean, ordinality integer)
    ORDER BY r.credit_code, r.ordinality DESC
    ON CONFLICT (credit_code) DO UPDATE SET
      name = EXCLUDED.name,
      former_names = CASE
        WHEN e.name <> EXCLUDED.name AND NOT e.name = ANY (e.former_names) THEN e.former_names || e.name
        ELSE e.former_names END,
      kind = EXCLUDED.kind,
      status = EXCLUDED.status,
      region_code = EXCLUDED.region_code,
      industry_code = coalesce(EXCLUDED.industry_code, e.industry_code),
      legal_representative = EXCLUDED.legal_representative,
      established_on = EXCLUDED.established_on,
      registration_authority = EXCLUDED.registration_authority,
      address = EXCLUDED.address,
      former_registration_numbers = CASE
        WHEN EXCLUDED.former_registration_numbers = '{}' OR EXCLUDED.former_registration_numbers <@ e.former_registration_numbers
          THEN e.former_registration_numbers
        ELSE e.former_registration_numbers || EXCLUDED.former_registration_numbers END,
      flagged_for_review = EXCLUDED.flagged_for_review,
      updated_at = now()
    RETURNING e.credit_code, (xmax = 0) AS created`.execute(db);
  return result.rows.filter((row) => row.created).map((row) => row.creditCode);
}

function snakeRegistration(registration: EntityRegistration) {
  return {
    credit_code: registration.creditCode,
    name: registration.name,
    kind: registration.kind,
    status: registration.status,
    region_code: registration.regionCode,
    industry_code: registration.industryCode,
    legal_representative: registration.legalRepresentative,
    established_on: registration.establishedOn,
    registration_authority: registration.registrationAuthority,
    address: registration.address,
    registration_number: registration.registrationNumber,
    flagged_for_review: registration.flaggedForReview,
  };
}

/**
 * Inserts records in one statement, attaching each to its entity by credit code (or leaving it in the matching queue).
 * Ids come back in input order: identities are drawn in the SELECT's order.
 */
export async function insertRecords(
  db: Db,
  batch: { agencyId: number; batchId: number; channel: RecordsTable['channel']; createdBy: number | null },
  records: NewRecord[],
): Promise<Array<{ id: number; enterpriseId: number | null }>> {
  if (records.length === 0) return [];
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
  }));
  const result = await sql<{ id: number; enterpriseId: number | null }>`
    INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, personal_cipher, arose_on,
      due_on, due_provisional, days_late, dishonesty_level, use_scope, publicity_until, content_hash, channel, batch_id,
      flagged_for_review, created_by, root_id, version, reason)
    SELECT r.item_id, ${batch.agencyId}, r.credit_code, e.id, r.entity_name, r.payload, decode(r.personal, 'base64'),
      r.arose_on, r.due_on, r.due_provisional, r.days_late, r.dishonesty_level, r.use_scope, r.publicity_until,
      r.content_hash, ${batch.channel}, ${batch.batchId}, r.flagged_for_review, ${batch.createdBy}, r.root_id, r.version,
      r.reason
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(item_id integer, credit_code text,
      entity_name text, payload jsonb, personal text, arose_on date, due_on date, due_provisional boolean,
      days_late integer, dishonesty_level text, use_scope text, publicity_until date, content_hash text,
      flagged_for_review boolean, root_id bigint, version integer, reason text, ordinality integer)
    LEFT JOIN enterprises e ON e.credit_code = r.credit_code
    ORDER BY r.ordinality
    RETURNING id, enterprise_id`.execute(db);
  return result.rows
    .map((row) => ({ id: Number(row.id), enterpriseId: row.enterpriseId === null ? null : Number(row.enterpriseId) }))
    .sort((a, b) => a.id - b.id);
}

/** Records in the matching queue whose entity has now appeared attach to it (Art. 29). */
export async function attachWaitingRecords(db: Db, creditCodes: string[]): Promise<number[]> {
  if (creditCodes.length === 0) return [];
  const result = await sql<{ enterpriseId: number }>`
    UPDATE records r SET enterprise_id = e.id
    FROM enterprises e
    WHERE r.enterprise_id IS NULL AND r.credit_code = e.credit_code AND e.credit_code = ANY (${creditCodes}::text[])
    RETURNING r.enterprise_id`.execute(db);
  return [...new Set(result.rows.map((row) => Number(row.enterpriseId)))];
}

/**
 * Recomputes an entity's dishonesty level and badges from its active public records: 严重失信 puts it on the blacklist
 * (黑名单), an 经营异常名录 record marks it 经营异常, and 良好 records without any 不良 one make it 守信.
 */
export async function refreshEntityStanding(db: Db, enterpriseIds: number[]): Promise<void> {
  if (enterpriseIds.length === 0) return;
  await sql`
    WITH touched AS (SELECT DISTINCT unnest(${enterpriseIds}::bigint[]) AS id),
    standing AS (
      SELECT t.id,
        max(CASE r.dishonesty_level WHEN 'general' THEN 1 WHEN 'serious' THEN 2 WHEN 'severe' THEN 3 END)
          FILTER (WHERE c.category = 'bad') AS level,
        coalesce(bool_or(c.role = 'abnormal_list'), false) AS abnormal,
        coalesce(bool_or(c.category = 'good'), false) AS good
      FROM touched t
      LEFT JOIN records r ON r.enterprise_id = t.id AND r.status = 'active' AND r.use_scope = 'public'
        AND (r.publicity_until IS NULL OR r.publicity_until >= CURRENT_DATE)
      LEFT JOIN catalogue_items c ON c.id = r.item_id
      GROUP BY t.id
    )
    UPDATE enterprises e SET
      dishonesty_level = CASE s.level WHEN 1 THEN 'general' WHEN 2 THEN 'serious' WHEN 3 THEN 'severe' END,
      badges = array_remove(ARRAY[
        CASE WHEN s.level = 3 THEN 'blacklisted' END,
        CASE WHEN s.abnormal THEN 'abnormal' END,
        CASE WHEN s.good AND s.level IS NULL THEN 'trustworthy' END
      ], NULL)
    FROM standing s
    WHERE e.id = s.id`.execute(db);
}

export function recordsQuery(db: Db) {
  return db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .innerJoin('catalogueEditions as ed', 'ed.id', 'i.editionId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .selectAll('r')
    .select([
      'i.code as itemCode',
      'i.name as itemName',
      'i.category as itemCategory',
      'ed.code as editionCode',
      'a.name as agencyName',
    ]);
}

export async function findRecord(db: Db, id: number): Promise<RecordRow | undefined> {
  return recordsQuery(db).where('r.id', '=', id).executeTakeFirst();
}

/** Locks a record row for a correction, revocation or annotation (two editors never both succeed). */
export async function lockRecord(db: Db, id: number): Promise<RecordRow | undefined> {
  return recordsQuery(db).where('r.id', '=', id).forUpdate('r').executeTakeFirst();
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
