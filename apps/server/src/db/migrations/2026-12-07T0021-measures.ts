import { type Kysely, sql } from 'kysely';

/**
 * 核查事项 check purposes and 失信惩戒措施 joint punishment measures (Rules Art. 17; SPEC C12), modelled on
 * 《全国失信惩戒措施基础清单》: editions per list (the national list and the province's 补充清单), each a draft until
 * published; a published edition is never edited, and the one it replaces stays readable (a check names the editions
 * it used).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE check_purposes (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      name text NOT NULL UNIQUE,
      active boolean NOT NULL DEFAULT true,
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE measure_editions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      list text NOT NULL CHECK (list IN ('national', 'provincial')),
      label text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
      based_on_id integer REFERENCES measure_editions (id),
      published_at timestamptz,
      created_by integer REFERENCES accounts (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (list, label),
      CHECK ((status = 'draft') = (published_at IS NULL))
    )`.execute(db);
  // Per list, at most one edition in force and at most one draft being edited.
  await sql`CREATE UNIQUE INDEX measure_editions_published ON measure_editions (list) WHERE status = 'published'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX measure_editions_draft ON measure_editions (list) WHERE status = 'draft'`.execute(db);

  await sql`
    CREATE TABLE measures (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      edition_id integer NOT NULL REFERENCES measure_editions (id),
      code text NOT NULL,
      name text NOT NULL,
      measure_class smallint NOT NULL CHECK (measure_class IN (1, 2, 3)),
      target_listings text[] NOT NULL DEFAULT '{}',
      target_levels text[] NOT NULL DEFAULT '{}'
        CHECK (target_levels <@ ARRAY['general', 'serious', 'severe']::text[]),
      legal_basis text NOT NULL DEFAULT '',
      implementing_body text NOT NULL,
      source text NOT NULL DEFAULT '',
      note text NOT NULL DEFAULT '',
      confirmed boolean NOT NULL DEFAULT false,
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (edition_id, code),
      CHECK (cardinality(target_listings) + cardinality(target_levels) > 0),
      -- 国办发〔2020〕49号: a measure that reduces rights or adds duties rests on a legal basis.
      CHECK (measure_class <> 1 OR char_length(legal_basis) >= 2)
    )`.execute(db);
  await sql`CREATE INDEX measures_edition ON measures (edition_id, sort_order)`.execute(db);

  await sql`
    CREATE TABLE measure_purposes (
      measure_id integer NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
      purpose_id integer NOT NULL REFERENCES check_purposes (id),
      PRIMARY KEY (measure_id, purpose_id)
    )`.execute(db);
  await sql`CREATE INDEX measure_purposes_purpose ON measure_purposes (purpose_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['measure_purposes', 'measures', 'measure_editions', 'check_purposes'])
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
