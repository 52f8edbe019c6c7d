import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
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
});
