import { leafBytes } from '@gzcredit/verify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import { createAgency, createEnterprise, uniqueCreditCode } from '../../../test/factories';
import { penaltyRecord, registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { getCurrentCatalogue } from '../catalogue';
import { insertBatch } from './exchange-log.repository';
import { readAttestedRecords } from './records.repository';
import {
  loadSubmissionContext,
  prepareRecord,
  type Submitter,
  storePreparedRecords,
  submitRecords,
} from './records.service';
import { recordLeafContent } from './records-attestation.service';

let database: DatabaseHandle;
let bureau: Submitter;
let court: Submitter;

beforeAll(async () => {
  database = await createTestDatabase();
  const agency = await createAgency(database.db, { kind: 'market_regulation', regionCode: '520102', level: 'county' });
  bureau = { agencyId: Number(agency.id), agencyKind: 'market_regulation', accountId: null, channel: 'api' };
  const judicial = await createAgency(database.db, { kind: 'judicial' });
  court = { agencyId: Number(judicial.id), agencyKind: 'judicial', accountId: null, channel: 'api' };
});

afterAll(async () => {
  await database?.close();
});

describe('submitRecords', () => {
  it('stores valid records, answers invalid ones with Chinese errors naming the field, and logs the batch', async () => {
    const entity = await createEnterprise(database.db);
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    const result = await database.db
      .transaction()
      .execute((trx) =>
        submitRecords(trx, bureau, context, [
          penaltyRecord(entity.creditCode),
          penaltyRecord(entity.creditCode, { dishonestyLevel: undefined }),
          penaltyRecord('91520102MA6DK8XX0X'),
        ]),
      );
    expect(result.accepted).toBe(1);
    expect(result.results[0]).toMatchObject({ status: 'accepted', matched: true });
    expect(result.results[1]!.errors).toEqual([
      expect.objectContaining({
        field: 'dishonestyLevel',
        label: '失信等级',
        message: expect.stringContaining('必须标注'),
      }),
    ]);
    expect(result.results[2]!.errors![0]).toMatchObject({ field: 'creditCode', label: '统一社会信用代码' });
    const batch = await database.db
      .selectFrom('exchangeBatches')
      .selectAll()
      .where('id', '=', result.batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ received: 3, accepted: 1, rejected: 2, channel: 'api' });
    const stored = await database.db
      .selectFrom('enterprises')
      .select(['dishonestyLevel', 'badges'])
      .where('creditCode', '=', entity.creditCode)
      .executeTakeFirstOrThrow();
    expect(stored.dishonestyLevel).toBe('general');
  });

  it('keeps records for unknown codes in the matching queue until a registration record creates the entity', async () => {
    const code = uniqueCreditCode();
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    const first = await database.db
      .transaction()
      .execute((trx) => submitRecords(trx, bureau, context, [penaltyRecord(code, { dishonestyLevel: '严重失信' })]));
    expect(first.results[0]).toMatchObject({ status: 'accepted', matched: false });
    const registration = await database.db
      .transaction()
      .execute((trx) =>
        submitRecords(trx, bureau, context, [registrationRecord(code, { entityName: '贵州新注册商贸有限公司' })]),
      );
    expect(registration.accepted).toBe(1);
    const enterprise = await database.db
      .selectFrom('enterprises')
      .selectAll()
      .where('creditCode', '=', code)
      .executeTakeFirstOrThrow();
    expect(enterprise).toMatchObject({
      name: '贵州新注册商贸有限公司',
      industryCode: 'F51',
      badges: ['severe_record'],
    });
    const waiting = await database.db
      .selectFrom('records')
      .select('enterpriseId')
      .where('id', '=', first.results[0]!.recordId!)
      .executeTakeFirstOrThrow();
    expect(Number(waiting.enterpriseId)).toBe(Number(enterprise.id));
    const stored = await database.db
      .selectFrom('records')
      .select(['payload', 'personalCipher'])
      .where('id', '=', registration.results[0]!.recordId!)
      .executeTakeFirstOrThrow();
    expect(stored.payload.legalRepresentativeIdCard).toBe('1101**********002X');
    expect(stored.payload.contactMobile).toBe('138****5678');
    expect(stored.personalCipher?.toString('latin1')).not.toContain('11010519491231002X');
  });

  it('refuses an item the provider kind may not provide', async () => {
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    const result = await database.db
      .transaction()
      .execute((trx) => submitRecords(trx, court, context, [penaltyRecord(uniqueCreditCode())]));
    expect(result.results[0]!.errors![0]!.message).toContain('提供单位范围');
  });

  // Migration 0039 dropped the row-by-row foreign keys of records: the inserting statement checks them per chunk.
  it('refuses a chunk naming an unknown item or a batch of another agency, in Chinese, and stores none of it', async () => {
    const entity = await createEnterprise(database.db);
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    const catalogue = await getCurrentCatalogue(database.db);
    const item = catalogue.items.find((candidate) => candidate.code === 'penalty')!;
    const store = (itemIds: number[], batchAgencyId: number) =>
      database.db.transaction().execute(async (trx) => {
        const batchId = await insertBatch(trx, {
          agencyId: batchAgencyId,
          channel: 'api',
          accountId: null,
          itemId: null,
          received: itemIds.length,
          accepted: itemIds.length,
          rejected: 0,
        });
        const prepared = itemIds.map((itemId) => {
          const result = prepareRecord(item, penaltyRecord(entity.creditCode), bureau, context);
          if (!result.ok) throw new Error('fixture invalid');
          return { record: { ...result.record, itemId }, registration: result.registration };
        });
        return storePreparedRecords(
          trx,
          { agencyId: bureau.agencyId, batchId, channel: 'api', createdBy: null },
          prepared,
        );
      });
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('records')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('creditCode', '=', entity.creditCode)
            .executeTakeFirstOrThrow()
        ).n,
      );
    await expect(store([item.id, 987654], bureau.agencyId)).rejects.toMatchObject({
      code: 'RECORD_INVALID',
      message: '信息项（编号 987654）不存在，本批信息均未入库',
    });
    await expect(store([item.id], court.agencyId)).rejects.toMatchObject({
      code: 'RECORD_INVALID',
      message: '交换批次不属于报送单位或经办账户不存在，本批信息均未入库',
    });
    expect(await count()).toBe(0);
    await expect(store([item.id], bureau.agencyId)).resolves.toEqual([
      { id: expect.any(Number), enterpriseId: expect.any(Number) },
    ]);
    expect(await count()).toBe(1);
  });

  // The leaves of new records are built from what was inserted, not read back: they must attest the rows as stored.
  it('writes for each new record the leaf its stored row gives, personal fields and registration included', async () => {
    const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
    const creditCode = uniqueCreditCode();
    const mismatches = await database.db.transaction().execute(async (trx) => {
      const result = await submitRecords(trx, bureau, context, [
        registrationRecord(creditCode),
        penaltyRecord(creditCode),
      ]);
      const ids = result.results.map((entry) => entry.recordId!);
      const rows = await readAttestedRecords(trx, ids);
      const { rows: leaves } = await sql<{ subject: string; content: string }>`
        SELECT subject, content FROM transparency_leaves WHERE kind = 'record' AND subject = ANY (${ids.map(String)}::text[])`.execute(
        trx,
      );
      expect(leaves).toHaveLength(2);
      return rows.filter(
        (row) =>
          leaves.find((leaf) => leaf.subject === String(row.id))!.content !==
          leafBytes({ kind: 'record', content: recordLeafContent(row, 'created') }),
      );
    });
    expect(mismatches).toEqual([]);
  });
});
