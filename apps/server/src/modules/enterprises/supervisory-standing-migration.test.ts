import { addMonths, chinaToday } from '@gzcredit/domain';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createDatabaseBefore } from '../../../test/database';
import { migrations } from '../../db/migrations';
import { type DatabaseHandle, migrateToLatest } from '../../platform/database';

/* Migration 0016 gives the entities that exist when it runs their supervisory standing from the records in force. */

const MIGRATION = '2026-12-06T0016-supervisory-standing';
let database: DatabaseHandle | undefined;

afterAll(async () => {
  await database?.close();
});

it('backfills the supervisory standing of existing entities from their records in force, whatever their scope', async () => {
  database = await createDatabaseBefore(MIGRATION);
  const { db } = database;

  const today = chinaToday();
  const { rows } = await sql<{ shared: number; ended: number; clean: number }>`
    WITH agency AS (
      INSERT INTO agencies (name, region_code, level, kind) VALUES ('贵州省市场监督管理局', '520000', 'province', 'market_regulation')
      RETURNING id),
    edition AS (
      INSERT INTO catalogue_editions (code, name, published_on, status) VALUES ('2015版', '目录', '2015-01-01', 'current')
      RETURNING id),
    item AS (
      INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
        default_use_scope, publicity, requires_level, role)
      SELECT id, 'quality_failure', '产品质量监督抽查不合格信息', 'bad', ARRAY['market_regulation'], '[]', 'announcedOn',
        'public', '{"kind":"while_exists"}', true, 'record' FROM edition
      RETURNING id),
    entities AS (
      INSERT INTO enterprises (credit_code, name, kind, status, region_code)
      VALUES ('91520102T000001XXX', '贵州共享信息测试有限公司', 'enterprise', 'active', '520102'),
        ('91520102T000002XXX', '贵州期满信息测试有限公司', 'enterprise', 'active', '520102'),
        ('91520102T000003XXX', '贵州无信息测试有限公司', 'enterprise', 'active', '520102')
      RETURNING id, credit_code),
    batch AS (INSERT INTO exchange_batches (agency_id, channel) SELECT id, 'api' FROM agency RETURNING id),
    stored AS (
      INSERT INTO records (item_id, agency_id, credit_code, enterprise_id, entity_name, payload, arose_on, due_on,
        dishonesty_level, use_scope, publicity_until, content_hash, channel, batch_id)
      SELECT item.id, agency.id, e.credit_code, e.id, '测试', '{}', ${addMonths(today, -13)}::date,
        ${addMonths(today, -12)}::date, 'severe', 'shared', v.until::date, 'x', 'api', batch.id
      FROM item, agency, batch, entities e
      JOIN (VALUES ('91520102T000001XXX', ${addMonths(today, 12)}), ('91520102T000002XXX', ${addMonths(today, -1)}))
        AS v(code, until) ON v.code = e.credit_code
      RETURNING id)
    SELECT (SELECT id FROM entities WHERE credit_code = '91520102T000001XXX') AS shared,
      (SELECT id FROM entities WHERE credit_code = '91520102T000002XXX') AS ended,
      (SELECT id FROM entities WHERE credit_code = '91520102T000003XXX') AS clean`.execute(db);
  const ids = rows[0]!;

  // Through this migration only: 2026-12-07T0025 gives the badges their later meaning (blacklist-badges-migration.test).
  const through = Object.fromEntries(Object.entries(migrations).filter(([key]) => key <= MIGRATION));
  expect(await migrateToLatest(db, through)).toContain(MIGRATION);
  const standings = await db
    .selectFrom('enterprises')
    .select(['id', 'supervisoryDishonestyLevel', 'supervisoryBadges', 'dishonestyLevel', 'badges'])
    .orderBy('id')
    .execute();
  expect(standings.map(({ id, ...standing }) => [Number(id), standing])).toEqual([
    [
      Number(ids.shared),
      { supervisoryDishonestyLevel: 'severe', supervisoryBadges: ['blacklisted'], dishonestyLevel: null, badges: [] },
    ],
    [Number(ids.ended), { supervisoryDishonestyLevel: null, supervisoryBadges: [], dishonestyLevel: null, badges: [] }],
    [Number(ids.clean), { supervisoryDishonestyLevel: null, supervisoryBadges: [], dishonestyLevel: null, badges: [] }],
  ]);
});
