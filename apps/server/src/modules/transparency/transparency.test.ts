import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ConsistencyProofDto,
  InclusionProofDto,
  LogCheckpointResponseDto,
  RecordDto,
  SecurityEventsDto,
  SignedCheckpointDto,
} from '@gzcredit/contracts';
import type { Permission } from '@gzcredit/domain';
import {
  appendLeaves,
  emptyRoot,
  leafHash,
  MemoryTree,
  sm2GenerateKeyPair,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@gzcredit/verify';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
import type { DatabaseHandle, Db } from '../../platform/database';
import { logConsistencyBroken } from '../../platform/metrics';
import { seedCalendarFromLibrary } from '../calendar';
import { checkLogAndSign } from './transparency.jobs';
import { appendLogLeaves, createTransparencyService, logKeysOf } from './transparency.service';

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

describe('checkpoints and proofs (issue 23 items 2, 3)', () => {
  it('serves a signed checkpoint of the head, with the public key that verifies it', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/public/log/checkpoint' });
    expect(response.statusCode, response.body).toBe(200);
    const { checkpoint, publicKey } = response.json() as LogCheckpointResponseDto;
    const head = await database.db.selectFrom('transparencyHead').selectAll().executeTakeFirstOrThrow();
    expect(checkpoint.treeSize).toBe(Number(head.treeSize));
    expect(checkpoint.rootHash).toBe(Buffer.from(head.rootHash).toString('hex'));
    expect(verifyCheckpoint(checkpoint, publicKey)).toBe(true);
    expect(verifyCheckpoint({ ...checkpoint, treeSize: checkpoint.treeSize + 1 }, publicKey)).toBe(false);
  });

  it('answers inclusion and consistency proofs that verify against the signed roots', async () => {
    const operator = await operatorSession();
    const first = await consoleCall(app, operator, 'POST', '/log/checkpoints', {});
    expect(first.statusCode, first.body).toBe(200);
    const older = first.json() as SignedCheckpointDto;
    await submit(penaltyRecord((await createEnterprise(database.db)).creditCode));
    const second = await consoleCall(app, operator, 'POST', '/log/checkpoints', {});
    const newer = second.json() as SignedCheckpointDto;
    expect(newer.treeSize).toBe(older.treeSize + 1);

    const inclusion = await app.inject({
      method: 'GET',
      url: `/api/public/log/inclusion?leaf=${older.treeSize}`,
    });
    expect(inclusion.statusCode, inclusion.body).toBe(200);
    const proof = inclusion.json() as InclusionProofDto;
    expect(proof).toMatchObject({ treeSize: newer.treeSize, kind: 'record', leaf: null });
    expect(proof.checkpoint?.rootHash).toBe(newer.rootHash);
    expect(
      verifyInclusion(
        Buffer.from(proof.leafHash, 'hex'),
        proof.leafIndex,
        proof.treeSize,
        proof.proof.map((hash) => Buffer.from(hash, 'hex')),
        Buffer.from(newer.rootHash, 'hex'),
      ),
    ).toBe(true);

    const consistency = await app.inject({
      method: 'GET',
      url: `/api/public/log/consistency?from=${older.treeSize}&to=${newer.treeSize}`,
    });
    expect(consistency.statusCode, consistency.body).toBe(200);
    const answer = consistency.json() as ConsistencyProofDto;
    expect(answer.fromCheckpoint?.rootHash).toBe(older.rootHash);
    expect(
      verifyConsistency(
        older.treeSize,
        newer.treeSize,
        Buffer.from(older.rootHash, 'hex'),
        Buffer.from(newer.rootHash, 'hex'),
        answer.proof.map((hash) => Buffer.from(hash, 'hex')),
      ),
    ).toBe(true);

    const history = await app.inject({ method: 'GET', url: '/api/public/log/checkpoints?limit=2' });
    expect((history.json() as { items: SignedCheckpointDto[] }).items.map((item) => item.treeSize)).toEqual([
      newer.treeSize,
      older.treeSize,
    ]);
    const beyond = await app.inject({ method: 'GET', url: `/api/public/log/inclusion?leaf=${newer.treeSize + 5}` });
    expect(beyond.statusCode).toBe(404);
    expect(beyond.json().error).toMatchObject({ code: 'LOG_LEAF_NOT_FOUND' });
    expect(beyond.json().error.message).toContain('没有第');
    const tooBig = await app.inject({
      method: 'GET',
      url: `/api/public/log/consistency?from=1&to=${newer.treeSize + 1}`,
    });
    expect(tooBig.statusCode).toBe(400);
  });
});

/** An account of the provincial bureau (one per region: created by the first call). */
async function operatorSession(permissions: Permission[] = ['platform.operator']): Promise<TestSession> {
  const province =
    (await database.db
      .selectFrom('agencies')
      .select('id')
      .where('regionCode', '=', '520000')
      .where('kind', '=', 'market_regulation')
      .executeTakeFirst()) ??
    (await createAgency(database.db, {
      name: '贵州省市场监督管理局',
      regionCode: '520000',
      level: 'province',
      kind: 'market_regulation',
    }));
  const account = await createAccount(database.db, { agencyId: Number(province.id), permissions });
  return openSession(database.db, account.id);
}

