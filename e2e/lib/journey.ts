import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Desktop viewport every journey starts with. */
export const DESKTOP_VIEWPORT = { width: 1366, height: 900 } as const;
/** The wide desktop width the portal's journeys take their 1440 px screenshots at. */
export const WIDE_VIEWPORT = { width: 1440, height: 900 } as const;
/** A common phone (iPhone X class) viewport. */
export const PHONE_VIEWPORT = { width: 375, height: 812 } as const;

export interface JourneyContext {
  /** Origin of the server under test, e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  /** The server's temporary DATA_DIR (e.g. to read files the server writes at its first start). */
  dataDir: string;
  /** The journey's own browser context (fresh profile: no cookies, no storage). */
  browser: BrowserContext;
  /** A page at the desktop viewport, opened for the journey. */
  page: Page;
  /** GET a JSON document from the server (path relative to the origin); throws on a non-2xx answer. */
  api<T>(path: string): Promise<T>;
  /**
   * Runs one named step. When it succeeds, a full-page screenshot of `screenshotOf` (default: `page`) is saved as
   * `<journey>-<step>.png`; when it fails, the run reports this step and saves `<journey>-<step>-failed.png`.
   */
  step(name: string, action: () => Promise<void>, screenshotOf?: Page): Promise<void>;
  /** A line of progress under the journey's name. */
  log(message: string): void;
}

export interface Journey {
  /** One sentence: what a person does in this journey. */
  description: string;
  /**
   * The journey signs in with the one-time password of the server's first start, which the first administrator
   * sign-in uses up (other journeys sign the administrator in through the API with whatever is left): it runs first.
   */
  usesFirstStart?: boolean;
  /** How long the whole journey may take (default 180 s): one that waits for a background job says so here. */
  timeoutMs?: number;
  run(context: JourneyContext): Promise<void>;
}

/** Each file in e2e/journeys/ default-exports one journey; its name is the file name. */
export function defineJourney(journey: Journey): Journey {
  return journey;
}

/** Raised by the helpers below: its message is the whole report, no stack needed. */
export class JourneyAssertionError extends Error {
  override name = 'JourneyAssertionError';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new JourneyAssertionError(message);
}

/** Waits until the locator is visible, failing with `what` in the message. */
export async function expectVisible(locator: Locator, what: string, timeoutMs = 15_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const count = await locator.count().catch(() => 0);
    throw new JourneyAssertionError(
      `expected ${what} to be visible within ${timeoutMs / 1000} s (${count} matching element${count === 1 ? '' : 's'})`,
    );
  }
}

/** Waits until the page's URL satisfies `predicate`. */
export async function expectUrl(page: Page, predicate: (url: URL) => boolean, what: string, timeoutMs = 15_000) {
  try {
    await page.waitForURL(predicate, { timeout: timeoutMs, waitUntil: 'commit' });
  } catch {
    throw new JourneyAssertionError(`expected the address to be ${what}, it is ${page.url()}`);
  }
}
