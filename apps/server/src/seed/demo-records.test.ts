import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { bootstrapAdministrator } from '../modules/accounts';
import { getCurrentCatalogue } from '../modules/catalogue';
import { loadSubmissionContext } from '../modules/records';
import { sm4Decrypt } from '../platform/crypto';
import type { DatabaseHandle } from '../platform/database';
import { ensureDemoAgencies } from './demo-agencies';
import { seedDemoRecords } from './demo-records';

let database: DatabaseHandle;
let stored: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await bootstrapAdministrator(database.db, `/tmp/gzcredit-demo-records-${process.pid}`);
  stored = await seedDemoRecords(database.db, {
    count: 300,
    agencies: await ensureDemoAgencies(database.db),
    context: await loadSubmissionContext(database.db, TEST_DATA_KEY),
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('the demo data set', () => {
  it('creates every demo entity through a registration record and attaches every record to its entity', async () => {
    const entities = await sql<{ count: number }>`SELECT count(*)::int AS count FROM enterprises`.execute(database.db);
    expect(entities.rows[0]!.count).toBe(300);
    const unmatched = await sql<{
      count: number;
    }>`SELECT count(*)::int AS count FROM records WHERE enterprise_id IS NULL`.execute(database.db);
    expect(unmatched.rows[0]!.count).toBe(0);
    const total = await sql<{ count: number }>`SELECT count(*)::int AS count FROM records`.execute(database.db);
    expect(total.rows[0]!.count).toBe(stored);
  });

  it('has records of every catalogue item, each from an agency allowed to provide it', async () => {
    const catalogue = await getCurrentCatalogue(database.db);
    const rows = await sql<{ code: string; kinds: string[] }>`
      SELECT i.code, array_agg(DISTINCT a.kind) AS kinds
      FROM records r JOIN catalogue_items i ON i.id = r.item_id JOIN agencies a ON a.id = r.agency_id
      GROUP BY i.code`.execute(database.db);
    const byCode = new Map(rows.rows.map((row) => [row.code, row.kinds]));
    for (const item of catalogue.items) {
      expect(byCode.has(item.code), item.code).toBe(true);
      for (const kind of byCode.get(item.code)!) expect(item.providerKinds).toContain(kind);
    }
  });

  it('stores the legal representatives’ identity-card numbers and mobiles encrypted, masked in the payload', async () => {
    const row = await database.db
      .selectFrom('records as r')
      .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
      .select(['r.payload', 'r.personalCipher'])
      .where('i.code', '=', 'registration')
      .executeTakeFirstOrThrow();
    const personal = JSON.parse(sm4Decrypt(TEST_DATA_KEY, row.personalCipher!)) as Record<string, string>;
    expect(personal.legalRepresentativeIdCard).toMatch(/^52\d{15}[\dX]$/);
    expect(row.payload.legalRepresentativeIdCard).toBe(
      `${personal.legalRepresentativeIdCard!.slice(0, 4)}**********${personal.legalRepresentativeIdCard!.slice(-4)}`,
    );
    expect(row.payload.contactMobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('blacklists the entities listed on 严重违法失信名单, and marks a 严重 record of another item as such', async () => {
    const rows = await sql<{ blacklisted: boolean; listed: boolean; severeRecord: boolean; severe: boolean }>`
      WITH shown AS (
        SELECT r.enterprise_id, i.role, r.dishonesty_level FROM records r JOIN catalogue_items i ON i.id = r.item_id
        WHERE r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
          AND (r.publicity_until IS NULL OR r.publicity_until >= ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date))
      SELECT 'blacklisted' = ANY (e.badges) AS blacklisted, 'severe_record' = ANY (e.badges) AS severe_record,
        EXISTS (SELECT 1 FROM shown s WHERE s.enterprise_id = e.id AND s.role = 'serious_illegal_list') AS listed,
        EXISTS (SELECT 1 FROM shown s WHERE s.enterprise_id = e.id AND s.role <> 'serious_illegal_list'
          AND s.dishonesty_level = 'severe') AS severe
      FROM enterprises e`.execute(database.db);
    expect(rows.rows.some((row) => row.listed)).toBe(true);
    expect(rows.rows.some((row) => row.severe && !row.listed)).toBe(true);
    for (const row of rows.rows) {
      expect(row.blacklisted).toBe(row.listed);
      expect(row.severeRecord).toBe(row.severe);
    }
  });
});
