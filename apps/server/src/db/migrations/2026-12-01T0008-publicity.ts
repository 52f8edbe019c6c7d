import { type Kysely, sql } from 'kysely';

/** 公示内容 publicity settings per agency and catalogue item (Rules Art. 22(五)), and the 涉密 label of records (Art. 7(八)). */
export async function up(db: Kysely<unknown>): Promise<void> {
  // No row: the catalogue default (every field the catalogue allows is publicised). A row only narrows it.
  await sql`
    CREATE TABLE publicity_settings (
      agency_id integer NOT NULL REFERENCES agencies (id),
      item_id integer NOT NULL REFERENCES catalogue_items (id),
      publicised boolean NOT NULL,
      hidden_fields text[] NOT NULL DEFAULT '{}',
      updated_by integer NOT NULL REFERENCES accounts (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agency_id, item_id)
    )`.execute(db);
  // A security label: classified records are never public, whatever their use scope.
  await sql`ALTER TABLE records ADD COLUMN classified boolean NOT NULL DEFAULT false`.execute(db);
  // The daily expiry job finds the current records whose publicity window has ended without reading the others.
  await sql`
    CREATE INDEX records_publicity_until ON records (publicity_until)
    WHERE status = 'active' AND publicity_until IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_publicity_until`.execute(db);
  await sql`ALTER TABLE records DROP COLUMN classified`.execute(db);
  await sql`DROP TABLE publicity_settings`.execute(db);
}
