import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { KeyRotationError, rotateDataKey } from '../db/key-rotation';
import { GENERATED_KEY_FILE, readKeyFile } from '../platform/secrets';
import { openServerDatabase, shellOperator, UsageError } from './shell';

const HELP = `Usage: npm run rotate-key -- --to-key-file <file> [--from-key-file <file>] [--checkpoint <file>] [--batch-size <n>]
用法：npm run rotate-key -- --to-key-file <新密钥文件> [--from-key-file <原密钥文件>] [--checkpoint <文件>] [--batch-size <行数>]

Re-encrypts every SM4-encrypted column (identity-card numbers, mobiles, personal fields of records, TOTP and API
client secrets) from the old data key to the new one, in batches of --batch-size rows (default 500), each committed
on its own and recorded in the checkpoint file (default DATA_DIR/key-rotation.json). Stopped anywhere, the same
command resumes where it stopped. Stop every server node first; back up the database and both keys.
将所有 SM4 加密字段从原密钥重新加密为新密钥，分批提交并记录检查点；中断后以同一命令重新执行即从中断处继续。
执行前须停止所有服务器节点，并备份数据库和新旧两个密钥。

  --to-key-file     the new key: 32 hex digits (openssl rand -hex 16 > new.key)  新密钥（32 位十六进制数）
  --from-key-file   the old key; default DATA_ENCRYPTION_KEY, or DATA_DIR/${GENERATED_KEY_FILE} on the embedded engine
                    原密钥；默认取 DATA_ENCRYPTION_KEY，内嵌数据库时取 DATA_DIR/${GENERATED_KEY_FILE}

Afterwards start the servers with the new key: DATA_ENCRYPTION_KEY=<content of the new key file> (on the embedded
engine without DATA_ENCRYPTION_KEY: replace DATA_DIR/${GENERATED_KEY_FILE} with the new key file).
完成后以新密钥启动服务器：DATA_ENCRYPTION_KEY 设为新密钥（内嵌数据库未设置该变量时，用新密钥文件替换 DATA_DIR/${GENERATED_KEY_FILE}）。

Exit status / 退出码: 0 done 完成, 1 stopped, run again to resume 中断（重新执行即继续）, 2 usage error 用法错误.`;

async function oldKey(fromKeyFile: string | undefined, config: ReturnType<typeof loadConfig>): Promise<Buffer> {
  if (fromKeyFile) return readKeyFile(fromKeyFile);
  if (config.DATA_ENCRYPTION_KEY) return Buffer.from(config.DATA_ENCRYPTION_KEY, 'hex');
  const generated = resolve(config.DATA_DIR, GENERATED_KEY_FILE);
  if (!config.DATABASE_URL && existsSync(generated)) return readKeyFile(generated);
  throw new UsageError('请以 --from-key-file 或 DATA_ENCRYPTION_KEY 指定原密钥 (give the old key)');
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'to-key-file': { type: 'string' },
      'from-key-file': { type: 'string' },
      checkpoint: { type: 'string' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const batchSize = Number(values['batch-size'] ?? 500);
  if (!values['to-key-file'] || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(`须指定 --to-key-file，--batch-size 应为正整数\n\n${HELP}`);
  }
  const config = loadConfig();
  const from = await oldKey(values['from-key-file'], config);
  const to = await readKeyFile(values['to-key-file']);
  const checkpointFile = resolve(values.checkpoint ?? resolve(config.DATA_DIR, 'key-rotation.json'));
  const database = await openServerDatabase(config);
  try {
    const result = await rotateDataKey(database.db, {
      from,
      to,
      checkpointFile,
      batchSize,
      operator: shellOperator(),
      onBatch: ({ table, throughId, values: done }) => console.log(`${table} → id ${throughId}: ${done}`),
    });
    console.log(
      result.alreadyComplete
        ? `该轮换此前已完成（${result.values} 个值），未作修改 (already complete; nothing done)`
        : `已用新密钥重新加密 ${result.values} 个值 (values re-encrypted)。检查点 ${checkpointFile}\n` +
            '现在请以新密钥启动服务器 (now start the servers with the new key)',
    );
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof KeyRotationError) {
      console.error(
        `${error.message}\n已完成的批次记录在检查点中，重新执行即继续 (committed batches are in the checkpoint)`,
      );
      process.exit(1);
    }
    const usage =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    console.error(usage ? (error as Error).message : `rotate-key failed 轮换失败: ${String(error)}`);
    process.exit(usage ? 2 : 1);
  },
);
