import { addMonths, chinaToday } from '@gzcredit/domain';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createDatabaseBefore } from '../../../test/database';
import { migrations } from '../../db/migrations';
import { type DatabaseHandle, migrateToLatest } from '../../platform/database';

/* Migration 0025 gives the badges of existing entities their meaning: 黑名单 is a listing, a 严重 record elsewhere is not. */

const MIGRATION = '2026-12-07T0025-blacklist-badges';
let database: DatabaseHandle | undefined;

afterAll(async () => {
  await database?.close();
});

it('recomputes both standings of existing entities: listed on 严重违法失信名单 is blacklisted, a 严重 record elsewhere is severe_record', async () => {
  database = await createDatabaseBefore(MIGRATION);
  const { db } = database;

  const today = chinaToday();
  const { rows } = await sql<{ listed: number; severe: number; shared: number }>`
    WITH agency AS (
      INSERT INTO agencies (name, region_code, level, kind) VALUES ('贵州省市场监督管理局', '520000', 'province', 'market_regulation')
      RETURNING id),
    edition AS (
      INSERT INTO catalogue_editions (code, name, published_on, status) VALUES ('2015版', '目录', '2015-01-01', 'current')
      RETURNING id),
    items AS (
      INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
        default_use_scope, publicity, requires_level, role)
      SELECT edition.id, v.code, v.name, 'bad', ARRAY['market_regulation'], '[]', 'listedOn', 'public',
        '{"kind":"until_removed"}', true, v.role
      FROM edition, (VALUES ('serious_illegal_list', '严重违法失信企业名单信息', 'serious_illegal_list'),
        ('quality_failure', '产品质量监督抽查不合格信息', 'record')) AS v(code, name, role)
      RETURNING id, code),
    entities AS (
      INSERT INTO enterprises (credit_code, name, kind, status, region_code, dishonesty_level, badges,
        supervisory_dishonesty_level, supervisory_badges)
      VALUES ('91520102T000011XXX', '贵州列入名单测试有限公司', 'enterprise', 'active', '520102', 'serious', '{}', 'serious', '{}'),
        ('91520102T000012XXX', '贵州严重记录测试有限公司', 'enterprise', 'active', '520102', 'severe', ARRAY['blacklisted'],
          'severe', ARRAY['blacklisted']),
        ('91520102T000013XXX', '贵州共享记录测试有限公司', 'enterprise', 'active', '520102', NULL, '{}', 'severe',
          ARRAY['blacklisted'])
      RETURNING id, credit_code),
    batch AS (INSERT INTO exchange_batches (agency_id, channel) SELECT id, 'api' FROM agency RETURNING id),
    stored AS (
      INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
        dishonesty_level, use_scope, content_hash, channel, batch_id)
      SELECT items.id, agency.id, e.credit_code, e.id, '测试', '{}', ${addMonths(today, -1)}::date,
        ${addMonths(today, 1)}::date, v.level, v.scope, 'x', 'api', batch.id
      FROM agency, batch, entities e
      JOIN (VALUES ('91520102T000011XXX', 'serious_illegal_list', 'serious', 'public'),
        ('91520102T000012XXX', 'quality_failure', 'severe', 'public'),
        ('91520102T000013XXX', 'quality_failure', 'severe', 'shared')) AS v(code, item, level, scope)
        ON v.code = e.credit_code
      JOIN items ON items.code = v.item
      RETURNING id)
    SELECT (SELECT id FROM entities WHERE credit_code = '91520102T000011XXX') AS listed,
      (SELECT id FROM entities WHERE credit_code = '91520102T000012XXX') AS severe,
      (SELECT id FROM entities WHERE credit_code = '91520102T000013XXX') AS shared`.execute(db);
  const ids = rows[0]!;

  expect(await migrateToLatest(db, migrations)).toContain(MIGRATION);
  const standings = await db
    .selectFrom('enterprises')
    .select(['id', 'supervisoryBadges', 'badges'])
    .orderBy('id')
    .execute();
  expect(standings.map(({ id, ...standing }) => [Number(id), standing])).toEqual([
    [Number(ids.listed), { supervisoryBadges: ['blacklisted'], badges: ['blacklisted'] }],
    [Number(ids.severe), { supervisoryBadges: ['severe_record'], badges: ['severe_record'] }],
    [Number(ids.shared), { supervisoryBadges: ['severe_record'], badges: [] }],
  ]);
});
