import { type Kysely, sql } from 'kysely';

/**
 * A credit check's content is stored once, as its leaf of the verifiable log (modules/transparency), which already
 * held the same ~5 MB for a 10,000-entity check: writing it twice cost PostgreSQL ~0.2 s more a check (receiving and
 * compressing 5.2 MB, bench/README.md). New checks leave `content` null; a check stored before keeps its own (a check
 * from before the log, migration 0033, has no leaf).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE credit_checks ALTER COLUMN content DROP NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE credit_checks c SET content = (
      SELECT (l.content::jsonb - 'type' - 'v')::text FROM transparency_leaves l
      WHERE l.kind = 'credit-check' AND l.subject = c.check_no ORDER BY l.leaf_index DESC LIMIT 1)
    WHERE c.content IS NULL`.execute(db);
  await sql`ALTER TABLE credit_checks ALTER COLUMN content SET NOT NULL`.execute(db);
}
