import {
  addMonths,
  chinaToday,
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  decidePublicity,
  isInForce,
  type PublicityRecordStatus,
  type PublicitySetting,
  USE_SCOPES,
  type UseScope,
} from '@gzcredit/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, uniqueCreditCode } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';
import { agencySetting, inForce, publicNow } from '../../platform/publicity-sql';
import { createStatisticsService } from '../statistics';
import { insertEnterprises, listProfileRecords, refreshEntityStanding } from './enterprises.repository';

/*
 * decidePublicity and its SQL (platform/publicity-sql.ts, used by the profile, the entity standing and the portal's
 * figures) over the same generated records: every scope, status, label, window end and arising date, from agencies
 * whose setting for the item's code is none, or set differently in an older and the newest edition.
 */

const today = chinaToday();
const yesterday = shiftDays(today, -1);
const tomorrow = shiftDays(today, 1);

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface Item {
  id: number;
  code: string;
  category: 'basic' | 'good' | 'bad';
  role: string;
  editionId: number;
}

interface GeneratedRecord {
  id: number;
  entity: number;
  item: Item;
  agencyId: number;
  useScope: UseScope;
  status: PublicityRecordStatus;
  classified: boolean;
  publicityUntil: string | null;
  aroseOn: string;
  dishonestyLevel: DishonestyLevel | null;
}

let database: DatabaseHandle;
const records: GeneratedRecord[] = [];
const settings: Array<{ agencyId: number; item: Item; publicised: boolean }> = [];
const entityIds: number[] = [];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The setting decidePublicity is given: the agency's setting for the item's code in the newest edition that has one. */
function settingOf(record: GeneratedRecord): PublicitySetting | undefined {
  const candidates = settings
    .filter((setting) => setting.agencyId === record.agencyId && setting.item.code === record.item.code)
    .sort((a, b) => b.item.editionId - a.item.editionId);
  const newest = candidates[0];
  return newest && { publicised: newest.publicised, hiddenFields: [] };
}

const visible = (record: GeneratedRecord) =>
  decidePublicity({
    record: { ...record, itemCode: record.item.code },
    item: { fields: [], category: record.item.category },
    setting: settingOf(record),
    today,
  }).visible;

