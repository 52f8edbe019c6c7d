import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildCreditCode, organizationCodeCheckCharacter } from '@gzcredit/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database';
import { consoleHeaders, createAccount, createAgency, openSession, type TestSession } from '../test/factories';
import { penaltyRecord } from '../test/records';
import { type ServerProcess, startServerProcess } from '../test/server-process';
import { signatureOf } from './modules/exchange/signatures';
import { sm4Encrypt } from './platform/crypto';
import type { DatabaseHandle } from './platform/database';

/**
 * SPEC §6 reliability: the server process is killed with SIGKILL in the middle of an exchange-API batch and of an
 * upload, started again on the same database, and the client retries (the same Idempotency-Key; the same file):
 * every record is stored exactly once. Runs the real server (`node --import tsx src/main.ts`) as a child process on a
 * PostgreSQL database of its own (TEST_DATABASE_URL).
 *
 * PostgreSQL only: the embedded PGlite engine is not crash-safe. Killed in the middle of writes, its data directory
 * came back without committed rows or did not open at all (`RuntimeError: Aborted()`: the known PGlite limitation
 * electric-sql/pglite#327, #884), which is why production runs on PostgreSQL (docs/deployment.md).
 */

const DATA_KEY = randomBytes(16);
const SECRET = randomBytes(24).toString('hex');
const KEY_ID = `gz_crash_${randomBytes(4).toString('hex')}`;

let dataDir: string;
let databaseUrl: string | undefined;
let postgres: (DatabaseHandle & { url?: string }) | undefined;
let session: TestSession;
let server: ServerProcess | undefined;
let baseUrl = '';

async function startServer(): Promise<void> {
  server = await startServerProcess({
    DATA_DIR: dataDir,
    DATA_ENCRYPTION_KEY: DATA_KEY.toString('hex'),
    LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
    JOB_LEASE_SECONDS: '4',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  baseUrl = server.baseUrl;
}

async function killServer(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  await server?.stop(signal);
}

/** The database the server uses, opened beside it by the test. */
async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  return work(postgres!);
}

function signedHeaders(method: string, path: string, body: Buffer): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    'content-type': 'application/json',
    'x-gz-key-id': KEY_ID,
    'x-gz-timestamp': timestamp,
    'x-gz-nonce': nonce,
    'x-gz-signature-method': 'HMAC-SM3',
    'x-gz-signature': signatureOf('HMAC-SM3', SECRET, {
      httpMethod: method,
      pathWithQuery: path,
      timestamp,
      nonce,
      body,
    }),
  };
}

/** Valid credit codes the factories never produce: 91 + 南明区 + an organisation code starting with `prefix`. */
function creditCodes(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, serial) => {
    const first8 = `${prefix}${String(serial).padStart(8 - prefix.length, '0')}`;
    return buildCreditCode(`91520102${first8}${organizationCodeCheckCharacter(first8)}`);
  });
}

async function countByDecisionPrefix(prefix: string): Promise<{ rows: number; distinct: number }> {
  return withDatabase(async ({ db }) => {
    const result = await sql<{ rows: number; distinct: number }>`
      SELECT count(*)::int AS rows, count(DISTINCT payload->>'decisionNumber')::int AS distinct
      FROM records WHERE payload->>'decisionNumber' LIKE ${`${prefix}%`}`.execute(db);
    return result.rows[0]!;
  });
}

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  if (!onPostgres) return;
  dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-crash-'));
  postgres = await createTestDatabase();
  databaseUrl = postgres.url;
  await withDatabase(async ({ db }) => {
    const agency = await createAgency(db, {
      name: '贵阳市南明区市场监督管理局',
      regionCode: '520102',
      level: 'county',
      kind: 'market_regulation',
    });
    const account = await createAccount(db, { agencyId: Number(agency.id), permissions: ['record.submit'] });
    session = await openSession(db, account.id);
    await db
      .insertInto('apiClients')
      .values({
        agencyId: Number(agency.id),
        name: '南明区执法办案系统',
        keyId: KEY_ID,
        secretCipher: sm4Encrypt(DATA_KEY, SECRET),
        createdBy: account.id,
      })
      .execute();
  });
  await startServer();
}, 120_000);

