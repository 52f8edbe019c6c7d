import type { UseScope } from '@gzcredit/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, createEnterprise, type TestAgency } from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { loadSubmissionContext, submitRecords } from '../records';
import { listVisibleRecords } from './sharing.service';

let database: DatabaseHandle;
let provider: TestAgency;
let bureau: TestAgency;
let court: TestAgency;
let zunyi: TestAgency;
let accountId: number;
let creditCode: string;
const ids: Partial<Record<UseScope | 'classified' | 'severe', number>> = {};

async function submit(agency: TestAgency, useScope: UseScope, dishonestyLevel = '一般失信'): Promise<number> {
  const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
  const result = await database.db.transaction().execute((trx) =>
    submitRecords(
      trx,
      { agencyId: Number(agency.id), agencyKind: agency.kind, accountId: null, channel: 'api' },
      context,
      [
        penaltyRecord(creditCode, {
          useScope,
          dishonestyLevel,
          ...(useScope === 'public' ? {} : { withholdingGround: '商业秘密' }),
        }),
      ],
    ),
  );
  expect(result.results[0], JSON.stringify(result.results[0])).toMatchObject({ status: 'accepted' });
  return result.results[0]!.recordId!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  provider = await createAgency(database.db, { kind: 'market_regulation', regionCode: '520102', level: 'county' });
  bureau = await createAgency(database.db, { kind: 'market_regulation', regionCode: '520000', level: 'province' });
  court = await createAgency(database.db, { kind: 'judicial', regionCode: '520100' });
  zunyi = await createAgency(database.db, { kind: 'administrative', regionCode: '520300' });
  accountId = (await createAccount(database.db, { agencyId: Number(bureau.id) })).id;
  creditCode = (await createEnterprise(database.db)).creditCode;
  for (const scope of ['public', 'shared', 'authorised', 'internal'] as const)
    ids[scope] = await submit(provider, scope);
  ids.classified = await submit(provider, 'shared');
  await sql`UPDATE records SET classified = true WHERE id = ${ids.classified}`.execute(database.db);
  ids.severe = await submit(provider, 'authorised', '严重失信');
});

afterAll(async () => {
  await database?.close();
});

async function visibleTo(agency: TestAgency) {
  const records = await listVisibleRecords(database.db, { agencyId: Number(agency.id) }, { creditCodes: [creditCode] });
  return new Map(records.map((record) => [record.id, record]));
}

describe('listVisibleRecords', () => {
  it('by default: others see public and shared records whole, never authorised, internal or classified ones', async () => {
    const seen = await visibleTo(court);
    expect([...seen.keys()].sort()).toEqual([ids.public, ids.shared].sort());
    expect(seen.get(ids.shared!)!.payload.violationFacts).toBeTruthy();
    const own = await visibleTo(provider);
    expect(own.size).toBe(6);
  });

  it('applies the provider’s grants per audience and field, and the bureau’s floor', async () => {
    const db = database.db;
    await db
      .insertInto('exchangeItemSettings')
      .values({ agencyId: provider.id, itemCode: 'penalty', sharedRestricted: true, updatedBy: accountId })
      .execute();
    await db
      .insertInto('exchangeGrants')
      .values([
        {
          agencyId: provider.id,
          itemCode: 'penalty',
          useScope: 'shared',
          audience: 'kind',
          audienceValue: 'judicial',
          fields: ['decisionNumber', 'penaltyContent'],
        },
        {
          agencyId: provider.id,
          itemCode: 'penalty',
          useScope: 'shared',
          audience: 'region',
          audienceValue: '5203',
          fields: null,
        },
        {
          agencyId: provider.id,
          itemCode: 'penalty',
          useScope: 'authorised',
          audience: 'agency',
          audienceValue: String(court.id),
          fields: ['decisionNumber', 'legalBasis'],
        },
      ])
      .execute();
    const courtSees = await visibleTo(court);
    expect([...courtSees.keys()].sort()).toEqual([ids.public, ids.shared, ids.authorised, ids.severe].sort());
    expect(Object.keys(courtSees.get(ids.shared!)!.payload).sort()).toEqual(['decisionNumber', 'penaltyContent']);
    expect(Object.keys(courtSees.get(ids.authorised!)!.payload).sort()).toEqual(['decisionNumber', 'legalBasis']);
    expect(Object.keys(courtSees.get(ids.public!)!.payload).length).toBeGreaterThan(5);
    const zunyiSees = await visibleTo(zunyi);
    expect([...zunyiSees.keys()].sort()).toEqual([ids.public, ids.shared].sort());
    expect(zunyiSees.get(ids.shared!)!.payload.violationFacts).toBeTruthy();
    const bureauSees = await visibleTo(bureau);
    expect([...bureauSees.keys()]).toEqual([ids.public]);

    // The floor: every agency sees every 严重失信 record that is shared or authorised, whole.
    await db
      .insertInto('exchangeFloor')
      .values({
        dishonestyLevel: 'severe',
        audience: 'all',
        audienceValue: null,
        fields: null,
        itemCode: null,
        updatedBy: accountId,
      })
      .execute();
    expect([...(await visibleTo(bureau)).keys()].sort()).toEqual([ids.public, ids.severe].sort());
    const courtNow = await visibleTo(court);
    expect(courtNow.get(ids.severe!)!.payload.violationFacts).toBeTruthy();
    expect(Object.keys(courtNow.get(ids.authorised!)!.payload).sort()).toEqual(['decisionNumber', 'legalBasis']);
  });

  it('takes 10,000 credit codes at once, and record ids', async () => {
    const codes = Array.from({ length: 9_999 }, (_, index) => `91520102X${String(index).padStart(9, '0')}`);
    const records = await listVisibleRecords(
      database.db,
      { agencyId: Number(court.id) },
      { creditCodes: [...codes, creditCode] },
    );
    expect(records.length).toBe(4);
    const byId = await listVisibleRecords(
      database.db,
      { agencyId: Number(court.id) },
      { recordIds: [ids.internal!, ids.shared!], limit: 10 },
    );
    expect(byId.map((record) => record.id)).toEqual([ids.shared]);
  });
});
