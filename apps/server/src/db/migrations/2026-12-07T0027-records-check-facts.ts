import { type Kysely, sql } from 'kysely';

/**
 * A credit check reads the current records of up to 10,000 entities with the columns the sharing rule and the check
 * need (modules/records/visible-records.repository.ts, listVisibleRecordFacts). One entity's records arrive over the
 * years and lie on as many table pages; this index holds them side by side, so the check reads them from the index
 * alone (an index-only scan) instead of one table page per record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX records_active_enterprise_facts ON records (enterprise_id)
      INCLUDE (id, item_id, agency_id, use_scope, classified, dishonesty_level, arose_on)
      WHERE status = 'active'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_active_enterprise_facts`.execute(db);
}
