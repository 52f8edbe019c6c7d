import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrations } from '../src/db/migrations';
import { seedCatalogue } from '../src/modules/catalogue';
import { seedMeasures } from '../src/modules/checks';
import {
  assertChineseCapableDatabase,
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
} from '../src/platform/database';
import { databaseUrl } from './database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PostgreSQL database that each test file copies (CREATE DATABASE … TEMPLATE), when TEST_DATABASE_URL is set. */
    postgresTemplate: string | null;
    /** Without TEST_DATABASE_URL: the file holding a migrated PGlite's snapshot, which each test file opens in memory. */
    pgliteTemplate: string | null;
  }
}

/** Migrate once into a template (a PostgreSQL database, or a PGlite snapshot); each test file gets its own copy of it. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({});
    await prepareTemplate(database);
    const file = join(tmpdir(), `gzcredit-pglite-template-${process.pid}.tar`);
    await writeFile(file, Buffer.from(await (await database.snapshot!()).arrayBuffer()));
    await database.close();
    project.provide('postgresTemplate', null);
    project.provide('pgliteTemplate', file);
    return () => rm(file, { force: true });
  }
  project.provide('pgliteTemplate', null);
  const template = `gzcredit_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  const database = await openDatabase({ url: databaseUrl(url, template) });
  await assertChineseCapableDatabase(database.db);
  await prepareTemplate(database);
  await database.close();
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}

async function prepareTemplate(database: DatabaseHandle): Promise<void> {
  await migrateToLatest(database.db, migrations);
  await seedCatalogue(database.db);
  await seedMeasures(database.db);
}
