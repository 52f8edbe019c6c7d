import {
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  type RecordCategory,
  type UseScope,
} from './levels';
import type { AgencyKind } from './permissions';
import { DEFAULT_DEADLINE, type ItemDeadline } from './working-days';

/** 字段类型 of a catalogue item's field schema (Rules Art. 11: the catalogue fixes the data items). */
export const FIELD_TYPES = [
  'text',
  'long_text',
  'date',
  'amount',
  'integer',
  'enum',
  'credit_code',
  'id_card',
  'mobile',
  'industry',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: '文本',
  long_text: '长文本',
  date: '日期',
  amount: '金额',
  integer: '整数',
  enum: '字典值',
  credit_code: '统一社会信用代码',
  id_card: '身份证号码',
  mobile: '手机号码',
  industry: '国民经济行业代码',
};

/** How a value of each type is written in a record (the field dictionary of the exchange API and the templates). */
export const FIELD_FORMATS: Record<FieldType, string> = {
  text: '文本',
  long_text: '文本',
  date: 'YYYY-MM-DD',
  amount: '不小于 0 的数字，最多 6 位小数，不带千分位逗号、货币符号和单位',
  integer: '非负整数',
  enum: '字典值之一（values）',
  credit_code: '18 位统一社会信用代码，数字或大写英文字母',
  id_card: '18 位居民身份证号码',
  mobile: '11 位手机号码',
  industry: 'GB/T 4754-2017 行业代码，如 C15 或 C1511',
};

export interface CatalogueField {
  /** camelCase key in the record's payload and the exchange API. */
  key: string;
  /** Chinese column header in templates and error reports. */
  label: string;
  type: FieldType;
  required: boolean;
  maxLength?: number;
  /** A regular expression the whole value must match (text fields). */
  pattern?: string;
  /** What the pattern means, shown when a value does not match it. */
  patternHint?: string;
  /** Dictionary values (enum fields). */
  values?: string[];
  /** The unit of an amount or a count (万元): the value itself is a bare number. */
  unit?: string;
  /** A note for the template's 填写说明 row. */
  note?: string;
  /** A date that may lie ahead (有效期至); every other date may not be later than today. */
  allowFuture?: boolean;
}

/** 公示期限 a publicity window in months, per dishonesty level (SPEC §3). */
export interface PublicityWindow {
  minMonths: number;
  maxMonths: number;
}

/**
 * How long a record of the item is publicised: 不良 items per level; 良好 items until the date in `validUntilField`
 * (or `months` when the record carries none); 基础 items while the entity exists; listings (经营异常名录, 严重违法失信名单)
 * until their removal (移出), with no window of months (SPEC §3).
 */
export type PublicityRule =
  | { kind: 'by_level'; windows: Record<DishonestyLevel, PublicityWindow> }
  | { kind: 'validity'; validUntilField?: string; months: number }
  | { kind: 'while_exists' }
  | { kind: 'until_removed' };

export const DEFAULT_LEVEL_WINDOWS: Record<DishonestyLevel, PublicityWindow> = {
  general: { minMonths: 3, maxMonths: 12 },
  serious: { minMonths: 6, maxMonths: 24 },
  severe: { minMonths: 12, maxMonths: 36 },
};

/**
 * What the platform does with an item's records beyond storing them (Rules Art. 29: registration creates entities); the
 * public profile groups records by role (行政处罚, the listings), so an item renamed in a new edition keeps its section.
 */
export const ITEM_ROLES = ['registration', 'abnormal_list', 'serious_illegal_list', 'penalty', 'record'] as const;
export type ItemRole = (typeof ITEM_ROLES)[number];

/** 名单 the listings: an entity stays on them until the deciding authority removes it (移出), SPEC §3. */
export const LISTING_ROLES = ['abnormal_list', 'serious_illegal_list'] as const satisfies readonly ItemRole[];

export function isListing(item: Pick<CatalogueItemDefinition, 'role'>): boolean {
  return (LISTING_ROLES as readonly ItemRole[]).includes(item.role);
}

/** The field of a listing item that names the listing decision (列入决定书文号): a removal finds its listing by it. */
export const LISTING_DECISION_FIELD = 'decisionNumber';

