import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * 公示规则 in SQL: decidePublicity and isInForce (packages/domain/src/publicity.ts) for queries that decide many records
 * at once, in one place for the profile, the entity standings and the portal's figures. A test runs both over the same generated
 * records (modules/enterprises/publicity-rule.test.ts).
 *
 * The fragments name the record `r` and the agency setting joined by {@link agencySetting} `ps`.
 */

/** Today in China (UTC+8, no daylight saving) computed by the database, without relying on its time-zone data. */
export const CHINA_TODAY: RawBuilder<string> = sql<string>`((now() AT TIME ZONE 'UTC') + interval '8 hours')::date`;

/** A YYYY-MM-DD value bound as a parameter, or {@link CHINA_TODAY}. */
export type Today = string | RawBuilder<string>;

/**
 * 在效 in force on `today` (domain isInForce): the current version (`active`: not corrected, revoked or expired),
 * already arisen, and not past its window. The window is the time the conduct counts (SPEC §3: at its end a record
 * leaves public view and is no longer shared; 良好 records count for their validity), so a record past it counts for
 * no standing either, even before the daily expiry job marks it `expired`. The supervisory standing counts every
 * record in force, whatever its use scope, label or agency setting.
 */
export function inForce(today: Today): RawBuilder<SqlBool> {
  return sql<SqlBool>`(r.status = 'active' AND (r.publicity_until IS NULL OR r.publicity_until >= ${today}::date)
    AND r.arose_on <= ${today}::date)`;
}

/** The record's own publicity: use scope 公示 and not classified (Art. 7(八): 除涉密信息以外). */
export const PUBLIC_SCOPE: RawBuilder<SqlBool> = sql<SqlBool>`(r.use_scope = 'public' AND NOT r.classified)`;

/** The providing agency publicises the item (Art. 22(五)); no setting is the catalogue default: publicised. */
export const PUBLICISED_BY_AGENCY: RawBuilder<SqlBool> = sql<SqlBool>`coalesce(ps.publicised, true)`;

/** decidePublicity's `visible` (with `ps` joined): in force, public scope, publicised by its agency. */
export function publicNow(today: Today): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${inForce(today)} AND ${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY})`;
}

/**
 * The agency's setting (publicised, hidden_fields) for an item code: the row of the newest edition that has one, so a
 * setting survives a new catalogue edition (publicity/README.md). At most one row; join it as
 * `LEFT JOIN LATERAL ${agencySetting(…)} ps ON true`, one index lookup per outer row.
 */
export function agencySetting(agencyId: Expression<unknown>, itemCode: Expression<unknown>): RawBuilder<unknown> {
  return sql`(
    SELECT s.publicised, s.hidden_fields
    FROM publicity_settings s JOIN catalogue_items si ON si.id = s.item_id
    WHERE s.agency_id = ${agencyId} AND si.code = ${itemCode}
    ORDER BY si.edition_id DESC LIMIT 1)`;
}
