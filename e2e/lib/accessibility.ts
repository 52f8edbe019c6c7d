import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { JourneyAssertionError } from './journey';

/**
 * Accessibility (GB/T 37668-2019, WCAG 2.1 AA) checked with axe-core in the page: every rule axe runs by default
 * (WCAG 2.0/2.1/2.2 A and AA and its best practices) plus label-content-name-mismatch (WCAG 2.5.3, experimental in
 * axe and off by default). Any serious or critical violation fails the step.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS: RunOptions = {
  rules: { 'label-content-name-mismatch': { enabled: true } },
  resultTypes: ['violations'],
};
const FAILING: ReadonlySet<ImpactValue> = new Set(['serious', 'critical']);

interface Tally {
  impact: ImpactValue;
  /** Elements in violation, summed over every check. */
  nodes: number;
  /** The checks (journey-step names) where the rule failed. */
  pages: Set<string>;
  /** Per check: the address and the first elements in violation (CSS selectors) with axe's summary. */
  examples: Array<{ check: string; url: string; elements: string[] }>;
}

/** Violations of the whole run by rule id (every impact), for the run's closing summary. */
export const accessibilityTally = new Map<string, Tally>();
/** How many pages (page states) were checked in the run. */
export let accessibilityChecks = 0;

/**
 * Runs axe-core on the page as it is now (after a navigation or a change the journey waits for), adds what it finds
 * to the run's tally and fails on any serious or critical violation, naming the rule and the first elements.
 */
export async function checkAccessibility(page: Page, name: string): Promise<void> {
  // Colour contrast is judged on what is drawn: let fade-ins and transitions finish first.
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), null, {
      timeout: 3_000,
    })
    .catch(() => undefined);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (options) =>
      (window as unknown as { axe: { run(context: Document, o: RunOptions): Promise<AxeResults> } }).axe
        .run(document, options)
        .then((result) => ({ violations: result.violations })),
    AXE_OPTIONS,
  );
  accessibilityChecks += 1;
  const failing: string[] = [];
  for (const violation of results.violations) {
    const tally = accessibilityTally.get(violation.id) ?? {
      impact: violation.impact ?? null,
      nodes: 0,
      pages: new Set(),
      examples: [],
    };
    const elements = violation.nodes.slice(0, 5).map((node) => {
      const why = node.failureSummary?.split('\n').slice(1).join(' ').trim();
      return `${node.target.join(' ')}${why ? ` (${why})` : ''}`;
    });
    tally.nodes += violation.nodes.length;
    tally.pages.add(name);
    tally.examples.push({ check: name, url: page.url(), elements });
    accessibilityTally.set(violation.id, tally);
    if (FAILING.has(violation.impact ?? null)) {
      failing.push(
        `${violation.id} [${violation.impact}] ${violation.help}: ${violation.nodes.length} element(s), e.g. ` +
          elements.slice(0, 3).join('; '),
      );
    }
  }
  if (failing.length > 0) {
    throw new JourneyAssertionError(`accessibility of ${name} (${page.url()}):\n    ${failing.join('\n    ')}`);
  }
}

/** The tally as lines for the run's summary: rule id, impact, elements, checks. */
export function accessibilitySummary(): string[] {
  return [...accessibilityTally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, tally]) => `${rule} [${tally.impact}]: ${tally.nodes} element(s) on ${tally.pages.size} page(s)`);
}

/** The tally as JSON (rule id → impact, elements, checks with examples), saved beside the screenshots. */
export function accessibilityReport(): string {
  const rules = Object.fromEntries(
    [...accessibilityTally.entries()].map(([rule, tally]) => [rule, { ...tally, pages: [...tally.pages] }]),
  );
  return JSON.stringify({ checks: accessibilityChecks, rules }, null, 2);
}

/**
 * Opens the select (combobox) named `label` from the keyboard and fails unless a screen reader hears each option by
 * its name: every option of its list has a name, and no option reads out anything else (a raw value such as an id or
 * an English code). Closes it again with Escape.
 */
export async function expectSelectAnnouncesNames(page: Page, label: string): Promise<string[]> {
  const combobox = page.getByRole('combobox', { name: label, exact: true });
  await combobox.focus();
  await page.keyboard.press('ArrowDown');
  const listId = await combobox.getAttribute('aria-controls');
  if (!listId) throw new JourneyAssertionError(`the select ${label} names no list (aria-controls) when open`);
  const list = page.locator(`[id="${listId}"]`);
  await list.getByRole('option').first().waitFor({ state: 'attached' });
  const snapshot = await list.ariaSnapshot();
  await page.keyboard.press('Escape');
  const options = snapshot.split('\n').filter((line) => /^\s*- option\b/.test(line));
  // `- option "严重失信"` when what it reads is its name; `- option "严重失信": severe` when it reads a value too.
  const wrong = options.filter((line) => !/^\s*- option "[^"]+"( \[[^\]]+\])*$/.test(line));
  if (options.length === 0 || wrong.length > 0) {
    throw new JourneyAssertionError(
      `the options of the select ${label} do not read out their names alone: ${(wrong.length > 0 ? wrong : [snapshot]).map((line) => line.trim()).join('; ')}`,
    );
  }
  return options.map((line) => /"([^"]+)"/.exec(line)![1]!);
}
