import {
  type AuditAction,
  type ErrorCode,
  EXCHANGE_HEADERS,
  type ExchangeCatalogueDto,
  FEED_CURSOR_PATTERN,
  NONCE_PATTERN,
  type PullRecordsResponse,
  type RecordDto,
  type RecordInputBody,
  type RemovalInputBody,
  type RunCheckBody,
  SIGNATURE_MAX_SKEW_SECONDS,
  SIGNATURE_METHODS,
  type SignatureMethod,
  type SubmitRecordsResponse,
  type SubmitRemovalsResponse,
} from '@gzcredit/contracts';
import { type AgencyKind, chinaToday } from '@gzcredit/domain';
import { appendAudit, recordAudit } from '../../platform/audit';
import { sm3Hex, sm4Decrypt } from '../../platform/crypto';
import { type Db, inTransaction } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type CatalogueItem, describeFieldDictionary, getCatalogueItem } from '../catalogue';
import { getCheck, runCheck, type StoredCheck } from '../checks';
import {
  type FeedPosition,
  loadSubmissionContext,
  openExchangeBatch,
  readChangeFeed,
  readSharedRecords,
  submitRecords,
  submitRemovals,
} from '../records';
import { maskFreeText } from '../sharing';
import { findApiClientByKeyId, updateApiClientLastUsed } from './api-clients.repository';
import {
  deleteNoncesSeenBefore,
  findIdempotencyKey,
  insertIdempotencyKey,
  insertNonce,
  updateIdempotencyKeyResponse,
} from './exchange.repository';
import { bodyDigest, signatureMatches } from './signatures';

export interface ExchangeDependencies {
  db: Db;
  /** SM4 key the clients' signing secrets are stored under. */
  dataKey: Buffer;
}

/** The departmental system a verified request comes from. */
export interface ExchangeClient {
  id: number;
  keyId: string;
  agencyId: number;
  agencyKind: AgencyKind;
}

/** Where a request comes from and how to find it in the logs; goes into every audit row. */
export interface RequestTrace {
  ip: string;
  requestId: string;
}

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Hex digest of the body under the request's signature method (`signatureMethodOf`); absent: no body arrived. */
  bodyDigest?: string;
}

export type Verification =
  | { ok: true; client: ExchangeClient }
  | { ok: false; code: ErrorCode; message?: string; client?: ExchangeClient };

/** Nonces are kept a day: far longer than the ±5-minute window in which a replay could still pass the clock check. */
const NONCE_RETENTION_MS = 24 * 60 * 60 * 1000;

const header = (headers: SignedRequest['headers'], name: string) => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** The signature method a request names (HMAC-SM3 when it names none), if the platform supports it. */
export function signatureMethodOf(headers: SignedRequest['headers']): SignatureMethod | undefined {
  const name = header(headers, EXCHANGE_HEADERS.signatureMethod) ?? 'HMAC-SM3';
  return (SIGNATURE_METHODS as readonly string[]).includes(name) ? (name as SignatureMethod) : undefined;
}

/**
 * Checks a signed exchange request (docs/exchange-api.md): a known, unrevoked key; the signature over method, target,
 * timestamp, nonce and body digest; a timestamp within ±5 minutes; a nonce this client never used. The nonce is
 * recorded (in its own statement, before the request's work) only once everything else holds.
 */
