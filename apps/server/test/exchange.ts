import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface ExchangeClient {
  keyId: string;
  secret: string;
}

/**
 * The headers of an exchange request signed with HMAC-SM3 as docs/exchange-api.md describes it, computed here with
 * node:crypto directly (not the server's helpers), so that a mistake in the server's scheme cannot cancel out.
 */
export function signedHeaders(client: ExchangeClient, method: string, url: string, body = ''): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const digest = createHash('sm3').update(body).digest('hex');
  const signature = createHmac('sm3', client.secret)
    .update([method, url, timestamp, nonce, digest].join('\n'))
    .digest('hex');
  return { 'x-gz-key-id': client.keyId, 'x-gz-timestamp': timestamp, 'x-gz-nonce': nonce, 'x-gz-signature': signature };
}

/** A signed exchange POST of a JSON body, with a fresh Idempotency-Key unless the test names one (a replay). */
export function exchangePost(
  app: FastifyInstance,
  client: ExchangeClient,
  url: string,
  payload: object,
  idempotencyKey = randomBytes(8).toString('hex'),
) {
  const body = JSON.stringify(payload);
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...signedHeaders(client, 'POST', url, body),
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    payload: body,
  });
}

/** A signed exchange GET. */
export function exchangeGet(app: FastifyInstance, client: ExchangeClient, url: string) {
  return app.inject({ method: 'GET', url, headers: signedHeaders(client, 'GET', url) });
}
