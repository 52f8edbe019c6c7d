import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { routePatternExpression } from '@gzcredit/contracts';

/** index.html with the `modulepreload` links of one page's chunks, in the three encodings the server may send. */
export interface PageShell {
  html: Buffer;
  brotli: Buffer;
  gzip: Buffer;
}

const PRELOADS_FILE = 'page-preloads.json';

/**
 * The portal's pages a visitor opens cold (home, a profile, a report's verification) wait for their page chunk after
 * the entry has run: one more round trip on a slow network (issue 20 item 3). The web build lists each such page's
 * chunks in `page-preloads.json` (apps/web/vite.config.ts); for an address of that page the server sends index.html
 * with `<link rel="modulepreload">` for them, so they travel with the entry. Without the file (an older build, route
 * tests) there is none and index.html goes out as it is.
 */
export function loadPageShells(webRoot: string): (path: string) => PageShell | undefined {
  const preloadsPath = join(webRoot, PRELOADS_FILE);
  if (!existsSync(preloadsPath)) return () => undefined;
  const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const preloads = JSON.parse(readFileSync(preloadsPath, 'utf8')) as Record<string, string[]>;
  const shells = Object.entries(preloads).map(([pattern, files]) => {
    const links = files.map((file) => `<link rel="modulepreload" crossorigin href="${file}">`).join('');
    const html = Buffer.from(index.replace('</head>', `${links}</head>`));
    return {
      matches: routePatternExpression(pattern),
      shell: {
        html,
        brotli: brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        gzip: gzipSync(html, { level: 9 }),
      },
    };
  });
  return (path) => shells.find((candidate) => candidate.matches.test(path))?.shell;
}
