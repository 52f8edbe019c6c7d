/**
 * Canonical JSON (docs/verifiable-log.md): object keys sorted by UTF-16 code units at every level, no whitespace,
 * `undefined` members left out, array holes and `undefined` items as `null`, strings as JSON.stringify writes them.
 * The values attested are strings, integers, booleans and null only (the RFC 8785 idea without its number rules), so
 * that the same content always gives the same bytes, hence the same SM3 digest and the same Merkle leaf.
 *
 * Written by the engine's own JSON.stringify in one pass, the replacer only checking the numbers and handing over each
 * object with its keys in order (the object itself when they already are, a copy in sorted order when not): a credit
 * check of 10,000 entities is ~5 MB, which a recursive writer joining strings took ~1 s to write, this ~0.2 s; a record's leaf (the ingest path hashes one a
 * record) is no slower than with the loops it replaces. An
 * object with integer-like keys ("10", "9") is the one case the engine cannot write in that order (it lists such keys
 * first, in numeric order, whatever the insertion order): such a content is written by the recursive writer instead.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, inKeyOrder) ?? 'null';
  } catch (error) {
    if (error !== UNORDERABLE) throw error;
    return writeCanonical(value);
  }
}

const UNORDERABLE = new Error('an object whose keys JSON.stringify cannot write in UTF-16 order');

function assertInteger(value: number): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON holds integers only, not ${value}`);
  return value;
}

function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index++) if (keys[index - 1]! > keys[index]!) return false;
  return true;
}

function inKeyOrder(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number') return assertInteger(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (isSorted(keys)) return value;
  keys.sort();
  const ordered: Record<string, unknown> = {};
  for (const key of keys) ordered[key] = (value as Record<string, unknown>)[key];
  if (!isSorted(Object.keys(ordered))) throw UNORDERABLE;
  return ordered;
}

/** The same bytes, written member by member (for the contents `inKeyOrder` cannot hand to JSON.stringify). */
function writeCanonical(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return writeCanonical((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let index = 0; index < value.length; index++) items.push(writeCanonical(value[index] ?? null));
    return `[${items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined && typeof item !== 'function' && typeof item !== 'symbol')
        members.push(`${JSON.stringify(key)}:${writeCanonical(item)}`);
    }
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'number') assertInteger(value);
  return JSON.stringify(value) ?? 'null';
}
