import type { UploadKind } from '@gzcredit/contracts';
import { ERROR_REPORT_MESSAGE_HEADER, ERROR_REPORT_ROW_HEADER, EXAMPLE_ROW_MARK } from '@gzcredit/contracts';
import {
  buildCreditCode,
  type CatalogueField,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  FIELD_TYPE_LABELS,
  formatCount,
  isListing,
  LEGAL_GROUNDS,
  organizationCodeCheckCharacter,
  RECORD_COMMON_FIELDS,
  REMOVAL_FIELDS,
  type RecordInput,
  USE_SCOPE_CHOICES,
  USE_SCOPE_LABELS,
  USE_SCOPES,
} from '@gzcredit/domain';
import { AppError } from '../../platform/errors';
import type { CatalogueItem } from '../catalogue';

/**
 * The columns of an item's upload template (Rules Art. 11: the catalogue fixes the data items; Art. 13(二): agencies
 * without their own system transmit "按照数据格式要求" through the platform): 统一社会信用代码, 主体名称, 失信等级 for 不良
 * items (Art. 13: 失信信息 carry a level), 使用范围, then each field of the item in order.
 */
export interface TemplateColumn {
  header: string;
  /** Where the value goes in a RecordInput. */
  target:
    | { kind: 'creditCode' | 'entityName' | 'dishonestyLevel' | 'useScope' | 'withholdingGround' }
    | { kind: 'field'; key: string }
    | { kind: 'removal'; key: keyof typeof REMOVAL_FIELDS };
  required: boolean;
  /** The values a dictionary column takes: the drop-down list of the XLSX template. */
  choices?: readonly string[];
  /** A column added after agencies had made files from the template: a file without it reads it as empty. */
  mayBeAbsent?: boolean;
  type: string;
  format: string;
  note: string;
  example: string;
  width: number;
}

const EXAMPLE_ORGANIZATION = 'MA6DK8X1';
const EXAMPLE_CREDIT_CODE = buildCreditCode(
  `91520102${EXAMPLE_ORGANIZATION}${organizationCodeCheckCharacter(EXAMPLE_ORGANIZATION)}`,
);

function fieldFormat(field: CatalogueField): string {
  switch (field.type) {
    case 'date':
      return field.allowFuture ? 'YYYY-MM-DD，如 2026-03-15' : 'YYYY-MM-DD，如 2026-03-15；不能晚于当天';
    case 'amount':
      return '不小于 0 的数字，最多 6 位小数，不带千分位逗号、货币符号和单位，如 1000.5';
    case 'integer':
      return '非负整数';
    case 'enum':
      return `可选值：${field.values?.join('、') ?? ''}`;
    case 'credit_code':
      return '18 位统一社会信用代码';
    case 'id_card':
      return '18 位居民身份证号码';
    case 'mobile':
      return '11 位手机号码';
    case 'industry':
      return 'GB/T 4754-2017 行业代码，如 C1511';
    default: {
      const maxLength = field.maxLength ?? (field.type === 'long_text' ? 2000 : 200);
      return field.patternHint ? `${field.patternHint}；最多 ${maxLength} 个字符` : `最多 ${maxLength} 个字符`;
    }
  }
}

function fieldExample(field: CatalogueField): string {
  switch (field.type) {
    case 'date':
      return '2025-03-15';
    case 'amount':
      return '2.5';
    case 'integer':
      return '1';
    case 'enum':
      return field.values?.[0] ?? '';
    case 'credit_code':
      return EXAMPLE_CREDIT_CODE;
    case 'id_card':
      return '11010519491231002X';
    case 'mobile':
      return '13800000000';
    case 'industry':
      return 'C1511';
    default:
      if (field.pattern === '\\d{15}') return '520102000012345';
      return `示例${field.label}`.slice(0, field.maxLength ?? 200);
  }
}

const GROUND_FORMAT = `${LEGAL_GROUNDS.join('、')}，或法律法规名称及条款（含《》）`;

function identityColumns(): TemplateColumn[] {
  return [
    {
      header: RECORD_COMMON_FIELDS.creditCode,
      target: { kind: 'creditCode' },
      required: true,
      type: '统一社会信用代码',
      format: '18 位，数字和大写英文字母（不含 I、O、Z、S、V），不用小写字母或全角字符',
      note: '以统一社会信用代码为基础采集（《办法》第十一条）',
      example: EXAMPLE_CREDIT_CODE,
      width: 22,
    },
    {
      header: RECORD_COMMON_FIELDS.entityName,
      target: { kind: 'entityName' },
      required: true,
      type: '文本',
      format: '2–200 个字符',
      note: `以“${EXAMPLE_ROW_MARK}”开头的行是示例，导入时跳过`,
      example: `${EXAMPLE_ROW_MARK}贵州某某科技有限公司`,
      width: 30,
    },
  ];
}

