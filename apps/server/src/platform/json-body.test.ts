import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonBody, RequestRefusalError, refuseControlCharactersInTarget } from './json-body';

const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestRefusalError) return { reason: error.reason, message: error.message };
    throw error;
  }
  return undefined;
};

describe('parseJsonBody (issue 14, items 1 and 9)', () => {
  it('counts only brackets outside strings, escaped quotes included', () => {
    const brackets = '['.repeat(1000);
    expect(parseJsonBody(JSON.stringify({ text: brackets, quoted: `\\"${brackets}"\\` }))).toEqual({
      text: brackets,
      quoted: `\\"${brackets}"\\`,
    });
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toHaveLength(1);
    expect(refusalOf(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1)))?.reason).toBe('too-deep');
    // Unbalanced closers cannot hide an opener from the count: JSON.parse refuses what the scan let through.
    expect(refusalOf(() => parseJsonBody(`]]]]${nested(MAX_JSON_DEPTH)}`))?.reason).toBe('malformed-json');
    expect(refusalOf(() => parseJsonBody(`"]]]]"${nested(MAX_JSON_DEPTH + 1)}`))?.reason).toBe('too-deep');
  });

  it('refuses a 3,000,000-deep array by its depth, not by parsing it', () => {
    expect(refusalOf(() => parseJsonBody('['.repeat(3_000_000)))).toEqual({
      reason: 'too-deep',
      message: '请求体嵌套超过 64 层，无法处理',
    });
  });

  it('refuses empty and malformed bodies and prototype-poisoning keys in Chinese', () => {
    expect(refusalOf(() => parseJsonBody(''))?.message).toBe('请求体为空，应为 JSON');
    expect(refusalOf(() => parseJsonBody('{"a":'))?.message).toBe('请求体不是有效的 JSON');
    expect(refusalOf(() => parseJsonBody('{"a":{"__proto__":{"admin":true}}}'))?.message).toBe(
      '请求体字段 a.__proto__ 的名称不允许使用',
    );
    expect(refusalOf(() => parseJsonBody('{"constructor":{"prototype":{}}}'))?.reason).toBe('forbidden-key');
    expect(parseJsonBody('{"constructor":"公司章程"}')).toEqual({ constructor: '公司章程' });
  });

  it('names the first string or key holding a control character; TAB, LF and CR pass', () => {
    expect(parseJsonBody('{"a":"x\\t\\n\\ry"}')).toEqual({ a: 'x\t\n\ry' });
    expect(refusalOf(() => parseJsonBody('{"records":[{"fields":{"name":"a\\u0000"}}]}'))?.message).toBe(
      '请求体字段 records.0.fields.name 含有控制字符 U+0000，请删除后重试',
    );
    expect(refusalOf(() => parseJsonBody('"\\u001f"'))?.message).toBe('请求体 含有控制字符 U+001F，请删除后重试');
    expect(refusalOf(() => parseJsonBody('{"a\\bb":1}'))?.message).toBe(
      '请求体字段 a\\bb 含有控制字符 U+0008，请删除后重试',
    );
  });
});

describe('refuseControlCharactersInTarget', () => {
  it('refuses raw and percent-encoded control characters, naming the parameter or the path', () => {
    expect(() => refuseControlCharactersInTarget('/api/public/enterprises?q=%E8%B4%B5%E5%B7%9E&page=2')).not.toThrow();
    expect(() => refuseControlCharactersInTarget('/a?q=100%25&r=%2500')).not.toThrow();
    expect(refusalOf(() => refuseControlCharactersInTarget('/a?page=1&q=%E8%B4%B5%7F'))?.message).toBe(
      '查询参数 q 含有控制字符 U+007F，请删除后重试',
    );
    expect(refusalOf(() => refuseControlCharactersInTarget('/a?x%00y=1'))?.message).toBe(
      '查询参数 x\\u0000y 含有控制字符 U+0000，请删除后重试',
    );
    expect(refusalOf(() => refuseControlCharactersInTarget('/a/%0d%0a?q=1'))?.message).toBe(
      '请求路径 /a/%0d%0a 含有控制字符 U+000D，请删除后重试',
    );
  });
});
