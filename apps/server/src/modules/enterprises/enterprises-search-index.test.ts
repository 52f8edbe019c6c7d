import { SEARCH_MAX_PAGE_SIZE, SEARCH_RESULT_CAP } from '@gzcredit/contracts';
import type { EntityKind } from '@gzcredit/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database';
import type { DatabaseHandle } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { generateDemoEnterprises } from '../../seed/demo-enterprises';
import { enterprisesJobs, REFRESH_NAME_STATISTICS_JOB, scheduleEnterprisesJobs } from './enterprises.jobs';
import {
  insertEnterprises,
  refreshNameGramCounts,
  searchEnterprises,
  searchEnterprisesStatement,
} from './enterprises.repository';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const batch of generateDemoEnterprises(20_000, { seed: 7 })) await insertEnterprises(database.db, batch);
  await refreshNameGramCounts(database.db);
  await sql`ANALYZE`.execute(database.db);
});

afterAll(async () => {
  await database?.close();
});

async function plan(query: string): Promise<string> {
  const compiled = searchEnterprisesStatement(database.db, { query, filters: {}, cap: 1000, limit: 20, offset: 0 });
  const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': string }>({
    ...compiled,
    sql: `EXPLAIN ${compiled.sql}`,
  });
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** Every entity whose current or former name holds `query`, by a full scan: what the postings must reproduce. */
async function scanned(query: string): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT id FROM enterprises
    WHERE strpos(name, ${query}) > 0 OR strpos(array_to_string(former_names, E'\n'), ${query}) > 0`.execute(
    database.db,
  );
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

async function searched(query: string, filters = {}): Promise<{ ids: number[]; names: string[]; matched: number }> {
  const page = await searchEnterprises(database.db, { query, filters, cap: 1000, limit: 1000, offset: 0 });
  return {
    ids: page.rows.map((row) => Number(row.id)).sort((a, b) => a - b),
    names: page.rows.map((row) => row.name),
    matched: page.matched,
  };
}

describe('name search over the gram postings, 20,000 entities', () => {
  it('reads the postings index for 2-, 3- and 5-character fragments and scans no table', async () => {
    for (const query of ['茶香', '茶业经', '茶业经营部']) {
      const text = await plan(query);
      expect(text).toContain('enterprise_name_grams_key');
      expect(text).not.toMatch(/Seq Scan on (enterprises|enterprise_name_grams)/);
    }
  });

  it('plans a query shape once: after five custom plans PostgreSQL keeps the generic plan of the prepared statement', async () => {
    // The tiers' bounds are literals. With a parameter LIMIT the generic plan was costed at a tenth of each range: at
    // 5,000,000 entities these eight executions made 8 custom plans and no generic one, so every search was planned
    // again (half its cost, bench/README.md). At this test's 20,000 entities either form gets its generic plan; the
    // next test pins the literal bounds.
    const literal = (value: unknown): string =>
      Array.isArray(value)
        ? `ARRAY[${value.map(literal).join(', ')}]::text[]`
        : `'${String(value).replace(/'/g, "''")}'`;
    const queries = ['茶香', '黔峰', '酒业', '便利', '经营', '乌江', '有限', '贵州'];
    await database.db.transaction().execute(async (trx) => {
      const compiled = (query: string) =>
        searchEnterprisesStatement(trx, { query, filters: {}, cap: 1000, limit: 20, offset: 0 });
      const text = compiled(queries[0]!).sql;
      await sql.raw(`PREPARE search_shape AS ${text}`).execute(trx);
      for (const query of queries) {
        const statement = compiled(query);
        expect(statement.sql, query).toBe(text);
        await sql.raw(`EXECUTE search_shape(${statement.parameters.map(literal).join(', ')})`).execute(trx);
      }
      const { rows } = await sql<{ genericPlans: number; customPlans: number }>`
        SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'search_shape'`.execute(trx);
      expect(rows.map((row) => [Number(row.customPlans), Number(row.genericPlans)])).toEqual([[5, queries.length - 5]]);
      const { rows: plan } = await sql
        .raw<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE search_shape(${compiled('贵州').parameters.map(literal).join(', ')})`,
        )
        .execute(trx);
      const planText = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(planText).toContain('enterprise_name_grams_key');
      expect(planText).not.toMatch(/Seq Scan on (enterprises|enterprise_name_grams)/);
      await sql`DEALLOCATE search_shape`.execute(trx);
    });
  });

  it("writes the tiers' bounds into the statement, rounded, so a query shape is three statements for every page cut", async () => {
    const texts = new Set<string>();
    const tierLimits = new Set<string>();
    for (let pageSize = 1; pageSize <= SEARCH_MAX_PAGE_SIZE; pageSize++) {
      for (let offset = 0; offset + pageSize <= SEARCH_RESULT_CAP; offset += pageSize) {
        const { sql: text } = searchEnterprisesStatement(database.db, {
          query: '茶香',
          filters: {},
          cap: SEARCH_RESULT_CAP,
          limit: pageSize,
          offset,
        });
        texts.add(text);
        for (const [, bound] of text.matchAll(/enterprise_id LIMIT (\d+|\$\d+)\)/g)) tierLimits.add(bound!);
      }
    }
    expect(texts.size).toBe(3);
    expect([...tierLimits].sort()).toEqual(['100', '1000', '20']);
  });

  it('finds exactly what a full scan finds, for current and former names, short and long fragments', async () => {
    const queries = ['茶香', '黔峰', '酒业', '凉都鑫', '经营部', '乌江酒业', '便利店', '茶业经营部'];
    for (const query of queries) {
      const expected = await scanned(query);
      const found = await searched(query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThanOrEqual(1000);
      expect(found.ids, query).toEqual(expected);
      expect(found.matched, query).toBe(expected.length);
    }
  });

  it('stops counting at cap + 1 for a fragment most names hold', async () => {
    const page = await searchEnterprises(database.db, { query: '有限', filters: {}, cap: 1000, limit: 20, offset: 0 });
    expect(page.matched).toBe(1001);
    expect(page.rows).toHaveLength(20);
  });

  it('takes a fragment the last gram recount proves common as capped without counting it, and counts a rarer one', async () => {
    const entities = [...generateDemoEnterprises(7, { seed: 321 })].flat();
    await insertEnterprises(
      database.db,
      entities.map((entity, index) => ({ ...entity, name: `贵州琨瑶${'甲乙丙丁戊己庚'[index]}商贸有限公司` })),
    );
    await refreshNameGramCounts(database.db);
    const matched = async (cap: number) =>
      (await searchEnterprises(database.db, { query: '琨瑶', filters: {}, cap, limit: 20, offset: 0 })).matched;
    // 7 postings: more than 2 × (2 + 1) proves more than 2 matches; not more than 2 × (10 + 1), so counted exactly.
    expect(await matched(2)).toBe(3);
    expect(await matched(10)).toBe(7);

    // Renamed away from 琨瑶, every one keeps it among its former names, so all 7 still match.
    await sql`UPDATE enterprises SET former_names = former_names || name, name = replace(name, '琨瑶', '瑞丰')
      WHERE strpos(name, '琨瑶') > 0`.execute(database.db);
    expect(await matched(10)).toBe(7);
    expect(await matched(2)).toBe(3);

    // The platform never deletes an entity; one deleted in SQL still counts for a proven-common fragment (which is
    // then not read at all) until the next recount, and at once for a counted one.
    await sql`DELETE FROM enterprises WHERE strpos(array_to_string(former_names, ''), '琨瑶') > 0
      AND NOT strpos(array_to_string(former_names, ''), '琨瑶甲') > 0`.execute(database.db);
    expect(await matched(2)).toBe(3);
    expect(await matched(10)).toBe(1);
    await refreshNameGramCounts(database.db);
    expect(await matched(2)).toBe(1);
  });

  it('pages in one order (rank, name, id) without gaps or repeats', async () => {
    const all = await searchEnterprises(database.db, { query: '酒业', filters: {}, cap: 1000, limit: 300, offset: 0 });
    const pages = [];
    for (let offset = 0; offset < 300; offset += 20) {
      const page = await searchEnterprises(database.db, { query: '酒业', filters: {}, cap: 1000, limit: 20, offset });
      pages.push(...page.rows);
    }
    expect(pages.map((row) => row.id)).toEqual(all.rows.map((row) => row.id));
  });

  it('applies filters inside the tiers: every row matches, and none that matches is missed', async () => {
    const filters = { regionPrefix: '5201', kind: 'individual' as const };
    const found = await searched('便利', filters);
    const { rows } = await sql<{ id: number }>`
      SELECT id FROM enterprises
      WHERE strpos(name, '便利') > 0 AND region_code LIKE '5201%' AND kind = 'individual'`.execute(database.db);
    expect(found.ids).toEqual(rows.map((row) => Number(row.id)).sort((a, b) => a - b));
    expect(found.ids.length).toBeGreaterThan(0);
  });

  it('counts a filtered search of a fragment the gram counts prove common: the counts know no filters', async () => {
    const { rows: grams } = await sql<{ postings: number }>`
      SELECT postings FROM enterprise_name_gram_counts WHERE gram = '有限'`.execute(database.db);
    expect(grams[0]!.postings).toBeGreaterThan(2 * 1001);
    // The county and kind holding the most 有限 matches under the cap.
    const { rows } = await sql<{ region: string; kind: EntityKind; n: number }>`
      SELECT region_code AS region, kind, count(*)::int AS n FROM enterprises
      WHERE strpos(name, '有限') > 0 OR strpos(array_to_string(former_names, E'\n'), '有限') > 0
      GROUP BY 1, 2 HAVING count(*) BETWEEN 2 AND 1000 ORDER BY 3 DESC LIMIT 1`.execute(database.db);
    const { region, kind, n } = rows[0]!;
    const found = await searched('有限', { regionPrefix: region, kind });
    expect(found.matched).toBe(n);
    expect(found.ids).toHaveLength(n);
  });

  it('follows inserts, renames and deletions in the same transaction (trigger)', async () => {
    const [entity] = [...generateDemoEnterprises(1, { seed: 99 })][0]!;
    await insertEnterprises(database.db, [{ ...entity!, name: '贵州琥珀湾蜂蜜有限公司' }]);
    expect((await searched('琥珀湾蜂蜜')).names).toEqual(['贵州琥珀湾蜂蜜有限公司']);

    await sql`UPDATE enterprises SET name = '贵州翡翠谷蜂业有限公司', former_names = ARRAY['贵州琥珀湾蜂蜜有限公司']
      WHERE credit_code = ${entity!.creditCode}`.execute(database.db);
    expect((await searched('翡翠谷')).names).toEqual(['贵州翡翠谷蜂业有限公司']);
    const former = await searchEnterprises(database.db, {
      query: '琥珀湾',
      filters: {},
      cap: 1000,
      limit: 20,
      offset: 0,
    });
    expect(former.rows.map((row) => [row.name, row.rank])).toEqual([['贵州翡翠谷蜂业有限公司', 4]]);

    await sql`DELETE FROM enterprises WHERE credit_code = ${entity!.creditCode}`.execute(database.db);
    expect((await searched('翡翠谷')).ids).toEqual([]);
    expect((await searched('琥珀湾')).ids).toEqual([]);
    const { rows } = await sql<{ left: number }>`
      SELECT count(*)::int AS left FROM enterprise_name_grams
      WHERE name IN ('贵州翡翠谷蜂业有限公司', '贵州琥珀湾蜂蜜有限公司')`.execute(database.db);
    expect(rows[0]!.left).toBe(0);
  });

  it('counts every gram of every name, 2 and 3 characters, none spanning two former names', async () => {
    const { rows } = await sql<{ grams: number; postings: number; spanning: number; expected: number }>`
      SELECT (SELECT count(*)::int FROM enterprise_name_gram_counts) AS grams,
        (SELECT sum(postings)::int FROM enterprise_name_gram_counts) AS postings,
        (SELECT count(*)::int FROM enterprise_name_grams WHERE strpos(gram, E'\n') > 0) AS spanning,
        (SELECT count(*)::int FROM enterprise_name_grams) AS expected`.execute(database.db);
    expect(rows[0]!.grams).toBeGreaterThan(1000);
    expect(rows[0]!.postings).toBe(rows[0]!.expected);
    expect(rows[0]!.spanning).toBe(0);
  });
});

describe(`job ${REFRESH_NAME_STATISTICS_JOB}`, () => {
  it('recounts the grams, including one it did not know, and books exactly one run at the next 03:00', async () => {
    const [entity] = [...generateDemoEnterprises(1, { seed: 123 })][0]!;
    await insertEnterprises(database.db, [{ ...entity!, name: '贵州麒麟泉矿泉水有限公司' }]);
    const countOf = async (gram: string) => {
      const { rows } = await sql<{ postings: number }>`
        SELECT postings FROM enterprise_name_gram_counts WHERE gram = ${gram}`.execute(database.db);
      return rows[0]?.postings;
    };
    expect(await countOf('麒麟泉')).toBeUndefined();

    expect(await scheduleEnterprisesJobs(database.db)).toBe(true);
    expect(await scheduleEnterprisesJobs(database.db)).toBe(false);
    expect(await runJobsUntilIdle(database.db, enterprisesJobs({ db: database.db }))).toBe(1);
    expect(await countOf('麒麟泉')).toBe(1);

    const pending = await database.db
      .selectFrom('jobs')
      .select(['runAfter'])
      .where('name', '=', REFRESH_NAME_STATISTICS_JOB)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1);
    expect(new Date(pending[0]!.runAfter.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('03:00');
  });
});
