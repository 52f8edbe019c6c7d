import { type Kysely, sql } from 'kysely';

/**
 * The portal's lists (issue 20 item 1; publicity/public-lists.repository.ts): each page reads one item's current public
 * records newest first, so the index is ordered by item, date and id, and holds only records that can be public.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX records_public_lists ON records (item_id, arose_on DESC, id DESC)
    WHERE status = 'active' AND use_scope = 'public' AND NOT classified`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_public_lists`.execute(db);
}
