import type { RecordDto } from '@gzcredit/contracts';
import { addMonths, chinaToday, divisionsOf, findIndustry, sections } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord, registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { agencySetting } from '../../platform/publicity-sql';
import { expireEndedPublicity } from '../publicity';
import { foldStatistics } from './statistics.service';

/**
 * The rollups (migrations 2026-12-07T0024 and T0035, which keys them by use scope and 涉密 too) against a fresh GROUP BY
 * over `records`, `enterprises` and `catalogue_items` after a randomized sequence of the changes the platform makes:
 * arrivals (also for entities not yet registered), corrections, revocations, removals from a list, ends of publicity,
 * records becoming classified, renames and re-classifications by registration, entities moving county (also to a
 * retired code), new entities and the agency's publicity setting of an item changing; deltas folded at random moments.
 * The public counts (migration T0041: records in publicity per breakdown dimension and month, the setting applied)
 * are checked the same way, and so are the analysis counts (migrations T0046, T0048: the finest key in grains, the
 * region a prefecture or a county, the industry a 门类 or a 大类).
 * The seed is printed with a failure; STATISTICS_SEED=<n> replays one.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;
let bureauId: number;
let clerkAccountId: number;
const today = chinaToday();
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A small deterministic generator (mulberry32): the same seed replays the same sequence. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    below: (n: number) => Math.floor(next() * n),
    pick<T>(values: readonly T[]): T {
      return values[Math.floor(next() * values.length)]!;
    },
  };
}

const REGIONS = ['520102', '520221', '520204', '522301', '522322', '520181', '520100', '520000'];
const INDUSTRIES = ['I65', 'F51', 'C13', 'A01', 'C43', null];
const LEVELS = ['一般失信', '较重失信', '严重失信'] as const;

interface Tracked {
  record: RecordDto;
  kind: 'penalty' | 'listing';
  input: { entityName: string; fields: Record<string, string | number> };
}

/** The rollups as a reader sees them: counts plus pending deltas, rows whose every measure is zero left out. */
async function rollups(includeDeltas: boolean) {
  const records = await sql<Record<string, unknown>>`
    SELECT region_code, industry_code, entity_kind, category, item_code, dishonesty_level, agency_id::text,
      month::text, use_scope, classified, sum(received)::int AS received, sum(in_publicity)::int AS in_publicity,
      sum(corrections)::int AS corrections, sum(revocations)::int AS revocations, sum(late)::int AS late,
      sum(abnormal_listings)::int AS abnormal_listings
    FROM (SELECT * FROM statistics_record_counts
      ${includeDeltas ? sql`UNION ALL SELECT * FROM statistics_record_deltas` : sql``}) c
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    HAVING sum(received) <> 0 OR sum(in_publicity) <> 0 OR sum(corrections) <> 0 OR sum(revocations) <> 0
      OR sum(late) <> 0 OR sum(abnormal_listings) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(database.db);
  const entities = await sql<Record<string, unknown>>`
    SELECT region_code, industry_code, entity_kind, dishonesty_level, month::text, sum(entities)::int AS entities,
      sum(blacklisted)::int AS blacklisted, sum(abnormal)::int AS abnormal
    FROM (SELECT * FROM statistics_entity_counts
      ${includeDeltas ? sql`UNION ALL SELECT * FROM statistics_entity_deltas` : sql``}) c
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(entities) <> 0 OR sum(blacklisted) <> 0 OR sum(abnormal) <> 0
    ORDER BY 1, 2, 3, 4, 5`.execute(database.db);
  // Records in publicity per dimension and month, deltas with the setting the counts were made with.
  const publicRecords = await sql<Record<string, unknown>>`
    SELECT dimension, code, month::text, sum(n)::int AS public_records
    FROM (SELECT dimension, code, month, public_records AS n FROM statistics_public_counts
      ${
        includeDeltas
          ? sql`UNION ALL
        SELECT d.dimension, d.code, m.month, m.in_publicity FROM statistics_record_deltas m
        LEFT JOIN statistics_publicity_applied a ON a.agency_id = m.agency_id AND a.item_code = m.item_code
        CROSS JOIN LATERAL (VALUES ('region', m.region_code), ('industry', m.industry_code), ('kind', m.entity_kind),
          ('level', m.dishonesty_level)) d (dimension, code)
        WHERE coalesce(a.publicised, true)`
          : sql``
      }) c
    GROUP BY 1, 2, 3
    HAVING sum(n) <> 0
    ORDER BY 1, 2, 3`.execute(database.db);
  // The analysis counts (every grain of prefecture × 门类 × kind × month), deltas in every grain too.
  const analysisRecords = await sql<Record<string, unknown>>`
    SELECT grain, region_code, industry_code, entity_kind, month::text, category, item_code, dishonesty_level,
      agency_id::text, use_scope, classified, sum(received)::int AS received, sum(in_publicity)::int AS in_publicity,
      sum(corrections)::int AS corrections, sum(revocations)::int AS revocations, sum(late)::int AS late,
      sum(abnormal_listings)::int AS abnormal_listings
    FROM (SELECT grain, region_code, industry_code, entity_kind, month, category, item_code, dishonesty_level,
        agency_id, use_scope, classified, received, in_publicity, corrections, revocations, late, abnormal_listings
      FROM statistics_analysis_counts
      ${
        includeDeltas
          ? sql`UNION ALL SELECT g.grain,
        CASE WHEN g.grain & 16 <> 0 THEN m.region_code
          WHEN g.grain & 1 <> 0 THEN statistics_prefecture(m.region_code) ELSE '' END,
        CASE WHEN g.grain & 32 <> 0 THEN m.industry_code
          WHEN g.grain & 2 <> 0 THEN statistics_section(m.industry_code) ELSE '' END,
        CASE WHEN g.grain & 4 <> 0 THEN m.entity_kind ELSE '' END,
        CASE WHEN g.grain & 8 <> 0 THEN m.month ELSE '-infinity' END,
        category, item_code, dishonesty_level, agency_id, use_scope, classified, received, in_publicity,
        corrections, revocations, late, abnormal_listings
        FROM statistics_record_deltas m CROSS JOIN unnest(${GRAINS}::smallint[]) g (grain)`
          : sql``
      }) c
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    HAVING sum(received) <> 0 OR sum(in_publicity) <> 0 OR sum(corrections) <> 0 OR sum(revocations) <> 0
      OR sum(late) <> 0 OR sum(abnormal_listings) <> 0`.execute(database.db);
  return {
    records: records.rows,
    entities: entities.rows,
    publicRecords: publicRecords.rows,
    analysisRecords: canonical(analysisRecords.rows),
  };
}

const MEASURES = ['received', 'inPublicity', 'corrections', 'revocations', 'late', 'abnormalListings'];

/** Rows as sorted JSON lines, to compare sets of rows whatever their order. */
const canonical = (rows: Array<Record<string, unknown>>) => rows.map((row) => JSON.stringify(row)).sort();

/** The grains of the analysis counts (migrations T0046, T0048). */
const GRAINS = [...Array.from({ length: 16 }, (_, grain) => grain), 16, 18, 32, 33];

/** A county's prefecture, a 大类's 门类 (written out here, apart from the migrations' functions). */
const prefectureOf = (code: string) => (/^[0-9]{6}$/.test(code) ? `${code.slice(0, 4)}00` : code);
const sectionOf = (code: string) => (findIndustry(code)?.level === 'division' ? findIndustry(code)!.parentCode! : code);

/**
 * The grains of the analysis counts rolled up here from the finest rows `rows`: a dimension outside the grain is `''`
 * (month `-infinity`), the region a prefecture (bit 1) or the county (16), the industry a 门类 (2) or the 大类 (32).
 */
function everyGrain(rows: Array<Record<string, unknown>>) {
  const sums = new Map<string, Record<string, unknown>>();
  for (const grain of GRAINS) {
    for (const row of rows) {
      const region = row.regionCode as string;
      const industry = row.industryCode as string;
      const key = {
        grain,
        regionCode: grain & 16 ? region : grain & 1 ? prefectureOf(region) : '',
        industryCode: grain & 32 ? industry : grain & 2 ? sectionOf(industry) : '',
        entityKind: grain & 4 ? row.entityKind : '',
        month: grain & 8 ? row.month : '-infinity',
        category: row.category,
        itemCode: row.itemCode,
        dishonestyLevel: row.dishonestyLevel,
        agencyId: row.agencyId,
        useScope: row.useScope,
        classified: row.classified,
      };
      const id = JSON.stringify(key);
      const sum = sums.get(id) ?? { ...key, ...Object.fromEntries(MEASURES.map((m) => [m, 0])) };
      for (const m of MEASURES) sum[m] = (sum[m] as number) + (row[m] as number);
      sums.set(id, sum);
    }
  }
  return canonical([...sums.values()].filter((sum) => MEASURES.some((m) => sum[m] !== 0)));
}

/** The same figures counted afresh from the base tables. */
async function groupByBaseTables() {
  const records = await sql<Record<string, unknown>>`
    SELECT statistics_region(e.region_code) AS region_code, statistics_division(e.industry_code) AS industry_code,
      coalesce(e.kind, '') AS entity_kind, i.category, i.code AS item_code,
      coalesce(r.dishonesty_level, '') AS dishonesty_level, r.agency_id::text,
      to_char((r.received_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-01') AS month,
      r.use_scope, r.classified,
      count(*) FILTER (WHERE r.root_id IS NULL)::int AS received,
      count(*) FILTER (WHERE r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified
        AND i.role <> 'registration')::int AS in_publicity,
      count(*) FILTER (WHERE r.root_id IS NOT NULL)::int AS corrections,
      count(*) FILTER (WHERE r.status = 'revoked')::int AS revocations,
      count(*) FILTER (WHERE r.root_id IS NULL AND r.days_late > 0)::int AS late,
      count(*) FILTER (WHERE r.status = 'active' AND i.role = 'abnormal_list')::int AS abnormal_listings
    FROM records r JOIN catalogue_items i ON i.id = r.item_id LEFT JOIN enterprises e ON e.id = r.enterprise_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(database.db);
  const entities = await sql<Record<string, unknown>>`
    SELECT statistics_region(region_code) AS region_code, statistics_division(industry_code) AS industry_code,
      kind AS entity_kind, coalesce(dishonesty_level, '') AS dishonesty_level,
      to_char((created_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-01') AS month,
      count(*)::int AS entities, count(*) FILTER (WHERE 'blacklisted' = ANY(badges))::int AS blacklisted,
      count(*) FILTER (WHERE 'abnormal' = ANY(badges))::int AS abnormal
    FROM enterprises
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5`.execute(database.db);
  // What decidePublicity shows (the window aside: expiry marks records `expired`), the agency's setting applied live.
  const publicRecords = await sql<Record<string, unknown>>`
    SELECT d.dimension, d.code, m.month, count(*)::int AS public_records
    FROM (
      SELECT statistics_region(e.region_code) AS region_code, statistics_division(e.industry_code) AS industry_code,
        coalesce(e.kind, '') AS entity_kind, coalesce(r.dishonesty_level, '') AS dishonesty_level,
        to_char((r.received_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-01') AS month
      FROM records r JOIN catalogue_items i ON i.id = r.item_id LEFT JOIN enterprises e ON e.id = r.enterprise_id
      LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true
      WHERE r.status = 'active' AND r.use_scope = 'public' AND NOT r.classified AND i.role <> 'registration'
        AND coalesce(ps.publicised, true)) m
    CROSS JOIN LATERAL (VALUES ('region', m.region_code), ('industry', m.industry_code), ('kind', m.entity_kind),
      ('level', m.dishonesty_level)) d (dimension, code)
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`.execute(database.db);
  return {
    records: records.rows,
    entities: entities.rows,
    publicRecords: publicRecords.rows,
    analysisRecords: everyGrain(records.rows),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' });
  const bureau = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  bureauId = Number(bureau.id);
  clerkAccountId = (
    await createAccount(database.db, {
      agencyId: bureauId,
      permissions: ['record.submit', 'record.correct'],
    })
  ).id;
  clerk = await openSession(database.db, clerkAccountId);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('statistics rollups', () => {
  it('coarsens every 大类 to its 门类 as the domain lists them, and leaves other codes as they are', async () => {
    const divisions = sections().flatMap((section) =>
      divisionsOf(section.code).map((division) => [division.code, section.code]),
    );
    const codes = [...divisions.map(([division]) => division!), '', '00', '98', '99'];
    const { rows } = await sql<{ code: string; section: string }>`
      SELECT code, statistics_section(code) AS section FROM unnest(${codes}::text[]) AS code`.execute(database.db);
    expect(rows.map((row) => [row.code, row.section])).toEqual([
      ...divisions,
      ['', ''],
      ['00', '00'],
      ['98', '98'],
      ['99', '99'],
    ]);
  });

  it('equal a fresh GROUP BY over the base tables after a randomized sequence of changes', async () => {
    const seed = Number(process.env.STATISTICS_SEED ?? Date.now() % 1_000_000);
    const random = generator(seed);
    const registered: string[] = [];
    const unregistered: string[] = [];
    const tracked: Tracked[] = [];
    let serial = 0;
    const log: string[] = [];

    const post = async (path: string, body: object) => {
      const response = await consoleCall(app, clerk, 'POST', path, body);
      expect(response.statusCode, `seed ${seed}: ${log.join(' → ')}: ${response.body}`).toBe(200);
      return response.json() as RecordDto;
    };
    const newEntity = async () => {
      const kindCode = random.pick(['91', '92', '93']);
      const region = random.pick(REGIONS);
      const entity = await createEnterprise(database.db, {
        creditCode: uniqueCreditCode(kindCode, '520102'),
        name: `贵州统计汇总${++serial}号商贸有限公司`,
        kind: kindCode === '91' ? 'enterprise' : kindCode === '92' ? 'individual' : 'cooperative',
        regionCode: region,
        industryCode: random.pick(INDUSTRIES),
      });
      registered.push(entity.creditCode);
    };
    const active = (kind?: Tracked['kind']) =>
      tracked.filter((entry) => entry.record.status === 'active' && (!kind || entry.kind === kind));

    const operations: Record<string, () => Promise<void>> = {
      entity: newEntity,
      penalty: async () => {
        const pool = unregistered.length > 0 && random.below(4) === 0 ? unregistered : registered;
        const creditCode = random.pick(pool);
        const useScope = random.pick(['public', 'public', 'shared'] as const);
        const input = {
          entityName: `贵州统计汇总${++serial}号商贸有限公司`,
          dishonestyLevel: random.pick(LEVELS),
          useScope,
          ...(useScope === 'public' ? {} : { withholdingGround: '商业秘密' }),
          fields: {
            decisionNumber: `黔市监罚〔2026〕${seed}-${serial}号`,
            decisionDate: addMonths(today, -random.below(3)),
            authority: '贵州省市场监督管理局',
          },
        };
        const record = await post('/records', { record: penaltyRecord(creditCode, input) });
        tracked.push({ record, kind: 'penalty', input: { entityName: input.entityName, fields: input.fields } });
      },
      listing: async () => {
        const creditCode = random.pick(registered);
        const fields = {
          reason: '未按照规定报送年度报告',
          decisionNumber: `黔市监异〔2026〕${seed}-${++serial}号`,
          listedOn: addMonths(today, -2),
          authority: '贵州省市场监督管理局',
        };
        const record = await post('/records', {
          record: {
            itemCode: 'abnormal_list',
            creditCode,
            entityName: '贵州统计汇总名单有限公司',
            dishonestyLevel: '一般失信',
            fields,
          },
        });
        tracked.push({ record, kind: 'listing', input: { entityName: '贵州统计汇总名单有限公司', fields } });
      },
      correction: async () => {
        const target = random.pick(active('penalty'));
        if (!target) return;
        const useScope = random.pick(['public', 'shared'] as const);
        const corrected = await post(`/records/${target.record.id}/corrections`, {
          reason: '更正失信等级',
          record: {
            // A new name each time: a correction that changes nothing is refused.
            entityName: `贵州统计汇总${++serial}号商贸有限公司`,
            dishonestyLevel: random.pick(LEVELS),
            useScope,
            ...(useScope === 'public' ? {} : { withholdingGround: '商业秘密' }),
            fields: penaltyRecord(target.record.creditCode, { fields: target.input.fields }).fields,
          },
        });
        target.record = { ...target.record, status: 'corrected' };
        tracked.push({ record: corrected, kind: 'penalty', input: target.input });
      },
      revocation: async () => {
        const target = random.pick(active());
        if (!target) return;
        target.record = await post(`/records/${target.record.id}/revocation`, { reason: '决定已被撤销' });
      },
      removal: async () => {
        const target = random.pick(active('listing'));
        if (!target) return;
        target.record = await post(`/records/${target.record.id}/removal`, {
          removedOn: today,
          reason: '已补报年度报告并公示',
          authority: '贵州省市场监督管理局',
        });
      },
      expiry: async () => {
        const target = random.pick(active('penalty'));
        if (!target) return;
        await database.db
          .updateTable('records')
          .set({ publicityUntil: yesterday })
          .where('id', '=', target.record.id)
          .execute();
        expect(await expireEndedPublicity(database.db, today)).toBe(1);
        target.record = { ...target.record, status: 'expired' };
      },
      classification: async () => {
        // 涉密: no route marks a record classified; the rollups key on the flag (migration 2026-12-07T0035) all the same.
        const target = random.pick(active());
        if (!target) return;
        await database.db.updateTable('records').set({ classified: true }).where('id', '=', target.record.id).execute();
      },
      rename: async () => {
        const creditCode = random.pick(registered);
        await post('/records', {
          record: registrationRecord(creditCode, {
            entityName: `贵州统计汇总更名${++serial}号商贸有限公司`,
            fields: { industryCode: random.pick(['F5191', 'C1311', 'I6510']) },
          }),
        });
      },
      registration: async () => {
        const creditCode = unregistered.pop();
        if (!creditCode) return;
        await post('/records', {
          record: registrationRecord(creditCode, { entityName: `贵州统计汇总${++serial}号商贸有限公司` }),
        });
        registered.push(creditCode);
      },
      unregisteredCode: async () => {
        unregistered.push(uniqueCreditCode(random.pick(['91', '92']), '520102'));
      },
      move: async () => {
        const creditCode = random.pick(registered);
        await database.db
          .updateTable('enterprises')
          .set({ regionCode: random.pick(REGIONS), industryCode: random.pick(INDUSTRIES) })
          .where('creditCode', '=', creditCode)
          .execute();
      },
      setting: async () => {
        // 公示设置 (Art. 22(五)): the bureau publicises an item, withholds it, or drops its setting (the default).
        const item = await database.db
          .selectFrom('catalogueItems as i')
          .innerJoin('catalogueEditions as e', 'e.id', 'i.editionId')
          .select('i.id')
          .where('e.status', '=', 'current')
          .where('i.code', '=', random.pick(['penalty', 'abnormal_list']))
          .executeTakeFirstOrThrow();
        const choice = random.below(3);
        if (choice === 2)
          await database.db
            .deleteFrom('publicitySettings')
            .where('agencyId', '=', bureauId)
            .where('itemId', '=', item.id)
            .execute();
        else
          await database.db
            .insertInto('publicitySettings')
            .values({ agencyId: bureauId, itemId: item.id, publicised: choice === 0, updatedBy: clerkAccountId })
            .onConflict((conflict) =>
              conflict.columns(['agencyId', 'itemId']).doUpdateSet({ publicised: choice === 0 }),
            )
            .execute();
      },
      fold: () => foldStatistics(database.db),
    };
    const weighted = [
      ...Array<string>(5).fill('penalty'),
      ...Array<string>(2).fill('listing'),
      ...Array<string>(2).fill('correction'),
      ...Array<string>(2).fill('revocation'),
      'removal',
      'removal',
      'expiry',
      'expiry',
      'classification',
      'rename',
      'registration',
      'unregisteredCode',
      'move',
      'entity',
      'setting',
      'setting',
      'fold',
    ];

    for (let i = 0; i < 4; i++) await newEntity();
    await operations.unregisteredCode!();
    for (let step = 0; step < 60; step++) {
      const name = random.pick(weighted);
      log.push(name);
      await operations[name]!();
    }

    const expected = await groupByBaseTables();
    expect(expected.records.length, `seed ${seed}`).toBeGreaterThan(3);
    expect(await rollups(true), `seed ${seed}: ${log.join(' → ')}`).toEqual(expected);
    await foldStatistics(database.db);
    const { rows } = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM statistics_record_deltas) + (SELECT count(*) FROM statistics_entity_deltas) AS n`.execute(
      database.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    expect(await rollups(false), `seed ${seed}: ${log.join(' → ')}`).toEqual(expected);
  }, 120_000);
});
