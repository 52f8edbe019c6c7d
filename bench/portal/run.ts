/**
 * Portal on a phone benchmark (issue 20 item 3): the built portal served by the server on PGlite with demo data (the
 * e2e launcher, e2e/lib/server.ts), loaded cold by Debian's Chromium through playwright-core under Chrome DevTools'
 * "Fast 3G" throttling. Per route: when the page's HTML alone has arrived, the first contentful paint, and when the
 * route's content is on the page (the profile's name, the verification's 验证通过 of a report issued just before);
 * and the JavaScript the page fetched before that, gzipped (the build's .gz copies) and as sent (brotli). Prints the
 * figures beside the targets; asserts nothing. See bench/README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { startServer } from '../../e2e/lib/server';
import { parseFlags } from '../args';
import { startCpuMeter } from '../search/cpu';

interface PortalBenchOptions {
  demoData: number;
  runs: number;
  cpuSlowdown: number;
  chromiumPath: string;
}

const USAGE = `Usage: npm run portal -w bench -- [--demo-data 2000] [--runs 5] [--cpu-slowdown 1]
  [--chromium-path /usr/bin/chromium]   (build first: npm run build)`;

const options = parseFlags(
  process.argv.slice(2),
  USAGE,
  { demoData: 2000, runs: 5, cpuSlowdown: 1, chromiumPath: '/usr/bin/chromium' } satisfies PortalBenchOptions,
  { demoData: 'count', runs: 'count', cpuSlowdown: 'count', chromiumPath: 'text' },
);

/**
 * Chrome DevTools' "Fast 3G" preset (front_end/core/sdk/NetworkManager.ts): 1.6 Mbps down and 750 kbps up, each × 0.9,
 * and 150 ms × 3.75 of latency added to every request.
 */
const FAST_3G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
/** A phone's screen (issue 20: 375 px). */
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const FIRST_LOAD_JS_TARGET_BYTES = 150_000;

interface Route {
  name: string;
  path: string;
  /** A JavaScript expression, true once the route's content is on the page. */
  ready: string;
  /** The target for the content, ms on Fast 3G; undefined when the issue sets none. */
  targetMs?: number;
}

/** What bench reads of a PerformanceNavigationTiming or PerformanceResourceTiming entry in the page. */
interface BrowserTiming {
  name: string;
  responseEnd: number;
  encodedBodySize: number;
}

interface Load {
  htmlMs: number;
  paintMs: number;
  readyMs: number;
  scripts: Array<{ url: string; sentBytes: number }>;
}

const repoRoot = resolve(import.meta.dirname, '../..');
const webRoot = join(repoRoot, 'apps/web/dist');
const log = (line = '') => console.log(line);
const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

function stop(message: string): never {
  console.error(`bench portal: ${message}`);
  process.exit(1);
}

