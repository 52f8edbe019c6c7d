import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { migrations } from '../db/migrations';
import { seedCatalogue } from '../modules/catalogue';
import { migrateToLatest, openDatabase } from '../platform/database';

const HELP = `Usage: npm run openapi -- <file>
用法：npm run openapi -- <文件>

Writes the OpenAPI document that GET /api/docs/json serves, with the field dictionary of the catalogue shipped with
the platform (the 2015 edition), to <file>: for generating a client without a running server, and for the lint
(npm run lint:openapi). A running platform serves the dictionary of its own current catalogue at /api/docs/json.
将 GET /api/docs/json 提供的 OpenAPI 文档（字段字典取平台自带的 2015 版征集目录）写入 <文件>，供离线生成客户端和
npm run lint:openapi 使用；运行中的平台在 /api/docs/json 提供其现行目录的字段字典。`;

/** The document as served, from the real app on an empty in-memory database. */
async function main(argv: string[]): Promise<number> {
  const [file] = argv;
  if (!file || file === '--help' || file === '-h') {
    console.log(HELP);
    return file ? 0 : 2;
  }
  const database = await openDatabase({});
  try {
    await migrateToLatest(database.db, migrations);
    await seedCatalogue(database.db);
    const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    const app = await buildApp({ config, database, dataKey: Buffer.alloc(16), webRoot: '/nonexistent' });
    try {
      const response = await app.inject('/api/docs/json');
      if (response.statusCode !== 200) throw new Error(`GET /api/docs/json answered ${response.statusCode}`);
      await mkdir(dirname(resolve(file)), { recursive: true });
      await writeFile(file, `${JSON.stringify(response.json(), null, 2)}\n`);
      console.log(`OpenAPI document written to ${file} (${Object.keys(response.json().paths).length} paths)`);
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`openapi failed 生成失败: ${String(error)}`);
    process.exit(1);
  },
);
