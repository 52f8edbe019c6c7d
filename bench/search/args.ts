/** Command-line flags of the search benchmark (`npm run search -w bench -- --entities 5000000`). */
export interface SearchBenchOptions {
  entities: number;
  duration: number;
  connections: number;
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
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/gzcredit_bench',
  reload: false,
  sequential: 200,
  explainFull: false,
};

const USAGE = `Usage: npm run search -w bench -- [--entities 1000000] [--duration 10] [--connections 50]
  [--database-url postgres://postgres@127.0.0.1:5432/gzcredit_bench] [--reload] [--sequential 200] [--explain-full]`;

function positiveInteger(flag: string, value: string | undefined): number {
  const parsed = Number(value?.replace(/_/g, ''));
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`${flag} needs a positive integer, got ${value}\n${USAGE}`);
  return parsed;
}

export function parseArgs(argv: string[]): SearchBenchOptions {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--entities':
        options.entities = positiveInteger(flag, value());
        break;
      case '--duration':
        options.duration = positiveInteger(flag, value());
        break;
      case '--connections':
        options.connections = positiveInteger(flag, value());
        break;
      case '--sequential':
        options.sequential = positiveInteger(flag, value());
        break;
      case '--database-url': {
        const url = value();
        if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new Error(`--database-url needs postgres://…\n${USAGE}`);
        options.databaseUrl = url;
        break;
      }
      case '--reload':
        options.reload = true;
        break;
      case '--explain-full':
        options.explainFull = true;
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown flag ${flag}\n${USAGE}`);
    }
  }
  return options;
}
