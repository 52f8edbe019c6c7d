import { type Kysely, sql } from 'kysely';

/**
 * A change of who may see a provider's records (its exchange settings, or the bureau's floor; Rules Art. 22(四)) is
 * a change of what the pull shows of each record it covers: `reshared` rows in the change feed, one per current
 * `shared` or `authorised` record of the items concerned, in the transaction of the settings. The pull turns each
 * into `updated` (with the fields the reader may see now) for a reader who still sees the record, and `withdrawn`
 * (a tombstone, without content) for one who no longer does (modules/records/change-feed.repository.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE record_changes DROP CONSTRAINT record_changes_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_changes ADD CONSTRAINT record_changes_kind_check
      CHECK (kind IN ('created', 'corrected', 'updated', 'superseded', 'revoked', 'expired', 'removed', 'reshared'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM record_changes WHERE kind = 'reshared'`.execute(db);
  await sql`ALTER TABLE record_changes DROP CONSTRAINT record_changes_kind_check`.execute(db);
  await sql`
    ALTER TABLE record_changes ADD CONSTRAINT record_changes_kind_check
      CHECK (kind IN ('created', 'corrected', 'updated', 'superseded', 'revoked', 'expired', 'removed'))`.execute(db);
}