export async function verifySignedRequest(
  deps: ExchangeDependencies,
  request: SignedRequest,
  now = Date.now(),
): Promise<Verification> {
  const keyId = header(request.headers, EXCHANGE_HEADERS.keyId);
  const timestamp = header(request.headers, EXCHANGE_HEADERS.timestamp);
  const nonce = header(request.headers, EXCHANGE_HEADERS.nonce);
  const signature = header(request.headers, EXCHANGE_HEADERS.signature);
  const missing = [
    ['X-GZ-Key-Id', keyId],
    ['X-GZ-Timestamp', timestamp],
    ['X-GZ-Nonce', nonce],
    ['X-GZ-Signature', signature],
  ].flatMap(([name, value]) => (value ? [] : [name]));
  if (missing.length > 0)
    return { ok: false, code: 'API_SIGNATURE_INVALID', message: `缺少签名请求头：${missing.join('、')}` };
  const method = signatureMethodOf(request.headers);
  if (!method)
    return {
      ok: false,
      code: 'API_SIGNATURE_INVALID',
      message: `不支持的签名算法“${header(request.headers, EXCHANGE_HEADERS.signatureMethod)!.slice(0, 40)}”，可选：${SIGNATURE_METHODS.join('、')}`,
    };
  if (!/^\d{1,12}$/.test(timestamp!))
    return { ok: false, code: 'API_SIGNATURE_INVALID', message: 'X-GZ-Timestamp 应为 Unix 时间戳（秒）' };
  if (!NONCE_PATTERN.test(nonce!))
    return {
      ok: false,
      code: 'API_SIGNATURE_INVALID',
      message: 'X-GZ-Nonce 应为 16–64 位字母、数字、下划线或连字符',
    };

  const row = await findApiClientByKeyId(deps.db, keyId!);
  if (!row) return { ok: false, code: 'API_SIGNATURE_INVALID', message: '接口凭证不存在或已吊销' };
  const client: ExchangeClient = {
    id: Number(row.id),
    keyId: row.keyId,
    agencyId: Number(row.agencyId),
    agencyKind: row.agencyKind,
  };
  if (row.revokedAt) return { ok: false, code: 'API_SIGNATURE_INVALID', message: '接口凭证不存在或已吊销', client };
  const secret = sm4Decrypt(deps.dataKey, row.secretCipher);
  const target = { httpMethod: request.method, pathWithQuery: request.url, timestamp: timestamp!, nonce: nonce! };
  const digest = request.bodyDigest ?? bodyDigest(method, Buffer.alloc(0));
  if (!signatureMatches(method, secret, target, digest, signature!))
    return {
      ok: false,
      code: 'API_SIGNATURE_INVALID',
      message: '请求签名无效：请核对密钥、待签名字符串（方法、路径与查询串、时间戳、随机数、请求体摘要）与签名算法',
      client,
    };
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_MAX_SKEW_SECONDS)
    return { ok: false, code: 'API_REQUEST_EXPIRED', client };
  if (!(await insertNonce(deps.db, client.id, nonce!))) return { ok: false, code: 'API_NONCE_REUSED', client };
  // Pruning now and then keeps the table small without a scheduled job; any request may do it.
  if (Math.random() < 0.01) await pruneExchangeNonces(deps.db, now);
  return { ok: true, client };
}

/**
 * What the rate limit counts a request against: its key when the key exists and is active, otherwise the client IP,
 * so that requests under made-up key ids cannot escape the limit by naming a new key each time.
 */
export async function rateLimitKey(db: Db, keyId: string | undefined, ip: string): Promise<string> {
  if (keyId && keyId.length <= 100) {
    const row = await findApiClientByKeyId(db, keyId);
    if (row && !row.revokedAt) return `client:${row.id}`;
  }
  return `ip:${ip}`;
}

export async function pruneExchangeNonces(db: Db, now = Date.now()): Promise<number> {
  return deleteNoncesSeenBefore(db, new Date(now - NONCE_RETENTION_MS));
}

/** Art. 14: a refused exchange request leaves its trace too, with the key it claimed and why it was refused. */
export async function recordRefusedRequest(
  db: Db,
  refusal: RequestTrace & {
    keyId: string | undefined;
    client: ExchangeClient | undefined;
    code: string;
    status: number;
    method: string;
    url: string;
  },
): Promise<void> {
  const refused = refusal.status < 500;
  await recordAudit(db, {
    accountId: null,
    agencyId: refusal.client?.agencyId ?? null,
    ip: refusal.ip,
    requestId: refusal.requestId,
    action: refused ? 'exchange.request-refused' : 'exchange.request-failed',
    objectType: 'api-client',
    objectId: refusal.client?.id ?? null,
    result: refused ? 'denied' : 'failure',
    details: {
      keyId: refusal.keyId?.slice(0, 100) ?? null,
      reason: refusal.code,
      status: refusal.status,
      method: refusal.method,
      path: refusal.url.slice(0, 300),
    },
  });
}

