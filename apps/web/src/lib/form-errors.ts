import type { FieldErrorDetail } from '@gzcredit/contracts';
import type { FormInstance } from 'antd';
import { ApiError } from './api-client';

function isFieldErrorDetail(value: unknown): value is FieldErrorDetail {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { field?: unknown }).field === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * The field errors of an ApiError's `details: [{ field, message }]` (request validation) or
 * `details: { errors: [{ field, label, message }] }` (a record refused by its catalogue item); empty when it has none.
 */
export function fieldErrorsOf(error: unknown): FieldErrorDetail[] {
  if (!(error instanceof ApiError)) return [];
  const { details } = error;
  const list =
    typeof details === 'object' && details !== null && !Array.isArray(details) && 'errors' in details
      ? details.errors
      : details;
  return Array.isArray(list) ? list.filter(isFieldErrorDetail) : [];
}

/** 'body.managers.0.mobile' → ['managers', 0, 'mobile'], the name path of an Ant Design Form.List field. */
export function fieldNamePath(field: string): (string | number)[] {
  const parts = field.split('.').filter((part) => part !== '');
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift();
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's field errors on the form's fields; returns true when at least one field got one (otherwise the
 * caller shows error.message on its own).
 */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  const grouped = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const detail of fieldErrorsOf(error)) {
    const name = fieldNamePath(detail.field);
    if (name.length === 0) continue;
    const key = name.join('.');
    const entry = grouped.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    grouped.set(key, entry);
  }
  if (grouped.size === 0) return false;
  form.setFields([...grouped.values()]);
  return true;
}
