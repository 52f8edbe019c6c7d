import { sql } from 'kysely';
import type { Db } from '../../platform/database';
import { agencySetting, inForce, PUBLIC_SCOPE, PUBLICISED_BY_AGENCY } from '../../platform/publicity-sql';

export interface PlatformCountsRow {
  entities: number;
  publicRecords: number;
  blacklistedEntities: number;
}

/**
 * The three figures of the portal home in one statement. Public records are those decidePublicity shows (its rule in SQL,
 * platform/publicity-sql.ts), registration data aside. The agency settings are looked up once per (agency, item code)
 * group of the counted records, not once per record.
 */
export async function countPlatformFigures(db: Db, today: string): Promise<PlatformCountsRow> {
  const { rows } = await sql<PlatformCountsRow>`
    WITH candidates AS (
      SELECT r.agency_id, i.code, count(*) AS n
      FROM records r JOIN catalogue_items i ON i.id = r.item_id
      WHERE ${inForce(today)} AND ${PUBLIC_SCOPE} AND i.role <> 'registration'
      GROUP BY r.agency_id, i.code)
    SELECT
      (SELECT count(*) FROM enterprises)::int AS entities,
      (SELECT coalesce(sum(c.n), 0) FROM candidates c
        LEFT JOIN LATERAL ${agencySetting(sql`c.agency_id`, sql`c.code`)} ps ON true
        WHERE ${PUBLICISED_BY_AGENCY})::int AS public_records,
      (SELECT count(*) FROM enterprises WHERE badges @> ARRAY['blacklisted']::text[])::int AS blacklisted_entities
  `.execute(db);
  const row = rows[0]!;
  return {
    entities: Number(row.entities),
    publicRecords: Number(row.publicRecords),
    blacklistedEntities: Number(row.blacklistedEntities),
  };
}
