import { describe, expect, it } from 'vitest';
import { parseEntities } from './CreditChecksPage';

describe('parseEntities', () => {
  it('reads one entity a line: a code, a name, or both as copied from a spreadsheet, skipping headers and blanks', () => {
    const text = [
      '统一社会信用代码\t名称',
      '91520102MA6DKQ0T7D',
      '',
      '贵州某某建设有限公司',
      '91520100MA6DKQ0T7D,贵州某某商贸有限公司',
      '"91520103MA6DKQ0T7D"\t贵州某某科技有限公司',
      '  贵州 某某 实业有限公司  ',
    ].join('\r\n');
    expect(parseEntities(text)).toEqual([
      { creditCode: '91520102MA6DKQ0T7D' },
      { name: '贵州某某建设有限公司' },
      { creditCode: '91520100MA6DKQ0T7D', name: '贵州某某商贸有限公司' },
      { creditCode: '91520103MA6DKQ0T7D', name: '贵州某某科技有限公司' },
      { name: '贵州 某某 实业有限公司' },
    ]);
  });
});
