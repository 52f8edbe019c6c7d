import { describe, expect, it } from 'vitest';
import type { CatalogueItemDefinition } from './catalogue';
import { buildCreditCode } from './credit-code';
import { checkRecordDate } from './dates';
import { type RecordInput, validateRecord } from './record-validation';

/** A 不良 item with one field of each type the strict inputs concern. */
const item: CatalogueItemDefinition = {
  code: 'penalty',
  name: '行政处罚信息',
  category: 'bad',
  providerKinds: ['market_regulation'],
  fields: [
    { key: 'decisionDate', label: '处罚决定日期', type: 'date', required: true },
    { key: 'fineAmount', label: '罚款金额（万元）', type: 'amount', required: false },
    { key: 'authorityCode', label: '处罚机关统一社会信用代码', type: 'credit_code', required: false },
  ],
  aroseField: 'decisionDate',
  defaultUseScope: 'public',
  publicity: {
    kind: 'by_level',
    windows: {
      general: { minMonths: 3, maxMonths: 12 },
      serious: { minMonths: 6, maxMonths: 24 },
      severe: { minMonths: 12, maxMonths: 36 },
    },
  },
  requiresLevel: true,
  role: 'record',
  mandatoryPublicity: false,
};
const context = { today: '2026-12-01', providerKind: 'market_regulation' as const, manualEntry: false };
const CODE = buildCreditCode('91520102MA6DK8X1X');
const AUTHORITY_CODE = buildCreditCode('11520000009390000');

const valid = (overrides: Partial<RecordInput> = {}, fields: Record<string, unknown> = {}): RecordInput => ({
  creditCode: CODE,
  entityName: '贵州黔南茶业有限公司',
  dishonestyLevel: '一般失信',
  fields: { decisionDate: '2026-11-20', fineAmount: '1000.5', authorityCode: AUTHORITY_CODE, ...fields },
  ...overrides,
});

/** The one error of a refused record, checked for the defects messages used to have. */
function onlyError(input: RecordInput) {
  const result = validateRecord(item, input, context);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors;
  const shown = `${error!.label}：${error!.message}`;
  expect(shown).not.toMatch(/NaN|undefined|null/);
  // A word said twice in a row ("limit limit", "统一社会信用代码：统一社会信用代码…").
  expect(shown).not.toMatch(/([\p{L}\p{N}]{2,})[\s：:]+\1/u);
  return error!;
}

describe('validateRecord: inputs as strict as the docs say (issue 17, item 6)', () => {
  it('accepts YYYY-MM-DD dates, plain numbers as amounts, use-scope codes and upper-case credit codes', () => {
    const result = validateRecord(item, valid({ useScope: 'shared' }, { fineAmount: 2 }), context);
    expect(result).toMatchObject({
      ok: true,
      record: {
        useScope: 'shared',
        creditCode: CODE,
        payload: { decisionDate: '2026-11-20', fineAmount: '2', authorityCode: AUTHORITY_CODE },
      },
    });
  });

  it.each([
    ['2026/11/20', '应为 YYYY-MM-DD 格式：“2026/11/20”应写作 2026-11-20'],
    ['20261120', '应为 YYYY-MM-DD 格式：“20261120”应写作 2026-11-20'],
    ['2026年11月20日', '应为 YYYY-MM-DD 格式：“2026年11月20日”应写作 2026-11-20'],
    ['2026-11-2', '应为 YYYY-MM-DD 格式：“2026-11-2”应写作 2026-11-02'],
    ['2026-02-30', '“2026-02-30”不是日历上的有效日期（1949 年以后），应为 YYYY-MM-DD 格式，如 2026-03-15'],
    ['下周一', '“下周一”不是日期，应为 YYYY-MM-DD 格式，如 2026-03-15'],
  ])('refuses the date %j, naming the field and the format', (value, message) => {
    expect(onlyError(valid({}, { decisionDate: value }))).toEqual({
      field: 'fields.decisionDate',
      label: '处罚决定日期',
      message,
    });
  });

  it.each(['1,000.50', '¥100', '100元', '-1', '1e3', '0.1234567'])('refuses the amount %j', (value) => {
    expect(onlyError(valid({}, { fineAmount: value }))).toEqual({
      field: 'fields.fineAmount',
      label: '罚款金额（万元）',
      message: `“${value}”不是有效金额，应为不小于 0 的数字，最多 6 位小数，不带千分位逗号、货币符号和单位，如 1000.5`,
    });
  });

  it.each(['公示', 'PUBLIC', '内部共享'])('refuses the use scope %j: codes only', (value) => {
    expect(onlyError(valid({ useScope: value }))).toEqual({
      field: 'useScope',
      label: '使用范围',
      message: `“${value}”不是使用范围代码，应为 public（公示）、shared（内部共享）、authorised（授权查询）、internal（仅本部门） 之一`,
    });
  });

  it('refuses a lower-case or full-width credit code, as the common column and as a field', () => {
    const lower = CODE.toLowerCase();
    expect(onlyError(valid({ creditCode: lower }))).toEqual({
      field: 'creditCode',
      label: '统一社会信用代码',
      message: `“${lower}”含小写字母或全角字符：应为 18 位数字或大写英文字母（不含 I、O、Z、S、V）`,
    });
    const fullWidth = CODE.replace('9', '９');
    expect(onlyError(valid({ creditCode: fullWidth })).message).toContain('含小写字母或全角字符');
    expect(onlyError(valid({}, { authorityCode: AUTHORITY_CODE.toLowerCase() }))).toMatchObject({
      field: 'fields.authorityCode',
      message: expect.stringContaining('应为 18 位数字或大写英文字母'),
    });
  });

  it('says what is wrong with a credit code once, without repeating the column name', () => {
    expect(onlyError(valid({ creditCode: '915201' }))).toEqual({
      field: 'creditCode',
      label: '统一社会信用代码',
      message: '应为 18 位，实际为 6 位',
    });
  });

  it('checkRecordDate gives the date back only when written as YYYY-MM-DD', () => {
    expect(checkRecordDate('2024-02-29')).toEqual({ ok: true, date: '2024-02-29' });
    expect(checkRecordDate('2025-02-29').ok).toBe(false);
    expect(checkRecordDate('1948-12-31').ok).toBe(false);
  });
});
