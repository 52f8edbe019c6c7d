import type pg from 'pg';

export interface QueryClass {
  /** '2-char', '3-char', '4-char', '6-char' or 'exact code'. */
  label: string;
  queries: string[];
  /** Rows each query matches (the whole table, not capped). */
  matches: number[];
}

/** mulberry32, as in the demo generator: the same seed picks the same fragments from the same data. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PER_CLASS = 50;
const FRAGMENT_LENGTHS = [2, 3, 4, 6];
/** Common fragments every real user types, always in the 2-character class. */
const COMMON_TWO = ['贵州', '贵阳'];

/**
 * Fragments cut from the loaded names at random offsets of randomly sampled rows (deterministic for a seed): they
 * follow the data's own distribution, so common pieces (贵州, 有限公司, 超市) and rare ones (a person's name, a brand
 * plus a line of business) appear about as often as in the data; plus exact credit codes of sampled rows.
 */
export async function pickQueries(
  pool: pg.Pool,
  options: { seed?: number; count?: boolean } = {},
): Promise<QueryClass[]> {
  const seed = options.seed ?? 20_260_101;
  const random = randomSource(seed);
  const { rows: bounds } = await pool.query<{ low: string; high: string }>(
    'SELECT min(id) AS low, max(id) AS high FROM enterprises',
  );
  const low = Number(bounds[0]?.low ?? 0);
  const high = Number(bounds[0]?.high ?? 0);
  if (!high) throw new Error('The enterprises table is empty');
  const ids = Array.from({ length: 1_000 }, () => low + Math.floor(random() * (high - low + 1)));
  const { rows } = await pool.query<{ id: string; name: string; credit_code: string }>(
    'SELECT id, name, credit_code FROM enterprises WHERE id = ANY($1::bigint[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  const sampled = ids.map((id) => byId.get(id)).filter((row) => row !== undefined);

  const classes: { label: string; queries: string[] }[] = [];
  for (const length of FRAGMENT_LENGTHS) {
    const fragments = new Set<string>(length === 2 ? COMMON_TWO : []);
    for (const row of sampled) {
      if (fragments.size >= PER_CLASS) break;
      const characters = [...row.name];
      if (characters.length < length) continue;
      const offset = Math.floor(random() * (characters.length - length + 1));
      fragments.add(characters.slice(offset, offset + length).join(''));
    }
    classes.push({ label: `${length}-char`, queries: [...fragments] });
  }
  classes.push({
    label: 'exact code',
    queries: [...new Set(sampled.map((row) => row.credit_code))].slice(0, PER_CLASS),
  });

  if (options.count === false) return classes.map((queryClass) => ({ ...queryClass, matches: [] }));
  await pool.query('CREATE TABLE IF NOT EXISTS bench_fragment_matches (query text PRIMARY KEY, matches int NOT NULL)');
  const counted: QueryClass[] = [];
  for (const queryClass of classes) {
    const matches = await mapConcurrent(queryClass.queries, 2, (query) => countMatches(pool, queryClass.label, query));
    counted.push({ ...queryClass, matches });
  }
  return counted;
}

/**
 * Counts are kept in bench_fragment_matches (emptied by every load). They come from the name postings (migration
 * 0011), which hold every 2- and 3-character piece of every current name once per entity: a 2- or 3-character
 * fragment is counted by its range alone, a longer one by the range of its first trigram with strpos on the name.
 */
async function countMatches(pool: pg.Pool, label: string, query: string): Promise<number> {
  const { rows: cached } = await pool.query<{ matches: number }>(
    'SELECT matches FROM bench_fragment_matches WHERE query = $1',
    [query],
  );
  if (cached[0]) return cached[0].matches;
  const characters = [...query];
  const { rows } =
    label === 'exact code'
      ? await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprises WHERE credit_code = $1', [query])
      : await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM enterprise_name_grams
           WHERE gram = $1 AND NOT former AND strpos(name, $2) > 0`,
          [characters.slice(0, Math.min(3, characters.length)).join(''), query],
        );
  const matches = rows[0]?.n ?? 0;
  await pool.query('INSERT INTO bench_fragment_matches VALUES ($1, $2) ON CONFLICT DO NOTHING', [query, matches]);
  return matches;
}

async function mapConcurrent<T, R>(items: T[], concurrency: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
