import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache';

function counter() {
  let calls = 0;
  return {
    compute: async () => ++calls,
    get calls() {
      return calls;
    },
  };
}

describe('createTtlCache', () => {
  it('reuses a value until its time is up, then computes it again', async () => {
    let clock = 0;
    const cache = createTtlCache<string, number>({ ttlMs: 1_000, maxEntries: 10, now: () => clock });
    const source = counter();
    expect(await cache.get('贵州', source.compute)).toBe(1);
    clock = 999;
    expect(await cache.get('贵州', source.compute)).toBe(1);
    clock = 1_000;
    expect(await cache.get('贵州', source.compute)).toBe(2);
    expect(source.calls).toBe(2);
  });

  it('lets concurrent callers of a missing key share one computation', async () => {
    const cache = createTtlCache<string, number>({ ttlMs: 1_000, maxEntries: 10 });
    let release!: (value: number) => void;
    let calls = 0;
    const compute = () => {
      calls += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const waiting = [cache.get('贵阳', compute), cache.get('贵阳', compute), cache.get('贵阳', compute)];
    release(7);
    expect(await Promise.all(waiting)).toEqual([7, 7, 7]);
    expect(calls).toBe(1);
  });

  it('keeps no failure: the next caller computes again', async () => {
    const cache = createTtlCache<string, number>({ ttlMs: 1_000, maxEntries: 10 });
    await expect(cache.get('酒业', async () => Promise.reject(new Error('数据库不可用')))).rejects.toThrow(
      '数据库不可用',
    );
    expect(cache.size).toBe(0);
    expect(await cache.get('酒业', async () => 3)).toBe(3);
  });

  it('holds at most maxEntries, dropping the oldest first', async () => {
    const cache = createTtlCache<string, number>({ ttlMs: 60_000, maxEntries: 2 });
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    await cache.get('c', async () => 3);
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 10)).toBe(10);
    expect(await cache.get('c', async () => 30)).toBe(3);
  });

  it('keeps nothing when its time is 0', async () => {
    const cache = createTtlCache<string, number>({ ttlMs: 0, maxEntries: 10 });
    const source = counter();
    await cache.get('茶叶', source.compute);
    await cache.get('茶叶', source.compute);
    expect(source.calls).toBe(2);
    expect(cache.size).toBe(0);
  });
});
