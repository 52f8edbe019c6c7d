import { type Kysely, sql } from 'kysely';

/**
 * The foreign keys of `records` whose value a chunk of an upload shares, or that the inserting statement has just
 * looked up, go (issue 24): each cost a row-locking lookup per record, about half of what PostgreSQL spent storing a
 * 5,000-record chunk. `insertRecords` checks what they checked in its one statement instead (the batch and its agency,
 * the author, every item; the entity is the one it joins by credit code), and refuses the chunk when one is unknown.
 * Nothing deletes agencies, exchange batches, accounts (disabled, never removed), catalogue items (kept with their
 * edition) or entities, so the keys no longer protect anything after the insert. `root_id` (a correction's chain)
 * keeps its key: it is set one record at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE records
      DROP CONSTRAINT records_agency_id_fkey,
      DROP CONSTRAINT records_batch_id_fkey,
      DROP CONSTRAINT records_created_by_fkey,
      DROP CONSTRAINT records_item_id_fkey,
      DROP CONSTRAINT records_enterprise_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE records
      ADD CONSTRAINT records_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies (id),
      ADD CONSTRAINT records_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES exchange_batches (id),
      ADD CONSTRAINT records_created_by_fkey FOREIGN KEY (created_by) REFERENCES accounts (id),
      ADD CONSTRAINT records_item_id_fkey FOREIGN KEY (item_id) REFERENCES catalogue_items (id),
      ADD CONSTRAINT records_enterprise_id_fkey FOREIGN KEY (enterprise_id) REFERENCES enterprises (id)`.execute(db);
}
