import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { createAcceptedFiling, createAccount, createAgency, uniqueCreditCode } from '../../test/factories';
import { sm4Decrypt, sm4Encrypt } from '../platform/crypto';
import type { DatabaseHandle, Db } from '../platform/database';
import { CIPHER_COLUMNS, KeyRotationError, rotateDataKey } from './key-rotation';

/** Issue 17 item 1: the data key is rotated by re-encrypting every SM4 column, in batches, resumable. */

let database: DatabaseHandle;
let db: Db;
let directory: string;
const operator = { osUser: 'ops', host: 'db-admin-1' };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  directory = await mkdtemp(join(tmpdir(), 'gzcredit-rotate-'));
});

afterAll(async () => {
  await database?.close();
  await rm(directory, { recursive: true, force: true });
});

/** Every SM4 value in the database, by table, column and id. */
async function cipherValues(): Promise<Map<string, Buffer>> {
  const values = new Map<string, Buffer>();
  for (const { table, columns, key = 'id' } of CIPHER_COLUMNS) {
    for (const column of columns) {
      const rows = await sql<{ id: number; value: Buffer }>`
        SELECT ${sql.ref(key)} AS id, ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL`.execute(
        db,
      );
      for (const row of rows.rows) values.set(`${table}.${column}#${row.id}`, Buffer.from(row.value));
    }
  }
  return values;
}

function decryptAll(values: Map<string, Buffer>, key: Buffer): Map<string, string> {
  return new Map([...values].map(([where, sealed]) => [where, sm4Decrypt(key, sealed)]));
}

/**
 * Rows in every table with a cipher column: accounts (TOTP), managers (two columns), API clients, records, and the
 * watch-list digest's mailbox (keyed by agency) with the mailbox a digest went to.
 */
async function seedPersonalData(): Promise<void> {
  const agency = await createAgency(db, { name: `密钥轮换测试局${randomBytes(3).toString('hex')}` });
  const agencyId = Number(agency.id);
  for (let i = 0; i < 3; i++) await createAccount(db, { agencyId, permissions: ['account.admin'] });
  await createAccount(db, { agencyId });
  await createAcceptedFiling(db, agencyId, 3);
  const creator = await createAccount(db, { agencyId });
  await db
    .insertInto('apiClients')
    .values({
      agencyId,
      name: '执法办案系统',
      keyId: `rotate_${randomBytes(4).toString('hex')}`,
      secretCipher: sm4Encrypt(TEST_DATA_KEY, randomBytes(24).toString('hex')),
      createdBy: creator.id,
    })
    .execute();
  await db
    .insertInto('watchlistSettings')
    .values({ agencyId, digestAddressCipher: sm4Encrypt(TEST_DATA_KEY, 'jgk@example.gov.cn'), updatedBy: creator.id })
    .execute();
  await db
    .insertInto('watchlistDigests')
    .values({
      agencyId,
      digestDate: '2026-12-07',
      alertCount: 1,
      subject: '监管名单预警日报',
      body: '轮换测试',
      mailedToCipher: sm4Encrypt(TEST_DATA_KEY, 'jgk@example.gov.cn'),
      mailedAt: new Date(),
    })
    .execute();
  const item = await db
    .selectFrom('catalogueItems')
    .select('id')
    .where('code', '=', 'penalty')
    .executeTakeFirstOrThrow();
  const batch = await db
    .insertInto('exchangeBatches')
    .values({ agencyId, channel: 'api', accountId: null, itemId: item.id, received: 5, accepted: 5 })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < 5; i++) {
    await db
      .insertInto('records')
      .values({
        itemId: item.id,
        agencyId,
        creditCode: uniqueCreditCode(),
        entityName: `轮换测试${i}有限公司`,
        payload: JSON.stringify({ decisionNumber: `筑市监罚〔2026〕${i}号` }),
        // Every other record has no personal fields: a batch skips what has no value.
        personalCipher:
          i % 2 === 0 ? sm4Encrypt(TEST_DATA_KEY, JSON.stringify({ legalPersonIdCard: `52010${i}` })) : null,
        aroseOn: '2026-03-02',
        dueOn: '2026-03-30',
        useScope: 'public',
        contentHash: `rotate-${batch.id}-${i}`,
        channel: 'api',
        batchId: Number(batch.id),
      })
      .execute();
  }
}