export interface CatalogueItemDefinition {
  code: string;
  name: string;
  category: RecordCategory;
  providerKinds: AgencyKind[];
  fields: CatalogueField[];
  /** The date field whose value is the day the information arose (Art. 12 counts the deadline from it). */
  aroseField: string;
  defaultUseScope: UseScope;
  publicity: PublicityRule;
  /** Art. 13: 不良 items are transmitted with a dishonesty level. */
  requiresLevel: boolean;
  role: ItemRole;
  /**
   * 依法公示: the law requires the item's publicity (Rules Art. 15; 双公示 for 行政许可 and 行政处罚, 《企业信息公示暂行条例》
   * for the listings). Its records are withheld from public view only on a recorded legal ground (Art. 22(五)).
   */
  mandatoryPublicity: boolean;
  /** The period its own law sets (Art. 12: 法律、法规另有规定的，从其规定); absent: DEFAULT_DEADLINE. */
  deadline?: ItemDeadline | null | undefined;
}

/** The item's 报送期限: its own, or Art. 12's 20 working days. */
export function itemDeadline(item: Pick<CatalogueItemDefinition, 'deadline'>): ItemDeadline {
  return item.deadline ?? DEFAULT_DEADLINE;
}

/** The columns every record has besides its item's fields (template headers, API fields, report columns). */
export const RECORD_COMMON_FIELDS = {
  creditCode: '统一社会信用代码',
  entityName: '主体名称',
  dishonestyLevel: '失信等级',
  useScope: '使用范围',
  withholdingGround: '不公示的法定依据',
} as const;

/** What is wrong with an item definition an operator enters (empty when none): the rules validateRecord relies on. */
export function catalogueItemProblems(item: CatalogueItemDefinition): string[] {
  const problems: string[] = [];
  const keys = item.fields.map((field) => field.key);
  const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
  if (duplicates.length > 0) problems.push(`数据项标识重复：${[...new Set(duplicates)].join('、')}`);
  const labels = item.fields.map((field) => field.label);
  const reserved = Object.values(RECORD_COMMON_FIELDS);
  for (const label of labels) {
    if (reserved.includes(label as (typeof reserved)[number])) problems.push(`数据项名称“${label}”与公共列重名`);
  }
  if (labels.some((label, index) => labels.indexOf(label) !== index)) problems.push('数据项名称重复');
  const arose = item.fields.find((field) => field.key === item.aroseField);
  if (arose?.type !== 'date' || !arose.required || arose.allowFuture)
    problems.push('信息产生日期应指向一个必填、且不能晚于当天的日期数据项');
  if (item.requiresLevel !== (item.category === 'bad')) problems.push('不良信息必须要求标注失信等级，其他类别不得要求');
  if (isListing(item)) {
    if (item.category !== 'bad' || item.publicity.kind !== 'until_removed')
      problems.push('列入名单类信息项（经营异常名录、严重违法失信名单）应属于不良信息，公示至移出时止');
    const decision = item.fields.find((field) => field.key === LISTING_DECISION_FIELD);
    if (!decision?.required || decision.type !== 'text')
      problems.push(
        `列入名单类信息项须有必填的文本数据项“${LISTING_DECISION_FIELD}”（列入决定书文号），移出时据此找到名单记录`,
      );
  } else if (item.publicity.kind === 'until_removed') problems.push('只有列入名单类信息项公示至移出时止');
  else if (item.category === 'bad' && item.publicity.kind !== 'by_level')
    problems.push('不良信息的公示期限应按失信等级设定');
  if (item.publicity.kind === 'by_level') {
    for (const level of DISHONESTY_LEVELS) {
      const window = item.publicity.windows[level];
      if (window.minMonths > window.maxMonths)
        problems.push(`${DISHONESTY_LEVEL_LABELS[level]}的最短公示期不能长于最长公示期`);
    }
  }
  const validUntilField = item.publicity.kind === 'validity' ? item.publicity.validUntilField : undefined;
  if (validUntilField) {
    const field = item.fields.find((candidate) => candidate.key === validUntilField);
    if (field?.type !== 'date') problems.push('有效期截止日期应指向一个日期数据项');
  }
  for (const field of item.fields) {
    if (field.type === 'enum' && (!field.values || field.values.length === 0))
      problems.push(`字典项“${field.label}”须列出可选值`);
    if (field.pattern) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        problems.push(`“${field.label}”的格式规则不是有效的正则表达式`);
      }
    }
  }
  if (item.role === 'registration' && item.category !== 'basic') problems.push('登记注册信息应属于基础信息');
  if (item.deadline) {
    if (!Number.isInteger(item.deadline.days) || item.deadline.days < 1 || item.deadline.days > 365)
      problems.push('报送期限应为 1–365 的整数');
    if (!item.deadline.legalBasis.trim()) problems.push('特别报送期限须注明其法律、法规依据');
  }
  return problems;
}
