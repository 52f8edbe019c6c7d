import type { RecordDto } from '@gzcredit/contracts';
import { leafHash, MemoryTree } from '@gzcredit/verify';
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
import { penaltyFields, penaltyRecord, registrationRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { seedCalendarFromLibrary } from '../calendar';
import { appendLogLeaves } from './transparency.service';

let database: DatabaseHandle;
let app: FastifyInstance;
let clerk: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await seedCalendarFromLibrary(database.db);
  const agency = await createAgency(database.db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
  });
  const account = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['record.submit', 'record.query', 'record.correct', 'record.annotate'],
  });
  clerk = await openSession(database.db, account.id);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function leaves() {
  const rows = await database.db.selectFrom('transparencyLeaves').selectAll().orderBy('leafIndex').execute();
  return rows.map((row) => ({ ...row, leafIndex: Number(row.leafIndex), parsed: JSON.parse(row.content) }));
}

async function submit(record: object): Promise<RecordDto> {
  const response = await consoleCall(app, clerk, 'POST', '/records', { record });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RecordDto;
}

/** The whole tree rebuilt from the leaves' bytes, compared with the head and every stored node. */
async function expectTreeMatchesLeaves(): Promise<void> {
  const all = await leaves();
  expect(all.map((leaf) => leaf.leafIndex)).toEqual(all.map((_, index) => index));
  const tree = new MemoryTree('sm3');
  tree.append(all.map((leaf) => leafHash(leaf.content)));
  const head = await database.db.selectFrom('transparencyHead').selectAll().executeTakeFirstOrThrow();
  expect(Number(head.treeSize)).toBe(all.length);
  expect(Buffer.from(head.rootHash).toString('hex')).toBe(tree.root.toString('hex'));
  const nodes = await database.db.selectFrom('transparencyNodes').selectAll().execute();
  // A tree of n leaves has exactly the complete subtrees its leaves make: n at level 0, n >> 1 at level 1, …
  let expected = 0;
  for (let size = all.length; size > 0; size = Math.floor(size / 2)) expected += size;
  expect(nodes).toHaveLength(expected);
  for (const node of nodes.filter((candidate) => Number(candidate.level) === 0)) {
    expect(Buffer.from(node.hash).toString('hex')).toBe(leafHash(all[Number(node.position)]!.content).toString('hex'));
  }
}

describe('the verifiable log (issue 23 item 1)', () => {
  it('appends a leaf for each record created, superseded, corrected and revoked, in order, in the change’s transaction', async () => {
    const entity = await createEnterprise(database.db);
    const before = (await leaves()).length;
    const first = await submit(penaltyRecord(entity.creditCode, { fields: { fineAmount: '2' } }));
    const corrected = await consoleCall(app, clerk, 'POST', `/records/${first.id}/corrections`, {
      reason: '罚款金额录入有误',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: '一般失信',
        fields: penaltyFields({ fineAmount: '3' }),
      },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const second = corrected.json() as RecordDto;
    const revoked = await consoleCall(app, clerk, 'POST', `/records/${second.id}/revocation`, { reason: '决定已撤销' });
    expect(revoked.statusCode, revoked.body).toBe(200);

    const added = (await leaves()).slice(before);
    expect(added.map((leaf) => [leaf.kind, leaf.subject, leaf.parsed.event])).toEqual([
      ['record', String(first.id), 'created'],
      ['record', String(first.id), 'superseded'],
      ['record', String(second.id), 'corrected'],
      ['record', String(second.id), 'revoked'],
    ]);
    expect(added[0]!.parsed).toMatchObject({
      type: 'record',
      v: 1,
      record: { id: first.id, version: 1, itemCode: 'penalty', creditCode: entity.creditCode, status: 'active' },
    });
    expect(added[0]!.parsed.record.payload.fineAmount).toBe('2');
    expect(added[1]!.parsed.record.status).toBe('corrected');
    expect(added[2]!.parsed.record).toMatchObject({ version: 2, rootId: first.id, payload: { fineAmount: '3' } });
    expect(added[3]!.parsed.record.status).toBe('revoked');
    // The leaf is the canonical JSON: keys sorted, no spaces, so anyone re-serialising it gets the same bytes.
    expect(added[0]!.content.startsWith('{"at":"')).toBe(true);
    await expectTreeMatchesLeaves();
  });

  it('keeps personal data out of the leaf: only the SM3 of its SM4 ciphertext (salted by the random IV)', async () => {
    const record = registrationRecord(uniqueCreditCode());
    await submit(record);
    const leaf = (await leaves()).at(-1)!;
    expect(leaf.content).not.toContain('11010519491231002X');
    expect(leaf.content).not.toContain('13812345678');
    expect(leaf.parsed.record.personalDigest).toMatch(/^[0-9a-f]{64}$/);
    const stored = await database.db
      .selectFrom('records')
      .select('personalCipher')
      .where('id', '=', leaf.parsed.record.id)
      .executeTakeFirstOrThrow();
    expect(stored.personalCipher).not.toBeNull();
  });

  it('leaves no leaf and no gap when the change’s transaction rolls back', async () => {
    const before = (await leaves()).length;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendLogLeaves(trx, [{ kind: 'test', subject: 'rolled-back', content: { n: 1 } }]);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    const refused = await consoleCall(app, clerk, 'POST', '/records', {
      record: penaltyRecord(uniqueCreditCode(), { fields: { decisionDate: '不是日期' } }),
    });
    expect(refused.statusCode).toBe(400);
    expect((await leaves()).length).toBe(before);
    await database.db.transaction().execute((trx) =>
      appendLogLeaves(trx, [
        { kind: 'test', subject: 'a', content: { n: 2 } },
        { kind: 'test', subject: 'b', content: { n: 3 } },
      ]),
    );
    const after = await leaves();
    expect(after.slice(before).map((leaf) => leaf.leafIndex)).toEqual([before, before + 1]);
    await expectTreeMatchesLeaves();
  });
});
