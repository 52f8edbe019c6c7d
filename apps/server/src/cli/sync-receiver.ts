import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { EXCHANGE_HEADERS } from '@gzcredit/contracts';
import { bodyDigest, signatureMatches } from '../modules/exchange/signatures';

/**
 * 同步接收端模拟器 (`npm run sync:receiver`): a destination as the national and provincial systems will be, for tests,
 * drills, benchmarks and demonstrations (docs/sync.md). It accepts the platform's deliveries, checks their HMAC-SM3
 * signature (the exchange API's scheme), applies each event once (by its id; a repeat is refused as a duplicate), notes
 * any event of an entity that arrives after a later one, and can be told to fail a share of requests, to answer slowly
 * or to go away (stop listening) through a control port:
 *
 *   GET  /state   counts: requests, applied, duplicates, failed on purpose, refused signatures, order violations; and
 *                 `inFlight`, the senders (User-Agent) of the requests being answered
 *   POST /state   {"failRate": 0.3, "delayMs": 500, "down": true}: any of them
 *
 * What it applied is appended to `--state` (one event a line, written before the answer) and read back at start, so
 * a restarted receiver still refuses what it applied before.
 */

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'control-port': { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'key-id': { type: 'string', default: 'sync-receiver' },
    secret: { type: 'string' },
    state: { type: 'string' },
    'fail-rate': { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '0' },
  },
});
const secret = args.secret;
if (!secret) {
  console.error('缺少签名密钥：--secret (the HMAC secret shared with the platform)');
  process.exit(2);
}

interface DeliveredEvent {
  id: string;
  kind: string;
  entity: string;
  seq: number;
  occurredAt: string;
  payload: unknown;
}

const settings = {
  failRate: Number(args['fail-rate']),
  delayMs: Number(args['delay-ms']),
  down: false,
};
const counts = {
  requests: 0,
  applied: 0,
  duplicates: 0,
  failedOnPurpose: 0,
  signatureRefused: 0,
  orderViolations: 0,
};
/** The User-Agent of each request being answered (the platform's names its node: host and pid). */
const inFlight = new Map<IncomingMessage, string>();
const seen = new Set<string>();
const lastSeq = new Map<string, number>();
const nonces = new Set<string>();

function apply(event: DeliveredEvent): 'applied' | 'duplicate' {
  if (seen.has(event.id)) {
    counts.duplicates += 1;
    return 'duplicate';
  }
  const previous = lastSeq.get(event.entity) ?? 0;
  if (event.seq <= previous) counts.orderViolations += 1;
  if (args.state) appendFileSync(args.state, `${JSON.stringify(event)}\n`);
  seen.add(event.id);
  lastSeq.set(event.entity, Math.max(previous, event.seq));
  counts.applied += 1;
  return 'applied';
}

if (args.state && existsSync(args.state)) {
  for (const line of readFileSync(args.state, 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line) as DeliveredEvent;
    seen.add(event.id);
    lastSeq.set(event.entity, Math.max(lastSeq.get(event.entity) ?? 0, event.seq));
  }
}

function answer(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseEvents(body: Buffer, contentType: string | undefined): DeliveredEvent[] {
  const text = body.toString('utf8');
  if (contentType?.startsWith('application/x-ndjson')) {
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as DeliveredEvent);
  }
  return (JSON.parse(text) as { events: DeliveredEvent[] }).events;
}

async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
  counts.requests += 1;
  const body = await readBody(request);
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const timestamp = header(EXCHANGE_HEADERS.timestamp) ?? '';
  const nonce = header(EXCHANGE_HEADERS.nonce) ?? '';
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  const signed =
    request.method === 'POST' &&
    header(EXCHANGE_HEADERS.keyId) === args['key-id'] &&
    fresh &&
    nonce.length >= 16 &&
    !nonces.has(nonce) &&
    signatureMatches(
      'HMAC-SM3',
      secret!,
      { httpMethod: 'POST', pathWithQuery: request.url ?? '/', timestamp, nonce },
      bodyDigest('HMAC-SM3', body),
      header(EXCHANGE_HEADERS.signature) ?? '',
    );
  if (!signed) {
    counts.signatureRefused += 1;
    return answer(response, 401, { error: { code: 'API_SIGNATURE_INVALID', message: '请求签名无效' } });
  }
  nonces.add(nonce);
  if (settings.delayMs > 0) {
    inFlight.set(request, header('user-agent') ?? '');
    await new Promise((resolve) => setTimeout(resolve, settings.delayMs));
    inFlight.delete(request);
  }
  if (Math.random() < settings.failRate) {
    counts.failedOnPurpose += 1;
    return answer(response, 503, { error: { code: 'UNAVAILABLE', message: '模拟故障：暂时无法接收' } });
  }
  let events: DeliveredEvent[];
  try {
    events = parseEvents(body, header('content-type'));
  } catch {
    return answer(response, 400, { error: { code: 'BAD_BODY', message: '请求体不是有效的事件' } });
  }
  const results = events.map((event) => ({ id: event.id, result: apply(event) }));
  answer(response, 200, {
    applied: results.filter((each) => each.result === 'applied').length,
    duplicates: results.filter((each) => each.result === 'duplicate').length,
  });
}

let receiver: Server | undefined;
let receiverPort = Number(args.port);

function listen(): Promise<void> {
  receiver = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }));
  });
  return new Promise((resolve) => {
    receiver!.listen(receiverPort, args.host, () => {
      receiverPort = (receiver!.address() as AddressInfo).port;
      resolve();
    });
  });
}

/** Going away: the port stops accepting connections, and open ones are cut. */
function goAway(): Promise<void> {
  const closing = receiver;
  receiver = undefined;
  if (!closing) return Promise.resolve();
  return new Promise((resolve) => {
    closing.close(() => resolve());
    closing.closeAllConnections();
  });
}

const control = createServer((request, response) => {
  readBody(request)
    .then(async (body) => {
      if (request.method === 'POST') {
        const change = JSON.parse(body.toString('utf8') || '{}') as Partial<typeof settings>;
        if (typeof change.failRate === 'number') settings.failRate = change.failRate;
        if (typeof change.delayMs === 'number') settings.delayMs = change.delayMs;
        if (typeof change.down === 'boolean' && change.down !== settings.down) {
          settings.down = change.down;
          await (change.down ? goAway() : listen());
        }
      }
      answer(response, 200, {
        ...counts,
        entities: lastSeq.size,
        ...settings,
        port: receiverPort,
        inFlight: [...inFlight.values()],
      });
    })
    .catch((error: unknown) => answer(response, 400, { error: String(error) }));
});

await listen();
control.listen(Number(args['control-port']), args.host, () => {
  const controlPort = (control.address() as AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ port: receiverPort, controlPort, keyId: args['key-id'] })}\n`);
});
const stop = () => {
  void goAway().then(() => control.close(() => process.exit(0)));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
