import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../../../test/app';
import { createDatabaseBefore } from '../../../test/database';
import { migrations } from '../../db/migrations';
import { sm4Decrypt } from '../../platform/crypto';
import { type DatabaseHandle, migrateToLatest } from '../../platform/database';

/* Migration 0028 moves the digest mailboxes stored in plaintext into SM4-encrypted columns and drops the plaintext. */

const MIGRATION = '2026-12-07T0028-digest-address-cipher';
let database: DatabaseHandle | undefined;

afterAll(async () => {
  await database?.close();
});

const columns = async (table: string) =>
  (
    await sql<{ column: string }>`
      SELECT column_name AS column FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY 1`.execute(database!.db)
  ).rows.map((row) => row.column);

it('encrypts the existing digest mailboxes with the data key, and refuses to run without it', async () => {
  database = await createDatabaseBefore(MIGRATION);
  const { db } = database;
  const { rows } = await sql<{ id: string }>`
    INSERT INTO agencies (name, region_code, level, kind)
    VALUES ('南明区市场监督管理局', '520102', 'county', 'market_regulation'), ('遵义市财政局', '520300', 'prefecture', 'administrative')
    RETURNING id`.execute(db);
  const [first, second] = rows.map((row) => row.id);
  await sql`
    INSERT INTO watchlist_settings (agency_id, digest_address)
    VALUES (${first}, 'jgk@example.gov.cn'), (${second}, NULL)`.execute(db);
  await sql`
    INSERT INTO watchlist_digests (agency_id, digest_date, alert_count, subject, body, mailed_to, mailed_at)
    VALUES (${first}, '2026-12-06', 1, '预警日报', '正文', 'jgk@example.gov.cn', now()),
      (${second}, '2026-12-06', 1, '预警日报', '正文', NULL, NULL)`.execute(db);

  // Without the key nothing moves, and the migration says why.
  await expect(migrateToLatest(db, migrations)).rejects.toThrow(/DATA_ENCRYPTION_KEY.*2 个预警日报邮箱/);
  expect(await columns('watchlist_settings')).toContain('digest_address');

  expect(await migrateToLatest(db, migrations, { dataKey: TEST_DATA_KEY })).toContain(MIGRATION);
  expect(await columns('watchlist_settings')).not.toContain('digest_address');
  expect(await columns('watchlist_settings')).toContain('digest_address_cipher');
  expect(await columns('watchlist_digests')).not.toContain('mailed_to');
  const settings = await sql<{ agencyId: string; cipher: Buffer | null }>`
    SELECT agency_id, digest_address_cipher AS cipher FROM watchlist_settings ORDER BY agency_id`.execute(db);
  expect(settings.rows.map((row) => (row.cipher ? sm4Decrypt(TEST_DATA_KEY, Buffer.from(row.cipher)) : null))).toEqual([
    'jgk@example.gov.cn',
    null,
  ]);
  const digests = await sql<{ cipher: Buffer | null }>`
    SELECT mailed_to_cipher AS cipher FROM watchlist_digests ORDER BY agency_id`.execute(db);
  expect(digests.rows.map((row) => (row.cipher ? sm4Decrypt(TEST_DATA_KEY, Buffer.from(row.cipher)) : null))).toEqual([
    'jgk@example.gov.cn',
    null,
  ]);
});
