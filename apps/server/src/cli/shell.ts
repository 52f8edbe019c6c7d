import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Config } from '../config';
import type { ShellOperator } from '../modules/accounts';
import { type DatabaseHandle, openDatabase } from '../platform/database';

/** A refusal the command line explains by itself (exit status 2). */
export class UsageError extends Error {}

/** The person at the server's shell, for the audit rows of the maintenance commands (actor `cli`). */
export function shellOperator(): ShellOperator {
  return { osUser: userInfo().username, host: hostname() };
}

/**
 * The server's database: DATABASE_URL (PostgreSQL), or the embedded PGlite in DATA_DIR/pglite, which must exist
 * (opening a missing directory would create an empty database) and must not be open in a running server.
 */
export async function openServerDatabase(config: Config, url = config.DATABASE_URL): Promise<DatabaseHandle> {
  if (url) return openDatabase({ url });
  const dataDir = resolve(config.DATA_DIR, 'pglite');
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    throw new UsageError(
      `在 ${dataDir} 未找到数据库：请设置 DATA_DIR 或 DATABASE_URL。\n(no database at ${dataDir}: set DATA_DIR or DATABASE_URL)`,
    );
  }
  return openDatabase({ dataDir });
}
