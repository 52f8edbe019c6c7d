import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config } from '../config';

/**
 * The SM4 key for personal data at rest: DATA_ENCRYPTION_KEY, or a key generated once into DATA_DIR (owner-only).
 * Several app nodes must share the key, so a multi-node deployment sets the variable (docs/deployment.md).
 */
export async function loadDataEncryptionKey(config: Config): Promise<Buffer> {
  if (config.DATA_ENCRYPTION_KEY) return Buffer.from(config.DATA_ENCRYPTION_KEY, 'hex');
  const directory = resolve(config.DATA_DIR, 'secrets');
  const file = resolve(directory, 'data-encryption.key');
  if (existsSync(file)) return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const key = randomBytes(16);
  await writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return key;
}