const RECORDS_PER_ENTITY = 3;
const RECORD_COUNT = 1_200;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const agency = await createAgency(db);
  const account = await createAccount(db, { agencyId: Number(agency.id) });
  // A second edition with the same item codes: records and settings may refer to either.
  const edition = await db
    .insertInto('catalogueEditions')
    .values({ code: '2027版', name: '测试目录（2027版）', publishedOn: today, status: 'draft', createdBy: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
      default_use_scope, publicity, requires_level, role, sort_order)
    SELECT ${edition.id}, code, name, category, provider_kinds, fields, arose_field, default_use_scope, publicity,
      requires_level, role, sort_order
    FROM catalogue_items WHERE edition_id <> ${edition.id}`.execute(db);
  const items = (await db
    .selectFrom('catalogueItems')
    .select(['id', 'code', 'category', 'role', 'editionId'])
    .where('code', 'in', ['registration', 'penalty', 'abnormal_list', 'honour'])
    .execute()) as Item[];

  // Agencies whose setting for every item code is: none; off in the older edition and on in the newest; on in the
  // older and off in the newest; off in the older edition only.
  const patterns: Array<[boolean | undefined, boolean | undefined]> = [
    [undefined, undefined],
    [false, true],
    [true, false],
    [false, undefined],
  ];
  const agencyIds: number[] = [];
  for (const [older, newest] of patterns) {
    const agencyId = Number((await createAgency(db)).id);
    agencyIds.push(agencyId);
    for (const item of items) {
      if (item.code === 'registration') continue;
      const publicised = item.editionId === Number(edition.id) ? newest : older;
      if (publicised !== undefined) settings.push({ agencyId, item, publicised });
    }
  }
  if (settings.length > 0)
    await db
      .insertInto('publicitySettings')
      .values(
        settings.map((setting) => ({
          agencyId: setting.agencyId,
          itemId: setting.item.id,
          publicised: setting.publicised,
          updatedBy: account.id,
        })),
      )
      .execute();

  const codes = Array.from({ length: RECORD_COUNT / RECORDS_PER_ENTITY }, () => uniqueCreditCode());
  await insertEnterprises(
    db,
    codes.map((creditCode) => ({
      creditCode,
      name: '贵州公示规则测试有限公司',
      kind: 'enterprise',
      status: 'active',
      regionCode: '520102',
    })),
  );
  const entities = await db
    .selectFrom('enterprises')
    .select(['id', 'creditCode'])
    .where('creditCode', 'in', codes)
    .execute();
  const idOf = new Map(entities.map((row) => [row.creditCode, Number(row.id)]));
  entityIds.push(...codes.map((creditCode) => idOf.get(creditCode)!));

  // Each dimension takes its "public" value half the time or more, so that many records pass every condition.
  const next = random(20261206);
  const pick = <T>(values: readonly T[], favourite?: T): T =>
    favourite !== undefined && next() < 0.5 ? favourite : values[Math.floor(next() * values.length)]!;
  const batch = await db
    .insertInto('exchangeBatches')
    .values({ agencyId: agencyIds[0]!, channel: 'api', accountId: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const generated = Array.from({ length: RECORD_COUNT }, (_, index) => {
    const item = pick(items);
    return {
      entity: entityIds[Math.floor(index / RECORDS_PER_ENTITY)]!,
      creditCode: codes[Math.floor(index / RECORDS_PER_ENTITY)]!,
      item,
      agencyId: pick(agencyIds),
      useScope: pick(USE_SCOPES, 'public'),
      status: pick(['active', 'corrected', 'revoked', 'expired'] as const, 'active'),
      classified: next() < 0.2,
      publicityUntil: pick([null, yesterday, today, tomorrow, addMonths(today, 12)]),
      aroseOn: pick([addMonths(today, -3), yesterday, today, tomorrow], addMonths(today, -3)),
      dishonestyLevel: item.category === 'bad' ? pick(DISHONESTY_LEVELS) : null,
    };
  });
  const { rows } = await sql<{ id: number }>`
    INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
      dishonesty_level, use_scope, publicity_until, status, classified, content_hash, channel, batch_id)
    SELECT r.item_id, r.agency_id, r.credit_code, r.enterprise_id, '贵州公示规则测试有限公司', '{}'::jsonb, r.arose_on,
      r.arose_on, r.dishonesty_level, r.use_scope, r.publicity_until, r.status, r.classified, 'generated', 'api', ${batch.id}
    FROM jsonb_to_recordset(${JSON.stringify(
      generated.map((record, ordinality) => ({
        ordinality,
        item_id: record.item.id,
        agency_id: record.agencyId,
        credit_code: record.creditCode,
        enterprise_id: record.entity,
        arose_on: record.aroseOn,
        dishonesty_level: record.dishonestyLevel,
        use_scope: record.useScope,
        publicity_until: record.publicityUntil,
        status: record.status,
        classified: record.classified,
      })),
    )}::jsonb) AS r(ordinality integer, item_id integer, agency_id integer, credit_code text, enterprise_id bigint,
      arose_on date, dishonesty_level text, use_scope text, publicity_until date, status text, classified boolean)
    ORDER BY r.ordinality
    RETURNING id`.execute(db);
  // Identities are drawn in the SELECT's order.
  const ids = rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  records.push(...generated.map((record, index) => ({ ...record, id: ids[index]! })));
}, 120_000);

afterAll(async () => {
  await database?.close();
});

/** What a record shows of itself in an assertion message. */
const described = (record: GeneratedRecord) =>
  JSON.stringify({
    ...record,
    item: `${record.item.code}@${record.item.editionId}`,
    setting: settingOf(record),
    today,
  });

describe('the publicity rule in SQL', () => {
  it('generated a spread of records, both public and not', () => {
    const shown = records.filter(visible).length;
    expect(shown).toBeGreaterThan(50);
    expect(records.length - shown).toBeGreaterThan(50);
  });

  it('decides every generated record as decidePublicity and isInForce do', async () => {
    const { rows } = await sql<{ id: number; visible: boolean; inForce: boolean }>`
      SELECT r.id, ${publicNow(today)} AS visible, ${inForce(today)} AS in_force
      FROM records r JOIN catalogue_items i ON i.id = r.item_id
      LEFT JOIN LATERAL ${agencySetting(sql`r.agency_id`, sql`i.code`)} ps ON true`.execute(database.db);
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    for (const record of records) {
      expect(byId.get(record.id)?.visible, described(record)).toBe(visible(record));
      expect(byId.get(record.id)?.inForce, described(record)).toBe(isInForce(record, today));
    }
  });

  it('lists on the profile exactly the records decidePublicity shows, registration data aside', async () => {
    for (const entity of entityIds) {
      const listed = (await listProfileRecords(database.db, entity, today)).map((row) => row.id).sort((a, b) => a - b);
      const expected = records
        .filter((record) => record.entity === entity && record.item.role !== 'registration' && visible(record))
        .map((record) => record.id)
        .sort((a, b) => a - b);
      expect(
        listed,
        records
          .filter((record) => record.entity === entity)
          .map(described)
          .join('\n'),
      ).toEqual(expected);
    }
  });

  it('counts on the portal home exactly the records decidePublicity shows, registration data aside', async () => {
    const figures = await createStatisticsService(database.db, { ttlMs: 0 }).getPublicStatistics();
    expect(figures.publicRecords).toBe(
      records.filter((record) => record.item.role !== 'registration' && visible(record)).length,
    );
  });

  it('gives every entity the public standing of what decidePublicity shows and the supervisory one of what is in force', async () => {
    await refreshEntityStanding(database.db, entityIds);
    const rows = await database.db
      .selectFrom('enterprises')
      .select(['id', 'dishonestyLevel', 'badges', 'supervisoryDishonestyLevel', 'supervisoryBadges'])
      .where('id', 'in', entityIds)
      .execute();
    for (const row of rows) {
      const own = records.filter((record) => record.entity === Number(row.id));
      expect(
        {
          public: { level: row.dishonestyLevel, badges: row.badges },
          supervisory: { level: row.supervisoryDishonestyLevel, badges: row.supervisoryBadges },
        },
        own.map(described).join('\n'),
      ).toEqual({
        public: standingOf(own.filter(visible)),
        supervisory: standingOf(own.filter((record) => isInForce(record, today))),
      });
    }
  });
});

/** The level and badges the given records earn (refreshEntityStanding's rule, written out again). */
function standingOf(counted: GeneratedRecord[]) {
  const levels = counted.flatMap((record) => (record.item.category === 'bad' ? [record.dishonestyLevel!] : []));
  const level = DISHONESTY_LEVELS.findLast((candidate) => levels.includes(candidate)) ?? null;
  const badges = [
    ...(counted.some((record) => record.item.role === 'serious_illegal_list') ? ['blacklisted'] : []),
    ...(counted.some(
      (record) =>
        record.item.category === 'bad' &&
        record.item.role !== 'serious_illegal_list' &&
        record.dishonestyLevel === 'severe',
    )
      ? ['severe_record']
      : []),
    ...(counted.some((record) => record.item.role === 'abnormal_list') ? ['abnormal'] : []),
    ...(level === null && counted.some((record) => record.item.category === 'good') ? ['trustworthy'] : []),
  ];
  return { level, badges };
}
