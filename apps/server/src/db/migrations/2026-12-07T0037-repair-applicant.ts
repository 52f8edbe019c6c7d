import { type Kysely, sql } from 'kysely';

/**
 * 信用修复: an application answers only the applicant who filed it (issue 21: "for the applicant's own session only"),
 * not any session of the same entity. `applicant_key` is who that is (objections' applicant-session `applicantKey`:
 * the identity service's subject, or the name declared with a code to the registered mobile). Applications filed
 * before keep their method and name as their key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE repairs ADD COLUMN applicant_key text`.execute(db);
  await sql`UPDATE repairs SET applicant_key = applicant_method || ':' || applicant_name`.execute(db);
  await sql`ALTER TABLE repairs ALTER COLUMN applicant_key SET NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE repairs DROP COLUMN applicant_key`.execute(db);
}
