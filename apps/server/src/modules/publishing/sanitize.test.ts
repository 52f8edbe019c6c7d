import { describe, expect, it } from 'vitest';
import { sanitizeArticleBody } from './sanitize';

const HOSTILE_BODIES = [
  '<script>alert(1)</script><p>正文</p>',
  '<p onclick="alert(1)" onmouseover="x()">正文</p>',
  '<img src="x" onerror="alert(1)">',
  '<a href="javascript:alert(1)">点击</a>',
  '<a href="JaVaScRiPt:alert(1)">点击</a>',
  '<a href="&#106;avascript:alert(1)">点击</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点击</a>',
  '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>',
  '<svg/onload=alert(1)>',
  '<p style="width: expression(alert(1)); background:url(javascript:alert(1))">正文</p>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<form action="https://evil.example"><input name="password"></form>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<<script>script>alert(1)<</script>/script>',
  '<a href="//evil.example">协议相对</a>',
  '<div><p>嵌套</p><template><img src=x onerror=alert(1)></template></div>',
];

describe('sanitizeArticleBody', () => {
  it.each(HOSTILE_BODIES)('renders %s harmless', (body) => {
    const clean = sanitizeArticleBody(body);
    expect(clean).not.toMatch(/<script|<svg|<iframe|<object|<embed|<style|<form|<input|<meta|<base|<template|<math/i);
    expect(clean).not.toMatch(/\son[a-z]+\s*=/i);
    expect(clean).not.toMatch(/javascript:|data:|expression\(|style=/i);
    expect(clean).not.toMatch(/href="\/\//);
  });

  it('keeps headings, lists, tables, links and images', () => {
    const body =
      '<h2>一、总则</h2><p>第一条 <strong>为规范</strong>……</p><ul><li>甲</li></ul><ol start="2"><li>乙</li></ol>' +
      '<table><thead><tr><th colspan="2">表头</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>' +
      '<p><a href="https://www.gov.cn/">中国政府网</a><img src="https://example.gov.cn/a.png" alt="图"></p>';
    const clean = sanitizeArticleBody(body);
    for (const fragment of [
      '<h2>一、总则</h2>',
      '<strong>为规范</strong>',
      '<li>甲</li>',
      '<ol start="2">',
      '<th colspan="2">表头</th>',
      '<td>2</td>',
      'alt="图"',
    ]) {
      expect(clean).toContain(fragment);
    }
    expect(clean).toContain(
      '<a href="https://www.gov.cn/" rel="noopener noreferrer nofollow" target="_blank">中国政府网</a>',
    );
  });

  it('turns a pasted h1 into h2 (the page has one h1: the title)', () => {
    expect(sanitizeArticleBody('<h1>标题</h1>')).toBe('<h2>标题</h2>');
  });
});
