import { type Kysely, sql } from 'kysely';
import { agencySetting, CHINA_TODAY, inForce, PUBLIC_SCOPE, PUBLICISED_BY_AGENCY } from '../../platform/publicity-sql';

/**
 * One truth for a blacklist (issue 20 item 2; SPEC §3 standing): the `blacklisted` badge now means a listing in force on
 * 严重违法失信名单 (an item of role `serious_illegal_list`), and a 严重失信 record of another item is `severe_record`.
 * Both standings of every entity with a record in force are recomputed with that rule (enterprises.repository.ts
 * refreshEntityStanding keeps them from now on).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const shown = sql`(${PUBLIC_SCOPE} AND ${PUBLICISED_BY_AGENCY})`;
  const severeOther = sql`(i.category = 'bad' AND i.role <> 'serious_illegal_list' AND r.dishonesty_level = 'severe')`;
  const badges = (prefix: string) => sql`array_remove(ARRAY[
      CASE WHEN s.${sql.raw(`${prefix}listed`)} THEN 'blacklisted' END,
      CASE WHEN s.${sql.raw(`${prefix}severe_other`)} THEN 'severe_record' END,
      CASE WHEN s.${sql.raw(`${prefix}abnormal`)} THEN 'abnormal' END,
      CASE WHEN s.${sql.raw(`${prefix}good`)} AND NOT s.${sql.raw(`${prefix}bad`)} THEN 'trustworthy' END], NULL)`;
  await sql`
    WITH standing AS (
      SELECT r.enterprise_id AS id,
        coalesce(bool_or(i.role = 'serious_illegal_list'), false) AS listed,
        coalesce(bool_or(${severeOther}), false) AS severe_other,
        coalesce(bool_or(i.role = 'abnormal_list'), false) AS abnormal,
        coalesce(bool_or(i.category = 'good'), false) AS good,
        coalesce(bool_or(i.category = 'bad'), false) AS bad,
        coalesce(bool_or(i.role = 'serious_illegal_list') FILTER (WHERE ${shown}), false) AS public_listed,
        coalesce(bool_or(${severeOther}) FILTER (WHERE ${shown}), false) AS public_severe_other,
        coalesce(bool_or(i.role = 'abnormal_list') FILTER (WHERE ${shown}), false) AS public_abnormal,
        coalesce(bool_or(i.category = 'good') FILTER (WHERE ${shown}), false) AS public_good,
        coalesce(bool_or(i.category = 'bad') FILTER (WHERE ${shown}), false) AS public_bad
      FROM records r
      JOIN catalogue_items i ON i.id = r.item_id
      LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true
      WHERE r.enterprise_id IS NOT NULL AND ${inForce(CHINA_TODAY)}
      GROUP BY r.enterprise_id)
    UPDATE enterprises e SET badges = ${badges('public_')}, supervisory_badges = ${badges('')}
    FROM standing s
    WHERE e.id = s.id`.execute(db);
}

/** Back to the former meaning: `blacklisted` for any 严重 level, no `severe_record`. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE enterprises SET
      badges = array_remove(array_remove(badges, 'severe_record'), 'blacklisted')
        || CASE WHEN dishonesty_level = 'severe' THEN ARRAY['blacklisted'] ELSE '{}'::text[] END,
      supervisory_badges = array_remove(array_remove(supervisory_badges, 'severe_record'), 'blacklisted')
        || CASE WHEN supervisory_dishonesty_level = 'severe' THEN ARRAY['blacklisted'] ELSE '{}'::text[] END
    WHERE badges && ARRAY['blacklisted', 'severe_record'] OR supervisory_badges && ARRAY['blacklisted', 'severe_record']
      OR dishonesty_level = 'severe' OR supervisory_dishonesty_level = 'severe'`.execute(db);
}
