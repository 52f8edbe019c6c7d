import { type CatalogueField, type CatalogueItemDefinition, RECORD_COMMON_FIELDS } from './catalogue';
import { validateCreditCode } from './credit-code';
import { checkRecordDate } from './dates';
import type { EntityKind } from './entities';
import { validateIdCardNumber } from './id-card';
import { divisionOf } from './industries';
import { checkLegalGround } from './legal-grounds';
import {
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  USE_SCOPE_LABELS,
  USE_SCOPES,
  type UseScope,
} from './levels';
import { maskIdCard, maskMobile } from './masking';
import type { AgencyKind } from './permissions';

/** The use scopes as transmitted, by code, with what each means: `public（公示）、shared（内部共享）…`. */
export const USE_SCOPE_CHOICES = USE_SCOPES.map((scope) => `${scope}（${USE_SCOPE_LABELS[scope]}）`).join('、');

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

/** The trimmed text of a value; null when it is neither text nor a finite number. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.trim();
  return null;
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

/** The most characters a field's value may have: its own limit, or 2,000 for long texts and 200 for the rest. */
export function fieldMaxLength(field: Pick<CatalogueField, 'maxLength' | 'type'>): number {
  return field.maxLength ?? (field.type === 'long_text' ? 2000 : 200);
}

function checkField(field: CatalogueField, raw: string, context: ValidationContext): FieldCheck {
  if (hasControlCharacters(raw)) return { error: '含有不可见的控制字符' };
  const maxLength = fieldMaxLength(field);
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
