import { sql } from 'kysely';
import type { Db } from '../../platform/database';

export interface PlatformCountsRow {
  entities: number;
  publicRecords: number;
  blacklistedEntities: number;
}

/**
 * The three figures of the portal home in one statement. Public records are those decidePublicity shows: active,
 * `public`, not classified, within the publicity window, already arisen, registration data aside, and not of an item
 * its agency has chosen not to publicise (the agency's setting for the item's code in the newest edition that has one,
 * as the profile reads it). The suppressed (agency, item code) pairs are few: one anti-join against them.
 */
export async function countPlatformFigures(db: Db, today: string): Promise<PlatformCountsRow> {
  const { rows } = await sql<PlatformCountsRow>`
    WITH suppressed AS (
      SELECT agency_id, code FROM (
        SELECT DISTINCT ON (s.agency_id, si.code) s.agency_id, si.code, s.publicised
        FROM publicity_settings s JOIN catalogue_items si ON si.id = s.item_id
        ORDER BY s.agency_id, si.code, si.edition_id DESC) newest
      WHERE NOT publicised)
    SELECT
      (SELECT count(*) FROM enterprises)::int AS entities,
      (SELECT count(*) FROM records r JOIN catalogue_items i ON i.id = r.item_id
        WHERE r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
          AND (r.publicity_until IS NULL OR r.publicity_until >= ${today}::date) AND r.arose_on <= ${today}::date
          AND i.role <> 'registration'
          AND NOT EXISTS (SELECT 1 FROM suppressed x WHERE x.agency_id = r.agency_id AND x.code = i.code))::int
        AS public_records,
      (SELECT count(*) FROM enterprises WHERE badges @> ARRAY['blacklisted']::text[])::int AS blacklisted_entities
  `.execute(db);
  const row = rows[0]!;
  return {
    entities: Number(row.entities),
    publicRecords: Number(row.publicRecords),
    blacklistedEntities: Number(row.blacklistedEntities),
  };
}
