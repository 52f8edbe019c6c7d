import { parseFlags } from '../args';

/** Command-line flags of the ingestion benchmark (`npm run ingest -w bench -- --rows 2000000`). */
export interface IngestBenchOptions {
  rows: number;
  /** Entities loaded before the upload; half of the rows name one of them, the others wait in the matching queue. */
  entities: number;
  /** A server URL for the benchmark database: it is dropped and created afresh (UTF-8, C.UTF-8). */
  databaseUrl: string;
  /** Also kill -9 the server when the import is this far (0–1), restart it, upload the file again and check. */
  killAt: number | null;
  /** Skip the raw COPY baseline. */
  skipCopy: boolean;
  /** Keep the generated files and the data directory. */
  keep: boolean;
  /** Node flags of the server process only (e.g. `--max-old-space-size=160 --trace-gc`). */
  serverNodeFlags: string;
}

const DEFAULTS: IngestBenchOptions = {
  rows: 1_000_000,
  entities: 200_000,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_ingest_bench',
  killAt: null,
  skipCopy: false,
  keep: false,
  serverNodeFlags: '',
};

const USAGE = `Usage: npm run ingest -w bench -- [--rows 1000000] [--entities 200000]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_ingest_bench] [--kill-at 0.5] [--skip-copy] [--keep]
  [--server-node-flags="--max-old-space-size=160"]`;

export const parseArgs = (argv: string[]): IngestBenchOptions =>
  parseFlags(argv, USAGE, DEFAULTS, {
    rows: 'count',
    entities: 'count',
    databaseUrl: 'database-url',
    killAt: 'fraction',
    skipCopy: 'switch',
    keep: 'switch',
    serverNodeFlags: 'text',
  });
