import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { GENERATED_KEY_FILE, loadDataEncryptionKey } from './secrets';

/** Issue 17 item 1: on PostgreSQL every node must share one key, so the start refuses to invent one. */

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-secrets-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const POSTGRES = 'postgres://gzcredit_app@db:5432/gzcredit';

describe('loadDataEncryptionKey', () => {
  it('refuses PostgreSQL without DATA_ENCRYPTION_KEY, saying how to generate one and where to keep it', async () => {
    const refusal = loadDataEncryptionKey(loadConfig({ DATABASE_URL: POSTGRES, DATA_DIR: dataDir }));
    await expect(refusal).rejects.toThrow(ConfigError);
    await expect(refusal).rejects.toThrow(/DATA_ENCRYPTION_KEY=（未设置）[\s\S]*openssl rand -hex 16[\s\S]*0600/);
  });

  it('points a PostgreSQL deployment at the key an earlier version generated in DATA_DIR', async () => {
    const own = join(dataDir, 'earlier');
    await mkdir(join(own, 'secrets'), { recursive: true });
    await writeFile(join(own, GENERATED_KEY_FILE), '00112233445566778899aabbccddeeff');
    await expect(loadDataEncryptionKey(loadConfig({ DATABASE_URL: POSTGRES, DATA_DIR: own }))).rejects.toThrow(
      `此前的版本曾在 ${join(own, GENERATED_KEY_FILE)} 生成密钥`,
    );
  });

  it('uses DATA_ENCRYPTION_KEY on either engine', async () => {
    const hex = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    for (const env of [{ DATABASE_URL: POSTGRES }, {}]) {
      const key = await loadDataEncryptionKey(loadConfig({ ...env, DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: hex }));
      expect(key.toString('hex')).toBe(hex);
    }
  });

  it('generates a key once into DATA_DIR on the embedded engine, readable by the owner only', async () => {
    const config = loadConfig({ DATA_DIR: join(dataDir, 'embedded') });
    const first = await loadDataEncryptionKey(config);
    const file = join(dataDir, 'embedded', GENERATED_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(first.toString('hex'));
    expect((await loadDataEncryptionKey(config)).equals(first)).toBe(true);
  });
});
