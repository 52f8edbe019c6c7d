import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database';
import { createAgency, createEnterprise } from '../../test/factories';
import { recordAudit } from '../platform/audit';
import type { DatabaseHandle } from '../platform/database';

/**
 * Issue 22 item 6: the backup restore drill (`npm run restore-drill`) dumps the database with pg_dump, restores it into
 * a fresh database with pg_restore and checks every table's count and the audit chain. PostgreSQL only (CI's
 * PostgreSQL stage).
 */

const run = promisify(execFile);
const repository = resolve(import.meta.dirname, '../../../..');
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let database: DatabaseHandle & { url?: string };

function restoreDrill(target: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url! };
  delete env.TEST_DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/restore-drill.ts', '--target', target], {
    cwd: repository,
    env,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout + error.stderr,
    }),
  );
}

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  const agency = await createAgency(database.db, { name: '贵州省市场监督管理局', kind: 'market_regulation' });
  for (let index = 0; index < 25; index++) {
    await createEnterprise(database.db, { name: `贵州恢复演练${index}号有限公司` });
    await recordAudit(database.db, {
      action: 'platform.bootstrapped',
      objectType: 'agency',
      objectId: Number(agency.id),
      agencyId: Number(agency.id),
      result: 'success',
      details: { drill: index },
    });
  }
});

afterAll(async () => {
  await database?.close();
});

describe.runIf(onPostgres)('restore drill (pg_dump → pg_restore → counts and audit chain)', () => {
  it('restores a dump into a fresh database with every count and the audit chain as in the source', async () => {
    const target = `restore_drill_${process.pid}`;
    const { code, stdout } = await restoreDrill(target);
    console.log(stdout.trim());
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/restore drill passed: \d+ tables, \d+ rows/);
    expect(stdout).toContain('恢复演练通过');
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_database WHERE datname = ${target}`.execute(database.db);
    expect(rows[0]!.n, 'the restored database is dropped without --keep').toBe(0);
  }, 120_000);

  it('reports a broken audit chain in what it restored (exit 1), naming the row', async () => {
    const { rows } = await sql<{ id: number }>`SELECT max(id)::int AS id FROM audit_log`.execute(database.db);
    const altered = rows[0]!.id - 3;
    await sql`UPDATE audit_log SET details = '{"drill":"altered"}'::jsonb WHERE id = ${altered}`.execute(database.db);
    const { code, stdout } = await restoreDrill(`restore_drill_broken_${process.pid}`);
    console.log(stdout.trim());
    expect(code, stdout).toBe(1);
    expect(stdout).toContain('恢复演练不一致');
    expect(stdout).toContain(`audit_log 审计日志`);
    expect(stdout).toContain(String(altered));
  }, 120_000);
});
