import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { routePatternExpression } from '@gzcredit/contracts';
import { earlyRequestUrl } from '@gzcredit/contracts/early-requests';
import { escapeHtml } from './html';

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
 * with `<link rel="modulepreload">` for them, so they travel with the entry. A profile or a report's verification also
 * names the public answer it will ask for first (`<link rel="preload" as="fetch">`, the address the portal's early
 * request uses: contracts' earlyRequestUrl), so the answer travels with the entry too and the portal's fetch takes it.
 * Without the file (an older build, route tests) there is none and index.html goes out as it is.
 *
 * `url` is the request's path and query. A shell without a data preload is compressed once; one with it, per request
 * (a 2 kB page, at a quick brotli level).
 */
export function loadPageShells(webRoot: string): (url: string) => PageShell | undefined {
  const preloadsPath = join(webRoot, PRELOADS_FILE);
  if (!existsSync(preloadsPath)) return () => undefined;
  const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const preloads = JSON.parse(readFileSync(preloadsPath, 'utf8')) as Record<string, string[]>;
  const shells = Object.entries(preloads).map(([pattern, files]) => {
    const links = files.map((file) => `<link rel="modulepreload" crossorigin href="${file}">`).join('');
    return {
      matches: routePatternExpression(pattern),
      links,
      shell: compress(Buffer.from(index.replace('</head>', `${links}</head>`)), 11),
    };
  });
  return (url) => {
    const [path = '', query = ''] = url.split(/\?(.*)/s, 2);
    const page = shells.find((candidate) => candidate.matches.test(path));
    if (!page) return undefined;
    const data = earlyRequestUrl(path, query);
    if (!data) return page.shell;
    const dataLink = `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(data)}">`;
    return compress(Buffer.from(index.replace('</head>', `${dataLink}${page.links}</head>`)), 5);
  };
}

function compress(html: Buffer, brotliQuality: number): PageShell {
  return {
    html,
    brotli: brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality } }),
    gzip: gzipSync(html, { level: 9 }),
  };
}
