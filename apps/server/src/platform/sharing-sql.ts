import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

/**
 * 共享规则 (Rules Art. 22(四)) in SQL, in this one place for every way records leave for another agency: the console's
 * shared query and its exports, the exchange pull, credit checks and watch-list alerts (modules/sharing,
 * modules/exchange, modules/checks), and the console analysis's counts (modules/statistics). A record's fields the viewing agency may see:
 * - its own records: every field, whatever their use scope;
 * - another agency's `public` records: every field;
 * - `shared` ones: the audiences of the provider's `shared` grants for the item, or every agency with every field while
 *   the provider has not restricted the item;
 * - `authorised` ones: the audiences of the provider's `authorised` grants only;
 * - and, for `shared` and `authorised` records, the bureau's floor (exchange_floor), whatever the provider set;
 * - `internal` and classified (涉密) records of another agency: never.
 * An agency matches an audience `all`, `kind` (agencies.kind), `agency` (its id) or `region` (a prefix of its region
 * code). Matching several audiences, it sees the union of their fields. The record's status is not looked at: the
 * callers choose current records, or (the pull's tombstones) departures.
 *
 * Set-based: the settings are resolved once per statement for the one viewer, into two small tables that the records
 * join by equality (hash or merge joins, no per-record subquery):
 * - `vs`, per provider, item code and use scope the provider has set: whether the viewer sees such records (`seen`),
 *   with every field (`all_fields`) or with the fields of its matching grants (`fields`). A provider, item and scope
 *   with no row keeps the default: `shared` open to all, `authorised` closed;
 * - `vf`, the floor per item code and level (`''`: a record without a level): one row where a floor entry covers the
 *   viewer, with every field or with `fields`.
 */
function audience(grant: 'eg' | 'ef') {
  return sql.raw(`(${grant}.audience = 'all'
      OR (${grant}.audience = 'kind' AND ${grant}.audience_value = va.kind)
      OR (${grant}.audience = 'agency' AND ${grant}.audience_value = va.id::text)
      OR (${grant}.audience = 'region' AND starts_with(va.region_code, ${grant}.audience_value)))`);
}

function providerSettings(viewerAgencyId: number) {
  return sql<{ agencyId: string; itemCode: string; useScope: string }>`(
    SELECT es.agency_id, es.item_code, s.use_scope,
      (s.use_scope = 'shared' AND NOT es.shared_restricted) OR count(eg.id) > 0 AS seen,
      (s.use_scope = 'shared' AND NOT es.shared_restricted) OR coalesce(bool_or(eg.id IS NOT NULL AND eg.fields IS NULL), false)
        AS all_fields,
      coalesce(array_agg(DISTINCT f.field) FILTER (WHERE f.field IS NOT NULL), '{}') AS fields
    FROM exchange_item_settings es
    CROSS JOIN (VALUES ('shared'), ('authorised')) AS s (use_scope)
    LEFT JOIN agencies va ON va.id = ${viewerAgencyId}
    LEFT JOIN exchange_grants eg ON eg.agency_id = es.agency_id AND eg.item_code = es.item_code
      AND eg.use_scope = s.use_scope AND ${audience('eg')}
    LEFT JOIN LATERAL unnest(eg.fields) AS f (field) ON true
    GROUP BY es.agency_id, es.item_code, s.use_scope, es.shared_restricted)`.as('vs');
}

function floor(viewerAgencyId: number) {
  return sql<{ itemCode: string; levelKey: string }>`(
    SELECT c.code AS item_code, l.level_key, bool_or(ef.fields IS NULL) AS all_fields,
      coalesce(array_agg(DISTINCT f.field) FILTER (WHERE f.field IS NOT NULL), '{}') AS fields
    FROM exchange_floor ef
    JOIN agencies va ON va.id = ${viewerAgencyId} AND ${audience('ef')}
    JOIN (SELECT DISTINCT code FROM catalogue_items) c ON ef.item_code IS NULL OR ef.item_code = c.code
    JOIN (VALUES (''), ('general'), ('serious'), ('severe')) AS l (level_key)
      ON ef.dishonesty_level IS NULL OR ef.dishonesty_level = l.level_key
    LEFT JOIN LATERAL unnest(ef.fields) AS f (field) ON true
    GROUP BY c.code, l.level_key)`.as('vf');
}

function rule(viewerAgencyId: number) {
  const ownOrPublic = sql`(r.agency_id = ${viewerAgencyId} OR (r.use_scope = 'public' AND NOT r.classified))`;
  const exchanged = sql`(r.use_scope IN ('shared', 'authorised') AND NOT r.classified)`;
  return {
    seen: sql<boolean>`(${ownOrPublic} OR (${exchanged}
        AND (coalesce(vs.seen, r.use_scope = 'shared') OR vf.item_code IS NOT NULL)))`,
    allFields: sql<boolean>`(${ownOrPublic} OR (${exchanged}
        AND (coalesce(vs.all_fields, r.use_scope = 'shared') OR coalesce(vf.all_fields, false))))`,
  };
}

