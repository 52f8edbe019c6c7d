import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SOURCE_ROOT = resolve(import.meta.dirname, '..');
const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/** `import … from`, `import '…'` and `export … from` that stay at run time (not `import type`), by the text they hold. */
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)(?:([\s\S]*?)\s+from\s+)?'([^']+)';?$/gm;

interface FirstLoad {
  /** Source files, relative to apps/web/src. */
  files: Set<string>;
  /** Package specifiers with the names imported from each. */
  packages: Map<string, Set<string>>;
}

/**
 * What main.tsx pulls in by static imports: the code every page's first load carries. Pages loaded on demand
 * (`import()`) are not followed: they load with their route.
 */
function firstLoad(entry: string): FirstLoad {
  const result: FirstLoad = { files: new Set(), packages: new Map() };
  const visit = (path: string) => {
    const name = relative(SOURCE_ROOT, path);
    if (result.files.has(name)) return;
    result.files.add(name);
    for (const [, clause = '', specifier] of readFileSync(path, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!specifier) continue;
      if (!specifier.startsWith('.')) {
        const names = result.packages.get(specifier) ?? new Set<string>();
        for (const imported of clause.replace(/[{}]/g, ',').split(',')) {
          const trimmed = imported.trim().split(/\s+as\s+/)[0]!;
          if (trimmed && !trimmed.startsWith('type ')) names.add(trimmed);
        }
        result.packages.set(specifier, names);
        continue;
      }
      const base = resolve(dirname(path), specifier);
      const file = EXTENSIONS.map((extension) => base + extension).find((candidate) => {
        return existsSync(candidate) && !candidate.endsWith('/') && /\.(tsx?|css)$/.test(candidate);
      });
      if (!file) throw new Error(`${name}: cannot resolve ${specifier}`);
      if (!file.endsWith('.css')) visit(file);
    }
  };
  visit(entry);
  return result;
}

describe("the portal's first load (SPEC §6: ≤ 150 kB of gzipped JavaScript; issue 20 item 3)", () => {
  const { files, packages } = firstLoad(join(SOURCE_ROOT, 'main.tsx'));

  it('holds no console code but the lazy route table', () => {
    const consoleFiles = [...files].filter((file) => file.startsWith('app/console/')).sort();
    expect(consoleFiles).toEqual([
      'app/console/ConsoleRoot.tsx',
      'app/console/console-pages.tsx',
      'app/console/console-routes.tsx',
    ]);
  });

  it('holds no page: every page, portal and console, loads with its route', () => {
    expect(files.size).toBeGreaterThan(5);
    const pages = [...files].filter(
      (file) => /\/components\/|Page\.tsx$/.test(file) && !file.startsWith('components/'),
    );
    expect(pages.filter((file) => !/(NotFound|RouteError)Page\.tsx$/.test(file))).toEqual([]);
  });

  it('leaves out the schemas (zod), the charts and Ant Design', () => {
    expect([...packages.keys()]).not.toContain('@gzcredit/contracts'); // its barrel carries every zod schema
    expect([...packages.keys()]).not.toContain('zod');
    expect([...packages.keys()].filter((name) => name.startsWith('echarts'))).toEqual([]);
    // Ant Design's provider and theme load with the pages that draw Ant Design (antd-provider.tsx).
    expect([...packages.keys()].filter((name) => /^(antd|@ant-design\/)/.test(name))).toEqual([]);
  });
});

/** SPEC §6: a portal page's first load carries at most 150 kB of gzipped JavaScript. */
const FIRST_LOAD_BUDGET_BYTES = 150_000;

describe('the first load of the pages opened cold, in the real build (SPEC §6: ≤ 150 kB gzipped; issue 20 item 3)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'gzcredit-web-build-'));
  const gzipped = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
  let entryFiles: string[] = [];
  let pagePreloads: Record<string, string[]> = {};

  beforeAll(async () => {
    // The production build, as `npm run build` makes it (vite.config.ts: chunking, page-preloads.json). Vitest sets
    // NODE_ENV=test, under which Vite would bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: resolve(SOURCE_ROOT, '..'),
        configFile: resolve(SOURCE_ROOT, '../vite.config.ts'),
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    // The entry script and its modulepreloads: what every page's first load fetches.
    entryFiles = [
      ...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g),
    ].map((match) => match[1]!);
    // What the server adds to index.html for each page opened from a link or a QR code (platform/page-shells.ts).
    pagePreloads = JSON.parse(readFileSync(join(outDir, 'page-preloads.json'), 'utf8'));
  }, 300_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('lists the home page, a profile and a report verification with their own chunks', () => {
    expect(entryFiles.length).toBeGreaterThan(0);
    expect(Object.keys(pagePreloads).sort()).toEqual(['/', '/enterprises/:creditCode', '/reports/:reportNo']);
    for (const files of Object.values(pagePreloads)) expect(files.length).toBeGreaterThan(0);
  });

  it.each(['/', '/enterprises/:creditCode', '/reports/:reportNo'])(
    'loads at most 150 kB of gzipped JavaScript for %s',
    (path) => {
      const files = new Set([...entryFiles, ...(pagePreloads[path] ?? []).map((file) => file.replace(/^\//, ''))]);
      const total = [...files].reduce((sum, file) => sum + gzipped(file), 0);
      expect(total, `${path}: ${[...files].join(', ')}`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    },
  );
});
