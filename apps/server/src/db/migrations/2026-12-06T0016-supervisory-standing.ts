import { type Kysely, sql } from 'kysely';

/**
 * 监管信用状况 the supervisory standing of every entity (SPEC §3 standing; Rules Art. 17): from every active, in-force
 * record whatever its use scope, beside the public standing (`dishonesty_level`, `badges`) the portal shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE enterprises
      ADD COLUMN supervisory_dishonesty_level text
        CHECK (supervisory_dishonesty_level IN ('general', 'serious', 'severe')),
      ADD COLUMN supervisory_badges text[] NOT NULL DEFAULT '{}'`.execute(db);
  // Existing entities: in force = the current version, already arisen and not past its window, on China's calendar.
  await sql`
    WITH standing AS (
      SELECT r.enterprise_id AS id,
        max(CASE r.dishonesty_level WHEN 'general' THEN 1 WHEN 'serious' THEN 2 WHEN 'severe' THEN 3 END)
          FILTER (WHERE i.category = 'bad') AS level,
        bool_or(i.role = 'abnormal_list') AS abnormal,
        bool_or(i.category = 'good') AS good
      FROM records r JOIN catalogue_items i ON i.id = r.item_id
      CROSS JOIN (SELECT ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date AS today) d
      WHERE r.enterprise_id IS NOT NULL AND r.status = 'active' AND r.arose_on <= d.today
        AND (r.publicity_until IS NULL OR r.publicity_until >= d.today)
      GROUP BY r.enterprise_id)
    UPDATE enterprises e SET
      supervisory_dishonesty_level = CASE s.level WHEN 1 THEN 'general' WHEN 2 THEN 'serious' WHEN 3 THEN 'severe' END,
      supervisory_badges = array_remove(ARRAY[
        CASE WHEN s.level = 3 THEN 'blacklisted' END,
        CASE WHEN s.abnormal THEN 'abnormal' END,
        CASE WHEN s.good AND s.level IS NULL THEN 'trustworthy' END], NULL)
    FROM standing s
    WHERE e.id = s.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE enterprises DROP COLUMN supervisory_badges, DROP COLUMN supervisory_dishonesty_level`.execute(
    db,
  );
}