describe('rotateDataKey', () => {
  it('knows every SM4 column of the database (bytea columns named *_cipher)', async () => {
    const columns = await sql<{ table: string; column: string }>`
      SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name LIKE '%\\_cipher' AND data_type = 'bytea'
      ORDER BY 1, 2`.execute(db);
    const known = CIPHER_COLUMNS.flatMap(({ table, columns }) => columns.map((column) => ({ table, column })));
    expect(columns.rows).toEqual(
      known.sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column)),
    );
  });

  it('re-encrypts every value once, resuming after a stop between a commit and its checkpoint', async () => {
    await seedPersonalData();
    const before = await cipherValues();
    const plaintexts = decryptAll(before, TEST_DATA_KEY);
    expect(before.size).toBeGreaterThanOrEqual(3 + 6 + 1 + 3 + 2);
    const newKey = randomBytes(16);
    const checkpointFile = join(directory, 'resume.json');

    // The third batch commits, then the process "dies" before its checkpoint says so.
    let batches = 0;
    const stopped = rotateDataKey(db, {
      from: TEST_DATA_KEY,
      to: newKey,
      checkpointFile,
      operator,
      batchSize: 2,
      onBatch: () => {
        batches += 1;
        if (batches === 3) throw new Error('killed');
      },
    });
    await expect(stopped).rejects.toThrow('killed');
    const checkpoint = JSON.parse(await readFile(checkpointFile, 'utf8'));
    expect(checkpoint.pending).toBeDefined();

    // Run again with a different new key: refused, it is not the same rotation.
    await expect(
      rotateDataKey(db, { from: TEST_DATA_KEY, to: randomBytes(16), checkpointFile, operator }),
    ).rejects.toThrow(KeyRotationError);

    const resumed = await rotateDataKey(db, {
      from: TEST_DATA_KEY,
      to: newKey,
      checkpointFile,
      operator,
      batchSize: 2,
    });
    expect(resumed).toEqual({ values: before.size, resumed: true, alreadyComplete: false });
    const after = await cipherValues();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    // Decrypting with the new key gives back every plaintext: a value rotated twice would not decrypt.
    expect(decryptAll(after, newKey)).toEqual(plaintexts);
    for (const [where, sealed] of after) expect(sealed.equals(before.get(where) as Buffer)).toBe(false);

    const audit = await db
      .selectFrom('auditLog')
      .select(['username', 'details'])
      .where('action', '=', 'platform.data-key-rotated')
      .execute();
    expect(audit).toEqual([
      { username: 'cli', details: { osUser: 'ops', host: 'db-admin-1', values: before.size, resumed: true } },
    ]);

    // Once complete, running it again changes nothing.
    expect(await rotateDataKey(db, { from: TEST_DATA_KEY, to: newKey, checkpointFile, operator })).toMatchObject({
      alreadyComplete: true,
    });
    expect(await cipherValues()).toEqual(after);

    // Back to the test key for the next test, in one go.
    await rotateDataKey(db, {
      from: newKey,
      to: TEST_DATA_KEY,
      checkpointFile: join(directory, 'back.json'),
      operator,
    });
    expect(decryptAll(await cipherValues(), TEST_DATA_KEY)).toEqual(plaintexts);
  });

  it('redoes a batch whose commit a stop prevented', async () => {
    const before = await cipherValues();
    const newKey = randomBytes(16);
    const checkpointFile = join(directory, 'undone.json');
    const run = (onBatch?: () => void) =>
      rotateDataKey(db, { from: TEST_DATA_KEY, to: newKey, checkpointFile, operator, batchSize: 2, onBatch });
    await expect(
      run(() => {
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    // The database as if the first batch had not committed: its rows hold their old values again.
    for (const [where, sealed] of before) {
      const [table, column, id] = where.split(/[.#]/) as [string, string, string];
      const key = CIPHER_COLUMNS.find((each) => each.table === table)?.key ?? 'id';
      await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sealed} WHERE ${sql.ref(key)} = ${Number(id)}`.execute(
        db,
      );
    }
    expect((await run()).values).toBe(before.size);
    expect(decryptAll(await cipherValues(), newKey)).toEqual(decryptAll(before, TEST_DATA_KEY));
    await rotateDataKey(db, {
      from: newKey,
      to: TEST_DATA_KEY,
      checkpointFile: join(directory, 'undone-back.json'),
      operator,
    });
  });

  it('stops at a value the old key does not decrypt, leaving its batch unchanged, and resumes once it is repaired', async () => {
    const stranger = randomBytes(16);
    const account = await createAccount(db, { agencyId: (await createAgency(db)).id, permissions: ['account.admin'] });
    await db
      .updateTable('accounts')
      .set({ totpSecretCipher: sm4Encrypt(stranger, 'JBSWY3DPEHPK3PXP') })
      .where('id', '=', account.id)
      .execute();
    const before = await cipherValues();
    const newKey = randomBytes(16);
    const checkpointFile = join(directory, 'stranger.json');
    const run = () => rotateDataKey(db, { from: TEST_DATA_KEY, to: newKey, checkpointFile, operator, batchSize: 2 });

    await expect(run()).rejects.toThrow(`accounts.totp_secret_cipher（id ${account.id}） 无法用原密钥解密`);
    const stoppedAt = await cipherValues();
    const changed = [...stoppedAt].filter(([where, sealed]) => !sealed.equals(before.get(where) as Buffer));
    // Only whole batches before the stranger's changed; the stranger's own batch did not.
    expect(changed.every(([where]) => Number(where.split('#')[1]) < account.id)).toBe(true);
    expect(stoppedAt.get(`accounts.totp_secret_cipher#${account.id}`)).toEqual(
      before.get(`accounts.totp_secret_cipher#${account.id}`),
    );

    await db
      .updateTable('accounts')
      .set({ totpSecretCipher: sm4Encrypt(TEST_DATA_KEY, 'JBSWY3DPEHPK3PXP') })
      .where('id', '=', account.id)
      .execute();
    await run();
    const after = await cipherValues();
    expect(sm4Decrypt(newKey, after.get(`accounts.totp_secret_cipher#${account.id}`) as Buffer)).toBe(
      'JBSWY3DPEHPK3PXP',
    );
    expect(decryptAll(after, newKey).size).toBe(before.size);
    expect(existsSync(`${checkpointFile}.tmp`)).toBe(false);
  });
});
