import { validateCreditCode } from './credit-code';
import type { EntityKind } from './entities';
import { validateIdCardNumber } from './id-card';
import { divisionOf } from './industries';
import { checkLegalGround } from './legal-grounds';
import {
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  type RecordCategory,
  USE_SCOPE_LABELS,
  USE_SCOPES,
  type UseScope,
} from './levels';
import { maskIdCard, maskMobile } from './masking';
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

/** The use scopes as transmitted, by code, with what each means: `public（公示）、shared（内部共享）…`. */
export const USE_SCOPE_CHOICES = USE_SCOPES.map((scope) => `${scope}（${USE_SCOPE_LABELS[scope]}）`).join('、');

/** The columns every record has besides its item's fields (template headers, API fields, report columns). */
export const RECORD_COMMON_FIELDS = {
  creditCode: '统一社会信用代码',
  entityName: '主体名称',
  dishonestyLevel: '失信等级',
  useScope: '使用范围',
  withholdingGround: '不公示的法定依据',
} as const;

export interface RecordInput {
  creditCode?: unknown;
  entityName?: unknown;
  dishonestyLevel?: unknown;
  useScope?: unknown;
  /** Only for a record of a mandatory-publicity item sent with a use scope other than 公示. */
  withholdingGround?: unknown;
  fields?: Record<string, unknown>;
}

export interface RecordFieldError {
  /** `creditCode`, `fields.decisionNumber`, …: the API's path of the value. */
  field: string;
  /** The Chinese column header the value came from. */
  label: string;
  message: string;
}

export interface ValidatedRecord {
  creditCode: string;
  entityName: string;
  entityKind: EntityKind;
  /** The current region code the credit code's positions 3–8 name (former codes resolved). */
  regionCode: string;
  /** The embedded 组织机构代码 fails its own check (GB 32100: accepted and flagged). */
  flaggedForReview: boolean;
  /** Field values normalised (dates YYYY-MM-DD, amounts as decimal strings); personal fields masked. */
  payload: Record<string, string>;
  /** The unmasked values of personal fields (身份证号码, 手机号码), stored encrypted only. */
  personal: Record<string, string>;
  aroseOn: string;
  dishonestyLevel: DishonestyLevel | null;
  useScope: UseScope;
  /** Why a record of a mandatory-publicity item is not public (国家秘密, 商业秘密, 个人隐私 or a named law); else null. */
  withholdingGround: string | null;
}

export interface ValidationContext {
  /** Today in China (Asia/Shanghai), YYYY-MM-DD: dates may not lie after it. */
  today: string;
  providerKind: AgencyKind;
  /** A person typing the record: a credit code whose embedded organisation code fails is refused, not flagged. */
  manualEntry: boolean;
}

export type RecordValidation = { ok: true; record: ValidatedRecord } | { ok: false; errors: RecordFieldError[] };

/** Today's date in China, whatever the server's time zone. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The trimmed text of a value; null when it is neither text nor a finite number. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.trim();
  return null;
}

const DATE_FORMATS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/** YYYY-MM-DD for a real calendar date written in one of the usual Chinese forms; undefined otherwise. */
export function normalizeDate(value: string): string | undefined {
  for (const format of DATE_FORMATS) {
    const match = format.exec(value);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return;
    if (year < 1949) return;
    return date.toISOString().slice(0, 10);
  }
  return;
}

/**
 * A date as records are transmitted (docs/exchange-api.md, the upload templates): exactly YYYY-MM-DD, a real calendar
 * day, not before 1949. Other spellings (2026/11/20, 20261120, 2026年11月20日) are refused with the form to write.
 */
export function checkRecordDate(value: string): { ok: true; date: string } | { ok: false; message: string } {
  const date = normalizeDate(value);
  if (date && date === value) return { ok: true, date };
  if (date) return { ok: false, message: `应为 YYYY-MM-DD 格式：“${value}”应写作 ${date}` };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return { ok: false, message: `“${value}”不是日历上的有效日期（1949 年以后），应为 YYYY-MM-DD 格式，如 2026-03-15` };
  return { ok: false, message: `“${value}”不是日期，应为 YYYY-MM-DD 格式，如 2026-03-15` };
}

function matchLabel<T extends string>(value: string, keys: readonly T[], labels: Record<T, string>): T | undefined {
  return keys.find((key) => key === value || labels[key] === value);
}

/** Control characters other than tab and line breaks never belong in a record's text (they break exports and XML). */
function hasControlCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/**
 * What is wrong with a credit code as transmitted (validateCreditCode's message without its leading 统一社会信用代码: the
 * error's label names the field), or undefined. The code is taken as written: upper case, half-width (GB 32100 §4.2).
 */
