import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { DatabaseHandle } from '../src/platform/database';

/** The real app on a test database, silent, answering through `inject`. */
export async function createTestApp(
  database: DatabaseHandle,
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  const app = await buildApp({ config, database, webRoot: '/nonexistent' });
  await app.ready();
  return app;
}