/** The gzipped size of a built file: its .gz copy from scripts/build.mjs, or gzip -9 of it when it has none. */
function gzippedBytes(url: string): number {
  const path = join(webRoot, new URL(url).pathname);
  if (existsSync(`${path}.gz`)) return readFileSync(`${path}.gz`).length;
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) stop(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** One cold load of `route` in a fresh browser context (empty cache) under Fast 3G. */
async function loadOnce(browser: Browser, baseUrl: string, route: Route): Promise<Load> {
  const context = await browser.newContext({
    ...PHONE,
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  try {
    // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`: functions handed to
    // page.evaluate() run in the page, where that helper does not exist.
    await context.addInitScript('globalThis.__name ??= (target) => target;');
    // Marks the moment the content enters the page (a mutation observer runs before the next paint).
    await context.addInitScript(`{
      const observer = new MutationObserver(() => {
        if (globalThis.__benchReadyAt === undefined && (${route.ready})) {
          globalThis.__benchReadyAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true });
    }`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    if (options.cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuSlowdown });
    await page.goto(route.path, { waitUntil: 'commit', timeout: 120_000 });
    // Functions, not strings: the portal's Content-Security-Policy forbids evaluating strings.
    await page.waitForFunction(
      () => (globalThis as { __benchReadyAt?: number }).__benchReadyAt !== undefined,
      undefined,
      {
        timeout: 120_000,
        polling: 50,
      },
    );
    // The first contentful paint may be reported a frame after the content: wait for it briefly.
    await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, {
        timeout: 5_000,
      })
      .catch(() => undefined);
    return await page.evaluate(() => {
      const readyMs = (globalThis as { __benchReadyAt?: number }).__benchReadyAt!;
      // The browser's Resource Timing entries (bench compiles without the DOM's types).
      const entries = (type: string) =>
        (performance as unknown as { getEntriesByType(type: string): BrowserTiming[] }).getEntriesByType(type);
      const navigation = entries('navigation')[0]!;
      const scripts = entries('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js') && entry.responseEnd <= readyMs)
        .map((entry) => ({ url: entry.name, sentBytes: entry.encodedBodySize }));
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { htmlMs: navigation.responseEnd, paintMs: paint?.startTime ?? Number.NaN, readyMs, scripts };
    });
  } finally {
    await context.close();
  }
}

async function main() {
  if (!existsSync(join(webRoot, 'index.html'))) stop('no built portal in apps/web/dist: run npm run build first');
  if (!existsSync(options.chromiumPath)) {
    stop(`no Chromium at ${options.chromiumPath}: apt-get install -y chromium fonts-wqy-microhei (or --chromium-path)`);
  }
  log(`Starting the server on PGlite with ${options.demoData.toLocaleString('en')} demo entities ...`);
  const server = await startServer({
    repoRoot,
    logFile: join(tmpdir(), `gzcredit-bench-portal-${process.pid}.log`),
    demoData: options.demoData,
    readyTimeoutMs: 600_000,
  });
  let browser: Browser | undefined;
  try {
    log(`ready in ${ms(server.readyInMs)} at ${server.baseUrl}`);
    const base = server.baseUrl;
    const listed = await json<{ items: Array<{ creditCode: string; entityName: string }> }>(
      `${base}/api/public/lists/penalties?pageSize=1`,
    );
    const entity = listed.items[0] ?? stop('the demo data has no 行政处罚 record to open a profile of');
    const report = await fetch(`${base}/api/public/enterprises/${entity.creditCode}/report.pdf`);
    const reportNo = report.headers.get('x-report-number');
    const digest = report.headers.get('x-report-digest');
    await report.arrayBuffer();
    if (!report.ok || !reportNo || !digest) stop(`the credit report of ${entity.creditCode} answered ${report.status}`);

    const routes: Route[] = [
      { name: 'home', path: '/', ready: "document.querySelector('#main-content input') !== null" },
      {
        name: 'profile',
        path: `/enterprises/${entity.creditCode}`,
        ready: `[...document.querySelectorAll('h1')].some((h) => h.textContent === ${JSON.stringify(entity.entityName)})`,
        targetMs: 3000,
      },
      {
        name: 'report verification',
        path: `/reports/${reportNo}?digest=${digest}`,
        ready: "[...document.querySelectorAll('h2')].some((h) => h.textContent === '验证通过')",
        targetMs: 2500,
      },
    ];
    log(`profile: ${entity.entityName} (${entity.creditCode}); report ${reportNo}`);
    log(
      `Fast 3G: ${kB(FAST_3G.downloadThroughput)}/s down, ${kB(FAST_3G.uploadThroughput)}/s up, ${FAST_3G.latency} ms ` +
        `latency; CPU slowdown ${options.cpuSlowdown}×; ${PHONE.viewport.width} px; ${options.runs} cold loads per route ` +
        '(fresh context, empty cache), medians',
    );

    browser = await chromium.launch({
      executablePath: options.chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
    });
    const meter = await startCpuMeter(async () => []);
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const route of routes) {
      await loadOnce(browser, base, route); // warms the server (its caches, the JIT), not the browser
      const loads: Load[] = [];
      for (let run = 0; run < options.runs; run++) loads.push(await loadOnce(browser, base, route));
      const last = loads.at(-1)!;
      const gzipped = last.scripts.reduce((sum, script) => sum + gzippedBytes(script.url), 0);
      const sent = last.scripts.reduce((sum, script) => sum + script.sentBytes, 0);
      const readyMs = median(loads.map((load) => load.readyMs));
      rows.push([
        route.name,
        ms(median(loads.map((load) => load.htmlMs))),
        ms(median(loads.map((load) => load.paintMs))),
        ms(readyMs),
        route.targetMs ? `≤ ${ms(route.targetMs)}` : '—',
        String(last.scripts.length),
        kB(gzipped),
        kB(sent),
      ]);
      if (route.targetMs) {
        verdicts.push(
          `${route.name} content ${ms(readyMs)} ${readyMs <= route.targetMs ? 'meets' : 'MISSES'} ≤ ${ms(route.targetMs)}`,
        );
      }
      verdicts.push(
        `${route.name} first-load JS ${kB(gzipped)} gzipped ${gzipped <= FIRST_LOAD_JS_TARGET_BYTES ? 'meets' : 'MISSES'} ≤ ${kB(FIRST_LOAD_JS_TARGET_BYTES)}`,
      );
    }
    const cpu = await meter.stop();
    const header = [
      'route',
      'HTML alone',
      'first paint',
      'content',
      'target',
      'JS files',
      'JS gzipped',
      'JS as sent (br)',
    ];
    log();
    log(`| ${header.join(' | ')} |`);
    log(`|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`);
    for (const row of rows) log(`| ${row.join(' | ')} |`);
    log();
    for (const verdict of verdicts) log(`- ${verdict}`);
    log(`- machine busy: ${cpu.machine.toFixed(2)} cores of the 2 during the loads (browser and server included)`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

await main();