function creditCodeProblem(code: string): string | undefined {
  const result = validateCreditCode(code);
  if (!result.valid) return result.message.replace(/^统一社会信用代码/, '');
  if (result.code !== code) return `“${code}”含小写字母或全角字符：应为 18 位数字或大写英文字母（不含 I、O、Z、S、V）`;
  return undefined;
}

type FieldCheck = { value: string; personal?: string } | { error: string };

function checkField(field: CatalogueField, raw: string, context: ValidationContext): FieldCheck {
  if (hasControlCharacters(raw)) return { error: '含有不可见的控制字符' };
  const maxLength = field.maxLength ?? (field.type === 'long_text' ? 2000 : 200);
  // Characters, not UTF-16 units; a string no longer in units than the limit is within it (no array to build).
  if (raw.length > maxLength && Array.from(raw).length > maxLength) return { error: `不能超过 ${maxLength} 个字符` };
  switch (field.type) {
    case 'text':
    case 'long_text':
      if (field.pattern && !new RegExp(`^(?:${field.pattern})$`, 'u').test(raw))
        return { error: field.patternHint ?? '格式不正确' };
      return { value: raw };
    case 'date': {
      const checked = checkRecordDate(raw);
      if (!checked.ok) return { error: checked.message };
      if (checked.date > context.today && !field.allowFuture)
        return { error: `${checked.date} 晚于今天，不能是将来的日期` };
      return { value: checked.date };
    }
    case 'amount':
      // A number only: no thousands separators, currency signs or units (the unit is in the field's name, e.g. 万元).
      if (!/^\d{1,12}(\.\d{1,6})?$/.test(raw))
        return {
          error: `“${raw}”不是有效金额，应为不小于 0 的数字，最多 6 位小数，不带千分位逗号、货币符号和单位，如 1000.5`,
        };
      return { value: String(Number(raw)) };
    case 'integer':
      if (!/^\d{1,9}$/.test(raw)) return { error: `“${raw}”不是有效的非负整数` };
      return { value: String(Number(raw)) };
    case 'enum':
      if (!field.values?.includes(raw)) return { error: `“${raw}”不在可选值中，可选：${field.values?.join('、')}` };
      return { value: raw };
    case 'credit_code': {
      const problem = creditCodeProblem(raw);
      return problem ? { error: problem } : { value: raw };
    }
    case 'id_card': {
      const value = raw.toUpperCase();
      if (!validateIdCardNumber(value)) return { error: '不是有效的 18 位居民身份证号码' };
      return { value: maskIdCard(value), personal: value };
    }
    case 'mobile': {
      const value = raw.replace(/[\s-]/g, '');
      if (!/^1[3-9]\d{9}$/.test(value)) return { error: `“${raw}”不是有效的 11 位手机号码` };
      return { value: maskMobile(value), personal: value };
    }
    case 'industry': {
      const division = divisionOf(raw);
      if (!division) return { error: `“${raw}”不是 GB/T 4754-2017 的行业代码（如 C15 或 C1511）` };
      return { value: `${division.parentCode}${division.code}` };
    }
  }
}

/**
 * The one validation of a record against its catalogue item (Rules Art. 11, 13), behind the exchange API, the upload
 * and the form alike: the credit code, each field of the schema, the arising date (not in the future), the dishonesty
 * level (required for 不良 items, refused for the others), the use scope, and whether the provider's kind may provide
 * the item. Every error names the field by its Chinese header.
 */