describe('the monitor and its alert (issue 23 item 6): tampering as the database superuser', () => {
  const errors: string[] = [];
  const jobLog = { info() {}, warn() {}, error: (_object: object, message: string) => errors.push(message) };

  /**
   * Runs the checkpoint job's check inside a transaction that is rolled back: the tampering does not outlive the case.
   * The gauge after the run, and the problems of the audit rows `transparency.log-inconsistent` it wrote.
   */
  async function tamperThenRunJob(
    witnessDir: string,
    tamper: (trx: Db) => Promise<void>,
  ): Promise<{ gauge: number; alerts: unknown[] }> {
    let gauge = -1;
    let alerts: unknown[] = [];
    await database.db
      .transaction()
      .execute(async (trx) => {
        await tamper(trx);
        await checkLogAndSign(createTransparencyService(trx, { keys, witnessDir }), jobLog);
        gauge = (await logConsistencyBroken.get()).values[0]!.value;
        alerts = (
          await trx
            .selectFrom('auditLog')
            .select('details')
            .where('action', '=', 'transparency.log-inconsistent')
            .execute()
        ).map((row) => (row.details as { problem: string }).problem);
        throw new Error('roll back');
      })
      .catch((error: Error) => {
        if (error.message !== 'roll back') throw error;
      });
    return { gauge, alerts };
  }

  const keys = logKeysOf(sm2GenerateKeyPair().privateKey);

  it('passes an untouched log, then fails each tampering and raises the alert', async () => {
    await submit(penaltyRecord((await createEnterprise(database.db)).creditCode));
    await submit(penaltyRecord((await createEnterprise(database.db)).creditCode));
    const witnessDir = await mkdtemp(join(tmpdir(), 'gzcredit-witness-'));
    const service = createTransparencyService(database.db, { keys, witnessDir });
    const witnessed = await service.signCheckpoint('scheduled');
    expect(witnessed.treeSize).toBeGreaterThan(3);
    expect(await service.monitor()).toMatchObject({ consistent: true, witnessedSize: witnessed.treeSize });
    expect(await tamperThenRunJob(witnessDir, async () => {})).toEqual({ gauge: 0, alerts: [] });
    expect(errors).toEqual([]);

    // Edit a record and re-hash its leaf (content and stored hash both changed, as a careful superuser would).
    const target = 1;
    const edited = await tamperThenRunJob(witnessDir, async (trx) => {
      const leaf = await trx
        .selectFrom('transparencyLeaves')
        .select('content')
        .where('leafIndex', '=', target)
        .executeTakeFirstOrThrow();
      const content = leaf.content.replace(/"fineAmount":"\d+"/, '"fineAmount":"0"');
      expect(content).not.toBe(leaf.content);
      await sql`UPDATE records SET payload = jsonb_set(payload, '{fineAmount}', '"0"')`.execute(trx);
      await sql`UPDATE transparency_leaves SET content = ${content} WHERE leaf_index = ${target}`.execute(trx);
      await sql`UPDATE transparency_nodes SET hash = ${leafHash(content)} WHERE level = 0 AND position = ${target}`.execute(
        trx,
      );
    });
    expect(edited).toEqual({ gauge: 1, alerts: ['witness-root-mismatch'] });
    expect(errors.at(-1)).toContain('见证的检查点不符');

    // Delete a leaf and re-chain the rest: indices moved down, every node rebuilt, the head set to the new tree.
    const deleted = await tamperThenRunJob(witnessDir, async (trx) => {
      await sql`DELETE FROM transparency_leaves WHERE leaf_index = ${target}`.execute(trx);
      await sql`UPDATE transparency_leaves SET leaf_index = leaf_index - 1 WHERE leaf_index > ${target}`.execute(trx);
      const rest = await trx.selectFrom('transparencyLeaves').select('content').orderBy('leafIndex').execute();
      await sql`DELETE FROM transparency_nodes`.execute(trx);
      const { nodes, root } = appendLeaves(
        0,
        new Map(),
        rest.map((row) => leafHash(row.content)),
      );
      for (const node of nodes) {
        await sql`INSERT INTO transparency_nodes (level, position, hash) VALUES (${node.level}, ${node.position}, ${node.hash})`.execute(
          trx,
        );
      }
      await sql`UPDATE transparency_head SET tree_size = ${rest.length}, root_hash = ${root}`.execute(trx);
    });
    expect(deleted.gauge).toBe(1);
    expect(deleted.alerts).toHaveLength(1);
    expect(errors.at(-1)).toMatch(/少于已见证检查点|见证的检查点不符/);

    // Truncate the log.
    const truncated = await tamperThenRunJob(witnessDir, async (trx) => {
      await sql`TRUNCATE transparency_leaves, transparency_nodes`.execute(trx);
      await sql`UPDATE transparency_head SET tree_size = 0, root_hash = ${emptyRoot()}`.execute(trx);
    });
    expect(truncated).toEqual({ gauge: 1, alerts: ['tree-shrunk'] });
    expect(errors.at(-1)).toContain('日志被截断或删除');
    expect(errors).toHaveLength(3);
    // No checkpoint was signed over a broken log: the witness still holds the checkpoint the checks ran against.
    expect((await service.monitor())?.consistent).toBe(true);
  });
});

