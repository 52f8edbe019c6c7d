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
  [--server-node-flags "--max-old-space-size=160"]`;

function positiveInteger(flag: string, value: string | undefined): number {
  const parsed = Number(value?.replace(/_/g, ''));
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`${flag} needs a positive integer, got ${value}\n${USAGE}`);
  return parsed;
}

export function parseArgs(argv: string[]): IngestBenchOptions {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--rows':
        options.rows = positiveInteger(flag, value());
        break;
      case '--entities':
        options.entities = positiveInteger(flag, value());
        break;
      case '--database-url': {
        const url = value();
        if (!url || !/^postgres(ql)?:\/\/.+\/.+/.test(url))
          throw new Error(`--database-url needs postgres://…/database\n${USAGE}`);
        options.databaseUrl = url;
        break;
      }
      case '--kill-at': {
        const fraction = Number(value());
        if (!(fraction > 0 && fraction < 1)) throw new Error(`--kill-at needs a fraction between 0 and 1\n${USAGE}`);
        options.killAt = fraction;
        break;
      }
      case '--skip-copy':
        options.skipCopy = true;
        break;
      case '--server-node-flags':
        options.serverNodeFlags = value() ?? '';
        break;
      case '--keep':
        options.keep = true;
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
