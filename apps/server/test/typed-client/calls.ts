import { createHash, createHmac, randomBytes } from 'node:crypto';
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api';

/**
 * An integrator's client: openapi-fetch typed by the `paths` openapi-typescript generates from /api/docs/json
 * (api.d.ts, written by openapi-client.test.ts and compiled there with this file; not kept in git).
 */
export function publicClient(baseUrl: string) {
  return createClient<paths>({ baseUrl });
}

/** Signs each request as docs/exchange-api.md says: HMAC-SM3 over method, path and query, time, nonce, body digest. */
function signing(keyId: string, secret: string): Middleware {
  return {
    async onRequest({ request }) {
      const url = new URL(request.url);
      const body = request.body ? await request.clone().text() : '';
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const digest = createHash('sm3').update(body).digest('hex');
      const signed = [request.method, `${url.pathname}${url.search}`, timestamp, nonce, digest].join('\n');
      request.headers.set('X-GZ-Key-Id', keyId);
      request.headers.set('X-GZ-Timestamp', timestamp);
      request.headers.set('X-GZ-Nonce', nonce);
      request.headers.set('X-GZ-Signature', createHmac('sm3', secret).update(signed).digest('hex'));
      return request;
    },
  };
}

export function exchangeClient(baseUrl: string, keyId: string, secret: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(signing(keyId, secret));
  return client;
}

export async function searchEnterprises(baseUrl: string, q: string) {
  const { data, error } = await publicClient(baseUrl).GET('/api/public/enterprises', { params: { query: { q } } });
  if (error) throw new Error(error.error.message);
  return data.items.map((item) => ({ creditCode: item.creditCode, name: item.name }));
}

export async function enterpriseProfile(baseUrl: string, creditCode: string) {
  const { data, error, response } = await publicClient(baseUrl).GET('/api/public/enterprises/{creditCode}', {
    params: { path: { creditCode } },
  });
  return { status: response.status, name: data?.name, code: error?.error.code };
}

/** A 行政处罚 record of the 2015 catalogue: its fields are typed by the `penalty` item's dictionary. */
export async function pushPenalty(baseUrl: string, key: { keyId: string; secret: string }, creditCode: string) {
  const { data, error, response } = await exchangeClient(baseUrl, key.keyId, key.secret).POST(
    '/api/exchange/v1/records',
    {
      params: { header: { 'idempotency-key': randomBytes(8).toString('hex') } },
      body: {
        records: [
          {
            itemCode: 'penalty',
            creditCode,
            entityName: '贵州类型客户端有限公司',
            dishonestyLevel: 'general',
            fields: {
              decisionNumber: `筑市监罚〔2026〕${randomBytes(3).toString('hex')}号`,
              violationType: '虚假宣传',
              violationFacts: '在门店宣传中使用“国家级”等用语',
              legalBasis: '《中华人民共和国广告法》第五十七条',
              penaltyCategory: '罚款',
              penaltyContent: '罚款人民币二万元',
              fineAmount: 2,
              decisionDate: '2026-11-02',
              authority: '贵阳市市场监督管理局',
            },
          },
        ],
      },
    },
  );
  if (error) throw new Error(`${response.status} ${error.error.code} ${error.error.message}`);
  return data.results.map((result) => result.status);
}

export async function catalogueItemCodes(baseUrl: string, key: { keyId: string; secret: string }) {
  const { data, error } = await exchangeClient(baseUrl, key.keyId, key.secret).GET('/api/exchange/v1/catalogue');
  if (error) throw new Error(error.error.message);
  return data.items.map((item) => item.code);
}
