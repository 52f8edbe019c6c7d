import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { DatabaseHandle } from '../src/platform/database';

export const TEST_DATA_KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** The real app on a test database, silent, answering through `inject`. */
export async function createTestApp(
  database: DatabaseHandle,
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  const app = await buildApp({ config, database, dataKey: TEST_DATA_KEY, webRoot: '/nonexistent' });
  await app.ready();
  return app;
}