afterAll(async () => {
  if (!onPostgres) return;
  await killServer('SIGTERM');
  await postgres?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe.runIf(onPostgres)('crash recovery on PostgreSQL (kill -9, restart, retry)', () => {
  it('stores an exchange-API batch exactly once when the server dies during it and the client retries', async () => {
    for (const [attempt, killAfterMs] of [50, 300].entries()) {
      const prefix = `崩溃测试〔${attempt}〕`;
      const codes = creditCodes(`C${attempt}`, 1000);
      const body = Buffer.from(
        JSON.stringify({
          records: codes.map((creditCode, index) =>
            penaltyRecord(creditCode, {
              entityName: '贵州崩溃测试商贸有限公司',
              fields: { decisionNumber: `${prefix}${index}号` },
            }),
          ),
        }),
      );
      const idempotencyKey = `crash-${attempt}-${randomBytes(6).toString('hex')}`;
      const push = () =>
        fetch(`${baseUrl}/api/exchange/v1/records`, {
          method: 'POST',
          headers: { ...signedHeaders('POST', '/api/exchange/v1/records', body), 'idempotency-key': idempotencyKey },
          body,
        });
      const inFlight = push().then(
        (response) => response.status,
        () => 'connection lost' as const,
      );
      await sleep(killAfterMs);
      await killServer();
      const firstOutcome = await inFlight;
      await startServer();
      const retried = await push();
      expect(retried.status, `retry after a kill at ${killAfterMs} ms (first: ${firstOutcome})`).toBe(200);
      expect(await retried.json()).toMatchObject({ accepted: 1000, rejected: 0 });
      await killServer('SIGTERM');
      expect(await countByDecisionPrefix(prefix)).toEqual({ rows: 1000, distinct: 1000 });
      await startServer();
    }
  }, 300_000);

  it('stores every row of an upload exactly once when the server dies while processing it and the file is sent again', async () => {
    const rows = 40_000;
    const codes = creditCodes('U', rows);
    const prefix = '上传崩溃测试〔1〕';
    const itemId = await withDatabase(async ({ db }) => {
      const row = await db
        .selectFrom('catalogueItems')
        .select('id')
        .where('code', '=', 'penalty')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    });
    // The columns exactly as the item's CSV template has them.
    const template = await fetch(`${baseUrl}/api/console/catalogue/items/${itemId}/template?format=csv`, {
      headers: consoleHeaders(session),
    });
    expect(template.status).toBe(200);
    const header = (await template.text())
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!
      .split(',');
    const values: Record<string, string> = {
      主体名称: '贵州上传测试商贸有限公司',
      失信等级: '一般失信',
      违法行为类型: '虚假宣传',
      违法事实: '使用绝对化用语',
      处罚依据: '《中华人民共和国广告法》第五十七条',
      处罚类别: '罚款',
      处罚内容: '罚款人民币一万元',
      '罚款金额（万元）': '1',
      处罚决定日期: '2026-11-02',
      处罚机关: '贵阳市南明区市场监督管理局',
    };
    const lines = [header.join(',')];
    codes.forEach((code, index) => {
      const row = { ...values, 统一社会信用代码: code, 行政处罚决定书文号: `${prefix}${index}号` };
      lines.push(header.map((column) => row[column as keyof typeof row] ?? '').join(','));
    });
    const file = join(dataDir, 'penalties.csv');
    await writeFile(file, `${lines.join('\r\n')}\r\n`);
    const upload = async () => {
      const form = new FormData();
      form.append('itemId', String(itemId));
      form.append('file', new Blob([await readFile(file)]), '行政处罚.csv');
      const response = await fetch(`${baseUrl}/api/console/uploads`, {
        method: 'POST',
        headers: consoleHeaders(session),
        body: form,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { id: number; duplicate?: boolean };
    };
    const status = async (id: number) =>
      (await (await fetch(`${baseUrl}/api/console/uploads/${id}`, { headers: consoleHeaders(session) })).json()) as {
        status: string;
        rowsDone: number;
        accepted: number;
        rejected: number;
      };

    const first = await upload();
    const deadline = Date.now() + 60_000;
    let progress = await status(first.id);
    while (progress.rowsDone === 0 && Date.now() < deadline) {
      await sleep(50);
      progress = await status(first.id);
    }
    expect(progress.status, 'the job was still running when the server was killed').toBe('running');
    expect(progress.rowsDone).toBeLessThan(rows);
    await killServer();

    await startServer();
    const again = await upload();
    expect(again).toMatchObject({ id: first.id, duplicate: true });
    const finished = Date.now() + 180_000;
    progress = await status(first.id);
    while (progress.status !== 'done' && Date.now() < finished) {
      await sleep(250);
      progress = await status(first.id);
    }
    const firstError = await withDatabase(({ db }) =>
      db.selectFrom('uploadErrors').select('message').where('uploadId', '=', first.id).executeTakeFirst(),
    );
    expect(progress, firstError?.message).toMatchObject({ status: 'done', accepted: rows, rejected: 0 });
    await killServer('SIGTERM');
    expect(await countByDecisionPrefix(prefix)).toEqual({ rows, distinct: rows });
    await startServer();
  }, 300_000);
});
