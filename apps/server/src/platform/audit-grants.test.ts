import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl } from '../../test/database-url';
import { createEnterprise } from '../../test/factories';
import { migrations } from '../db/migrations';
import { recordAudit, verifyAuditChain, witnessAuditHead } from './audit';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './database';

/** The application role of a two-role deployment (docs/deployment.md); migration 0003 grants to it. */
const APP_ROLE = 'gzcredit_app';
const url = process.env.TEST_DATABASE_URL;

function asRole(base: string, role: string): string {
  const parsed = new URL(base);
  parsed.username = role;
  parsed.password = '';
  return parsed.toString();
}

describe.runIf(url)('PostgreSQL grants of the audit trail (two roles)', () => {
  const name = `gzcredit_grants_${randomBytes(6).toString('hex')}`;
  let owner: DatabaseHandle;
  let application: DatabaseHandle;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // The test connects as the role, so it needs LOGIN here (trust authentication on 127.0.0.1 in CI).
      await admin.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
      END $$`);
      await admin.query(`ALTER ROLE ${APP_ROLE} LOGIN`);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
    } finally {
      await admin.end();
    }
    owner = await openDatabase({ url: databaseUrl(url!, name) });
    await migrateToLatest(owner.db, migrations);
    application = await openDatabase({ url: asRole(databaseUrl(url!, name), APP_ROLE) });
  });

  afterAll(async () => {
    await application?.close();
    await owner?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('connects as the application role, not as the owner', async () => {
    const { rows } = await sql<{ user: string }>`SELECT current_user AS user`.execute(application.db);
    expect(rows[0]?.user).toBe(APP_ROLE);
  });

  it('lets the application role append and read audit rows', async () => {
    await recordAudit(application.db, { action: 'account.created', result: 'success', username: 'zhangsan' });
    await recordAudit(application.db, { action: 'account.disabled', result: 'success', username: 'zhangsan' });
    expect(await verifyAuditChain(application.db)).toEqual({ intact: true, checked: 2 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows to the application role', async () => {
    await expect(sql`UPDATE audit_log SET action = 'account.enabled'`.execute(application.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(application.db)).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_log`.execute(application.db)).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(owner.db)).toMatchObject({ intact: true, checked: 2 });
  });

  it('reports the newest rows the owner deleted, from the witness the application role wrote', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-grants-witness-'));
    try {
      for (let i = 0; i < 5; i++) await recordAudit(application.db, { action: 'account.created', result: 'success' });
      const witness = await witnessAuditHead(application.db, dataDir);
      expect(witness.rows).toBe(7);
      await sql`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 5)`.execute(
        owner.db,
      );
      expect(await verifyAuditChain(application.db)).toEqual({ intact: true, checked: 2 });
      expect(await verifyAuditChain(application.db, { witness })).toMatchObject({
        intact: false,
        checked: 2,
        problem: 'rows-missing',
        reason: expect.stringMatching(/^5 rows missing after row \d+ /),
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('lets the application role insert, update and delete in the other tables', async () => {
    const enterprise = await createEnterprise(application.db);
    await sql`UPDATE enterprises SET address = '贵州省贵阳市观山湖区' WHERE credit_code = ${enterprise.creditCode}`.execute(
      application.db,
    );
    const agency = await application.db
      .insertInto('agencies')
      .values({ name: '贵阳市市场监督管理局', regionCode: '520100', level: 'prefecture', kind: 'market_regulation' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await application.db.deleteFrom('agencies').where('id', '=', agency.id).execute();
  });

  it('covers tables that later migrations create as the owner (default privileges)', async () => {
    await sql`CREATE TABLE later_feature (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)`.execute(
      owner.db,
    );
    await sql`INSERT INTO later_feature (note) VALUES ('x')`.execute(application.db);
    await sql`UPDATE later_feature SET note = 'y'`.execute(application.db);
    await expect(sql`DROP TABLE later_feature`.execute(application.db)).rejects.toThrow(/must be owner/);
  });

  it('cannot change the schema: migrations need the owner role', async () => {
    await expect(sql`CREATE TABLE sneaky (id int)`.execute(application.db)).rejects.toThrow(/permission denied/);
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(application.db)).rejects.toThrow(
      /must be owner/,
    );
  });
});
