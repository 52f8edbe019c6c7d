// Builds the portal (vite, into apps/web/dist) and the server (esbuild, into apps/server/dist): production runs compiled
// JavaScript, not tsx compiling TypeScript at every start. `--if-needed` (the prestart of `npm start`) builds only what
// changed since its last build, judged by a fingerprint of its sources' paths, sizes and mtimes kept next to the
// output, so a second start builds nothing (issue 17 item 2). `--server` builds the server alone. The portal's text
// files are compressed once here, brotli and gzip beside each, for the server to send as they are (issue 20 item 3).
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const FINGERPRINT_FILE = '.sources-fingerprint';
const SHARED = [
  'packages/domain/src',
  'packages/domain/package.json',
  'packages/contracts/src',
  'packages/contracts/package.json',
];

const targets = {
  web: {
    outDir: 'apps/web/dist',
    sources: ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', ...SHARED],
    build: async () => {
      execSync('npm run build -w apps/web', { stdio: 'inherit' });
      await precompress('apps/web/dist');
    },
  },
  server: {
    outDir: 'apps/server/dist',
    sources: ['apps/server/src', 'apps/server/package.json', 'scripts/build.mjs', ...SHARED],
    build: buildServer,
  },
};

/**
 * One ESM bundle of the server with the workspace packages (TypeScript sources, which Node cannot load), every npm
 * dependency left to node_modules. Split chunks keep dynamic imports lazy (tracing loads its SDK only when enabled).
 */
async function buildServer() {
  // esbuild (a root devDependency, the version vite and tsx use too) is loaded only when a build is due.
  const { build } = await import('esbuild');
  const manifest = JSON.parse(readFileSync('apps/server/package.json', 'utf8'));
  await build({
    entryPoints: { main: 'apps/server/src/main.ts' },
    outdir: 'apps/server/dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // The engines of package.json; an older target would drop the `with { type: 'json' }` of kept imports.
    target: 'node20.19',
    external: Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@gzcredit/')),
    logLevel: 'warning',
  }).catch(() => process.exit(1)); // esbuild has printed the errors
}

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt']);
/** Below this, compression saves less than a packet and costs the client a decoder. */
const MIN_COMPRESS_BYTES = 1024;

/**
 * Writes `<file>.br` and `<file>.gz` (level 9) beside each text file of `dir` worth compressing, all at once on libuv's
 * thread pool. Brotli at quality 10, not 11: on the portal's ~12 MB of text, 11 took 53 s of CPU for 1.7 % fewer bytes
 * than 10's 16 s (3.25 MB against 3.30 MB), and the first start of a fresh clone waits for it (issue 20 item 9).
 */
async function precompress(dir) {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  const started = performance.now();
  const files = textFiles(dir);
  await Promise.all(
    files.map(async (path) => {
      const content = readFileSync(path);
      const params = { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_SIZE_HINT]: content.length };
      const [br, gzipped] = await Promise.all([brotli(content, { params }), gz(content, { level: 9 })]);
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, gzipped);
    }),
  );
  console.log(
    `compressed ${files.length} files (brotli, gzip) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** The text files of `dir` (recursively) worth compressing. */
function textFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return textFiles(path);
    return COMPRESSIBLE.has(extname(entry.name)) && statSync(path).size >= MIN_COMPRESS_BYTES ? [path] : [];
  });
}

function sourceFiles(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => (/\.test\.tsx?$/.test(entry) ? [] : sourceFiles(join(path, entry))));
}

function fingerprint(sources) {
  const hash = createHash('sha256');
  for (const file of sources.flatMap(sourceFiles)) {
    const stat = statSync(file);
    hash.update(`${file}\t${stat.size}\t${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const onlyIfNeeded = process.argv.includes('--if-needed');
const chosen = process.argv.includes('--server') ? ['server'] : ['web', 'server'];
for (const name of chosen) {
  const target = targets[name];
  const stamp = join(target.outDir, FINGERPRINT_FILE);
  // Taken before building: a source edited during the build leaves a stale stamp, so the next start builds again.
  const current = fingerprint(target.sources);
  if (onlyIfNeeded && existsSync(stamp) && readFileSync(stamp, 'utf8') === current) continue;
  console.log(`Building ${target.outDir} ...`);
  await target.build();
  writeFileSync(stamp, current);
}