export function templateColumns(item: CatalogueItem): TemplateColumn[] {
  const columns = identityColumns();
  if (item.requiresLevel)
    columns.push({
      header: RECORD_COMMON_FIELDS.dishonestyLevel,
      target: { kind: 'dishonestyLevel' },
      required: true,
      type: '字典值',
      format: `可选值：${DISHONESTY_LEVELS.map((level) => DISHONESTY_LEVEL_LABELS[level]).join('、')}`,
      choices: DISHONESTY_LEVELS.map((level) => DISHONESTY_LEVEL_LABELS[level]),
      note: '不良信息须标注失信等级（《办法》第十三条）',
      example: DISHONESTY_LEVEL_LABELS.general,
      width: 12,
    });
  columns.push({
    header: RECORD_COMMON_FIELDS.useScope,
    target: { kind: 'useScope' },
    required: false,
    type: '字典值',
    // Codes, as the exchange API takes them (docs/exchange-api.md): one spelling for every channel.
    format: `填代码：${USE_SCOPE_CHOICES}`,
    choices: USE_SCOPES,
    note: `不填按目录默认值 ${item.defaultUseScope}（${USE_SCOPE_LABELS[item.defaultUseScope]}）`,
    example: item.defaultUseScope,
    width: 12,
  });
  // Art. 15, 22(五): a record the law requires to be public is sent non-public only with its legal ground.
  if (item.mandatoryPublicity)
    columns.push({
      header: RECORD_COMMON_FIELDS.withholdingGround,
      target: { kind: 'withholdingGround' },
      required: false,
      mayBeAbsent: true,
      type: '文本',
      format: GROUND_FORMAT,
      note: '本信息项依法应当公示：使用范围不是“公示”时必填，由省市场监管局审核；使用范围为“公示”时不填',
      example: '',
      width: 24,
    });
  for (const field of item.fields)
    columns.push({
      header: field.label,
      target: { kind: 'field', key: field.key },
      required: field.required,
      type: FIELD_TYPE_LABELS[field.type],
      format: fieldFormat(field),
      choices: field.type === 'enum' ? field.values : undefined,
      note: [
        field.key === item.aroseField ? '信息产生日期，据此计算 20 个工作日的报送时限（《办法》第十二条）' : '',
        field.note ?? '',
      ]
        .filter(Boolean)
        .join('；'),
      example: fieldExample(field),
      width: field.type === 'long_text' ? 40 : Math.min(40, Math.max(14, field.label.length * 2 + 4)),
    });
  return columns;
}

/**
 * The columns of a listing item's removal template (移出, SPEC §3): the listing is found by 统一社会信用代码 and 列入决定书文号
 * among the agency's listings of the item; 主体名称 helps the clerk read the sheet and marks the example row.
 */
export function removalTemplateColumns(): TemplateColumn[] {
  const text = (key: keyof typeof REMOVAL_FIELDS, note: string, max: number, example: string): TemplateColumn => ({
    header: REMOVAL_FIELDS[key],
    target: { kind: 'removal', key },
    required: true,
    type: '文本',
    format: `最多 ${max} 个字符`,
    note,
    example,
    width: key === 'reason' ? 40 : 26,
  });
  return [
    ...identityColumns(),
    text('decisionNumber', '列入时报送的列入决定书文号，据此找到在列的名单记录', 128, '黔市监异〔2025〕12号'),
    {
      header: REMOVAL_FIELDS.removedOn,
      target: { kind: 'removal', key: 'removedOn' },
      required: true,
      type: '日期',
      format: 'YYYY-MM-DD，如 2026-03-15；不能晚于当天',
      note: '不能早于列入日期',
      example: '2026-03-15',
      width: 14,
    },
    text('reason', '移出决定书载明的移出原因', 1000, '已补报年度报告并公示'),
    text('authority', '作出移出决定的机关', 200, '贵阳市市场监督管理局'),
  ];
}

/**
 * The columns of an upload of this kind: the item's records, or removals from a listing item's list (移出, SPEC §3;
 * other items have no removals: a record sent in error is revoked).
 */
