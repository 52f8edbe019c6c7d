import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database';
import type { DatabaseHandle } from '../../platform/database';
import { generateDemoEnterprises } from './demo-enterprises';
import { insertEnterprises, searchEnterprisesQuery } from './enterprises.repository';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const batch of generateDemoEnterprises(20_000, { seed: 7 })) await insertEnterprises(database.db, batch);
  await sql`ANALYZE enterprises`.execute(database.db);
});

afterAll(async () => {
  await database?.close();
});

async function plan(query: string): Promise<string> {
  const compiled = searchEnterprisesQuery({ query, filters: {}, cap: 1000, limit: 20, offset: 0 }).compile(database.db);
  const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': string }>({
    ...compiled,
    sql: `EXPLAIN ${compiled.sql}`,
  });
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('name search on 20,000 entities', () => {
  it('serves a 2-character fragment from the bigram index, not a sequential scan', async () => {
    const text = await plan('茶香');
    expect(text).toContain('enterprises_name_bigram');
    expect(text).not.toMatch(/Seq Scan on enterprises/);
  });

  it('serves a 4-character fragment from a GIN index, not a sequential scan', async () => {
    const text = await plan('乌江酒业');
    expect(text).toMatch(/enterprises_name_(bigram|trigram)/);
    expect(text).not.toMatch(/Seq Scan on enterprises/);
  });

  it('serves the former-name tier (曾用名) from its bigram index for 2- and 5-character fragments', async () => {
    for (const query of ['经营', '茶业经营部']) {
      const text = await plan(query);
      expect(text).toContain('enterprises_former_names_bigram');
      expect(text).not.toMatch(/Seq Scan on enterprises/);
    }
  });

  it('finds a fragment through the indexes exactly as a full scan does', async () => {
    const { rows: indexed } = await searchEnterprisesQuery({
      query: '茶香',
      filters: {},
      cap: 1000,
      limit: 1000,
      offset: 0,
    }).execute(database.db);
    const { rows: scanned } = await sql<{
      id: number;
    }>`SELECT id FROM enterprises
      WHERE strpos(name, '茶香') > 0 OR strpos(array_to_string(former_names, E'\n'), '茶香') > 0`.execute(database.db);
    expect(indexed.length).toBeGreaterThan(0);
    expect(indexed.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual(
      scanned.map((row) => Number(row.id)).sort((a, b) => a - b),
    );
  });
});
