import { type Kysely, type Migration, sql } from 'kysely';
import { sm4Decrypt, sm4Encrypt } from '../../platform/crypto';
import type { MigrationContext } from '../../platform/database';

/** Values to move need the data key: a migration run without it (and with values to move) stops, saying so. */
function requireKey(context: MigrationContext, count: number): Buffer {
  if (context.dataKey) return context.dataKey;
  throw new Error(
    `迁移 2026-12-07T0028 须用个人信息加密密钥（DATA_ENCRYPTION_KEY）加密 ${count} 个预警日报邮箱，请以服务器的配置运行迁移 ` +
      `(the migration encrypts ${count} digest mail addresses: run it with the server's DATA_ENCRYPTION_KEY)`,
  );
}

/**
 * The watch-list digest's mailbox (an agency's, often a person's) is stored SM4-encrypted like the other personal data
 * (SPEC §3; Rules Art. 24): `watchlist_settings.digest_address` becomes `digest_address_cipher` and the mailbox each
 * digest went to, `watchlist_digests.mailed_to`, becomes `mailed_to_cipher`; the values there are moved, encrypted
 * with the data key the migration is run with, and the plaintext columns dropped.
 */
export function digestAddressCipher(context: MigrationContext): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE watchlist_settings ADD COLUMN digest_address_cipher bytea`.execute(db);
      await sql`ALTER TABLE watchlist_digests ADD COLUMN mailed_to_cipher bytea`.execute(db);
      const settings = await sql<{ agencyId: string; value: string }>`
        SELECT agency_id, digest_address AS value FROM watchlist_settings WHERE digest_address IS NOT NULL`.execute(db);
      const digests = await sql<{ id: string; value: string }>`
        SELECT id, mailed_to AS value FROM watchlist_digests WHERE mailed_to IS NOT NULL`.execute(db);
      const count = settings.rows.length + digests.rows.length;
      if (count > 0) {
        const key = requireKey(context, count);
        for (const row of settings.rows)
          await sql`UPDATE watchlist_settings SET digest_address_cipher = ${sm4Encrypt(key, row.value)}
            WHERE agency_id = ${row.agencyId}`.execute(db);
        for (const row of digests.rows)
          await sql`UPDATE watchlist_digests SET mailed_to_cipher = ${sm4Encrypt(key, row.value)}
            WHERE id = ${row.id}`.execute(db);
      }
      await sql`ALTER TABLE watchlist_settings DROP COLUMN digest_address`.execute(db);
      await sql`ALTER TABLE watchlist_digests DROP COLUMN mailed_to`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE watchlist_settings ADD COLUMN digest_address text`.execute(db);
      await sql`ALTER TABLE watchlist_digests ADD COLUMN mailed_to text`.execute(db);
      const settings = await sql<{ agencyId: string; value: Buffer }>`
        SELECT agency_id, digest_address_cipher AS value FROM watchlist_settings
        WHERE digest_address_cipher IS NOT NULL`.execute(db);
      const digests = await sql<{ id: string; value: Buffer }>`
        SELECT id, mailed_to_cipher AS value FROM watchlist_digests WHERE mailed_to_cipher IS NOT NULL`.execute(db);
      const count = settings.rows.length + digests.rows.length;
      if (count > 0) {
        const key = requireKey(context, count);
        for (const row of settings.rows)
          await sql`UPDATE watchlist_settings SET digest_address = ${sm4Decrypt(key, Buffer.from(row.value))}
            WHERE agency_id = ${row.agencyId}`.execute(db);
        for (const row of digests.rows)
          await sql`UPDATE watchlist_digests SET mailed_to = ${sm4Decrypt(key, Buffer.from(row.value))}
            WHERE id = ${row.id}`.execute(db);
      }
      await sql`ALTER TABLE watchlist_settings DROP COLUMN digest_address_cipher`.execute(db);
      await sql`ALTER TABLE watchlist_digests DROP COLUMN mailed_to_cipher`.execute(db);
    },
  };
}
