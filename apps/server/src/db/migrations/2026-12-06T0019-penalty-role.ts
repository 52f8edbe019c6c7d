import { type Kysely, sql } from 'kysely';

/**
 * 行政处罚 becomes a catalogue role, like the listings: the profile groups records by their item's role, not its code,
 * so an item renamed in a new edition keeps its section. `serious_illegal_list` is the role of migration 0018.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_role_check`.execute(db);
  await sql`
    ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_role_check
      CHECK (role IN ('registration', 'abnormal_list', 'serious_illegal_list', 'penalty', 'record'))`.execute(db);
  await sql`UPDATE catalogue_items SET role = 'penalty' WHERE code = 'penalty' AND role = 'record'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE catalogue_items SET role = 'record' WHERE role = 'penalty'`.execute(db);
  await sql`ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_role_check`.execute(db);
  await sql`
    ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_role_check
      CHECK (role IN ('registration', 'abnormal_list', 'serious_illegal_list', 'record'))`.execute(db);
}
