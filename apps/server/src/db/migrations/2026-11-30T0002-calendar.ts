import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // 节假日与调休: official days off and the weekend days worked in lieu (Rules Art. 12 counts working days).
  await sql`
    CREATE TABLE calendar_days (
      date date PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
      note text
    )`.execute(db);
  // Years whose holidays are known: a deadline reaching into any other year is computed on weekdays, marked provisional.
  await sql`
    CREATE TABLE calendar_years (
      year int PRIMARY KEY CHECK (year BETWEEN 1990 AND 2100),
      source text NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE calendar_days`.execute(db);
  await sql`DROP TABLE calendar_years`.execute(db);
}