export function uploadColumns(item: CatalogueItem, kind: UploadKind): TemplateColumn[] {
  if (kind === 'records') return templateColumns(item);
  if (!isListing(item)) {
    const message = `“${item.name}”不是名单信息项，没有移出模板：只有经营异常名录、严重违法失信名单可以移出，误报的信息请撤销`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'kind', message }]);
  }
  return removalTemplateColumns();
}

export const INSTRUCTION_HEADERS = ['列名', '是否必填', '类型', '格式或可选值', '说明'] as const;

export function instructionRows(columns: readonly TemplateColumn[]): string[][] {
  return columns.map((column) => [
    column.header,
    column.required ? '是' : '否',
    column.type,
    column.format,
    column.note,
  ]);
}

/** The column of each header in the file, or what is wrong with the header row (Chinese, naming the columns). */
export type HeaderMapping = { ok: true; positions: number[] } | { ok: false; message: string };

/** Columns an error report adds, accepted (and ignored) when a corrected report is uploaded again. */
const REPORT_COLUMNS = new Set<string>([ERROR_REPORT_ROW_HEADER, ERROR_REPORT_MESSAGE_HEADER]);

/** Header names quoted in a message: the first 20 are enough to find the mistake (a header may have 100,000 columns). */
const LISTED_NAMES = 20;
const NAME_LENGTH = 40;

const clipped = (name: string) => (name.length > NAME_LENGTH ? `${name.slice(0, NAME_LENGTH)}…` : name);

function listed(names: readonly string[]): string {
  if (names.length <= LISTED_NAMES) return names.join('、');
  return `${names.slice(0, LISTED_NAMES).join('、')} 等 ${formatCount(names.length)} 列`;
}

/**
 * Matches a file's header row to the template: every template column exactly once (a `mayBeAbsent` one at most once),
 * in any order, nothing else (surrounding whitespace ignored; empty trailing header cells ignored). `positions[i]` is
 * the file column of template column i, -1 for an absent column (its cells read as empty).
 */
export function mapHeaders(columns: readonly TemplateColumn[], header: readonly string[]): HeaderMapping {
  const names = header.map((name) => name.replace(/^\uFEFF/, '').trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const expected = new Set(columns.map((column) => column.header));
  const seen = new Map<string, number>();
  const duplicated = new Set<string>();
  const unknown: string[] = [];
  names.forEach((name, index) => {
    if (REPORT_COLUMNS.has(name)) return;
    if (!expected.has(name)) {
      unknown.push(name === '' ? `第 ${index + 1} 列（无列名）` : `“${clipped(name)}”`);
      return;
    }
    if (seen.has(name)) duplicated.add(name);
    else seen.set(name, index);
  });
  const missing = columns
    .filter((column) => !seen.has(column.header) && !column.mayBeAbsent)
    .map((column) => `“${column.header}”`);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`缺少列 ${listed(missing)}`);
  if (unknown.length > 0) problems.push(`多出模板中没有的列 ${listed(unknown)}`);
  if (duplicated.size > 0) problems.push(`列 ${listed([...duplicated].map((name) => `“${name}”`))} 重复出现`);
  if (problems.length > 0)
    return {
      ok: false,
      message: `表头与模板不一致：${problems.join('；')}。请下载最新模板，按模板的列填写后重新上传`,
    };
  return { ok: true, positions: columns.map((column) => seen.get(column.header) ?? -1) };
}

/** A record input from a row's cells, taken in template column order. */
export function recordInputOf(columns: readonly TemplateColumn[], cells: readonly string[]): RecordInput {
  const input: RecordInput & { fields: Record<string, unknown> } = { fields: {} };
  columns.forEach((column, index) => {
    const value = cells[index] ?? '';
    if (column.target.kind === 'field') input.fields[column.target.key] = value;
    else if (column.target.kind !== 'removal') input[column.target.kind] = value;
  });
  return input;
}

/** A removal from a row of the removal template: the listing's credit code and decision number, and the removal. */
export function removalInputOf(
  columns: readonly TemplateColumn[],
  cells: readonly string[],
): Record<'creditCode' | keyof typeof REMOVAL_FIELDS, string> {
  const input = { creditCode: '', decisionNumber: '', removedOn: '', reason: '', authority: '' };
  columns.forEach((column, index) => {
    if (column.target.kind === 'creditCode') input.creditCode = cells[index] ?? '';
    else if (column.target.kind === 'removal') input[column.target.key] = cells[index] ?? '';
  });
  return input;
}
