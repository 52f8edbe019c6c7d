import { sql } from 'kysely';
import type { Db } from '../../platform/database';

export interface PlatformCountsRow {
  entities: number;
  publicRecords: number;
  blacklistedEntities: number;
}

/**
 * The three figures of the portal home in one statement. Public records are those in public view as the profile
 * pre-filters them (active, `public`, not classified, within the publicity window, registration data aside); an
 * agency's setting not to publicise an item is not subtracted (statistics/README.md).
 */
export async function countPlatformFigures(db: Db, today: string): Promise<PlatformCountsRow> {
  const { rows } = await sql<PlatformCountsRow>`
    SELECT
      (SELECT count(*) FROM enterprises)::int AS entities,
      (SELECT count(*) FROM records r JOIN catalogue_items i ON i.id = r.item_id
        WHERE r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
          AND (r.publicity_until IS NULL OR r.publicity_until >= ${today}::date) AND i.role <> 'registration')::int
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
