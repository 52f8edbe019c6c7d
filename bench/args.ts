import { parseArgs } from 'node:util';

/** How a benchmark flag's value is read: a positive integer, a switch, any text, a database URL or a fraction in (0, 1). */
export type FlagKind = 'count' | 'switch' | 'text' | 'database-url' | 'fraction';

/** `databaseUrl` → `database-url`: every option key is its flag's name in camelCase. */
const flagName = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function convert(kind: FlagKind, flag: string, value: string | boolean, usage: string): unknown {
  const refuse = (what: string): never => {
    throw new Error(`${flag} needs ${what}, got ${value}\n${usage}`);
  };
  switch (kind) {
    case 'switch':
    case 'text':
      return value;
    case 'count': {
      const parsed = Number(String(value).replace(/_/g, ''));
      return Number.isInteger(parsed) && parsed > 0 ? parsed : refuse('a positive integer');
    }
    case 'fraction': {
      const parsed = Number(value);
      return parsed > 0 && parsed < 1 ? parsed : refuse('a fraction between 0 and 1');
    }
    case 'database-url':
      return /^postgres(ql)?:\/\/.+\/.+/.test(String(value)) ? value : refuse('postgres://…/database');
  }
}

/**
 * The benchmarks' command lines: `--flag value` or `--flag=value` for each key of `defaults` (its name in kebab-case),
 * `--help` prints `usage`. An unknown flag or a bad value stops with the usage.
 */
export function parseFlags<T extends object>(
  argv: string[],
  usage: string,
  defaults: T,
  kinds: { [K in keyof T]: FlagKind },
): T {
  const keys = Object.keys(kinds) as (keyof T & string)[];
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: Object.fromEntries([
        ['help', { type: 'boolean' }],
        ...keys.map((key) => [flagName(key), { type: kinds[key] === 'switch' ? 'boolean' : 'string' }]),
      ]),
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const options = { ...defaults };
  for (const key of keys) {
    const value = values[flagName(key)];
    if (value !== undefined) options[key] = convert(kinds[key], `--${flagName(key)}`, value, usage) as T[typeof key];
  }
  return options;
}
