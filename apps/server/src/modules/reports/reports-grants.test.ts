import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl } from '../../../test/database-url';
import { migrations } from '../../db/migrations';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../platform/database';

/** The application role of a two-role deployment (docs/deployment.md). */
const APP_ROLE = 'gzcredit_app';
const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('PostgreSQL grants of issued credit reports (two roles)', () => {
  const name = `gzcredit_reports_${randomBytes(6).toString('hex')}`;
  let application: DatabaseHandle;
  let owner: DatabaseHandle;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Other test files may create the role at the same moment.
      await admin.query(`DO $$ BEGIN
        CREATE ROLE ${APP_ROLE} LOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
      await admin.query(`ALTER ROLE ${APP_ROLE} LOGIN`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
    } finally {
      await admin.end();
    }
    owner = await openDatabase({ url: databaseUrl(url!, name) });
    await migrateToLatest(owner.db, migrations);
    const asApplication = new URL(databaseUrl(url!, name));
    asApplication.username = APP_ROLE;
    asApplication.password = '';
    application = await openDatabase({ url: asApplication.toString() });
  });

  afterAll(async () => {
    await application?.close();
    await owner?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('lets the application role store and read reports but not rewrite or delete one', async () => {
    await application.db
      .insertInto('creditReports')
      .values({
        reportNo: 'GZXY20261201ABCDEFGHJK',
        creditCode: '91520102MAJ0KMNA90',
        entityName: '贵州测试科技有限公司',
        issuedAt: new Date(),
        digest: 'a'.repeat(64),
        sectionCounts: '[]',
        requestedIp: '127.0.0.1',
      })
      .execute();
    const stored = await application.db.selectFrom('creditReports').select('digest').executeTakeFirstOrThrow();
    expect(stored.digest).toBe('a'.repeat(64));
    await expect(sql`UPDATE credit_reports SET digest = ${'b'.repeat(64)}`.execute(application.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`DELETE FROM credit_reports`.execute(application.db)).rejects.toThrow(/permission denied/);
  });
});
