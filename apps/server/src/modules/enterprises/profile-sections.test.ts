import type { EnterpriseProfileDto } from '@gzcredit/contracts';
import { addMonths, chinaToday } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, createEnterprise, openSession, type TestSession } from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';

/* The profile's sections follow the catalogue item's role, not its code, which a new edition may rename. */

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '10000' });
  const bureau = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  clerk = await openSession(
    database.db,
    (await createAccount(database.db, { agencyId: Number(bureau.id), permissions: ['record.submit'] })).id,
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

it('keeps the records of a penalty item renamed in a new edition under 行政处罚', async () => {
  const { db } = database;
  await sql`UPDATE catalogue_editions SET status = 'retired' WHERE status = 'current'`.execute(db);
  const edition = await db
    .insertInto('catalogueEditions')
    .values({
      code: '2027版',
      name: '测试目录（2027版）',
      publishedOn: chinaToday(),
      status: 'current',
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
      default_use_scope, publicity, requires_level, role, sort_order)
    SELECT ${edition.id}, CASE code WHEN 'penalty' THEN 'administrative_penalty' ELSE code END, name, category,
      provider_kinds, fields, arose_field, default_use_scope, publicity, requires_level, role, sort_order
    FROM catalogue_items WHERE edition_id <> ${edition.id}`.execute(db);

  const { creditCode } = await createEnterprise(db, { name: '贵州改名目录测试有限公司' });
  const response = await consoleCall(app, clerk, 'POST', '/records', {
    record: penaltyRecord(creditCode, {
      itemCode: 'administrative_penalty',
      entityName: '贵州改名目录测试有限公司',
      fields: { decisionNumber: 'MARK-RENAMED-PENALTY', decisionDate: addMonths(chinaToday(), -1) },
    }),
  });
  expect(response.statusCode, response.body).toBe(200);

  const profile = (await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}` })).json();
  const sections = (profile as EnterpriseProfileDto).sections;
  const holding = sections.filter((section) => JSON.stringify(section.records).includes('MARK-RENAMED-PENALTY'));
  expect(holding.map((section) => [section.key, section.title])).toEqual([['penalties', '行政处罚信息']]);
  expect(holding[0]!.records[0]).toMatchObject({ itemCode: 'administrative_penalty' });
});
