import { type Kysely, sql } from 'kysely';

/**
 * 异议 and 信用修复 answer only the applicant who filed them (issue 21: "for the applicant's own session only"):
 * - objections record who filed (`applicant_key`, as repairs do since 0037), and their numbers become unguessable
 *   receipts like reports' and repairs' (the platform draws them; the sequence and its default go). Objections filed
 *   before keep their numbers and have no key;
 * - repairs filed before 0037 were given `method:name` as their key, which no later OIDC session matches (its key is
 *   the identity service's subject): they have no key either.
 * An application without a key answers any verified applicant of its entity, who could follow it when it was filed
 * (objections' applicant-session `followsCase`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE objections ADD COLUMN applicant_key text`.execute(db);
  await sql`ALTER TABLE objections ALTER COLUMN objection_no DROP DEFAULT`.execute(db);
  await sql`DROP SEQUENCE objection_numbers`.execute(db);
  await sql`ALTER TABLE repairs ALTER COLUMN applicant_key DROP NOT NULL`.execute(db);
  // Filed before 0037 ran: its row in the migrator's table says when (an ISO instant).
  await sql`
    UPDATE repairs SET applicant_key = NULL
    WHERE submitted_at < (
      SELECT timestamp::timestamptz FROM kysely_migration WHERE name = '2026-12-07T0037-repair-applicant'
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE repairs SET applicant_key = applicant_method || ':' || applicant_name WHERE applicant_key IS NULL`.execute(
    db,
  );
  await sql`ALTER TABLE repairs ALTER COLUMN applicant_key SET NOT NULL`.execute(db);
  await sql`CREATE SEQUENCE objection_numbers`.execute(db);
  await sql`
    ALTER TABLE objections ALTER COLUMN objection_no SET DEFAULT
      ('YY' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('objection_numbers')::text, 6, '0'))`.execute(
    db,
  );
  await sql`ALTER TABLE objections DROP COLUMN applicant_key`.execute(db);
}
