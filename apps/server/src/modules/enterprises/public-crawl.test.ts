import type { EnterpriseProfileDto } from '@gzcredit/contracts';
import { validateIdCardNumber } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import { sm4Decrypt } from '../../platform/crypto';
import type { DatabaseHandle } from '../../platform/database';
import { ensureDemoAgencies } from '../../seed/demo-agencies';
import { seedDemoRecords } from '../../seed/demo-records';
import { bootstrapAdministrator } from '../accounts';
import { loadSubmissionContext } from '../records';

/*
 * SPEC §3 and Rules Art. 24 (personal privacy): a crawl of the public API over the whole demo data set, whose
 * registration records carry real-shaped identity-card numbers and mobiles, finds none of them in clear.
 */

let database: DatabaseHandle;
let app: FastifyInstance;
const responses: Array<{ url: string; body: string }> = [];
/** The personal values the demo data set stored (encrypted): none may leave through a public answer. */
const secrets = new Set<string>();

/** 18 characters shaped as a GB 11643 number, not part of a longer code (credit codes are 18 characters too). */
const ID_CARD_SHAPE = /(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])/g;
/** An 11-digit mainland mobile, not part of a longer run of digits. */
const MOBILE_SHAPE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  responses.push({ url, body: response.body });
  return response.json();
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await bootstrapAdministrator(db, `/tmp/gzcredit-crawl-${process.pid}`);
  await seedDemoRecords(db, {
    count: 300,
    agencies: await ensureDemoAgencies(db),
    context: await loadSubmissionContext(db, TEST_DATA_KEY),
  });
  const ciphers = await db
    .selectFrom('records')
    .select('personalCipher')
    .where('personalCipher', 'is not', null)
    .execute();
  for (const row of ciphers) {
    for (const value of Object.values(JSON.parse(sm4Decrypt(TEST_DATA_KEY, row.personalCipher!)) as object))
      secrets.add(String(value));
  }
  app = await createTestApp(database, { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });

  const entities = await db.selectFrom('enterprises').select(['creditCode', 'name']).orderBy('id').execute();
  for (const entity of entities) {
    await get(`/api/public/enterprises/${entity.creditCode}`);
    await get(`/api/public/enterprises?q=${entity.creditCode}`);
    await get(`/api/public/enterprises?q=${encodeURIComponent([...entity.name].slice(-6, -2).join(''))}&pageSize=50`);
  }
}, 300_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('a crawl of every demo entity’s public profile and search results', () => {
  it('covered every entity, with publicised records to look at', () => {
    const profiles = responses.filter((response) => !response.url.includes('?'));
    expect(profiles).toHaveLength(300);
    const records = profiles.flatMap((response) =>
      (JSON.parse(response.body) as EnterpriseProfileDto).sections.flatMap((section) => section.records),
    );
    expect(records.length).toBeGreaterThan(50);
    expect(new Set(records.map((record) => record.itemCode)).size).toBeGreaterThan(8);
    // The registration records did carry personal data to leak.
    expect(secrets.size).toBeGreaterThanOrEqual(600);
  });

  it('finds no identity-card number that passes the GB 11643 check', () => {
    const found = responses.flatMap((response) =>
      [...response.body.matchAll(ID_CARD_SHAPE)]
        .map((match) => match[0])
        .filter((candidate) => validateIdCardNumber(candidate))
        .map((candidate) => `${response.url}: ${candidate}`),
    );
    expect(found).toEqual([]);
  });

  it('finds no unmasked 11-digit mobile', () => {
    const found = responses.flatMap((response) =>
      [...response.body.matchAll(MOBILE_SHAPE)].map((match) => `${response.url}: ${match[0]}`),
    );
    expect(found).toEqual([]);
  });

  it('finds none of the stored personal values, whatever their shape', () => {
    const found = responses.flatMap((response) =>
      [...secrets].filter((secret) => response.body.includes(secret)).map((secret) => `${response.url}: ${secret}`),
    );
    expect(found).toEqual([]);
  });

  it('would have found one: the patterns match the stored values', () => {
    const sample = [...secrets];
    expect(sample.filter((value) => validateIdCardNumber(value)).length).toBeGreaterThanOrEqual(300);
    expect(sample.filter((value) => new RegExp(MOBILE_SHAPE.source).test(value)).length).toBeGreaterThanOrEqual(300);
    expect(`{"x":"${sample.find((value) => validateIdCardNumber(value))}"}`.match(ID_CARD_SHAPE)).toHaveLength(1);
  });
});
