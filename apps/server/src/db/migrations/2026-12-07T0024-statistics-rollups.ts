import { type Kysely, sql } from 'kysely';

/**
 * 统计汇总 statistics rollups (SPEC C14, Rules Art. 7(六)): counts by region, industry, entity kind, category, item,
 * level, providing agency and month, which dashboards read instead of `records` (modules/statistics/README.md).
 *
 * Statement-level triggers on `records` and `enterprises` append the difference each statement makes (its old rows
 * counted negative, its new rows positive, grouped by key) to `statistics_*_deltas`, in the statement's transaction;
 * `statistics_fold_deltas()` moves the deltas into `statistics_*_counts`. Appending never waits on another
 * transaction (no counter row is locked by an ingest), and the figures can never drift from the base tables.
 */

/** The record-side key and measures of the records `r` (item `i`, entity `e`, possibly null), each times `sign`. */
function recordFacts(from: string, sign: string): string {
  return `
    SELECT statistics_region(e.region_code) AS region_code, statistics_division(e.industry_code) AS industry_code,
      coalesce(e.kind, '') AS entity_kind, i.category, i.code AS item_code,
      coalesce(r.dishonesty_level, '') AS dishonesty_level, r.agency_id, statistics_month(r.received_at) AS month,
      ${sign} * (r.root_id IS NULL)::int AS received,
      ${sign} * (r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
        AND i.role <> 'registration')::int AS in_publicity,
      ${sign} * (r.root_id IS NOT NULL)::int AS corrections,
      ${sign} * (r.status = 'revoked')::int AS revocations,
      ${sign} * (r.root_id IS NULL AND r.days_late > 0)::int AS late,
      ${sign} * (r.status = 'active' AND i.role = 'abnormal_list')::int AS abnormal_listings
    ${from}`;
}

/** The entity-side key and measures of the entities `e`, each times `sign`. */
function entityFacts(from: string, sign: string): string {
  return `
    SELECT statistics_region(e.region_code) AS region_code, statistics_division(e.industry_code) AS industry_code,
      e.kind AS entity_kind, coalesce(e.dishonesty_level, '') AS dishonesty_level,
      statistics_month(e.created_at) AS month,
      ${sign} AS entities,
      ${sign} * (e.badges @> ARRAY['blacklisted']::text[])::int AS blacklisted,
      ${sign} * (e.badges @> ARRAY['abnormal']::text[])::int AS abnormal
    ${from}`;
}

const RECORD_KEY = 'region_code, industry_code, entity_kind, category, item_code, dishonesty_level, agency_id, month';
const RECORD_MEASURES = ['received', 'in_publicity', 'corrections', 'revocations', 'late', 'abnormal_listings'];
const ENTITY_KEY = 'region_code, industry_code, entity_kind, dishonesty_level, month';
const ENTITY_MEASURES = ['entities', 'blacklisted', 'abnormal'];

/** Sums the facts by key into `table`, leaving out the keys whose every sum is zero. */
function sumInto(table: string, key: string, measures: string[], facts: string[]): string {
  return `
    INSERT INTO ${table} (${key}, ${measures.join(', ')})
    SELECT ${key}, ${measures.map((m) => `sum(${m})`).join(', ')}
    FROM (${facts.join(' UNION ALL ')}) facts
    GROUP BY ${key}
    HAVING ${measures.map((m) => `sum(${m}) <> 0`).join(' OR ')}`;
}

const recordsOf = (rows: string) =>
  `FROM ${rows} r JOIN catalogue_items i ON i.id = r.item_id LEFT JOIN enterprises e ON e.id = r.enterprise_id`;