export function validateRecord(
  item: CatalogueItemDefinition,
  input: RecordInput,
  context: ValidationContext,
): RecordValidation {
  const errors: RecordFieldError[] = [];
  const fail = (field: string, label: string, message: string) => errors.push({ field, label, message });

  if (!item.providerKinds.includes(context.providerKind)) {
    fail('itemCode', '信息项', `本单位类型不在“${item.name}”的提供单位范围内`);
    return { ok: false, errors };
  }

  let creditCode = '';
  let entityKind: EntityKind = 'other';
  let regionCode = '';
  let flaggedForReview = false;
  const codeText = asText(input.creditCode) ?? '';
  const codeProblem = codeText ? creditCodeProblem(codeText) : '不能为空';
  const result = validateCreditCode(codeText);
  if (codeProblem) fail('creditCode', RECORD_COMMON_FIELDS.creditCode, codeProblem);
  else if (result.valid) {
    if (context.manualEntry && result.flaggedForReview)
      fail('creditCode', RECORD_COMMON_FIELDS.creditCode, '第 9–17 位组织机构代码校验不通过，请核对后重新填写');
    else {
      creditCode = result.code;
      entityKind = result.kind;
      regionCode = result.currentRegionCode ?? result.regionCode;
      flaggedForReview = result.flaggedForReview;
    }
  }

  const entityName = asText(input.entityName) ?? '';
  // 4–200 UTF-16 units are always 2–200 characters; only other lengths need counting.
  const nameLength =
    entityName.length >= 4 && entityName.length <= 200 ? entityName.length : Array.from(entityName).length;
  if (nameLength < 2 || nameLength > 200) fail('entityName', RECORD_COMMON_FIELDS.entityName, '应为 2–200 个字符');
  else if (hasControlCharacters(entityName))
    fail('entityName', RECORD_COMMON_FIELDS.entityName, '含有不可见的控制字符');

  let dishonestyLevel: DishonestyLevel | null = null;
  const levelText = asText(input.dishonestyLevel) ?? '';
  if (item.requiresLevel) {
    if (!levelText)
      fail(
        'dishonestyLevel',
        RECORD_COMMON_FIELDS.dishonestyLevel,
        '不良信息必须标注失信等级（一般失信、较重失信或严重失信）',
      );
    else {
      const level = matchLabel(levelText, DISHONESTY_LEVELS, DISHONESTY_LEVEL_LABELS);
      if (!level)
        fail(
          'dishonestyLevel',
          RECORD_COMMON_FIELDS.dishonestyLevel,
          `“${levelText}”不是失信等级，可选：一般失信、较重失信、严重失信`,
        );
      else dishonestyLevel = level;
    }
  } else if (levelText) {
    fail('dishonestyLevel', RECORD_COMMON_FIELDS.dishonestyLevel, `“${item.name}”不是不良信息，不标注失信等级`);
  }

  let useScope = item.defaultUseScope;
  const scopeText = asText(input.useScope) ?? '';
  if (scopeText) {
    // By its code only (docs/exchange-api.md): the labels are what the console shows, not what is transmitted.
    const scope = USE_SCOPES.find((code) => code === scopeText);
    if (!scope)
      fail('useScope', RECORD_COMMON_FIELDS.useScope, `“${scopeText}”不是使用范围代码，应为 ${USE_SCOPE_CHOICES} 之一`);
    else useScope = scope;
  }

  // Art. 15, 22(五): a record whose publicity the law requires is withheld only on a legal ground, which is recorded.
  let withholdingGround: string | null = null;
  const groundText = asText(input.withholdingGround);
  const groundLabel = RECORD_COMMON_FIELDS.withholdingGround;
  if (groundText === null) fail('withholdingGround', groundLabel, '应为文本');
  else if (item.mandatoryPublicity && useScope !== 'public') {
    const ground = checkLegalGround(groundText);
    if (ground.ok) withholdingGround = ground.ground;
    else fail('withholdingGround', groundLabel, `“${item.name}”依法应当公示，${ground.message}`);
  } else if (groundText) {
    fail(
      'withholdingGround',
      groundLabel,
      item.mandatoryPublicity
        ? '使用范围为公示时不填写不公示的法定依据'
        : `“${item.name}”不属于依法必须公示的信息项，不填写不公示的法定依据`,
    );
  }

  const fields = input.fields ?? {};
  const payload: Record<string, string> = {};
  const personal: Record<string, string> = {};
  const known = new Set(item.fields.map((field) => field.key));
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) fail(`fields.${key}`, key, `“${item.name}”没有这个数据项`);
  }
  for (const field of item.fields) {
    const raw = asText(fields[field.key]);
    if (raw === null) {
      fail(`fields.${field.key}`, field.label, '应为文本或数字');
      continue;
    }
    if (!raw) {
      if (field.required) fail(`fields.${field.key}`, field.label, '不能为空');
      continue;
    }
    const checked = checkField(field, raw, context);
    if ('error' in checked) fail(`fields.${field.key}`, field.label, checked.error);
    else {
      payload[field.key] = checked.value;
      if (checked.personal) personal[field.key] = checked.personal;
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    record: {
      creditCode,
      entityName,
      entityKind,
      regionCode,
      flaggedForReview,
      payload,
      personal,
      aroseOn: payload[item.aroseField]!,
      dishonestyLevel,
      useScope,
      withholdingGround,
    },
  };
}

/** The end of a record's publicity window (null: no end while the entity exists), from the item's rule. */
export function publicityUntil(
  item: Pick<CatalogueItemDefinition, 'publicity'>,
  record: { aroseOn: string; dishonestyLevel: DishonestyLevel | null; payload: Record<string, string> },
): string | null {
  const rule = item.publicity;
  if (rule.kind === 'while_exists' || rule.kind === 'until_removed') return null;
  if (rule.kind === 'validity') {
    const validUntil = rule.validUntilField ? record.payload[rule.validUntilField] : undefined;
    return validUntil ?? addMonths(record.aroseOn, rule.months);
  }
  const window = rule.windows[record.dishonestyLevel ?? 'general'];
  return addMonths(record.aroseOn, window.maxMonths);
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

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
