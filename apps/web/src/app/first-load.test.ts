import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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

  it('leaves out the schemas (zod), the charts and the Ant Design parts no first paint needs', () => {
    expect([...packages.keys()]).not.toContain('@gzcredit/contracts'); // its barrel carries every zod schema
    expect([...packages.keys()]).not.toContain('zod');
    expect([...packages.keys()].filter((name) => name.startsWith('echarts'))).toEqual([]);
    // ConfigProvider and the theme only: App (message, notification, modal), Result (its illustrations), Spin and the
    // rest load with the pages that show them.
    expect([...(packages.get('antd') ?? [])].sort()).toEqual(['ConfigProvider', 'theme']);
  });
});
