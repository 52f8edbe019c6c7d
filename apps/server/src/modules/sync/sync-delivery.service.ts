import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXCHANGE_HEADERS } from '@gzcredit/contracts';
import { sm4Decrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { signatureOf } from '../exchange';
import { openExchangeBatch } from '../records';
import {
  type ClaimedDeliveryRow,
  claimDeliveries,
  listEnabledDestinations,
  markDelivered,
  markFailed,
  type SyncDestinationRow,
} from './sync.repository';

export interface DeliveryOptions {
  db: Db;
  dataKey: Buffer;
  retryBaseMs: number;
  retryMaxMs: number;
  requestTimeoutMs: number;
  /** Most events in one request (the destination's rate per second caps it too). */
  batchSize?: number;
  /** How long one round may keep sending before it hands the worker back to the other jobs. */
  roundBudgetMs?: number;
}

export interface RoundOutcome {
  attempted: number;
  delivered: number;
  failed: number;
  deadLettered: number;
  /** A destination still had due events when the round ended: run again at once. */
  more: boolean;
}

const DEFAULT_BATCH_SIZE = 200;
/** Names the node that sends (its host and process) in each request's User-Agent, for the destination's logs. */
const SENDER = `gzcredit-sync (${hostname()} pid ${process.pid})`;
const DEFAULT_ROUND_BUDGET_MS = 2_000;

/** One event as a destination receives it; `id` is its idempotency key, `seq` its place among the entity's events. */
function eventBody(row: ClaimedDeliveryRow) {
  return {
    id: row.eventId,
    kind: row.kind,
    entity: row.entityCode,
    seq: row.entitySeq,
    occurredAt: new Date(row.occurredAt).toISOString(),
    payload: row.payload,
  };
}

function encode(destination: SyncDestinationRow, rows: ClaimedDeliveryRow[]): { body: Buffer; contentType: string } {
  if (destination.format === 'ndjson') {
    return {
      body: Buffer.from(rows.map((row) => `${JSON.stringify(eventBody(row))}\n`).join('')),
      contentType: 'application/x-ndjson',
    };
  }
  return {
    body: Buffer.from(JSON.stringify({ destination: destination.code, events: rows.map(eventBody) })),
    contentType: 'application/json',
  };
}

/**
 * Sends one request, signed as the exchange API's clients sign theirs (HMAC-SM3 over method, target, timestamp, nonce
 * and the body's digest; docs/exchange-api.md §2). Any 2xx answer means the destination took every event.
 */
async function post(
  destination: SyncDestinationRow,
  secret: string,
  rows: ClaimedDeliveryRow[],
  timeoutMs: number,
): Promise<void> {
  const url = new URL(destination.endpoint!);
  const { body, contentType } = encode(destination, rows);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID().replaceAll('-', '');
  const signature = signatureOf('HMAC-SM3', secret, {
    httpMethod: 'POST',
    pathWithQuery: `${url.pathname}${url.search}`,
    timestamp,
    nonce,
    body,
  });
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': contentType,
      'user-agent': SENDER,
      [EXCHANGE_HEADERS.keyId]: destination.keyId!,
      [EXCHANGE_HEADERS.timestamp]: timestamp,
      [EXCHANGE_HEADERS.nonce]: nonce,
      [EXCHANGE_HEADERS.signatureMethod]: 'HMAC-SM3',
      [EXCHANGE_HEADERS.signature]: signature,
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new DestinationRefused(`目的地应答 HTTP ${response.status}：${text.slice(0, 200)}`);
}

/** A destination that answered, but not with 2xx; its message is already the operators' Chinese. */
class DestinationRefused extends Error {}

/** Node's socket error codes in the operators' words; the code stays in brackets for whoever reads the logs. */
const CONNECTION_FAILURES: Record<string, string> = {
  ECONNREFUSED: '目的地拒绝连接',
  ECONNRESET: '连接被目的地重置',
  EPIPE: '连接被目的地断开',
  ETIMEDOUT: '连接目的地超时',
  EHOSTUNREACH: '无法到达目的地主机',
  ENETUNREACH: '网络不可达',
  ENOTFOUND: '目的地域名无法解析',
  EAI_AGAIN: '目的地域名暂时无法解析',
};

/**
 * What failed, in Chinese for the operators' 最近错误 column (Node's own text, e.g. `fetch failed`, is English): a
 * timeout, the destination's non-2xx answer, or the connection's error code.
 */
function describe(error: unknown): string {
  if (error instanceof DestinationRefused) return error.message;
  if (error instanceof Error && error.name === 'TimeoutError') return '应答超时';
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code) return `${CONNECTION_FAILURES[code] ?? '无法连接目的地'}（${code}）`;
  const detail =
    typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return `推送失败（${detail}）`;
}

