import { type Kysely, sql } from 'kysely';

/**
 * A publicity setting changed recounts the public counts of one (agency, item) from the finest counts (migration
 * 0041's trigger on `publicity_settings`), and no index of `statistics_record_counts` started with those columns: at
 * 50,000,000 records each change scanned all 4.6 million finest rows, 7.4–8.4 s, holding the lock the minute fold
 * needs (bench/README.md, statistics at 50,000,000 records).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX statistics_record_counts_agency_item ON statistics_record_counts (agency_id, item_code)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX statistics_record_counts_agency_item`.execute(db);
}
