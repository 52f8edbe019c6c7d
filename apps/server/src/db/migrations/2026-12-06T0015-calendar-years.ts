import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A year the provincial bureau enters carries the number of the State Council's notice it copies, and who confirmed
  // it when (Rules Art. 12 counts working days; chinese-days stops at 2026). Seeded years keep their library source.
  await sql`
    ALTER TABLE calendar_years
      ADD COLUMN notice_number text,
      ADD COLUMN confirmed_by bigint REFERENCES accounts (id),
      ADD COLUMN confirmed_at timestamptz`.execute(db);
  // 报送期限 of an item whose own law sets one (Art. 12: 法律、法规另有规定的，从其规定): {days, unit, legalBasis}; null
  // for the 20 working days.
  await sql`ALTER TABLE catalogue_items ADD COLUMN deadline jsonb`.execute(db);
  // Confirming a year recomputes every provisional due date: find them without reading every record.
  await sql`CREATE INDEX records_due_provisional ON records (id) WHERE due_provisional`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_due_provisional`.execute(db);
  await sql`ALTER TABLE catalogue_items DROP COLUMN deadline`.execute(db);
  await sql`
    ALTER TABLE calendar_years DROP COLUMN notice_number, DROP COLUMN confirmed_by, DROP COLUMN confirmed_at`.execute(
    db,
  );
}
