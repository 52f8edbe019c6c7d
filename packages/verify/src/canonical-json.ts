/**
 * Canonical JSON (docs/verifiable-log.md): object keys sorted by UTF-16 code units at every level, no whitespace,
 * `undefined` members left out, array holes and `undefined` items as `null`, strings as JSON.stringify writes them.
 * The values attested are strings, integers, booleans and null only (the RFC 8785 idea without its number rules), so
 * that the same content always gives the same bytes, hence the same SM3 digest and the same Merkle leaf.
 */
export function canonicalJson(value: unknown): string {
  // Written with loops and one string rather than entries, filters and joins: the ingest path hashes a leaf a record.
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      out += canonicalJson(value[index] ?? null);
    }
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // sort() without a comparator orders strings by UTF-16 code units.
    const keys = Object.keys(object).sort();
    let out = '{';
    for (const key of keys) {
      const item = object[key];
      if (item === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${out}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new TypeError(`canonical JSON holds integers only, not ${value}`);
  }
  return JSON.stringify(value) ?? 'null';
}
