/**
 * End-to-end journeys in a real browser (Debian's Chromium driven by playwright-core), without a test runner.
 *
 *   npm run build && npm run e2e                  # every journey in e2e/journeys/
 *   npm run e2e -- portal-search                  # only the named journeys
 *   E2E_DATABASE_URL=postgres://… npm run e2e     # against PostgreSQL (an empty UTF-8 database) instead of PGlite
 *
 * Starts the server on a free port with a fresh temporary DATA_DIR, runs each journey in its own fresh browser profile,
 * checks each step's page with axe-core (lib/accessibility.ts: a serious or critical violation fails the step), saves
 * screenshots to test-results/e2e/ (E2E_OUTPUT_DIR), prints PASS/FAIL per journey and the accessibility violations of
 * the run by rule, and exits 1 on any failure.
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  accessibilityChecks,
  accessibilityReport,
  accessibilitySummary,
  checkAccessibility,
} from './lib/accessibility';
import { DESKTOP_VIEWPORT, type Journey, JourneyAssertionError, type JourneyContext } from './lib/journey';
import { type RunningServer, startServer, stopAllServers } from './lib/server';

const repoRoot = resolve(import.meta.dirname, '..');
const journeysDir = join(import.meta.dirname, 'journeys');
const outputDir = resolve(repoRoot, process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_DATA = 2000;
const READY_TIMEOUT_MS = 120_000;
const JOURNEY_TIMEOUT_MS = 180_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface JourneyResult {
  name: string;
  passed: boolean;
  failedStep?: string;
  error?: string;
  ms: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');

function fail(message: string): never {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

async function loadJourneys(only: string[]): Promise<Array<{ name: string; journey: Journey }>> {
  const files = (await readdir(journeysDir)).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')).sort();
  const names = files.map((file) => basename(file, '.ts'));
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length > 0) fail(`no journey named ${unknown.join(', ')} (journeys: ${names.join(', ')})`);
  const chosen = files.filter((file) => only.length === 0 || only.includes(basename(file, '.ts')));
  if (chosen.length === 0) fail(`no journeys in ${relative(repoRoot, journeysDir)}/`);
  const loaded = [];
  for (const file of chosen) {
    const module = (await import(pathToFileURL(join(journeysDir, file)).href)) as { default?: Journey };
    if (typeof module.default?.run !== 'function') fail(`${file} must default-export defineJourney({ … })`);
    loaded.push({ name: basename(file, '.ts'), journey: module.default });
  }
  // The one that needs the first start's one-time password before any other uses it up; otherwise by name.
  return loaded.sort((a, b) => Number(b.journey.usesFirstStart ?? false) - Number(a.journey.usesFirstStart ?? false));
}

/** Close functions of the browsers now open, for an interrupted run. */
const openBrowsers = new Set<() => Promise<void>>();

async function launchBrowser(baseURL: string): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'gzcredit-e2e-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: DESKTOP_VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The runner handles these itself (stops the server first); Playwright still kills the browser on exit.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`: functions handed to
  // page.evaluate() run in the page, where that helper does not exist.
  await browser.addInitScript('globalThis.__name ??= (target) => target;');
  browser.setDefaultTimeout(15_000);
  browser.setDefaultNavigationTimeout(30_000);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
      openBrowsers.delete(close);
    })();
    return closing;
  };
  openBrowsers.add(close);
  return { browser, close };
}

