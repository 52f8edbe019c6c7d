import { describe, expect, it } from 'vitest';
import { consortiumConclusionText } from './credit-checks';

describe('consortiumConclusionText', () => {
  const unchecked = [
    { row: 2, creditCode: '91520102MA6DKQ0T7D', name: null, resolution: 'not_found' as const },
    { row: 3, creditCode: null, name: '贵州同名实业有限公司', resolution: 'ambiguous' as const },
  ];

  it('never says 未发现 when a member could not be checked, and names the members', () => {
    expect(consortiumConclusionText({ consortiumVerdict: null, consortiumUnchecked: unchecked })).toBe(
      '未能完整核查：第 2 行“91520102MA6DKQ0T7D”（未找到）、第 3 行“贵州同名实业有限公司”（名称不唯一）；请以统一社会信用代码核查这些成员后再作整体结论',
    );
  });

  it('keeps a refusal, naming the members it could not check beside it', () => {
    expect(consortiumConclusionText({ consortiumVerdict: 'refused', consortiumUnchecked: unchecked.slice(0, 1) })).toBe(
      '不予准入/限制（另有成员未能核查：第 2 行“91520102MA6DKQ0T7D”（未找到））',
    );
    expect(consortiumConclusionText({ consortiumVerdict: 'clear', consortiumUnchecked: [] })).toBe('未发现');
  });
});
