import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import {
  AUDIT_WITNESS_FILE,
  type AuditChainProblem,
  type AuditVerification,
  readAuditWitness,
  verifyAuditChain,
} from '../platform/audit';
import { openDatabase } from '../platform/database';

const HELP = `Usage: npm run audit:verify
用法：npm run audit:verify

Checks the SM3 hash chain of the whole audit trail (audit_log) and names the first broken row; then compares the
chain with the latest witness of its head in DATA_DIR/${AUDIT_WITNESS_FILE} and names rows missing from its end.
核验审计日志（audit_log）的 SM3 哈希链，指出第一处断链的记录；再与 DATA_DIR/${AUDIT_WITNESS_FILE} 中最近一次记录的
链头比对，指出链尾缺失的记录。

The database is the server's: DATABASE_URL (PostgreSQL) or else the embedded PGlite in DATA_DIR/pglite.
数据库与服务器相同：设置 DATABASE_URL 时为 PostgreSQL，否则为 DATA_DIR/pglite 中的内嵌数据库。
With PGlite, stop the server first: an embedded database must not be opened by two processes at once.
使用内嵌数据库（PGlite）时须先停止服务器：内嵌数据库不能被两个进程同时打开。

Exit status / 退出码: 0 intact 完整, 1 broken 断链, 2 usage or database error 用法或数据库错误.`;

const PROBLEM_ZH: Record<AuditChainProblem, string> = {
  'broken-link': '与前一行的链接断裂（前一行被删除或篡改）',
  'altered-row': '本行内容与其哈希不符（本行被篡改）',
  'rows-missing': '之后的记录缺失（链尾记录被删除）',
  'witness-mismatch': '与链头见证记录不符（哈希链被重建）',
};

function printBroken(result: Extract<AuditVerification, { intact: false }>): void {
  if (result.problem === 'rows-missing') {
    console.log(`audit chain BROKEN: ${result.reason}`);
    console.log(`审计日志哈希链不完整：编号 ${result.brokenRowId} 的记录${PROBLEM_ZH[result.problem]}`);
    return;
  }
  console.log(`audit chain BROKEN at row ${result.brokenRowId}: ${result.reason}`);
  console.log(`审计日志哈希链在编号 ${result.brokenRowId} 的记录处断裂：${PROBLEM_ZH[result.problem]}`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  if (argv.length > 0) {
    console.error(`Unknown argument 未知参数: ${argv.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const config = loadConfig();
  let options: { url: string } | { dataDir: string };
  if (config.DATABASE_URL) {
    options = { url: config.DATABASE_URL };
  } else {
    const dataDir = resolve(config.DATA_DIR, 'pglite');
    // Opening a missing directory would create an empty database: refuse instead of reporting an empty chain.
    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
      console.error(
        `No database at ${dataDir}: set DATA_DIR or DATABASE_URL.\n在 ${dataDir} 未找到数据库：请设置 DATA_DIR 或 DATABASE_URL。`,
      );
      return 2;
    }
    options = { dataDir };
  }
  const witnessFile = resolve(config.DATA_DIR, AUDIT_WITNESS_FILE);
  const witness = await readAuditWitness(config.DATA_DIR);
  const database = await openDatabase(options);
  try {
    const result = await verifyAuditChain(database.db, witness ? { witness } : {});
    if (!result.intact) {
      printBroken(result);
      return 1;
    }
    console.log(`audit chain intact: ${result.checked} rows checked`);
    console.log(`审计日志哈希链完整：已核验 ${result.checked} 行`);
    if (witness) {
      console.log(`matches the witness of ${witness.witnessedAt} (${witness.rows} rows up to row ${witness.lastId})`);
      console.log(`与 ${witness.witnessedAt} 的链头见证记录一致（截至编号 ${witness.lastId} 共 ${witness.rows} 行）`);
    } else {
      console.log(`no witness at ${witnessFile}: rows deleted from the end of the chain cannot be detected`);
      console.log(`未找到链头见证记录 ${witnessFile}：无法发现链尾被删除的记录`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `audit:verify failed 核验失败: ${String(error)}`);
    process.exit(2);
  },
);
