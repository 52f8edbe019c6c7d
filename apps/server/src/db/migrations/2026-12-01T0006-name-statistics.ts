import { type Kysely, sql } from 'kysely';

/** A finer name histogram: with the default target of 100 the planner misjudged fragment searches 10–200× (bench). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE enterprises ALTER COLUMN name SET STATISTICS 1000`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE enterprises ALTER COLUMN name SET STATISTICS -1`.execute(db);
}
