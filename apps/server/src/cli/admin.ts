import { ConfigError, loadConfig } from '../config';
import { migrations } from '../db/migrations';
import { resetSecondFactor, unlockSignIn } from '../modules/accounts';
import { recordAudit } from '../platform/audit';
import { assertChineseCapableDatabase, DatabaseEncodingError, migrateToLatest } from '../platform/database';
import { AppError } from '../platform/errors';
import { loadDataEncryptionKey } from '../platform/secrets';
import { openServerDatabase, shellOperator, UsageError } from './shell';

const HELP = `Usage: npm run admin -- <command>
用法：npm run admin -- <命令>

  reset-totp <username>   removes the account's second factor and ends its sessions: it signs in with its password
                          and binds a new authenticator (the way back when the only administrator lost theirs)
                          清除该账户的动态口令（第二因素）并结束其全部会话：凭密码登录后重新绑定
  unlock <username>       lifts the sign-in locks of the user name on every network
                          解除该用户名在所有网络上的登录锁定
  migrate                 runs the database migrations only (through DATABASE_MIGRATION_URL when it is set)
                          只执行数据库迁移（设置了 DATABASE_MIGRATION_URL 时以其身份执行）

Each command writes an audit row (user cli, with the operating-system user and host).
每个命令都写入一条审计日志（操作人 cli，并记录操作系统用户与主机名）。
The database is the server's: DATABASE_URL, or else the embedded PGlite in DATA_DIR/pglite (stop the server first).
数据库与服务器相同：DATABASE_URL，否则为 DATA_DIR/pglite 中的内嵌数据库（须先停止服务器）。

Exit status / 退出码: 0 done 完成, 1 refused 被拒绝 (e.g. no such account 无此账户), 2 usage or database error 用法或数据库错误.`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  const expected = command === 'migrate' ? 0 : 1;
  if (!['reset-totp', 'unlock', 'migrate'].includes(command) || rest.length !== expected) {
    throw new UsageError(`未知命令或参数个数不对 (unknown command or wrong arguments): ${argv.join(' ')}\n\n${HELP}`);
  }
  const config = loadConfig();
  const operator = shellOperator();
  if (command === 'migrate') {
    const database = await openServerDatabase(config, config.DATABASE_URL && config.DATABASE_MIGRATION_URL);
    try {
      if (database.engine === 'postgres') await assertChineseCapableDatabase(database.db);
      // The key, when the server would have one: a migration that encrypts existing values needs it (0028).
      const dataKey =
        config.DATA_ENCRYPTION_KEY || !config.DATABASE_URL ? await loadDataEncryptionKey(config) : undefined;
      const applied = await migrateToLatest(database.db, migrations, { dataKey });
      await recordAudit(database.db, {
        username: 'cli',
        action: 'platform.migrated',
        result: 'success',
        details: { ...operator, migrations: applied },
      });
      console.log(
        applied.length === 0
          ? '数据库已是最新，无需迁移 (no migrations to run)'
          : `已执行 ${applied.length} 个迁移 (migrations run):\n${applied.map((name) => `  ${name}`).join('\n')}`,
      );
      return 0;
    } finally {
      await database.close();
    }
  }
  const username = rest[0] as string;
  const database = await openServerDatabase(config);
  try {
    if (command === 'reset-totp') {
      await resetSecondFactor(database.db, username, operator);
      console.log(
        `已清除账户 ${username} 的动态口令并结束其全部会话：凭密码登录后须重新绑定身份验证器。\n` +
          `(second factor of ${username} removed and its sessions ended: it signs in with its password, then binds a new authenticator)`,
      );
    } else {
      const { counters, disabled } = await unlockSignIn(database.db, username, operator);
      console.log(`已解除用户名 ${username} 的登录锁定（清除 ${counters} 个计数）(sign-in locks lifted)`);
      if (disabled) {
        console.log(
          '注意：该账户已被停用，须由管理员在控制台启用 (note: the account is disabled; enable it in the console)',
        );
      }
    }
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError) {
      console.error(error.message);
      process.exit(1);
    }
    const known = error instanceof UsageError || error instanceof ConfigError || error instanceof DatabaseEncodingError;
    console.error(known ? (error as Error).message : `admin failed 执行失败: ${String(error)}`);
    process.exit(2);
  },
);
