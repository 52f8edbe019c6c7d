import type { ExchangeCatalogueDto } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { type ExchangeClient, exchangeGet } from '../../../test/exchange';
import { createAccount, createAgency, openSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

/** GET /api/exchange/v1/catalogue and the field dictionary in the OpenAPI document (issue 17 item 5). */

const URL = '/api/exchange/v1/catalogue';
let database: DatabaseHandle;
let app: FastifyInstance;
let client: ExchangeClient;
let agencyId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const agency = await createAgency(database.db, {
    name: '贵阳市观山湖区市场监督管理局',
    kind: 'market_regulation',
    regionCode: '520115',
    level: 'county',
  });
  agencyId = Number(agency.id);
  const configurer = await createAccount(database.db, { agencyId, permissions: ['exchange.configure'] });
  const created = await consoleCall(app, await openSession(database.db, configurer.id), 'POST', '/api-clients', {
    name: '观山湖区行政处罚系统',
  });
  expect(created.statusCode, created.body).toBe(200);
  client = { keyId: created.json().client.keyId, secret: created.json().secret };
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the catalogue to a departmental system', () => {
  it('serves the current edition’s field dictionary to a signed request: keys, types, formats, units, values', async () => {
    const response = await exchangeGet(app, client, URL);
    expect(response.statusCode, response.body).toBe(200);
    const catalogue: ExchangeCatalogueDto = response.json();
    expect(catalogue.edition).toEqual({
      code: '2015版',
      name: '贵州省企业公共信用信息征集目录（2015版）',
      publishedOn: '2015-12-01',
    });
    const penalty = catalogue.items.find((item) => item.code === 'penalty')!;
    expect(penalty).toMatchObject({ name: '行政处罚信息', category: 'bad', requiresLevel: true, listing: false });
    const field = (key: string) => penalty.fields.find((entry) => entry.key === key);
    expect(field('fineAmount')).toMatchObject({ type: 'amount', typeLabel: '金额', unit: '万元', required: false });
    expect(field('decisionDate')).toMatchObject({
      type: 'date',
      format: 'YYYY-MM-DD',
      required: true,
      allowFuture: false,
    });
    expect(field('penaltyCategory')?.values).toContain('罚款');
    expect(field('violationType')).toMatchObject({ type: 'text', maxLength: 200 });
    expect(catalogue.items.find((item) => item.code === 'abnormal_list')?.listing).toBe(true);
  });

  it('writes the read to the exchange log and the audit trail', async () => {
    const response = await exchangeGet(app, client, URL);
    const requestId = response.headers['x-request-id'] as string;
    const audit = await database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('requestId', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'exchange.catalogue-read', result: 'success' });
    expect(Number(audit.agencyId)).toBe(agencyId);
    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('id', '=', Number(audit.objectId))
      .executeTakeFirstOrThrow();
    expect(batch.channel).toBe('pull');
    expect(batch.details).toMatchObject({ resource: 'catalogue', edition: '2015版' });
  });

  it('refuses an unsigned request and logs the refusal', async () => {
    const response = await app.inject({ method: 'GET', url: URL });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('API_SIGNATURE_INVALID');
  });

  it('carries the same dictionary in the OpenAPI document, with the push’s records typed per item', async () => {
    const catalogue: ExchangeCatalogueDto = (await exchangeGet(app, client, URL)).json();
    const document = (await app.inject('/api/docs/json')).json();
    const schemas = document.components.schemas;
    for (const item of catalogue.items) {
      const fields = schemas[`CatalogueFields.${item.code}`];
      expect(Object.keys(fields.properties), item.code).toEqual(item.fields.map((field) => field.key));
      expect(fields.required, item.code).toEqual(item.fields.filter((field) => field.required).map((f) => f.key));
    }
    const penalty = schemas['CatalogueFields.penalty'].properties;
    expect(penalty.fineAmount).toMatchObject({ type: ['number', 'null'], minimum: 0, 'x-unit': '万元' });
    expect(penalty.decisionDate).toMatchObject({ type: 'string', format: 'date' });
    expect(penalty.penaltyCategory.enum).toContain('罚款');
    const records =
      document.paths['/api/exchange/v1/records'].post.requestBody.content['application/json'].schema.properties.records
        .items;
    expect(records.discriminator.propertyName).toBe('itemCode');
    expect(Object.keys(records.discriminator.mapping)).toEqual(catalogue.items.map((item) => item.code));
    expect(schemas['RecordInput.penalty'].properties.itemCode.const).toBe('penalty');
    expect(document.paths[URL].get.operationId).toBe('getCatalogue');
  });
});
