import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { APPLICANT_COOKIE } from '../../../test/applicants';
import { createTestDatabase } from '../../../test/database';
import { createEnterprise, uniqueCreditCode } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';

/**
 * The unified identity service is a real OpenID Connect provider (oidc-provider) on a local port, with its development
 * login and consent pages: the test drives them as a browser would, with a cookie jar, between the platform's start
 * and callback routes.
 */
const PORTAL = 'http://portal.test';
const CALLBACK = `${PORTAL}/api/public/applicant/oidc/callback`;
let database: DatabaseHandle;
let app: FastifyInstance;
let identityServer: Server;
let issuer: string;
/** The legal persons the identity service knows: login → credit code. */
const people = new Map<string, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  identityServer = createServer();
  await new Promise<void>((resolve) => identityServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(identityServer.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'gzcredit-portal',
        client_secret: 'identity-secret-0123456789',
        redirect_uris: [CALLBACK],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'credit_code'] },
    findAccount: async (_context: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, name: '赵法人', ...(people.has(sub) ? { credit_code: people.get(sub) } : {}) }),
    }),
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  identityServer.on('request', provider.callback());
  app = await createTestApp(database, {
    PUBLIC_BASE_URL: PORTAL,
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: 'gzcredit-portal',
    OIDC_CLIENT_SECRET: 'identity-secret-0123456789',
    OIDC_SCOPES: 'openid profile',
  });
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => identityServer?.close(resolve));
  await database?.close();
});

/** A browser at the identity service: follows its redirects, signs in as `login`, consents; answers the callback URL. */
async function authenticateAt(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let step = 0; step < 12; step += 1) {
    if (url.startsWith(PORTAL)) return new URL(url);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let response = await fetch(url, { redirect: 'manual', headers: { cookie } });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!, value.join('='));
    }
    if (response.status === 200) {
      const html = await response.text();
      const form: Record<string, string> = html.includes('value="login"')
        ? { prompt: 'login', login, password: 'any' }
        : { prompt: 'consent' };
      const action = new URL(/action="([^"]+)"/.exec(html)![1]!, url).href;
      const cookies = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      response = await fetch(action, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair] = header.split(';');
        const [name, ...value] = pair!.split('=');
        jar.set(name!, value.join('='));
      }
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`identity service step ${url} answered ${response.status}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects at the identity service');
}

async function start(returnTo = '/objections') {
  const response = await app.inject({
    method: 'GET',
    url: `/api/public/applicant/oidc/start?returnTo=${encodeURIComponent(returnTo)}`,
  });
  expect(response.statusCode, response.body).toBe(302);
  const state = response.cookies.find((cookie) => cookie.name === 'gzc_oidc_state')!;
  expect(state.sameSite?.toLowerCase()).toBe('lax');
  return { location: response.headers.location as string, stateCookie: `gzc_oidc_state=${state.value}` };
}

function callback(url: URL, cookie: string | undefined) {
  return app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    ...(cookie ? { headers: { cookie } } : {}),
  });
}

describe('applicant identity through the unified identity service (OpenID Connect)', () => {
  it('offers the identity service when it is configured', async () => {
    const options = await app.inject({ method: 'GET', url: '/api/public/applicant/options' });
    expect(options.json()).toEqual({ sms: true, oidc: true });
  });

  it('signs in the legal person the ID token names by its credit code, with PKCE, state and nonce', async () => {
    const entity = await createEnterprise(database.db, {
      creditCode: uniqueCreditCode(),
      name: '贵州统一认证测试有限公司',
    });
    people.set('legal-person-1', entity.creditCode);
    const { location, stateCookie } = await start('/objections?from=oidc');
    const authorization = new URL(location);
    expect(authorization.origin).toBe(issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('scope')).toBe('openid profile');
    expect(authorization.searchParams.get('redirect_uri')).toBe(CALLBACK);
    const back = await authenticateAt(location, 'legal-person-1');
    expect(back.searchParams.get('code')).toBeTruthy();
    const response = await callback(back, stateCookie);
    expect(response.statusCode, response.body).toBe(302);
    expect(response.headers.location).toBe('/objections?from=oidc');
    const token = response.cookies.find((cookie) => cookie.name === APPLICANT_COOKIE)!.value;
    const me = await app.inject({
      method: 'GET',
      url: '/api/public/applicant/session',
      headers: { cookie: `${APPLICANT_COOKIE}=${token}` },
    });
    expect(me.json()).toMatchObject({
      creditCode: entity.creditCode,
      entityName: '贵州统一认证测试有限公司',
      method: 'oidc',
      role: null,
      name: '赵法人',
    });
    // The same answer replayed finds no pending login.
    expect((await callback(back, stateCookie)).json().error.code).toBe('OIDC_SIGN_IN_FAILED');
  });

  it('refuses a callback whose state is not the browser’s, and a person whose credit code is no entity here', async () => {
    const entity = await createEnterprise(database.db);
    people.set('legal-person-2', entity.creditCode);
    const { location } = await start();
    const back = await authenticateAt(location, 'legal-person-2');
    const forged = await callback(back, 'gzc_oidc_state=someone-elses-state');
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toMatchObject({
      code: 'OIDC_SIGN_IN_FAILED',
      message: '统一身份认证未通过，请重新认证',
    });
    expect(forged.cookies.find((cookie) => cookie.name === APPLICANT_COOKIE && cookie.value)).toBeUndefined();

    people.set('stranger', uniqueCreditCode());
    const second = await start();
    const strangerBack = await authenticateAt(second.location, 'stranger');
    const unknown = await callback(strangerBack, second.stateCookie);
    expect(unknown.statusCode).toBe(401);
    const audit = await database.db
      .selectFrom('auditLog')
      .select('details')
      .where('action', '=', 'applicant.signed-in')
      .where('result', '=', 'failure')
      .execute();
    expect(audit.map((row) => (row.details as { reason: string }).reason)).toEqual(
      expect.arrayContaining(['state-mismatch', 'entity-unknown']),
    );
  });

  it('answers 404 in Chinese where no identity service is configured', async () => {
    const plain = await createTestApp(database);
    try {
      const response = await plain.inject({ method: 'GET', url: '/api/public/applicant/oidc/start' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({ code: 'OIDC_NOT_CONFIGURED', message: '本平台未接入统一身份认证' });
      expect((await plain.inject({ method: 'GET', url: '/api/public/applicant/options' })).json()).toEqual({
        sms: true,
        oidc: false,
      });
    } finally {
      await plain.close();
    }
  });
});
