import type { CatalogueDto, CatalogueItemDto, RecordDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
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
import { penaltyFields, penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';

let database: DatabaseHandle;
let app: FastifyInstance;
let operator: TestSession;
let clerk: TestSession;
let nobody: TestSession;
let accountAdmin: TestSession;

type Method = 'GET' | 'POST' | 'PUT';
const call = (session: TestSession, method: Method, url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

async function ok<T>(session: TestSession, method: Method, url: string, payload?: object): Promise<T> {
  const response = await call(session, method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(200);
  return response.json() as T;
}

const volunteerItem = {
  code: 'volunteer_service',
  name: '志愿服务信息',
  category: 'good',
  providerKinds: ['administrative', 'market_regulation'],
  fields: [
    { key: 'serviceDate', label: '服务日期', type: 'date', required: true },
    { key: 'serviceContent', label: '服务内容', type: 'text', required: true, maxLength: 200 },
  ],
  aroseField: 'serviceDate',
  defaultUseScope: 'public',
  publicity: { kind: 'validity', months: 12 },
  requiresLevel: false,
  role: 'record',
};

function definitionOf(item: CatalogueItemDto) {
  const { id: _id, editionId: _editionId, editionCode: _editionCode, ...definition } = item;
  return definition;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const db = database.db;
  const province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const guiyang = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: Number(province.id),
  });
  const session = async (agencyId: number, permissions: Parameters<typeof createAccount>[1]['permissions']) =>
    openSession(db, (await createAccount(db, { agencyId, permissions })).id);
  operator = await session(Number(province.id), ['platform.operator']);
  clerk = await session(Number(guiyang.id), ['record.submit', 'record.query', 'record.correct']);
  nobody = await session(Number(guiyang.id), []);
  accountAdmin = await session(Number(province.id), ['account.admin']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('catalogue (C3, Art. 11)', () => {
  it('shows every signed-in user the current 2015 edition with its items', async () => {
    const catalogue = await ok<CatalogueDto>(nobody, 'GET', '/catalogue');
    expect(catalogue.edition).toMatchObject({ code: '2015版', status: 'current' });
    expect(catalogue.items.map((item) => item.code)).toContain('penalty');
    const penalty = catalogue.items.find((item) => item.code === 'penalty')!;
    expect(penalty).toMatchObject({ category: 'bad', requiresLevel: true, editionCode: '2015版' });
    const editions = await ok<{ items: unknown[] }>(nobody, 'GET', '/catalogue/editions');
    expect(editions.items).toEqual([expect.objectContaining({ code: '2015版', status: 'current' })]);
    const one = await ok<CatalogueDto>(nobody, 'GET', `/catalogue/editions/${catalogue.edition.id}`);
    expect(one.items).toHaveLength(catalogue.items.length);
    const missing = await call(nobody, 'GET', '/catalogue/editions/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CATALOGUE_EDITION_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/api/console/catalogue' })).statusCode).toBe(401);
  });

  it('refuses catalogue edits to everyone but the operator with 403, and changes nothing', async () => {
    const current = await ok<CatalogueDto>(nobody, 'GET', '/catalogue');
    const penalty = current.items.find((item) => item.code === 'penalty')!;
    for (const session of [clerk, nobody, accountAdmin]) {
      const attempts: Array<[Method, string, object]> = [
        ['POST', '/catalogue/editions', { code: '2099版', name: '贵州省企业公共信用信息征集目录（2099版）' }],
        ['POST', `/catalogue/editions/${current.edition.id}/items`, volunteerItem],
        ['PUT', `/catalogue/items/${penalty.id}`, { ...definitionOf(penalty), name: '行政处罚' }],
        ['POST', `/catalogue/editions/${current.edition.id}/publish`, {}],
      ];
      for (const [method, url, payload] of attempts) {
        const response = await call(session, method, url, payload);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
    }
    expect((await ok<{ items: unknown[] }>(nobody, 'GET', '/catalogue/editions')).items).toHaveLength(1);
    expect((await ok<CatalogueDto>(nobody, 'GET', '/catalogue')).items).toEqual(current.items);
  });

  it('lets the operator draft, edit and publish an edition; records keep the edition they were validated against', async () => {
    const entity = await createEnterprise(database.db);
    const old = await ok<RecordDto>(clerk, 'POST', '/records', {
      record: penaltyRecord(entity.creditCode, { entityName: entity.name }),
    });
    expect(old.item.editionCode).toBe('2015版');
    const current = await ok<CatalogueDto>(nobody, 'GET', '/catalogue');

    // A draft starts as a copy of the current edition.
    const draft = await ok<CatalogueDto>(operator, 'POST', '/catalogue/editions', {
      code: '2027版',
      name: '贵州省企业公共信用信息征集目录（2027版）',
    });
    expect(draft.edition).toMatchObject({ code: '2027版', status: 'draft' });
    expect(draft.items.map((item) => item.code)).toEqual(current.items.map((item) => item.code));
    expect(draft.items.every((item) => item.editionCode === '2027版')).toBe(true);
    const taken = await call(operator, 'POST', '/catalogue/editions', { code: '2027版', name: '重复的版本号测试目录' });
    expect(taken.statusCode).toBe(409);

    const added = await ok<CatalogueItemDto>(
      operator,
      'POST',
      `/catalogue/editions/${draft.edition.id}/items`,
      volunteerItem,
    );
    expect(added).toMatchObject({ code: 'volunteer_service', editionId: draft.edition.id, editionCode: '2027版' });
    const duplicate = await call(operator, 'POST', `/catalogue/editions/${draft.edition.id}/items`, volunteerItem);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('CATALOGUE_ITEM_CODE_TAKEN');
    const invalid = await call(operator, 'POST', `/catalogue/editions/${draft.edition.id}/items`, {
      ...volunteerItem,
      code: 'volunteer_service_2',
      aroseField: 'serviceContent',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('CATALOGUE_ITEM_INVALID');
    expect(invalid.json().error.message).toContain('信息产生日期');

    // The 2027 penalty item asks for a case number as well.
    const draftPenalty = draft.items.find((item) => item.code === 'penalty')!;
    const changed = await ok<CatalogueItemDto>(operator, 'PUT', `/catalogue/items/${draftPenalty.id}`, {
      ...definitionOf(draftPenalty),
      fields: [
        ...draftPenalty.fields,
        { key: 'caseNumber', label: '案件编号', type: 'text', required: true, maxLength: 50 },
      ],
    });
    expect(changed.fields.map((field) => field.key)).toContain('caseNumber');

    // Items of the current edition are immutable, and a current edition cannot be extended or published again.
    const currentPenalty = current.items.find((item) => item.code === 'penalty')!;
    const frozen = await call(operator, 'PUT', `/catalogue/items/${currentPenalty.id}`, {
      ...definitionOf(currentPenalty),
      name: '行政处罚决定信息',
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('CATALOGUE_EDITION_STATE_CONFLICT');
    expect(
      (await call(operator, 'POST', `/catalogue/editions/${current.edition.id}/items`, volunteerItem)).statusCode,
    ).toBe(409);
    expect((await call(operator, 'POST', `/catalogue/editions/${current.edition.id}/publish`, {})).statusCode).toBe(
      409,
    );

    // Before publication, new records are still validated against 2015版.
    const stillOld = await ok<RecordDto>(clerk, 'POST', '/records', {
      record: penaltyRecord(entity.creditCode, {
        entityName: entity.name,
        fields: { decisionNumber: '筑市监罚〔2026〕14号' },
      }),
    });
    expect(stillOld.item.id).toBe(currentPenalty.id);

    const published = await ok<CatalogueDto>(operator, 'POST', `/catalogue/editions/${draft.edition.id}/publish`, {});
    expect(published.edition).toMatchObject({ code: '2027版', status: 'current' });
    const editions = await ok<{ items: Array<{ code: string; status: string }> }>(nobody, 'GET', '/catalogue/editions');
    expect(editions.items.map((edition) => [edition.code, edition.status])).toEqual([
      ['2027版', 'current'],
      ['2015版', 'retired'],
    ]);
    expect((await ok<CatalogueDto>(nobody, 'GET', '/catalogue')).edition.code).toBe('2027版');

    // Published and retired items are immutable too.
    for (const item of [changed, currentPenalty]) {
      const response = await call(operator, 'PUT', `/catalogue/items/${item.id}`, {
        ...definitionOf(item),
        name: '行政处罚决定信息',
      });
      expect(response.json().error.code).toBe('CATALOGUE_EDITION_STATE_CONFLICT');
    }
    expect((await call(operator, 'POST', `/catalogue/editions/${draft.edition.id}/publish`, {})).statusCode).toBe(409);

    // The record validated under 2015版 still shows 2015版.
    const detail = await ok<{ record: RecordDto }>(clerk, 'GET', `/records/${old.id}`);
    expect(detail.record.item).toMatchObject({ id: currentPenalty.id, editionCode: '2015版' });

    // New records validate against the 2027 item: the case number is now required.
    const refused = await call(clerk, 'POST', '/records', {
      record: penaltyRecord(uniqueCreditCode(), { entityName: '贵州新规测试有限公司' }),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.errors).toEqual([
      expect.objectContaining({ field: 'fields.caseNumber', label: '案件编号', message: '不能为空' }),
    ]);
    const fresh = await ok<RecordDto>(clerk, 'POST', '/records', {
      record: penaltyRecord(uniqueCreditCode(), {
        entityName: '贵州新规测试有限公司',
        fields: { caseNumber: '2026-0001' },
      }),
    });
    expect(fresh.item).toMatchObject({ id: changed.id, editionCode: '2027版' });

    // A correction of the old record is checked against the item it was validated with (no case number).
    const corrected = await ok<RecordDto>(clerk, 'POST', `/records/${old.id}/corrections`, {
      reason: '处罚决定书文号录入有误',
      record: {
        entityName: entity.name,
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ decisionNumber: '筑市监罚〔2026〕15号' }),
      },
    });
    expect(corrected.item).toMatchObject({ id: currentPenalty.id, editionCode: '2015版' });

    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'objectType', 'objectId'])
      .where('action', 'like', 'catalogue.%')
      .where('result', '=', 'success')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'catalogue.edition-created', objectType: 'catalogue-edition', objectId: String(draft.edition.id) },
      { action: 'catalogue.item-added', objectType: 'catalogue-edition', objectId: String(draft.edition.id) },
      { action: 'catalogue.item-changed', objectType: 'catalogue-item', objectId: String(draftPenalty.id) },
      { action: 'catalogue.edition-published', objectType: 'catalogue-edition', objectId: String(draft.edition.id) },
    ]);
  });

  it('refuses to publish a draft without items (no record could be accepted against it)', async () => {
    const empty = await database.db
      .insertInto('catalogueEditions')
      .values({
        code: '空白版',
        name: '没有信息项的草稿目录',
        publishedOn: '2026-12-01',
        status: 'draft',
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await ok<CatalogueDto>(nobody, 'GET', '/catalogue');
    const response = await call(operator, 'POST', `/catalogue/editions/${empty.id}/publish`, {});
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'CATALOGUE_EDITION_STATE_CONFLICT',
      message: '该版本目录还没有信息项，不能发布',
    });
    expect((await ok<CatalogueDto>(nobody, 'GET', '/catalogue')).edition).toEqual(before.edition);
  });
});