async function runJourney(name: string, journey: Journey, server: RunningServer): Promise<JourneyResult> {
  const started = Date.now();
  const { browser, close } = await launchBrowser(server.baseUrl);
  const page = browser.pages()[0] ?? (await browser.newPage());
  let lastPage: Page = page;
  let currentStep = '(setup)';
  /** Uncaught page errors and 5xx answers fail the step they happen in. */
  const problems: string[] = [];
  const watch = (watched: Page) => {
    // With the stack's first frames: the bundle's chunk names say which code threw (e.g. the chart library's).
    watched.on('pageerror', (error) =>
      problems.push(
        `uncaught error in the page: ${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 5).join('\n')}` : ''}`,
      ),
    );
    watched.on('response', (response) => {
      if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
    });
    watched.on('console', (message) => {
      if (message.type() === 'error') console.log(`    [console.error] ${message.text()}`);
    });
  };
  watch(page);
  browser.on('page', watch);

  const context: JourneyContext = {
    baseUrl: server.baseUrl,
    dataDir: server.dataDir,
    browser,
    page,
    async api<T>(path: string): Promise<T> {
      const response = await fetch(new URL(path, server.baseUrl), { headers: { accept: 'application/json' } });
      if (!response.ok) {
        throw new JourneyAssertionError(`GET ${path} answered ${response.status}: ${await response.text()}`);
      }
      return (await response.json()) as T;
    },
    async step(stepName, action, screenshotOf = page) {
      currentStep = stepName;
      lastPage = screenshotOf;
      const stepStarted = Date.now();
      await action();
      if (problems.length > 0) throw new JourneyAssertionError(problems.splice(0).join('; '));
      await checkAccessibility(screenshotOf, `${name}/${stepName}`);
      const file = join(outputDir, `${fileSafe(name)}-${fileSafe(stepName)}.png`);
      await screenshotOf.screenshot({ path: file, fullPage: true });
      console.log(`  ✓ ${stepName} (${seconds(Date.now() - stepStarted)}) → ${relative(repoRoot, file)}`);
    },
    log(message) {
      console.log(`    ${message}`);
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = journey.timeoutMs ?? JOURNEY_TIMEOUT_MS;
  try {
    await Promise.race([
      journey.run(context),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new JourneyAssertionError(`the journey took longer than ${seconds(timeoutMs)}`)),
          timeoutMs,
        );
      }),
    ]);
    if (problems.length > 0) throw new JourneyAssertionError(problems.splice(0).join('; '));
    return { name, passed: true, ms: Date.now() - started };
  } catch (error) {
    const file = join(outputDir, `${fileSafe(name)}-${fileSafe(currentStep)}-failed.png`);
    const saved = await lastPage
      .screenshot({ path: file, fullPage: true, timeout: 10_000 })
      .then(() => ` (screenshot ${relative(repoRoot, file)})`)
      .catch(() => '');
    let message = error instanceof JourneyAssertionError ? error.message : ((error as Error).stack ?? String(error));
    const exitedBy = server.exitedBy();
    if (exitedBy) message += `\n  the server had stopped during the journey (${exitedBy})`;
    return { name, passed: false, failedStep: currentStep, error: `${message}${saved}`, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await close();
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  if (!existsSync(join(repoRoot, 'apps/web/dist/index.html'))) {
    fail('apps/web/dist/index.html is missing: build the portal first with `npm run build` (at the repository root)');
  }
  if (!existsSync(chromiumPath)) {
    fail(`no Chromium at ${chromiumPath}: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH)`);
  }
  const journeys = await loadJourneys(only);

  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    interrupted = true;
    console.error(`\ne2e: ${signal}: stopping the server and the browser`);
    void Promise.allSettled([stopAllServers(), ...[...openBrowsers].map((close) => close())]).finally(() =>
      process.exit(130),
    );
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  await rm(outputDir, { recursive: true, force: true });
  await mkdir(outputDir, { recursive: true });

  const runStarted = Date.now();
  const databaseUrl = process.env.E2E_DATABASE_URL || undefined;
  const logFile = join(outputDir, 'server.log');
  console.log(
    `e2e: starting the server (${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${DEMO_DATA} demo entities)`,
  );
  let server: RunningServer;
  try {
    server = await startServer({
      repoRoot,
      logFile,
      databaseUrl,
      demoData: DEMO_DATA,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  console.log(`e2e: server ready at ${server.baseUrl} in ${seconds(server.readyInMs)}`);

  const results: JourneyResult[] = [];
  for (const { name, journey } of journeys) {
    console.log(`\n${name}: ${journey.description}`);
    const exitedBy = server.exitedBy();
    const result: JourneyResult = exitedBy
      ? { name, passed: false, failedStep: '(start)', error: `the server is not running (${exitedBy})`, ms: 0 }
      : await runJourney(name, journey, server);
    if (interrupted) return;
    results.push(result);
    if (result.passed) {
      console.log(`PASS ${name} (${seconds(result.ms)})`);
    } else {
      console.log(`FAIL ${name} at step "${result.failedStep}" (${seconds(result.ms)})\n  ${result.error}`);
    }
  }

  const failed = results.filter((result) => !result.passed);
  if (failed.length > 0)
    console.log(`\n--- last server log lines (${relative(repoRoot, logFile)}) ---\n${await server.logTail()}`);
  await server.stop();

  console.log(
    `\ne2e: ${results.length - failed.length} passed, ${failed.length} failed in ${seconds(Date.now() - runStarted)}` +
      ` (${server.engine}); screenshots in ${relative(repoRoot, outputDir)}/`,
  );
  for (const result of failed) console.log(`  FAIL ${result.name} at step "${result.failedStep}"`);
  const violations = accessibilitySummary();
  console.log(
    `e2e: axe-core checked ${accessibilityChecks} page(s); violations by rule: ${violations.length === 0 ? 'none' : ''}`,
  );
  for (const line of violations) console.log(`  ${line}`);
  await writeFile(join(outputDir, 'accessibility.json'), accessibilityReport());
  process.exit(failed.length > 0 ? 1 : 0);
}

await main();
