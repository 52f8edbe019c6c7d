/**
 * Canonical JSON (docs/verifiable-log.md): object keys sorted by UTF-16 code units at every level, no whitespace,
 * `undefined` members left out, array holes and `undefined` items as `null`, strings as JSON.stringify writes them.
 * The values attested are strings, integers, booleans and null only (the RFC 8785 idea without its number rules), so
 * that the same content always gives the same bytes, hence the same SM3 digest and the same Merkle leaf.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new TypeError(`canonical JSON holds integers only, not ${value}`);
  }
  return JSON.stringify(value) ?? 'null';
}
