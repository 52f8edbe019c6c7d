import { parseFlags } from '../args';

/** Command-line flags of the search benchmark (`npm run search -w bench -- --entities 5000000`). */
export interface SearchBenchOptions {
  entities: number;
  duration: number;
  connections: number;
  /** Requests/s of the paced pass: the latency the server answers with at the SPEC's rate (not saturated). */
  rate: number;
  databaseUrl: string;
  reload: boolean;
  /** Requests per class in the single-client latency pass. */
  sequential: number;
  /** Print the full EXPLAIN (ANALYZE, BUFFERS) text besides the summary. */
  explainFull: boolean;
}

const DEFAULTS: SearchBenchOptions = {
  entities: 1_000_000,
  duration: 10,
  connections: 50,
  rate: 2_000,
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_bench',
  reload: false,
  sequential: 200,
  explainFull: false,
};

const USAGE = `Usage: npm run search -w bench -- [--entities 1000000] [--duration 10] [--connections 50] [--rate 2000]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_bench] [--reload] [--sequential 200] [--explain-full]`;

export const parseArgs = (argv: string[]): SearchBenchOptions =>
  parseFlags(argv, USAGE, DEFAULTS, {
    entities: 'count',
    duration: 'count',
    connections: 'count',
    rate: 'count',
    databaseUrl: 'database-url',
    reload: 'switch',
    sequential: 'count',
    explainFull: 'switch',
  });
