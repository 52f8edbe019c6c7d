/**
 * A per-process cache of computed values for a fixed time, bounded in entries (the oldest go first). Concurrent callers
 * of a missing key share one computation (single flight); a failed computation is not kept. Used where a value may
 * lag by `ttlMs` by design (the portal's figures, the match lists of frequent search fragments), or never change
 * (`ttlMs` infinite: the definitions of published catalogue items).
 */
export function createTtlCache<K, V>(options: { ttlMs: number; maxEntries: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<K, { at: number; value: Promise<V> }>();

  return {
    get(key: K, compute: () => Promise<V>): Promise<V> {
      const cached = entries.get(key);
      if (cached && now() - cached.at < options.ttlMs) return cached.value;
      entries.delete(key);
      if (options.ttlMs <= 0) return compute();
      const entry = { at: now(), value: compute() };
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      entries.set(key, entry);
      // Map keeps insertion order: the first key is the oldest entry.
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as K);
      return entry.value;
    },
    get size(): number {
      return entries.size;
    },
  };
}
