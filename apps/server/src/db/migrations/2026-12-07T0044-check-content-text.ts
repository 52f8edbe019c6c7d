import { type Kysely, sql } from 'kysely';

/**
 * A credit check's stored content is the canonical JSON its digest covers, kept as that very text. As jsonb, the
 * ~5 MB of a 10,000-entity check were parsed into jsonb's binary form on every insert (~0.5 s of PostgreSQL's time
 * for 5.2 MB on an idle machine against ~0.1 s as text, bench/README.md) and nothing reads inside it in SQL: the
 * console, the PDF and the signed bundle parse it in the server. Checks stored before keep their content as jsonb's
 * text (the same values; their digest is checked against the canonical JSON of the parsed content, as before).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE credit_checks ALTER COLUMN content TYPE text USING content::text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE credit_checks ALTER COLUMN content TYPE jsonb USING content::jsonb`.execute(db);
}
