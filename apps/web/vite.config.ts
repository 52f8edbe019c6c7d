import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The pages a visitor opens cold from a link or a report's QR code, by their router path (app/router.tsx). The build
 * lists their chunks, beyond what the entry loads, in dist/page-preloads.json; the server writes them into index.html
 * as modulepreload links for an address of that page (apps/server/src/platform/page-shells.ts), so they load with the
 * entry instead of after it (issue 20 item 3).
 */
const PRELOADED_PAGES: Record<string, string> = {
  '/': 'src/app/portal/PortalHomePage.tsx',
  '/enterprises/:creditCode': 'src/features/enterprises/components/EnterprisePage.tsx',
  '/reports/:reportNo': 'src/features/reports/components/ReportVerificationPage.tsx',
};

function pagePreloads(): Plugin {
  return {
    name: 'gzcredit-page-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      type Chunk = Extract<(typeof bundle)[string], { type: 'chunk' }>;
      const chunks = Object.values(bundle).filter((output): output is Chunk => output.type === 'chunk');
      const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const withImports = (files: string[]) => {
        const seen = new Set<string>();
        const visit = (file: string) => {
          if (seen.has(file)) return;
          seen.add(file);
          for (const imported of byFile.get(file)?.imports ?? []) visit(imported);
        };
        files.forEach(visit);
        return seen;
      };
      const initial = withImports(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
      const preloads: Record<string, string[]> = {};
      for (const [path, module] of Object.entries(PRELOADED_PAGES)) {
        const page = chunks.find((chunk) => chunk.facadeModuleId === resolve(import.meta.dirname, module));
        if (!page) this.error(`page-preloads: no chunk for ${module}`);
        preloads[path] = [...withImports([page.fileName])]
          .filter((file) => !initial.has(file))
          .map((file) => `/${file}`);
      }
      this.emitFile({
        type: 'asset',
        fileName: 'page-preloads.json',
        source: `${JSON.stringify(preloads, null, 2)}\n`,
      });
    },
  };
}

const apiServer = 'http://localhost:3000';

export default defineConfig({
  plugins: [react(), pagePreloads()],
  build: {
    outDir: 'dist',
    rolldownOptions: {
      // An application, not a library: nothing imports the entry's exports (inlining common chunks requires this).
      preserveEntrySignatures: false,
      output: {
        codeSplitting: {
          // What main.tsx imports statically (React, the router, Ant Design's ConfigProvider and theme, the layout) in
          // one file beside the entry, not a dozen.
          groups: [{ name: 'initial', tags: ['$initial'] }],
          // A page's smaller shared pieces are copied into its chunk (rolldown's runtime keeps one instance of each
          // module) instead of a file each: on a slow network every file costs a round trip over HTTP/1.1's six
          // connections. bench/portal on Fast 3G: the home page's first load went from 31 files to 5 and its content
          // from 5.1 s to 3.2 s; a profile from 30 to 6 files, 5.8 s to 3.9 s (issue 20 item 3).
          experimentalInlineCommonChunks: { maxSize: 100_000 },
        },
      },
    },
  },
  server: {
    proxy: { '/api': apiServer, '/healthz': apiServer },
  },
  preview: {
    proxy: { '/api': apiServer, '/healthz': apiServer },
  },
  test: {
    name: 'web',
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    // The first render of a lazily loaded console page transforms much of Ant Design under jsdom.
    testTimeout: 60_000,
  },
});
