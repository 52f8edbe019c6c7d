import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { migrations } from '../src/db/migrations';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/platform/database';
import { databaseUrl } from './database-url';

/**
 * An isolated, migrated database for one test file, a copy of the template global-setup.ts migrated: an in-memory
 * PGlite opened from its snapshot, or a database created from it on PostgreSQL when TEST_DATABASE_URL is set (with its
 * `url`). `close()` drops it.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (!url || !template) return openDatabase({ snapshot: new Blob([await readFile(inject('pgliteTemplate')!)]) });
  const name = `gzcredit_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: databaseUrl(url, name) });
  return {
    ...database,
    url: databaseUrl(url, name),
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * An empty, unmigrated database on the engine under test, for the tests of one migration: an in-memory PGlite, or a
 * fresh PostgreSQL database from template0 when TEST_DATABASE_URL is set. `close()` drops it.
 */
async function createEmptyDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({});
  const name = `gzcredit_migration_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: databaseUrl(url, name) });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** An empty database migrated up to, not including, `migration`: the state a migration's test fills before running it. */
export async function createDatabaseBefore(migration: string): Promise<DatabaseHandle> {
  const database = await createEmptyDatabase();
  await migrateToLatest(database.db, Object.fromEntries(Object.entries(migrations).filter(([key]) => key < migration)));
  return database;
}
