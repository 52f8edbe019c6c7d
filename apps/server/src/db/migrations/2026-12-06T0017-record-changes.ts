import { type Kysely, sql } from 'kysely';

/**
 * The exchange pull's change feed (Rules Art. 16; SPEC §4 `GET /api/exchange/v1/records?since=`), and the duplicate
 * key of a record (the same decision sent twice is one record).
 *
 * `record_changes` gets one row, in the transaction of the change, whenever a record appears, changes in place or
 * leaves the current records (corrected, revoked, publicity ended, removed). Each row carries the id of the
 * transaction that wrote it: the pull serves only rows of transactions older than every one still running
 * (`pg_snapshot_xmin`), ordered by (txid, id), so a long upload transaction that commits after a pull went past later
 * ids is never skipped, as the record-id cursor did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE record_changes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      record_id bigint NOT NULL REFERENCES records (id),
      kind text NOT NULL
        CHECK (kind IN ('created', 'corrected', 'updated', 'superseded', 'revoked', 'expired', 'removed')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX record_changes_feed ON record_changes (txid, id)`.execute(db);

  // The records as they are now: each one's arrival, then the departure of those no longer current, so that a
  // consumer replaying the feed from its start ends with exactly the current records.
  await sql`
    INSERT INTO record_changes (record_id, kind)
    SELECT id, CASE WHEN root_id IS NULL THEN 'created' ELSE 'corrected' END FROM records ORDER BY id`.execute(db);
  await sql`
    INSERT INTO record_changes (record_id, kind)
    SELECT id, CASE status WHEN 'corrected' THEN 'superseded' ELSE status END FROM records
    WHERE status <> 'active' ORDER BY id`.execute(db);

  // Item code, credit code and the item's decision number (决定书文号, 案号, 评价年度); the first such field the item
  // has, in this order (records.service.ts duplicateKey, as of this migration).
  await sql`ALTER TABLE records ADD COLUMN duplicate_key text`.execute(db);
  await sql`
    UPDATE records r SET duplicate_key = k.key
    FROM (
      SELECT s.id, i.code || chr(10) || s.credit_code || chr(10) || (s.payload ->> f.field) AS key
      FROM records s
      JOIN catalogue_items i ON i.id = s.item_id
      CROSS JOIN LATERAL (
        SELECT CASE
          WHEN i.fields @> '[{"key": "decisionNumber"}]' THEN 'decisionNumber'
          WHEN i.fields @> '[{"key": "caseNumber"}]' THEN 'caseNumber'
          WHEN i.fields @> '[{"key": "ratingYear"}]' THEN 'ratingYear'
        END AS field
      ) f
      WHERE i.role <> 'registration' AND coalesce(s.payload ->> f.field, '') <> ''
    ) k
    WHERE k.id = r.id`.execute(db);
  // Duplicates already stored stay, but only the first of them holds the key.
  await sql`
    UPDATE records r SET duplicate_key = NULL
    FROM (
      SELECT id, row_number() OVER (PARTITION BY agency_id, duplicate_key ORDER BY id) AS n
      FROM records WHERE duplicate_key IS NOT NULL AND status NOT IN ('corrected', 'revoked')
    ) d
    WHERE d.id = r.id AND d.n > 1`.execute(db);
  // One current record per agency and key: a corrected or revoked version no longer holds it.
  await sql`
    CREATE UNIQUE INDEX records_duplicate_key ON records (agency_id, duplicate_key)
    WHERE duplicate_key IS NOT NULL AND status NOT IN ('corrected', 'revoked')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_duplicate_key`.execute(db);
  await sql`ALTER TABLE records DROP COLUMN duplicate_key`.execute(db);
  await sql`DROP TABLE record_changes`.execute(db);
}
