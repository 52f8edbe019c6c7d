import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { leafBytes } from './document';

/** The definition (docs/verifiable-log.md) written member by member, as canonicalJson was before its one-pass form. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${Array.from(value, (item) => reference(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A pseudo-random content of strings (CJK, quotes, control characters), integers, booleans, nulls, arrays, objects. */
function randomContent(seed: number, depth = 0): unknown {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const keys = ['b', 'a', 'records', 'itemName', 'Z', 'é', '贵州', '', 'a"b', 'x\ny', 'digest', 'aa', 'ab'];
  const kind = depth > 3 ? next() % 4 : next() % 7;
  switch (kind) {
    case 0:
      return ['贵州省市场监督管理局', 'a"\\\u0001', '', '2026-12-07', '🙂'][next() % 5];
    case 1:
      return (next() % 2_000_001) - 1_000_000;
    case 2:
      return next() % 2 === 0;
    case 3:
      return null;
    case 4:
      return Array.from({ length: next() % 5 }, (_, index) => randomContent(next() + index, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let member = next() % 6; member > 0; member--)
        object[keys[next() % keys.length]!] = next() % 9 === 0 ? undefined : randomContent(next(), depth + 1);
      return object;
    }
  }
}

describe('canonical JSON', () => {
  it('writes the same bytes as the member-by-member definition, whatever the key order', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const content = randomContent(seed);
      expect(canonicalJson(content)).toBe(reference(content));
    }
    expect(canonicalJson({ b: [1, { d: null, c: '贵' }], a: true, skipped: undefined, list: [undefined, 2] })).toBe(
      '{"a":true,"b":[1,{"c":"贵","d":null}],"list":[null,2]}',
    );
  });

  it('orders integer-like keys as strings, which JSON.stringify alone would not', () => {
    const content = { outer: { 10: 'ten', 9: 'nine', a: [{ 2: true, 11: false }] } };
    expect(canonicalJson(content)).toBe('{"outer":{"10":"ten","9":"nine","a":[{"11":false,"2":true}]}}');
    expect(canonicalJson(content)).toBe(reference(content));
  });

  it('refuses a number that is not a safe integer, wherever it is', () => {
    expect(() => canonicalJson({ a: [1, { b: 1.5 }] })).toThrow(/integers only, not 1.5/);
    expect(() => canonicalJson({ 10: 1, 9: 2 ** 53 })).toThrow(/integers only/);
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('sorts keys by UTF-16 code units at every level, drops undefined members and writes holes as null', () => {
    const holes: unknown[] = new Array(3);
    holes[1] = 2;
    expect(
      canonicalJson({ b: 1, a: [1, undefined, null, 'x"\n'], é: { z: true, y: undefined, '': '贵州' }, B: holes }),
    ).toBe('{"B":[null,2,null],"a":[1,null,null,"x\\"\\n"],"b":1,"é":{"":"贵州","z":true}}');
  });

  it('refuses numbers that are not safe integers', () => {
    expect(() => canonicalJson({ amount: 1.5 })).toThrow(TypeError);
  });

  it("writes a leaf from its content's canonical JSON as it would write it whole", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const content = randomContent(seed);
      if (content === null || typeof content !== 'object' || Array.isArray(content)) continue;
      const leaf = { kind: 'credit-check', content: content as Record<string, unknown> };
      expect(leafBytes(leaf, canonicalJson(content))).toBe(leafBytes(leaf));
    }
    for (const content of [{}, { zz: 1, a: 2 }, { type: 'x', a: 1 }, { v: 2 }, { tz: null, skipped: undefined }]) {
      const whole = canonicalJson({ ...content, type: 'credit-check', v: 1 });
      expect(leafBytes({ kind: 'credit-check', content }, canonicalJson(content))).toBe(whole);
    }
  });
});
