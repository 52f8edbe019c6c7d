import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY } from '../test/app';
import { createTestDatabase } from '../test/database';
import { buildApp } from './app';
import { loadConfig } from './config';
import type { DatabaseHandle } from './platform/database';

// A built portal as scripts/build.mjs leaves it: hashed assets with a .br and a .gz beside each, index.html too.
const SCRIPT = `export const portal = "${'贵州省企业公共信用信息平台'.repeat(200)}";\n`;
const INDEX = `<!doctype html><html lang="zh-CN"><head><title>portal</title><script type="module" src="/assets/index-AbC123.js"></script></head><body>${' '.repeat(2000)}</body></html>`;
const IMMUTABLE = 'public, max-age=31536000, immutable';

let database: DatabaseHandle;
let webRoot: string;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  webRoot = await mkdtemp(join(tmpdir(), 'gzcredit-web-'));
  await mkdir(join(webRoot, 'assets'));
  for (const [path, content] of [
    ['assets/index-AbC123.js', SCRIPT],
    ['index.html', INDEX],
  ] as const) {
    await writeFile(join(webRoot, path), content);
    await writeFile(join(webRoot, `${path}.br`), brotliCompressSync(content));
    await writeFile(join(webRoot, `${path}.gz`), gzipSync(content));
  }
  await writeFile(join(webRoot, 'assets/tiny-Xy9.css'), 'a{}');
  // The build's list of the chunks of the pages opened cold (apps/web/vite.config.ts).
  await writeFile(
    join(webRoot, 'page-preloads.json'),
    JSON.stringify({ '/reports/:reportNo': ['/assets/ReportVerificationPage-Q1w2.js', '/assets/card-E3r4.js'] }),
  );
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  app = await buildApp({ config, database, dataKey: TEST_DATA_KEY, webRoot });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('the built portal on a slow network (issue 20 item 3)', () => {
  it('sends a hashed asset brotli- or gzip-compressed by Accept-Encoding, cached for a year as immutable', async () => {
    const brotli = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(brotli.headers['cache-control']).toBe(IMMUTABLE);
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);
    expect(brotli.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);

    const gzip = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);

    const plain = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body).toBe(SCRIPT);
  });

  it('sends a small asset without compressed copies as it is, still immutable', async () => {
    const response = await app.inject({ url: '/assets/tiny-Xy9.css', headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(response.body).toBe('a{}');
  });

  it('sends index.html compressed too but never as immutable, at / and at any page address', async () => {
    for (const url of ['/', '/index.html', '/enterprises/91520102MA6DX0NQ7T', '/console/records']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it("lists a cold-opened page's chunks and first answer in its shell as preload links, still compressed and never immutable", async () => {
    const links =
      '<link rel="modulepreload" crossorigin href="/assets/ReportVerificationPage-Q1w2.js">' +
      '<link rel="modulepreload" crossorigin href="/assets/card-E3r4.js">';
    // The verification the page asks for first, at the address the portal's early request uses (contracts).
    const answer =
      '<link rel="preload" as="fetch" crossorigin href="/api/public/reports/GZXY20261201K7M2Q9XW4D?digest=ab">';
    const expected = INDEX.replace('</head>', `${answer}${links}</head>`);
    expect(expected).not.toBe(INDEX);
    const url = '/reports/GZXY20261201K7M2Q9XW4D?digest=ab';
    const brotli = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-type']).toMatch(/^text\/html/);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['cache-control']).toBe('no-cache');
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(expected);
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(expected);
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(expected);
    // What the address carries is encoded in the link, never written into the page as it came.
    const quoted = await app.inject({
      url: '/reports/GZXY%22%3E%3Cscript%3E?digest=%22%3E%3Cb%3E&x=1',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(quoted.body).toContain(
      '<link rel="preload" as="fetch" crossorigin href="/api/public/reports/GZXY%22%3E%3Cscript%3E?digest=%22%3E%3Cb%3E">',
    );
    expect(quoted.body).not.toContain('<script>');
    // Other pages, and an address that is no page, get index.html as it is.
    expect((await app.inject({ url: '/reports', headers: { 'accept-encoding': 'identity' } })).body).toBe(INDEX);
    const missing = await app.inject({ url: '/reports/x/y', headers: { 'accept-encoding': 'identity' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(INDEX);
  });

  it('answers an address that is no portal page with the shell and a 404 status, so it shows 页面不存在 as missing', async () => {
    for (const url of ['/no-such-page', '/enterprises', '/enterprises/91520102MA6DX0NQ7T/extra', '/search/x?q=1']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.body, url).toBe(INDEX);
    }
    for (const url of ['/search?q=贵州', '/reports/R20261206000001', '/checks', '/help', '/console', '/console/x/y']) {
      expect((await app.inject({ url: encodeURI(url) })).statusCode, url).toBe(200);
    }
    // API addresses keep their JSON 404.
    const api = await app.inject({ url: '/api/public/no-such-route' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });
});