/** Only a 200 answer is stored for a key (an error stores nothing: the transaction rolls back), so a replay is one too. */
export interface PushOutcome<Response> {
  response: Response;
  /** True when the answer is the stored one of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

type PushRequest = RequestTrace & { idempotencyKey: string; body: Buffer };

/** What a push stored: its answer, its batch in the exchange log and what the audit row says of it. */
interface Stored<Response> {
  response: Response;
  batchId: number;
  details: Record<string, unknown>;
}

/** A push of records or removals: its answer names its batch and its counts. */
const pushed = <Response extends { batchId: number; accepted: number; rejected: number }>(
  response: Response,
): Stored<Response> => ({
  response,
  batchId: response.batchId,
  details: { accepted: response.accepted, rejected: response.rejected },
});

/**
 * What an Idempotency-Key keeps of an answer and how a replay gets the answer back from it; by default the answer
 * itself (`idempotency_keys.response`).
 */
interface Replay<Response> {
  keep: (response: Response) => unknown;
  replay: (trx: Db, kept: unknown) => Promise<Response>;
}

/**
 * One push (or check) in one transaction, exactly once per Idempotency-Key. The key is claimed first, so a concurrent
 * request with the same key waits for this one and then answers with its stored response; the same key with another
 * body is a conflict. The batch is logged (Art. 14) and audited in the same transaction.
 */
async function pushOnce<Response>(
  deps: ExchangeDependencies,
  client: ExchangeClient,
  push: PushRequest & { received: number; action: AuditAction },
  store: (trx: Db) => Promise<Stored<Response>>,
  replayed: Replay<Response> = { keep: (response) => response, replay: async (_trx, kept) => kept as Response },
): Promise<PushOutcome<Response>> {
  const requestHash = sm3Hex(push.body);
  return inTransaction(deps.db, async (trx): Promise<PushOutcome<Response>> => {
    const claimed = await insertIdempotencyKey(trx, client.id, push.idempotencyKey, requestHash);
    if (!claimed) {
      const stored = await findIdempotencyKey(trx, client.id, push.idempotencyKey);
      if (!stored) throw new Error('idempotency key neither claimed nor found');
      if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_CONFLICT');
      await updateApiClientLastUsed(trx, client.id);
      return { response: await replayed.replay(trx, stored.response), replayed: true };
    }
    const { response: result, batchId, details } = await store(trx);
    await updateIdempotencyKeyResponse(trx, client.id, push.idempotencyKey, 200, replayed.keep(result));
    await appendAudit(trx, {
      accountId: null,
      agencyId: client.agencyId,
      ip: push.ip,
      requestId: push.requestId,
      action: push.action,
      objectType: 'exchange-batch',
      objectId: batchId,
      result: 'success',
      details: { keyId: client.keyId, idempotencyKey: push.idempotencyKey, received: push.received, ...details },
    });
    await updateApiClientLastUsed(trx, client.id);
    return { response: result, replayed: false };
  });
}

/**
 * 自动传送 (Art. 13(一)): valid records are stored, invalid ones answered with their errors (Art. 11), once per
 * Idempotency-Key.
 */
export async function pushRecords(
  deps: ExchangeDependencies,
  client: ExchangeClient,
  push: PushRequest & { records: RecordInputBody[] },
): Promise<PushOutcome<SubmitRecordsResponse>> {
  const context = await loadSubmissionContext(deps.db, deps.dataKey);
  return pushOnce(
    deps,
    client,
    { ...push, received: push.records.length, action: 'exchange.records-pushed' },
    async (trx) =>
      pushed(
        await submitRecords(
          trx,
          {
            agencyId: client.agencyId,
            agencyKind: client.agencyKind,
            accountId: null,
            apiClientId: client.id,
            channel: 'api',
          },
          context,
          push.records,
        ),
      ),
  );
}

/**
 * 移出 through the API (SPEC §3): each removal names its listing by item, credit code and 列入决定书文号; valid ones are
 * applied, the others answered with their errors, once per Idempotency-Key.
 */
export async function pushRemovals(
  deps: ExchangeDependencies,
  client: ExchangeClient,
  push: PushRequest & { removals: RemovalInputBody[] },
): Promise<PushOutcome<SubmitRemovalsResponse>> {
  const today = chinaToday();
  return pushOnce(
    deps,
    client,
    { ...push, received: push.removals.length, action: 'exchange.removals-pushed' },
    async (trx) =>
      pushed(await submitRemovals(trx, { agencyId: client.agencyId, apiClientId: client.id, today }, push.removals)),
  );
}

/**
 * 信用核查 through the exchange API (Art. 17): a procurement or trading system checks its suppliers as the console
 * does, once per Idempotency-Key (a replay answers the stored check, it does not run a new one); the check is logged as
 * an exchange (Art. 14) with its number, and audited. The key keeps the check's number, not its answer (~19 MB of JSON
 * for 10,000 entities): a replay reads the stored check, and the route writes either from its stored form.
 */
export async function checkEntities(
  deps: ExchangeDependencies,
  client: ExchangeClient,
  push: PushRequest & { check: RunCheckBody },
): Promise<PushOutcome<StoredCheck>> {
  return pushOnce(
    deps,
    client,
    { ...push, received: push.check.entities.length, action: 'exchange.check-performed' },
    async (trx) => {
      const check: StoredCheck = await runCheck(
        trx,
        { agencyId: client.agencyId, accountId: null, apiClientId: client.id },
        push.check,
      );
      const { items } = check.content;
      const found = items.filter((item) => item.resolution === 'found').length;
      const details = { checkNo: check.content.checkNo, purpose: check.content.purpose.code };
      const batchId = await openExchangeBatch(trx, {
        agencyId: client.agencyId,
        channel: 'check',
        accountId: null,
        apiClientId: client.id,
        received: items.length,
        accepted: found,
        rejected: items.length - found,
        details,
      });
      return { response: check, batchId, details: { ...details, found } };
    },
    {
      keep: (check) => ({ checkNo: check.content.checkNo }),
      replay: (trx, kept) => getCheck(trx, client.agencyId, (kept as { checkNo: string }).checkNo),
    },
  );
}

/**
 * 共享 (Art. 8, 22(二)): what other agencies share (active `public`/`shared` records; their payload is stored with
 * personal data already masked), as a change feed that loses nothing (Art. 16: corrections, revocations and the end
 * of publicity reach the consumers too; docs/exchange-api.md). Without `since` the feed starts at its beginning; a
 * cursor continues it. A legacy numeric `since` (a record id) keeps its old answer: the records after it, by id.
 * Each pull is logged as an exchange (Art. 14).
 */
export async function pullRecords(
  deps: ExchangeDependencies,
  client: ExchangeClient,
  query: RequestTrace & { since?: string | undefined; limit: number },
): Promise<PullRecordsResponse> {
  const legacy = query.since !== undefined && /^\d+$/.test(query.since);
  const response = legacy
    ? await pullSharedRecordsAfter(deps.db, client, Number(query.since), query.limit)
    : await pullRecordChanges(deps.db, client, parseCursor(query.since), query.limit);
  const count = legacy ? response.items.length : response.changes.length;
  const trace = legacy
    ? { since: Number(query.since), nextSince: response.nextSince }
    : { since: query.since ?? null, cursor: response.cursor };
  await deps.db.transaction().execute(async (trx) => {
    const batchId = await openExchangeBatch(trx, {
      agencyId: client.agencyId,
      channel: 'pull',
      accountId: null,
      apiClientId: client.id,
      received: count,
      details: { ...trace, count },
    });
    await appendAudit(trx, {
      accountId: null,
      agencyId: client.agencyId,
      ip: query.ip,
      requestId: query.requestId,
      action: 'exchange.records-pulled',
      objectType: 'exchange-batch',
      objectId: batchId,
      result: 'success',
      details: { keyId: client.keyId, ...trace, count },
    });
    await updateApiClientLastUsed(trx, client.id);
  });
  return { ...response, items: await maskRecords(deps.db, response.items) };
}

/**
 * The current catalogue's field dictionary to a departmental system (Art. 11: the items and data items it must send),
 * logged and audited like a pull (Art. 14): the exchange log's `pull` row names what was read.
 */
export async function readCatalogue(
  deps: ExchangeDependencies,
  client: ExchangeClient,
  trace: RequestTrace,
): Promise<ExchangeCatalogueDto> {
  const catalogue = await describeFieldDictionary(deps.db);
  const details = { resource: 'catalogue', edition: catalogue.edition.code, items: catalogue.items.length };
  await deps.db.transaction().execute(async (trx) => {
    const batchId = await openExchangeBatch(trx, {
      agencyId: client.agencyId,
      channel: 'pull',
      accountId: null,
      apiClientId: client.id,
      received: 0,
      details,
    });
    await appendAudit(trx, {
      accountId: null,
      agencyId: client.agencyId,
      ip: trace.ip,
      requestId: trace.requestId,
      action: 'exchange.catalogue-read',
      objectType: 'exchange-batch',
      objectId: batchId,
      result: 'success',
      details: { keyId: client.keyId, ...details },
    });
    await updateApiClientLastUsed(trx, client.id);
  });
  return catalogue;
}

/** Art. 24: free text leaves masked (sharing's maskFreeText); the providing agency's own views keep it as sent. */
async function maskRecords(db: Db, records: RecordDto[]): Promise<RecordDto[]> {
  const items = new Map<number, CatalogueItem>();
  const masked: RecordDto[] = [];
  for (const record of records) {
    let item = items.get(record.item.id);
    if (!item) {
      item = await getCatalogueItem(db, record.item.id);
      items.set(record.item.id, item);
    }
    masked.push({ ...record, payload: maskFreeText(item, record.payload) });
  }
  return masked;
}

const FEED_START: FeedPosition = { txid: '0', id: '0' };
const formatCursor = (position: FeedPosition) => `c${position.txid}.${position.id}`;

function parseCursor(cursor: string | undefined): FeedPosition {
  const match = cursor === undefined ? null : FEED_CURSOR_PATTERN.exec(cursor);
  return match ? { txid: match[1]!, id: match[2]! } : FEED_START;
}

/** The record-id cursor of the first exchange API: kept for the systems built on it, with its gaps (see the docs). */
async function pullSharedRecordsAfter(
  db: Db,
  client: ExchangeClient,
  since: number,
  limit: number,
): Promise<PullRecordsResponse> {
  const { records, hasMore } = await readSharedRecords(db, { readerAgencyId: client.agencyId, afterId: since, limit });
  return {
    items: records,
    nextSince: records.at(-1)?.id ?? since,
    hasMore,
    changes: [],
    cursor: formatCursor(FEED_START),
  };
}

/** One page of the change feed after `after` (records' readChangeFeed), with the records its arrivals and changes show. */
async function pullRecordChanges(
  db: Db,
  client: ExchangeClient,
  after: FeedPosition,
  limit: number,
): Promise<PullRecordsResponse> {
  const feed = await readChangeFeed(db, { readerAgencyId: client.agencyId, after, limit });
  const items = new Map<number, RecordDto>();
  for (const change of feed.changes) if (change.record) items.set(change.recordId, change.record);
  return {
    items: [...items.values()],
    nextSince: Math.max(0, ...items.keys()),
    hasMore: feed.hasMore,
    changes: feed.changes.map((change) => ({
      kind: change.kind,
      recordId: change.recordId,
      rootId: change.rootId,
      changedAt: change.changedAt.toISOString(),
    })),
    cursor: formatCursor(feed.position),
  };
}
