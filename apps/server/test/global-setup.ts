import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrations } from '../src/db/migrations';
import { seedCatalogue } from '../src/modules/catalogue';
import { seedMeasures } from '../src/modules/checks';
import { assertChineseCapableDatabase, migrateToLatest, openDatabase } from '../src/platform/database';
import { databaseUrl } from './database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PostgreSQL database that each test file copies (CREATE DATABASE … TEMPLATE), when TEST_DATABASE_URL is set. */
    postgresTemplate: string | null;
  }
}

/** On PostgreSQL, migrate once into a template database; each test file gets its own copy of it. */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('postgresTemplate', null);
    return;
  }
  const template = `gzcredit_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  const database = await openDatabase({ url: databaseUrl(url, template) });
  await assertChineseCapableDatabase(database.db);
  await migrateToLatest(database.db, migrations);
  await seedCatalogue(database.db);
  await seedMeasures(database.db);
  await database.close();
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
