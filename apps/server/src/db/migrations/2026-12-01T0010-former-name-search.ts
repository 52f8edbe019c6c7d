import { type Kysely, sql } from 'kysely';

/**
 * Search by former name (曾用名, Rules Art. 7(五), SPEC C7/C11): the bigrams of all an entity's former names in one GIN
 * index, so a former-name fragment of any length is a containment test on the index (then a LIKE recheck), never an
 * unnest over 5,000,000 rows. Names are joined with a newline, which no query bigram contains.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // array_to_string is STABLE for anyarray (element output functions); for text[] it is immutable, hence the wrapper.
  await sql`
    CREATE FUNCTION former_names_text(names text[]) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT array_to_string(names, E'\n') $$`.execute(db);
  // Partial: about one entity in twenty has a former name, so the index stays small.
  await sql`
    CREATE INDEX enterprises_former_names_bigram ON enterprises USING gin (bigrams(former_names_text(former_names)))
    WHERE former_names <> '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX enterprises_former_names_bigram`.execute(db);
  await sql`DROP FUNCTION former_names_text(text[])`.execute(db);
}