/**
 * How a row joins the two settings tables: by its provider (`r.agency_id`), use scope (`r.use_scope`), the item code
 * and level key (`''` for none) that `keys` gives (a record reads them from its catalogue item and nullable level, a
 * rollup row keeps them as columns).
 */
function settingsOn(keys: { itemCode: RawBuilder<string>; levelKey: RawBuilder<string> }) {
  return {
    vs: sql<boolean>`vs.agency_id = r.agency_id AND vs.item_code = ${keys.itemCode} AND vs.use_scope = r.use_scope`,
    vf: sql<boolean>`vf.item_code = ${keys.itemCode} AND vf.level_key = ${keys.levelKey}`,
  };
}

function joinSettings<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, viewerAgencyId: number) {
  const on = settingsOn({ itemCode: sql`i.code`, levelKey: sql`coalesce(r.dishonesty_level, '')` });
  return (query as unknown as SelectQueryBuilder<{ r: object; i: object }, 'r' | 'i', O>)
    .leftJoin(providerSettings(viewerAgencyId), (join) => join.on(on.vs))
    .leftJoin(floor(viewerAgencyId), (join) => join.on(on.vf));
}

/**
 * The sharing rule over counts instead of records (the console analysis, modules/statistics): `counts` is a row set
 * aliased `r` with the provider's `agency_id`, `item_code`, `use_scope`, `classified` and `dishonesty_level` (`''` for
 * none), as the record rollups are keyed (migration 2026-12-07T0035). Gives the joins to place after it and the
 * condition under which the viewer may see the records a row counts: the same rule, decided per counts row.
 */
export function countsVisibleTo(viewerAgencyId: number): { joins: RawBuilder<unknown>; seen: RawBuilder<boolean> } {
  const on = settingsOn({ itemCode: sql`r.item_code`, levelKey: sql`r.dishonesty_level` });
  return {
    joins: sql`LEFT JOIN ${providerSettings(viewerAgencyId)} ON ${on.vs} LEFT JOIN ${floor(viewerAgencyId)} ON ${on.vf}`,
    seen: rule(viewerAgencyId).seen,
  };
}

/**
 * The records of `query` (a query over `records as r` joined to its `catalogue_items as i`) that the viewer may see,
 * each with `allFields` (every field) or the field keys `fields` it may see (which may repeat a key). Give each row's
 * payload to {@link restrictPayload}.
 */
export function visibleTo<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  viewerAgencyId: number,
): SelectQueryBuilder<DB, TB, O & { allFields: boolean; fields: string[] }> {
  const { seen, allFields } = rule(viewerAgencyId);
  return joinSettings(query, viewerAgencyId)
    .where(seen)
    .select([
      allFields.as('allFields'),
      sql<string[]>`coalesce(vs.fields, '{}') || coalesce(vf.fields, '{}')`.as('fields'),
    ]) as unknown as SelectQueryBuilder<DB, TB, O & { allFields: boolean; fields: string[] }>;
}

/**
 * {@link visibleTo}, keeping besides the rows where `alsoUnseen` holds, each with whether the viewer may see it
 * (`seen`): for the pull, which tells a reader that a record it may have held is no longer shared with it. A row with
 * `seen` false carries no fields (`allFields` false, `fields` empty): only its ids may leave.
 */
export function withVisibility<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  viewerAgencyId: number,
  alsoUnseen: RawBuilder<boolean>,
): SelectQueryBuilder<DB, TB, O & { seen: boolean; allFields: boolean; fields: string[] }> {
  const { seen, allFields } = rule(viewerAgencyId);
  return joinSettings(query, viewerAgencyId)
    .where(sql<boolean>`(${seen} OR ${alsoUnseen})`)
    .select([
      seen.as('seen'),
      sql<boolean>`(${seen} AND ${allFields})`.as('allFields'),
      sql<string[]>`CASE WHEN ${seen} THEN coalesce(vs.fields, '{}') || coalesce(vf.fields, '{}') ELSE '{}' END`.as(
        'fields',
      ),
    ]) as unknown as SelectQueryBuilder<DB, TB, O & { seen: boolean; allFields: boolean; fields: string[] }>;
}

/** The payload as the viewer may see it: every field, or only those {@link visibleTo} named. */
export function restrictPayload(
  payload: Record<string, string>,
  visible: { allFields: boolean; fields: readonly string[] },
): Record<string, string> {
  if (visible.allFields) return payload;
  return Object.fromEntries(Object.entries(payload).filter(([key]) => visible.fields.includes(key)));
}
