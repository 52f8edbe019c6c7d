import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { databaseUrl } from '../../../test/database-url';
import { consoleHeaders, createAccount, createAgency, openSession } from '../../../test/factories';
import { migrations } from '../../db/migrations';
import {
  AUDIT_WITNESS_FILE,
  AUDIT_WITNESS_HISTORY_FILE,
  readAuditWitness,
  recordAudit,
  verifyAuditChain,
  witnessAuditHead,
} from '../../platform/audit';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../platform/database';

const REPOSITORY_ROOT = resolve(import.meta.dirname, '../../../../..');

/**
 * A database the CLI can open from its own process, as an operator would: a PostgreSQL database named by DATABASE_URL
 * when TEST_DATABASE_URL is set, otherwise a PGlite directory under DATA_DIR. DATA_DIR also holds the witness of the
 * chain head on both engines.
 */
interface CliDatabase {
  env: Record<string, string>;
  dataDir: string;
  open(): Promise<DatabaseHandle>;
  remove(): Promise<void>;
}

let pgliteTemplate: Promise<string> | undefined;
/** Migrating an on-disk PGlite is slow: do it once per file and copy the closed directory for each case. */
function migratedPgliteTemplate(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'gzcredit-audit-template-')), 'pglite');
    const template = await openDatabase({ dataDir });
    await migrateToLatest(template.db, migrations);
    await template.close();
    return dataDir;
  })();
  return pgliteTemplate;
}

afterAll(async () => {
  if (pgliteTemplate) await rm(resolve(await pgliteTemplate, '..'), { recursive: true, force: true });
});

