import { type Kysely, sql } from 'kysely';

/**
 * The record rollups (migration 2026-12-07T0024) keyed also by the record's use scope (使用范围) and 涉密 flag, so that
 * the console analysis can apply the sharing rule (Rules Art. 22(四), platform/sharing-sql.ts) to the counts: which
 * providers' records of which item, scope and level a viewing agency may see is decided per counts row, never by
 * scanning `records`. The trigger, fold and rebuild functions are redefined with the longer key (a migration's SQL is
 * frozen in time, so the record-side SQL of 0024 is restated here with the two columns added), then everything is
 * counted afresh.
 */

function recordFacts(from: string, sign: string): string {
  return `
    SELECT statistics_region(e.region_code) AS region_code, statistics_division(e.industry_code) AS industry_code,
      coalesce(e.kind, '') AS entity_kind, i.category, i.code AS item_code,
      coalesce(r.dishonesty_level, '') AS dishonesty_level, r.agency_id, statistics_month(r.received_at) AS month,
      r.use_scope, r.classified,
      ${sign} * (r.root_id IS NULL)::int AS received,
      ${sign} * (r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
        AND i.role <> 'registration')::int AS in_publicity,
      ${sign} * (r.root_id IS NOT NULL)::int AS corrections,
      ${sign} * (r.status = 'revoked')::int AS revocations,
      ${sign} * (r.root_id IS NULL AND r.days_late > 0)::int AS late,
      ${sign} * (r.status = 'active' AND i.role = 'abnormal_list')::int AS abnormal_listings
    ${from}`;
}

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

const OLD_RECORD_KEY =
  'region_code, industry_code, entity_kind, category, item_code, dishonesty_level, agency_id, month';
const RECORD_KEY = `${OLD_RECORD_KEY}, use_scope, classified`;
const RECORD_MEASURES = ['received', 'in_publicity', 'corrections', 'revocations', 'late', 'abnormal_listings'];
const ENTITY_KEY = 'region_code, industry_code, entity_kind, dishonesty_level, month';
const ENTITY_MEASURES = ['entities', 'blacklisted', 'abnormal'];

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
const movedRecordsOf = (side: 'old_rows' | 'new_rows') => `
  FROM old_rows o JOIN new_rows n ON n.id = o.id
  JOIN records r ON r.enterprise_id = n.id
  JOIN catalogue_items i ON i.id = r.item_id
  JOIN ${side} e ON e.id = n.id
  WHERE (statistics_region(o.region_code), statistics_division(o.industry_code), o.kind)
    IS DISTINCT FROM (statistics_region(n.region_code), statistics_division(n.industry_code), n.kind)`;

const fold = (counts: string, deltas: string, key: string, measures: string[]) => `
  WITH moved AS (DELETE FROM ${deltas} RETURNING *)
  INSERT INTO ${counts} AS c (${key}, ${measures.join(', ')})
  SELECT ${key}, ${measures.map((m) => `sum(${m})`).join(', ')} FROM moved GROUP BY ${key}
  ON CONFLICT (${key}) DO UPDATE SET ${measures.map((m) => `${m} = c.${m} + excluded.${m}`).join(', ')}`;

/** The trigger, fold and rebuild functions for a record key (`key`): 0024's with its key, this one's with the new. */
async function defineFunctions(db: Kysely<unknown>, key: string, facts: typeof recordFacts): Promise<void> {
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${sumInto('statistics_record_deltas', key, RECORD_MEASURES, [facts(recordsOf('new_rows'), '1')])};
      ELSIF TG_OP = 'UPDATE' THEN
        ${sumInto('statistics_record_deltas', key, RECORD_MEASURES, [
          facts(recordsOf('old_rows'), '-1'),
          facts(recordsOf('new_rows'), '1'),
        ])};
      ELSE
        ${sumInto('statistics_record_deltas', key, RECORD_MEASURES, [facts(recordsOf('old_rows'), '-1')])};
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_enterprises_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${sumInto('statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES, [entityFacts(entitiesOf('new_rows'), '1')])};
      ELSIF TG_OP = 'UPDATE' THEN
        ${sumInto('statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES, [
          entityFacts(entitiesOf('old_rows'), '-1'),
          entityFacts(entitiesOf('new_rows'), '1'),
        ])};
        ${sumInto('statistics_record_deltas', key, RECORD_MEASURES, [
          facts(movedRecordsOf('old_rows'), '-1'),
          facts(movedRecordsOf('new_rows'), '1'),
        ])};
      ELSE
        ${sumInto('statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES, [entityFacts(entitiesOf('old_rows'), '-1')])};
      END IF;
      RETURN NULL;
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_fold_deltas() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      ${fold('statistics_record_counts', 'statistics_record_deltas', key, RECORD_MEASURES)};
      ${fold('statistics_entity_counts', 'statistics_entity_deltas', ENTITY_KEY, ENTITY_MEASURES)};
    END
    $$`)
    .execute(db);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM statistics_record_deltas;
      DELETE FROM statistics_entity_deltas;
      DELETE FROM statistics_record_counts;
      DELETE FROM statistics_entity_counts;
      ${sumInto('statistics_record_counts', key, RECORD_MEASURES, [facts(recordsOf('records'), '1')])};
      ${sumInto('statistics_entity_counts', ENTITY_KEY, ENTITY_MEASURES, [entityFacts(entitiesOf('enterprises'), '1')])};
    END
    $$`)
    .execute(db);
}

/** 0024's record facts, without the two columns (for `down`). */
const formerRecordFacts = (from: string, sign: string) =>
  recordFacts(from, sign).replace('\n      r.use_scope, r.classified,', '');

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['statistics_record_counts', 'statistics_record_deltas']) {
    await sql
      .raw(`ALTER TABLE ${table} ADD COLUMN use_scope text NOT NULL DEFAULT 'public',
        ADD COLUMN classified boolean NOT NULL DEFAULT false`)
      .execute(db);
  }
  await sql`ALTER TABLE statistics_record_counts DROP CONSTRAINT statistics_record_counts_pkey`.execute(db);
  await sql.raw(`ALTER TABLE statistics_record_counts ADD PRIMARY KEY (${RECORD_KEY})`).execute(db);
  await defineFunctions(db, RECORD_KEY, recordFacts);
  await sql`SELECT statistics_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await defineFunctions(db, OLD_RECORD_KEY, formerRecordFacts);
  await sql`ALTER TABLE statistics_record_counts DROP CONSTRAINT statistics_record_counts_pkey`.execute(db);
  for (const table of ['statistics_record_counts', 'statistics_record_deltas']) {
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN use_scope, DROP COLUMN classified`).execute(db);
  }
  await sql.raw(`ALTER TABLE statistics_record_counts ADD PRIMARY KEY (${OLD_RECORD_KEY})`).execute(db);
  await sql`SELECT statistics_rebuild()`.execute(db);
}