describe("the log's alerts as security events (Art. 28)", () => {
  const keys = logKeysOf(sm2GenerateKeyPair().privateKey);
  const quiet = { info() {}, warn() {}, error() {} };

  async function events(session: TestSession): Promise<SecurityEventsDto['items']> {
    const response = await consoleCall(app, session, 'GET', '/security/events');
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as SecurityEventsDto).items;
  }

  it('reports a checkpoint that could not be written to the witness directory, and still stores it', async () => {
    // The witness "directory" is a file: every write to it fails, as on a lost mount.
    const parent = await mkdtemp(join(tmpdir(), 'gzcredit-witness-'));
    const witnessDir = join(parent, 'not-a-directory');
    await writeFile(witnessDir, 'x');
    const scheduled = await createTransparencyService(database.db, { keys, witnessDir }).signCheckpoint('scheduled');
    // On demand, in the route's transaction: the row commits with the checkpoint.
    const onDemand = await database.db
      .transaction()
      .execute((trx) => createTransparencyService(trx, { keys, witnessDir }).signCheckpoint('on-demand'));
    const stored = await database.db
      .selectFrom('transparencyCheckpoints')
      .select('treeSize')
      .where('treeSize', '=', onDemand.treeSize)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    const rows = await database.db
      .selectFrom('auditLog')
      .select(['result', 'objectId', 'details'])
      .where('action', '=', 'transparency.witness-failed')
      .orderBy('id')
      .execute();
    expect(rows.map((row) => [row.result, row.objectId, (row.details as { trigger: string }).trigger])).toEqual([
      ['failure', String(scheduled.treeSize), 'scheduled'],
      ['failure', String(onDemand.treeSize), 'on-demand'],
    ]);
    expect((rows[0]!.details as { reason: string }).reason).toMatch(/EEXIST|ENOTDIR/);

    const guard = await operatorSession(['security.admin']);
    const [event] = (await events(guard)).filter((item) => item.kind === 'witness-failed');
    expect(event).toMatchObject({
      severity: 'high',
      kindName: '可验证日志检查点未能写入见证目录',
      count: 2,
      agency: null,
    });
    expect(event!.description).toMatch(
      /^2 个可验证日志检查点未能写入见证目录（.*(EEXIST|ENOTDIR).*），此后的篡改可能无法被发现/,
    );
  });

  /** A witness that disagrees with the log (its root altered) stands for a log rewritten after it was witnessed. */
  async function serviceWithBrokenWitness() {
    await submit(penaltyRecord((await createEnterprise(database.db)).creditCode));
    const witnessDir = await mkdtemp(join(tmpdir(), 'gzcredit-witness-'));
    const service = createTransparencyService(database.db, { keys, witnessDir });
    await service.signCheckpoint('scheduled');
    const latest = join(witnessDir, 'log-checkpoint.json');
    const witnessed = JSON.parse(await readFile(latest, 'utf8'));
    await writeFile(latest, `${JSON.stringify({ ...witnessed, rootHash: 'ab'.repeat(32) })}\n`);
    return service;
  }

  it('logs the inconsistency alert even when its audit row cannot be written (it was logged only after the write)', async () => {
    const service = await serviceWithBrokenWitness();
    const logged: string[] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failingAudit = {
        ...service,
        recordInconsistency: async () => {
          throw new Error('audit write failed');
        },
      };
      await expect(
        checkLogAndSign(failingAudit, { ...quiet, error: (_object: object, message: string) => logged.push(message) }),
      ).rejects.toThrow('audit write failed');
      expect(logged).toEqual([expect.stringContaining('可验证日志一致性校验失败：')]);
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('[可验证日志告警]'));
    } finally {
      consoleError.mockRestore();
    }
  });

  it('reports the monitor finding the log inconsistent with its witnessed checkpoint', async () => {
    const service = await serviceWithBrokenWitness();
    const result = await checkLogAndSign(service, quiet);
    expect(result).toMatchObject({ consistent: false, problem: 'witness-root-mismatch' });

    const guard = await operatorSession(['security.admin']);
    const [event] = (await events(guard)).filter((item) => item.kind === 'log-inconsistent');
    expect(event).toMatchObject({ severity: 'high', kindName: '可验证日志一致性校验失败（疑似篡改或删除）', count: 1 });
    expect(event!.description).toContain('可验证日志与已见证的检查点不一致：前');
    expect(event!.description).toContain('见证的检查点不符（日志被改写）');
  });
});
