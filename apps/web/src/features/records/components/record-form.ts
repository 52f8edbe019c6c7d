import type { CatalogueItemDto, RecordDto, RecordInputBody } from '@gzcredit/contracts';
import {
  type AgencyKind,
  type CatalogueField,
  chinaToday,
  RECORD_COMMON_FIELDS,
  type RecordFieldError,
  type ValidationContext,
  validateRecord,
} from '@gzcredit/domain';
import type { FormInstance } from 'antd';
import { fieldErrorsOf, fieldNamePath } from '../../../lib/form-errors';

/** The values of the form generated from an item's field schema; `fields` holds the item's data items by key. */
export interface RecordFormValues {
  creditCode?: string;
  entityName?: string;
  dishonestyLevel?: string;
  useScope?: string;
  /** 不公示的法定依据: only for a mandatory-publicity item sent with a use scope other than 公示 (Art. 15). */
  withholdingGround?: string;
  fields?: Record<string, string | undefined>;
}

export function formContext(providerKind: AgencyKind): ValidationContext {
  return { today: chinaToday(), providerKind, manualEntry: true };
}

/** A new record of the item: the use scope starts at the item's default (Art. 22(四)). */
export function initialRecordValues(item: CatalogueItemDto): RecordFormValues {
  return { useScope: item.defaultUseScope, fields: {} };
}

/** A correction starts from the record as it stands. */
export function valuesFromRecord(record: RecordDto): RecordFormValues {
  return {
    creditCode: record.creditCode,
    entityName: record.entityName,
    dishonestyLevel: record.dishonestyLevel ?? undefined,
    useScope: record.useScope,
    withholdingGround: record.withholdingGround ?? undefined,
    fields: { ...record.payload },
  };
}

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The form's values as the API's record: trimmed, empty data items left out. */
export function toRecordInput(item: CatalogueItemDto, values: RecordFormValues): RecordInputBody {
  const fields: Record<string, string> = {};
  for (const field of item.fields) {
    const value = trimmed(values.fields?.[field.key]);
    if (value !== undefined) fields[field.key] = value;
  }
  return {
    itemCode: item.code,
    creditCode: values.creditCode?.trim() ?? '',
    entityName: values.entityName?.trim() ?? '',
    ...(item.requiresLevel && values.dishonestyLevel ? { dishonestyLevel: values.dishonestyLevel } : {}),
    ...(values.useScope ? { useScope: values.useScope } : {}),
    ...(needsGround(item, values.useScope) && trimmed(values.withholdingGround)
      ? { withholdingGround: trimmed(values.withholdingGround) }
      : {}),
    fields,
  };
}

/** Whether the record must give a legal ground: its item's publicity is mandatory and its scope is not 公示. */
export function needsGround(item: Pick<CatalogueItemDto, 'mandatoryPublicity'>, useScope: string | undefined): boolean {
  return item.mandatoryPublicity && useScope !== undefined && useScope !== 'public';
}

/** Personal data items (身份证号码, 手机号码) come back masked: a correction that leaves one unchanged keeps the stored value. */
export function isPersonal(field: CatalogueField): boolean {
  return field.type === 'id_card' || field.type === 'mobile';
}

/**
 * The record's errors as the server would find them (the same `validateRecord`), for instant feedback; `original` is
 * the corrected record, whose credit code is fixed and whose masked personal values are kept when left unchanged.
 */
export function recordErrors(
  item: CatalogueItemDto,
  values: RecordFormValues,
  providerKind: AgencyKind,
  original?: RecordDto,
): RecordFieldError[] {
  const input = toRecordInput(item, values);
  const kept = new Set(
    original
      ? item.fields
          .filter((field) => isPersonal(field) && input.fields[field.key] === original.payload[field.key])
          .map((field) => `fields.${field.key}`)
      : [],
  );
  const result = validateRecord(
    item,
    original ? { ...input, creditCode: original.creditCode } : input,
    // A correction keeps the record's credit code, which was accepted when it was first transmitted.
    { ...formContext(providerKind), manualEntry: !original },
  );
  return result.ok ? [] : result.errors.filter((error) => !kept.has(error.field));
}

/** Checks one data item alone, as validateRecord would: the antd rule behind each generated field. */
export function fieldError(
  item: CatalogueItemDto,
  field: CatalogueField,
  value: string | undefined,
  providerKind: AgencyKind,
): string | undefined {
  const probe = { ...item, providerKinds: [providerKind], requiresLevel: false, fields: [field] };
  const result = validateRecord(probe, { fields: { [field.key]: value ?? '' } }, formContext(providerKind));
  if (result.ok) return undefined;
  return result.errors.find((error) => error.field === `fields.${field.key}`)?.message;
}

/** Checks the credit code alone (a person typing it: a failing embedded organisation code is refused). */
export function creditCodeError(value: string | undefined, item: CatalogueItemDto, providerKind: AgencyKind) {
  const probe = { ...item, providerKinds: [providerKind], requiresLevel: false, fields: [] };
  const result = validateRecord(probe, { creditCode: value ?? '', entityName: '占位名称' }, formContext(providerKind));
  if (result.ok) return undefined;
  return result.errors.find((error) => error.field === 'creditCode')?.message;
}

const FORM_FIELDS = new Set<string>(Object.keys(RECORD_COMMON_FIELDS));

/**
 * Puts record errors (`creditCode`, `fields.decisionDate`, …, from the server's RECORD_INVALID or from recordErrors) on
 * the form's fields; returns the messages that belong to no field of the form (e.g. the item itself).
 */
export function applyRecordErrors(
  form: FormInstance,
  errors: readonly { field: string; label?: string; message: string }[],
  item: CatalogueItemDto,
  otherFields: readonly string[] = [],
): string[] {
  const keys = new Set([...item.fields.map((field) => `fields.${field.key}`), ...otherFields]);
  const grouped = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const elsewhere: string[] = [];
  for (const error of errors) {
    const path = error.field.replace(/^body\./, '').replace(/^record\./, '');
    if (!FORM_FIELDS.has(path) && !keys.has(path)) {
      elsewhere.push(error.label ? `${error.label}：${error.message}` : error.message);
      continue;
    }
    const entry = grouped.get(path) ?? { name: fieldNamePath(path), errors: [] };
    entry.errors.push(error.message);
    grouped.set(path, entry);
  }
  if (grouped.size > 0) form.setFields([...grouped.values()]);
  return elsewhere;
}

export const FIELD_ERRORS_TITLE = '信息未通过校验，请按提示修改';

export interface RecordFailure {
  title: string;
  /** Messages that belong to no field of the form. */
  details: string[];
}

/** The server's refusal: its field errors go onto the form, the rest into the returned failure. */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  item: CatalogueItemDto,
  otherFields: readonly string[] = [],
): RecordFailure {
  const errors = fieldErrorsOf(error);
  const details = applyRecordErrors(form, errors, item, otherFields);
  // The server's message repeats every field error: once they sit on their fields, a short title is enough.
  if (details.length < errors.length) return { title: FIELD_ERRORS_TITLE, details };
  return { title: error instanceof Error ? error.message : '提交失败，请稍后重试', details };
}