const entitiesOf = (rows: string) => `FROM ${rows} e`;
/** The records of the updated entities whose region, industry or kind (the record-side entity key) changed. */
const movedRecordsOf = (side: 'old_rows' | 'new_rows') => `
  FROM old_rows o JOIN new_rows n ON n.id = o.id
  JOIN records r ON r.enterprise_id = n.id
  JOIN catalogue_items i ON i.id = r.item_id
  JOIN ${side} e ON e.id = n.id
  WHERE (statistics_region(o.region_code), statistics_division(o.industry_code), o.kind)
    IS DISTINCT FROM (statistics_region(n.region_code), statistics_division(n.industry_code), n.kind)`;

/** A table of counts; the folded one has its key as primary key, the deltas none (appended, never updated). */
function countsTable(name: string, keyColumns: string, measures: string[], primaryKey?: string): string {
  return `
    CREATE TABLE ${name} (
      ${keyColumns},
      ${measures.map((m) => `${m} bigint NOT NULL DEFAULT 0`).join(', ')}
      ${primaryKey ? `, PRIMARY KEY (${primaryKey})` : ''}
    )`;
}

const RECORD_KEY_COLUMNS = `
  region_code text NOT NULL, industry_code text NOT NULL, entity_kind text NOT NULL, category text NOT NULL,
  item_code text NOT NULL, dishonesty_level text NOT NULL, agency_id bigint NOT NULL, month date NOT NULL`;
const ENTITY_KEY_COLUMNS = `
  region_code text NOT NULL, industry_code text NOT NULL, entity_kind text NOT NULL, dishonesty_level text NOT NULL,
  month date NOT NULL`;

