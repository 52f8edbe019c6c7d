import { describe, expect, it } from 'vitest';
import { type CatalogueItemDefinition, catalogueItemProblems } from './catalogue';
import { checkLegalGround } from './legal-grounds';
import { removalDateProblem, validateRemoval } from './listings';
import { decideListingHistory, decidePublicity, publicityUntil } from './publicity';
import { validateRecord } from './record-validation';

const TODAY = '2026-06-15';

const abnormalList: CatalogueItemDefinition = {
  code: 'abnormal_list',
  name: '经营异常名录信息',
  category: 'bad',
  providerKinds: ['market_regulation'],
  role: 'abnormal_list',
  aroseField: 'listedOn',
  defaultUseScope: 'public',
  requiresLevel: true,
  mandatoryPublicity: true,
  publicity: { kind: 'until_removed' },
  fields: [
    { key: 'decisionNumber', label: '列入决定书文号', type: 'text', required: true },
    { key: 'listedOn', label: '列入日期', type: 'date', required: true },
  ],
};

describe('listings (SPEC §3: until removed)', () => {
  it('have no end of publicity', () => {
    expect(publicityUntil(abnormalList, { aroseOn: '2020-01-01', dishonestyLevel: 'general', payload: {} })).toBeNull();
  });

  it('must be 不良, until removed, with a required 列入决定书文号; only listings are until removed', () => {
    expect(catalogueItemProblems(abnormalList)).toEqual([]);
    expect(
      catalogueItemProblems({ ...abnormalList, fields: abnormalList.fields.filter((f) => f.key !== 'decisionNumber') }),
    ).toEqual([expect.stringContaining('列入决定书文号')]);
    expect(catalogueItemProblems({ ...abnormalList, role: 'record' })).toEqual(['只有列入名单类信息项公示至移出时止']);
  });

  it('show a removed listing in the history as it was public in force, never as a current listing', () => {
    const record = {
      useScope: 'public' as const,
      status: 'removed' as const,
      classified: false,
      publicityUntil: null,
      aroseOn: '2025-01-01',
      itemCode: 'abnormal_list',
    };
    const input = { record, item: abnormalList, setting: undefined, today: TODAY };
    expect(decidePublicity(input)).toEqual({ visible: false, reason: 'not_current' });
    expect(decideListingHistory(input).visible).toBe(true);
    expect(decideListingHistory({ ...input, record: { ...record, useScope: 'internal' } }).visible).toBe(false);
    expect(decideListingHistory({ ...input, record: { ...record, status: 'revoked' } }).visible).toBe(false);
  });
});

describe('validateRemoval', () => {
  it('accepts a YYYY-MM-DD date, a reason and an authority', () => {
    expect(
      validateRemoval({ removedOn: '2026-03-05', reason: ' 已补报年报 ', authority: '贵阳市市场监督管理局' }, TODAY),
    ).toEqual({
      ok: true,
      removal: { removedOn: '2026-03-05', reason: '已补报年报', authority: '贵阳市市场监督管理局' },
    });
  });

  it.each([
    [{ removedOn: '', reason: '已补报', authority: '贵阳市局' }, '移出日期', '不能为空'],
    [{ removedOn: '2026-02-30', reason: '已补报', authority: '贵阳市局' }, '移出日期', '不是日历上的有效日期'],
    [{ removedOn: '2026年3月5日', reason: '已补报', authority: '贵阳市局' }, '移出日期', '应为 YYYY-MM-DD 格式'],
    [{ removedOn: '2026-06-16', reason: '已补报', authority: '贵阳市局' }, '移出日期', '晚于今天'],
    [{ removedOn: '2026-06-01', reason: '  ', authority: '贵阳市局' }, '移出原因', '不能为空'],
    [{ removedOn: '2026-06-01', reason: '已补报', authority: 12 }, '作出移出决定机关', '应为文本'],
  ])('refuses %j naming %s', (input, label, message) => {
    const result = validateRemoval(input, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ label, message: expect.stringContaining(message) });
  });

  it('refuses a removal dated before its listing, and accepts one on the same day', () => {
    expect(removalDateProblem('2026-01-01', '2026-01-02')?.message).toBe(
      '2026-01-01 早于列入日期 2026-01-02，移出日期不能早于列入日期',
    );
    expect(removalDateProblem('2026-01-02', '2026-01-02')).toBeNull();
  });
});

describe('mandatory publicity (Art. 15, 22(五))', () => {
  it.each(['国家秘密', '商业秘密', '个人隐私', '《中华人民共和国保守国家秘密法》第十三条'])(
    'accepts the ground %s',
    (ground) => {
      expect(checkLegalGround(` ${ground} `)).toEqual({ ok: true, ground });
    },
  );

  it.each(['', '   ', '领导要求', '《》'])('refuses the ground %j', (ground) => {
    expect(checkLegalGround(ground).ok).toBe(false);
  });

  const context = { today: TODAY, providerKind: 'market_regulation' as const, manualEntry: false };
  const input = {
    creditCode: '91520102MAJ0KMNA90',
    entityName: '贵州测试有限公司',
    dishonestyLevel: '一般失信',
    fields: { decisionNumber: '黔市监异〔2026〕1号', listedOn: '2026-06-01' },
  };

  it('needs a ground for a non-public record of a mandatory item, and keeps it', () => {
    const refused = validateRecord(abnormalList, { ...input, useScope: 'internal' }, context);
    expect(refused.ok ? [] : refused.errors).toEqual([
      expect.objectContaining({ field: 'withholdingGround', label: '不公示的法定依据' }),
    ]);
    const kept = validateRecord(
      abnormalList,
      { ...input, useScope: 'internal', withholdingGround: '商业秘密' },
      context,
    );
    expect(kept.ok && kept.record.withholdingGround).toBe('商业秘密');
  });

  it('takes no ground for a public record or an item the law does not require', () => {
    const publicOne = validateRecord(abnormalList, { ...input, withholdingGround: '商业秘密' }, context);
    expect(publicOne.ok).toBe(false);
    const optional = validateRecord(
      { ...abnormalList, mandatoryPublicity: false },
      { ...input, useScope: 'internal' },
      context,
    );
    expect(optional.ok && optional.record.withholdingGround).toBeNull();
  });
});