/**
 * Sends the destination's due heads, batch after batch, at most `ratePerSecond` events a second, until none is due or
 * the budget is spent. Each batch is one row of the exchange log (Art. 14), written with its outcome.
 */
async function deliverTo(
  options: DeliveryOptions,
  destination: SyncDestinationRow,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<RoundOutcome> {
  const { db } = options;
  const outcome: RoundOutcome = { attempted: 0, delivered: 0, failed: 0, deadLettered: 0, more: false };
  const secret = sm4Decrypt(options.dataKey, destination.secretCipher!);
  const limit = Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, destination.ratePerSecond);
  // The request's timeout and as long again to settle: a node killed mid-batch leaves its events to the others once it
  // has run out (the kill -9 drill, multi-node.test.ts). A settle slower than that is fenced by its token, and the
  // other node's resend is refused by event id at the destination.
  const leaseMs = options.requestTimeoutMs * 2;
  while (Date.now() < deadline && !signal?.aborted) {
    const started = Date.now();
    const token = randomUUID();
    const rows = await claimDeliveries(db, { destinationId: destination.id, limit, leaseMs, token });
    if (rows.length === 0) return outcome;
    outcome.attempted += rows.length;
    const ids = rows.map((row) => row.id);
    let failure: string | undefined;
    try {
      await post(destination, secret, rows, options.requestTimeoutMs);
    } catch (error) {
      failure = describe(error);
    }
    await db.transaction().execute(async (trx) => {
      let delivered = 0;
      let dead = 0;
      if (failure === undefined) {
        delivered = await markDelivered(trx, { destinationId: destination.id, ids, token });
      } else {
        dead = await markFailed(trx, {
          ids,
          token,
          error: failure,
          maxAttempts: destination.maxAttempts,
          retryBaseMs: options.retryBaseMs,
          retryMaxMs: options.retryMaxMs,
        });
      }
      outcome.delivered += delivered;
      outcome.failed += failure === undefined ? 0 : rows.length;
      outcome.deadLettered += dead;
      if (destination.agencyId !== null) {
        await openExchangeBatch(trx, {
          agencyId: destination.agencyId,
          channel: 'sync',
          accountId: null,
          received: rows.length,
          accepted: delivered,
          rejected: failure === undefined ? 0 : rows.length,
          details: {
            destination: destination.name,
            destinationId: destination.id,
            ...(failure !== undefined ? { error: failure, deadLettered: dead } : {}),
          },
        });
      }
    });
    // Throttled: a destination that comes back receives its backlog at its rate, not all at once.
    const spacing = (rows.length / destination.ratePerSecond) * 1000 - (Date.now() - started);
    if (rows.length < limit) return outcome;
    if (spacing > 0)
      await sleep(Math.min(spacing, Math.max(0, deadline - Date.now())), undefined, { signal }).catch(() => {});
  }
  outcome.more = true;
  return outcome;
}

/** One delivery round over every destination switched on, side by side (a slow one does not hold the others back). */
export async function deliverSyncEvents(options: DeliveryOptions, signal?: AbortSignal): Promise<RoundOutcome> {
  const deadline = Date.now() + (options.roundBudgetMs ?? DEFAULT_ROUND_BUDGET_MS);
  const destinations = (await listEnabledDestinations(options.db)).filter(
    (each) => each.endpoint && each.keyId && each.secretCipher,
  );
  const outcomes = await Promise.all(destinations.map((each) => deliverTo(options, each, deadline, signal)));
  return outcomes.reduce(
    (sum, each) => ({
      attempted: sum.attempted + each.attempted,
      delivered: sum.delivered + each.delivered,
      failed: sum.failed + each.failed,
      deadLettered: sum.deadLettered + each.deadLettered,
      more: sum.more || each.more,
    }),
    { attempted: 0, delivered: 0, failed: 0, deadLettered: 0, more: false },
  );
}