const fold = (counts: string, deltas: string, key: string, measures: string[]) => `
  WITH moved AS (DELETE FROM ${deltas} RETURNING *)
  INSERT INTO ${counts} AS c (${key}, ${measures.join(', ')})
  SELECT ${key}, ${measures.map((m) => `sum(${m})`).join(', ')} FROM moved GROUP BY ${key}
  ON CONFLICT (${key}) DO UPDATE SET ${measures.map((m) => `${m} = c.${m} + excluded.${m}`).join(', ')}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // A retired county code counts under its current county (GB/T 2260; packages/domain FORMER_REGIONS as of now).
  await sql`
    CREATE FUNCTION statistics_region(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE code
        WHEN '520221' THEN '520204' WHEN '520222' THEN '520281' WHEN '520321' THEN '520304'
        WHEN '520522' THEN '520581' WHEN '522322' THEN '522302'
        ELSE coalesce(code, '') END
    $$`.execute(db);
  // The 大类 (two digits) of a GB/T 4754 code at any depth, with or without its section letter; '' otherwise.
  await sql`
    CREATE FUNCTION statistics_division(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(substring(upper(btrim(code)) FROM '^[A-T]?([0-9]{2})[0-9]{0,2}$'), '')
    $$`.execute(db);
  // The month in China (UTC+8, no daylight saving), as its first day.
  await sql`
    CREATE FUNCTION statistics_month(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
      SELECT date_trunc('month', (at AT TIME ZONE 'UTC') + interval '8 hours')::date
    $$`.execute(db);

  await sql.raw(countsTable('statistics_record_counts', RECORD_KEY_COLUMNS, RECORD_MEASURES, RECORD_KEY)).execute(db);
  await sql.raw(countsTable('statistics_record_deltas', RECORD_KEY_COLUMNS, RECORD_MEASURES)).execute(db);
  await sql.raw(countsTable('statistics_entity_counts', ENTITY_KEY_COLUMNS, ENTITY_MEASURES, ENTITY_KEY)).execute(db);
  await sql.raw(countsTable('statistics_entity_deltas', ENTITY_KEY_COLUMNS, ENTITY_MEASURES)).execute(db);
  // The dashboards read one month range or one region prefix of the counts.
  await sql`CREATE INDEX statistics_record_counts_month ON statistics_record_counts (month)`.execute(db);

  await sql
    .raw(`
    CREATE FUNCTION statistics_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${sumInto('statistics_record_deltas', RECORD_KEY, RECORD_MEASURES, [recordFacts(recordsOf('new_rows'), '1')])};
      ELSIF TG_OP = 'UPDATE' THEN
        ${sumInto('statistics_record_deltas', RECORD_KEY, RECORD_MEASURES, [
          recordFacts(recordsOf('old_rows'), '-1'),
          recordFacts(recordsOf('new_rows'), '1'),
        ])};
      ELSE
        ${sumInto('statistics_record_deltas', RECORD_KEY, RECORD_MEASURES, [recordFacts(recordsOf('old_rows'), '-1')])};
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE FUNCTION statistics_enterprises_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${sumInto('statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES, [entityFacts(entitiesOf('new_rows'), '1')])};
      ELSIF TG_OP = 'UPDATE' THEN
        ${sumInto('statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES, [
          entityFacts(entitiesOf('old_rows'), '-1'),
          entityFacts(entitiesOf('new_rows'), '1'),
        ])};
        ${sumInto('statistics_record_deltas', RECORD_KEY, RECORD_MEASURES, [
          recordFacts(movedRecordsOf('old_rows'), '-1'),
          recordFacts(movedRecordsOf('new_rows'), '1'),
        ])};
      ELSE
        ${sumInto('statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES, [entityFacts(entitiesOf('old_rows'), '-1')])};
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
  // Transition tables allow one event per trigger.
  for (const [table, fn] of [
    ['records', 'statistics_records_changed'],
    ['enterprises', 'statistics_enterprises_changed'],
  ] as const) {
    await sql
      .raw(`
      CREATE TRIGGER ${table}_statistics_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`)
      .execute(db);
    await sql
      .raw(`
      CREATE TRIGGER ${table}_statistics_update AFTER UPDATE ON ${table}
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`)
      .execute(db);
    await sql
      .raw(`
      CREATE TRIGGER ${table}_statistics_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`)
      .execute(db);
  }

  await sql
    .raw(`
    CREATE FUNCTION statistics_fold_deltas() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      ${fold('statistics_record_counts', 'statistics_record_deltas', RECORD_KEY, RECORD_MEASURES)};
      ${fold('statistics_entity_counts', 'statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES)};
    END
    $$`)
    .execute(db);

  // Counts everything afresh: for what is stored now, and after a bulk load that bypassed the triggers (TRUNCATE,
  // COPY with triggers disabled), in the loader's transaction.
  await sql
    .raw(`
    CREATE FUNCTION statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM statistics_record_deltas;
      DELETE FROM statistics_entity_deltas;
      DELETE FROM statistics_record_counts;
      DELETE FROM statistics_entity_counts;
      ${sumInto('statistics_record_counts', RECORD_KEY, RECORD_MEASURES, [recordFacts(recordsOf('records'), '1')])};
      ${sumInto('statistics_entity_counts', ENTITY_KEY, ENTITY_MEASURES, [entityFacts(entitiesOf('enterprises'), '1')])};
    END
    $$`)
    .execute(db);
  await sql`SELECT statistics_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['records', 'enterprises']) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql.raw(`DROP TRIGGER ${table}_statistics_${event} ON ${table}`).execute(db);
    }
  }
  await sql`DROP FUNCTION statistics_rebuild()`.execute(db);
  await sql`DROP FUNCTION statistics_fold_deltas()`.execute(db);
  await sql`DROP FUNCTION statistics_enterprises_changed()`.execute(db);
  await sql`DROP FUNCTION statistics_records_changed()`.execute(db);
  for (const table of ['record_counts', 'record_deltas', 'entity_counts', 'entity_deltas']) {
    await sql.raw(`DROP TABLE statistics_${table}`).execute(db);
  }
  await sql`DROP FUNCTION statistics_month(timestamptz)`.execute(db);
  await sql`DROP FUNCTION statistics_division(text)`.execute(db);
  await sql`DROP FUNCTION statistics_region(text)`.execute(db);
}
