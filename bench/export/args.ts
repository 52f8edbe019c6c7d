import { parseFlags } from '../args';

/** Command-line flags of the export benchmark (`npm run export -w bench -- --rows 100000`). */
export interface ExportBenchOptions {
  rows: number;
  /** A server URL for the benchmark database: it is dropped and created afresh (UTF-8, C.UTF-8). */
  databaseUrl: string;
  /** Node flags of the server process only (e.g. `--max-old-space-size=160 --trace-gc`). */
  serverNodeFlags: string;
}

const DEFAULTS: ExportBenchOptions = {
  rows: 100_000,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_export_bench',
  serverNodeFlags: '',
};

const USAGE = `Usage: npm run export -w bench -- [--rows 100000]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_export_bench] [--server-node-flags="--trace-gc"]`;

export const parseArgs = (argv: string[]): ExportBenchOptions =>
  parseFlags(argv, USAGE, DEFAULTS, { rows: 'count', databaseUrl: 'database-url', serverNodeFlags: 'text' });
