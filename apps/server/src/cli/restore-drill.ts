import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config';
import { type AuditWitness, GENESIS_HASH, verifyAuditChain } from '../platform/audit';
import { type Db, openDatabase } from '../platform/database';

const run = promisify(execFile);

const HELP = `Usage: npm run restore-drill [-- --target <database name>] [--keep]
用法：npm run restore-drill [-- --target <数据库名>] [--keep]

Backup restore drill (docs/deployment.md#backups): dumps the database of DATABASE_URL with pg_dump (custom format, from
one snapshot), restores the dump with pg_restore into a fresh database on the same server (default: <name>_restore_drill,
dropped first if it exists), then checks that every table holds as many rows as the source did in the dump's snapshot
and that the restored audit trail's SM3 hash chain is intact and ends where the source's did.
备份恢复演练：以 pg_dump 从同一快照导出 DATABASE_URL 的数据库，用 pg_restore 恢复到同一服务器上的新数据库（默认
<库名>_restore_drill，已存在则先删除），核对每张表的行数与导出快照中的源库一致，并核验恢复后的审计日志哈希链完整、
链头与源库一致。

--keep   keep the restored database (otherwise it is dropped at the end) 保留恢复出的数据库（默认演练结束后删除）
Needs pg_dump and pg_restore (the server's major version or newer) on PATH, and a role that may create databases.
需要 PATH 中有 pg_dump 和 pg_restore（主版本不低于服务器），连接角色须能创建数据库。

Exit status / 退出码: 0 restored and checked 恢复并核对一致, 1 a difference 不一致, 2 usage or database error 用法或数据库错误.`;

interface Snapshot {
  counts: Map<string, number>;
  auditHead: AuditWitness;
}

/** Every table of the public schema with its exact row count, and the audit chain's head, as `db` sees them. */
async function readSnapshot(db: Db | pg.PoolClient): Promise<Snapshot> {
  const query = async <Row>(text: string): Promise<Row[]> =>
    'query' in db ? (await db.query(text)).rows : (await sql.raw<Row>(text).execute(db)).rows;
  const tables = await query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await query<{ n: string | number }>(
      `SELECT count(*) AS n FROM public."${name.replaceAll('"', '""')}"`,
    );
    counts.set(name, Number(row!.n));
  }
  const [head] = await query<{ id: string | number | null; hash: string | null; n: string | number }>(
    'SELECT (SELECT max(id) FROM audit_log) AS id, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS hash, ' +
      '(SELECT count(*) FROM audit_log) AS n',
  );
  return {
    counts,
    auditHead: {
      witnessedAt: new Date().toISOString(),
      lastId: Number(head!.id ?? 0),
      rows: Number(head!.n),
      hash: head!.hash ?? GENESIS_HASH,
    },
  };
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

async function main(argv: string[]): Promise<number> {
  const { values: args } = parseArgs({
    args: argv,
    options: { target: { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    console.error(
      'The restore drill needs PostgreSQL: set DATABASE_URL.\n恢复演练须使用 PostgreSQL：请设置 DATABASE_URL。',
    );
    return 2;
  }
  const source = config.DATABASE_URL;
  const sourceName = decodeURIComponent(new URL(source).pathname.slice(1));
  const targetName = args.target ?? `${sourceName}_restore_drill`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(targetName) || targetName === sourceName) {
    console.error(`Bad target database name 目标数据库名无效: ${targetName}`);
    return 2;
  }
  const targetUrl = withDatabase(source, targetName);
  const work = await mkdtemp(join(tmpdir(), 'gzcredit-restore-drill-'));
  const dumpFile = join(work, `${sourceName}.dump`);
  const started = Date.now();
  const admin = new pg.Client({ connectionString: withDatabase(source, 'postgres') });
  await admin.connect();
  try {
    // The counts and the dump see the same snapshot, however busy the source is meanwhile.
    const sourcePool = new pg.Pool({ connectionString: source, max: 1 });
    const client = await sourcePool.connect();
    let expected: Snapshot;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
      expected = await readSnapshot(client);
      await run('pg_dump', ['--format=custom', `--snapshot=${rows[0]!.id}`, '--file', dumpFile, source]);
      await client.query('COMMIT');
    } finally {
      client.release();
      await sourcePool.end();
    }
    const dumpBytes = (await stat(dumpFile)).size;
    await admin.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${targetName} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', targetUrl, dumpFile]);
    const restored = await openDatabase({ url: targetUrl });
    let differences: string[];
    let chainSummary: string;
    try {
      const actual = await readSnapshot(restored.db);
      differences = [...new Set([...expected.counts.keys(), ...actual.counts.keys()])]
        .filter((table) => expected.counts.get(table) !== actual.counts.get(table))
        .map(
          (table) =>
            `${table}: source 源库 ${expected.counts.get(table) ?? '—'}, restored 恢复后 ${actual.counts.get(table) ?? '—'}`,
        );
      const chain = await verifyAuditChain(restored.db, { witness: expected.auditHead });
      if (!chain.intact) differences.push(`audit_log 审计日志: row 编号 ${chain.brokenRowId}: ${chain.reason}`);
      chainSummary = chain.intact
        ? `audit chain intact, ${chain.checked} rows, ending at row ${expected.auditHead.lastId} as in the source`
        : 'audit chain BROKEN';
    } finally {
      await restored.close();
      if (!args.keep) await admin.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
    }
    const rows = [...expected.counts.values()].reduce((sum, n) => sum + n, 0);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (differences.length > 0) {
      console.log(`restore drill FAILED: ${differences.length} differences`);
      console.log(`恢复演练不一致（${differences.length} 处）：`);
      for (const difference of differences) console.log(`  ${difference}`);
      return 1;
    }
    console.log(
      `restore drill passed: ${expected.counts.size} tables, ${rows} rows, dump ${dumpBytes} bytes, restored into ` +
        `${targetName}${args.keep ? ' (kept)' : ' (dropped)'} in ${seconds} s; ${chainSummary}`,
    );
    console.log(
      `恢复演练通过：${expected.counts.size} 张表共 ${rows} 行与源库一致，审计日志哈希链完整（${expected.auditHead.rows} 行），用时 ${seconds} 秒`,
    );
    return 0;
  } finally {
    await admin.end();
    await rm(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `restore drill failed 恢复演练失败: ${String(error)}`);
    process.exit(2);
  },
);