async function createCliDatabase(): Promise<CliDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-audit-'));
  if (url && template) {
    const name = `gzcredit_cli_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    return {
      env: { DATABASE_URL: databaseUrl(url, name), DATA_DIR: dataDir },
      dataDir,
      open: () => openDatabase({ url: databaseUrl(url, name) }),
      remove: async () => {
        const dropper = new pg.Client({ connectionString: url });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  await cp(await migratedPgliteTemplate(), join(dataDir, 'pglite'), { recursive: true });
  return {
    env: { DATA_DIR: dataDir },
    dataDir,
    open: () => openDatabase({ dataDir: join(dataDir, 'pglite') }),
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** `npm run audit:verify` as a child process (PGlite: only once the test has closed its own handle). */
function runAuditVerify(env: Record<string, string>, args: string[] = []) {
  const { DATABASE_URL: _url, DATA_DIR: _dir, DATABASE_MIGRATION_URL: _migration, ...inherited } = process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/audit-verify.ts', ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

async function appendRows(handle: DatabaseHandle, count: number): Promise<number[]> {
  for (let i = 1; i <= count; i++) {
    await recordAudit(handle.db, {
      username: `user${i}`,
      agencyId: 1,
      ip: '10.1.2.3',
      action: 'account.created',
      objectType: 'account',
      objectId: 100 + i,
      result: 'success',
      requestId: `request-${i}`,
      details: { index: i, note: '测试' },
    });
  }
  const { rows } = await sql<{ id: number }>`SELECT id FROM audit_log ORDER BY id`.execute(handle.db);
  return rows.map((row) => Number(row.id));
}

/** POST /api/console/audit/verify as an audit administrator, on the tampered database. */
async function verifyThroughApi(handle: DatabaseHandle) {
  const bureau = await createAgency(handle.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
  });
  const auditor = await createAccount(handle.db, { agencyId: Number(bureau.id), permissions: ['audit.admin'] });
  const session = await openSession(handle.db, auditor.id);
  const app = await createTestApp(handle);
  try {
    const response = await app.inject({
      method: 'POST',
      url: '/api/console/audit/verify',
      headers: consoleHeaders(session),
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  } finally {
    await app.close();
  }
}

let cliDatabase: CliDatabase | undefined;
let handle: DatabaseHandle | undefined;

afterEach(async () => {
  await handle?.close();
  await cliDatabase?.remove();
  handle = undefined;
  cliDatabase = undefined;
});

// Each case creates a database and starts the CLI as a child process: generous time on a loaded CI machine.
describe('tamper evidence of the audit chain (Rules Art. 14, 25)', { timeout: 240_000 }, () => {
  it('names the row whose content was edited in SQL, in the checker, the API and the CLI', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    const ids = await appendRows(handle, 5);
    expect(await verifyAuditChain(handle.db)).toEqual({ intact: true, checked: 5 });
    const edited = ids[2]!;
    await sql`UPDATE audit_log SET action = 'account.enabled' WHERE id = ${edited}`.execute(handle.db);

    const verification = await verifyAuditChain(handle.db);
    expect(verification).toEqual({
      intact: false,
      checked: 2,
      brokenRowId: edited,
      problem: 'altered-row',
      reason: 'the row content does not match its hash (row altered)',
    });
    expect(await verifyThroughApi(handle)).toEqual(verification);
    await handle.close();
    handle = undefined;

    const cli = runAuditVerify(cliDatabase.env);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(
      `audit chain BROKEN at row ${edited}: the row content does not match its hash (row altered)`,
    );
    expect(cli.stdout).toContain(`审计日志哈希链在编号 ${edited} 的记录处断裂`);
    expect(cli.status).toBe(1);
  });

  it('names the row after a deleted middle row as a broken link, in the checker, the API and the CLI', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    const ids = await appendRows(handle, 5);
    await sql`DELETE FROM audit_log WHERE id = ${ids[2]!}`.execute(handle.db);

    const verification = await verifyAuditChain(handle.db);
    expect(verification).toMatchObject({ intact: false, checked: 2, brokenRowId: ids[3], problem: 'broken-link' });
    if (verification.intact) throw new Error('unreachable');
    expect(verification.reason).toMatch(/chain link broken/);
    expect(await verifyThroughApi(handle)).toEqual(verification);
    await handle.close();
    handle = undefined;

    const cli = runAuditVerify(cliDatabase.env);
    expect(cli.stdout).toContain(`audit chain BROKEN at row ${ids[3]}: ${verification.reason}`);
    expect(cli.stdout).toContain(`审计日志哈希链在编号 ${ids[3]} 的记录处断裂：与前一行的链接断裂`);
    expect(cli.status).toBe(1);
  });

  it('reports an intact chain with its row count and exits 0', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    await appendRows(handle, 3);
    await handle.close();
    handle = undefined;

    const cli = runAuditVerify(cliDatabase.env);
    expect(cli.stdout).toContain('audit chain intact: 3 rows checked');
    expect(cli.stdout).toContain('审计日志哈希链完整：已核验 3 行');
    expect(cli.stdout).toContain(`no witness at ${join(cliDatabase.dataDir, AUDIT_WITNESS_FILE)}`);
    expect(cli.status).toBe(0);

    handle = await cliDatabase.open();
    const witness = await witnessAuditHead(handle.db, cliDatabase.dataDir);
    await appendRows(handle, 1);
    await handle.close();
    handle = undefined;
    const witnessed = runAuditVerify(cliDatabase.env);
    expect(witnessed.stdout).toContain('audit chain intact: 4 rows checked');
    expect(witnessed.stdout).toContain(
      `matches the witness of ${witness.witnessedAt} (3 rows up to row ${witness.lastId})`,
    );
    expect(witnessed.status).toBe(0);
  });

  it('reports the 5 newest rows deleted after a witness as missing, in the checker and the CLI', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    const ids = await appendRows(handle, 12);
    const witness = await witnessAuditHead(handle.db, cliDatabase.dataDir);
    expect(witness).toMatchObject({ lastId: ids[11], rows: 12 });
    await sql`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 5)`.execute(handle.db);

    // What is left still chains: only the witness shows that rows are gone.
    expect(await verifyAuditChain(handle.db)).toEqual({ intact: true, checked: 7 });
    const reason = `5 rows missing after row ${ids[6]} (the witness of ${witness.witnessedAt} saw 12 rows up to row ${ids[11]})`;
    expect(await verifyAuditChain(handle.db, { witness })).toEqual({
      intact: false,
      checked: 7,
      brokenRowId: ids[6],
      problem: 'rows-missing',
      reason,
    });
    // Rows appended after the deletion chain onto what was left, and do not hide it.
    await appendRows(handle, 2);
    expect(await verifyAuditChain(handle.db, { witness })).toMatchObject({
      intact: false,
      checked: 9,
      brokenRowId: ids[6],
      problem: 'rows-missing',
      reason,
    });
    await handle.close();
    handle = undefined;

    const cli = runAuditVerify(cliDatabase.env);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`audit chain BROKEN: ${reason}`);
    expect(cli.stdout).toContain(`审计日志哈希链不完整：编号 ${ids[6]} 的记录之后的记录缺失`);
    expect(cli.status).toBe(1);
  });

  it('reports every witnessed row missing after the whole trail was deleted', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    const ids = await appendRows(handle, 3);
    const witness = await witnessAuditHead(handle.db, cliDatabase.dataDir);
    await sql`TRUNCATE audit_log`.execute(handle.db);
    expect(await verifyAuditChain(handle.db, { witness })).toMatchObject({
      intact: false,
      checked: 0,
      brokenRowId: 0,
      problem: 'rows-missing',
    });
    await handle.close();
    handle = undefined;

    const cli = runAuditVerify(cliDatabase.env);
    expect(cli.stdout).toContain(
      `audit chain BROKEN: 3 rows missing after row 0 (the witness of ${witness.witnessedAt}`,
    );
    expect(cli.stdout).toContain(`saw 3 rows up to row ${ids[2]})`);
    expect(cli.status).toBe(1);
  });

  it('names a chain rebuilt under the witnessed row as not the row witnessed', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    const ids = await appendRows(handle, 3);
    const witness = await witnessAuditHead(handle.db, cliDatabase.dataDir);
    // A chain recomputed from the start keeps every link valid; only the witnessed hash tells it apart.
    expect(await verifyAuditChain(handle.db, { witness: { ...witness, hash: 'a'.repeat(64) } })).toMatchObject({
      intact: false,
      checked: 3,
      brokenRowId: ids[2],
      problem: 'witness-mismatch',
    });
  });

  it('keeps the latest witness in DATA_DIR atomically with a history, and refuses to move it past missing rows', async () => {
    cliDatabase = await createCliDatabase();
    handle = await cliDatabase.open();
    const { dataDir } = cliDatabase;
    const first = await witnessAuditHead(handle.db, dataDir);
    expect(first).toMatchObject({ lastId: 0, rows: 0, hash: '0'.repeat(64) });
    const ids = await appendRows(handle, 2);
    const second = await witnessAuditHead(handle.db, dataDir);
    expect(second).toMatchObject({ lastId: ids[1], rows: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await readAuditWitness(dataDir)).toEqual(second);
    expect(JSON.parse(await readFile(join(dataDir, AUDIT_WITNESS_FILE), 'utf8'))).toEqual(second);
    const history = (await readFile(join(dataDir, AUDIT_WITNESS_HISTORY_FILE), 'utf8')).trim().split('\n');
    expect(history.map((line) => JSON.parse(line))).toEqual([first, second]);
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Had the next witness recorded the head after the deletion, the verifier would compare with it and see nothing.
    await sql`DELETE FROM audit_log WHERE id = ${ids[1]!}`.execute(handle.db);
    await expect(witnessAuditHead(handle.db, dataDir)).rejects.toThrow(
      `audit row ${ids[1]} witnessed at ${second.witnessedAt} is missing or altered`,
    );
    expect(await readAuditWitness(dataDir)).toEqual(second);
    await handle.close();
    handle = undefined;
    const cli = runAuditVerify(cliDatabase.env);
    expect(cli.stdout).toContain(`1 rows missing after row ${ids[0]}`);
    expect(cli.status).toBe(1);
  });

  it('refuses a witness file that is not one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-witness-'));
    try {
      await writeFile(join(dataDir, AUDIT_WITNESS_FILE), JSON.stringify({ lastId: -1 }));
      await expect(readAuditWitness(dataDir)).rejects.toThrow(
        `${join(dataDir, AUDIT_WITNESS_FILE)} is not an audit witness`,
      );
      expect(await readAuditWitness(join(dataDir, 'nowhere'))).toBeUndefined();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a usage error and explains itself with --help', () => {
    const wrong = runAuditVerify({ DATA_DIR: '/nonexistent' }, ['--fix']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('Unknown argument');
    const help = runAuditVerify({}, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('stop the server first');
    const missing = runAuditVerify({ DATA_DIR: '/nonexistent/gzcredit' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No database at /nonexistent/gzcredit/pglite');
  });
});
