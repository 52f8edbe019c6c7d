import { checkRecordDate } from './dates';
import type { RecordFieldError } from './record-validation';

/**
 * 移出 a removal from a listing (经营异常名录, 严重违法失信名单; SPEC §3): the deciding authority's decision, with its
 * date and reason, as gsxt publishes it (移出日期, 移出原因, 作出决定机关).
 */
export const REMOVAL_FIELDS = {
  decisionNumber: '列入决定书文号',
  removedOn: '移出日期',
  reason: '移出原因',
  authority: '作出移出决定机关',
} as const;

export interface RemovalInput {
  removedOn?: unknown;
  reason?: unknown;
  authority?: unknown;
}

export interface ValidatedRemoval {
  removedOn: string;
  reason: string;
  authority: string;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value.trim() : null;
}

/**
 * Checks a removal on its own (the same rules behind the exchange API, the upload and the console): a real date not
 * after today, a reason (2–1000 characters) and the authority (2–200). Whether it is dated on or after its listing is
 * checked once the listing is found (`removalDateProblem`).
 */
export function validateRemoval(
  input: RemovalInput,
  today: string,
): { ok: true; removal: ValidatedRemoval } | { ok: false; errors: RecordFieldError[] } {
  const errors: RecordFieldError[] = [];
  const fail = (field: keyof ValidatedRemoval, message: string) =>
    errors.push({ field, label: REMOVAL_FIELDS[field], message });
  const dateText = text(input.removedOn);
  const checked = dateText ? checkRecordDate(dateText) : { ok: false as const, message: '不能为空' };
  const removedOn = checked.ok ? checked.date : undefined;
  if (!checked.ok) fail('removedOn', checked.message);
  else if (checked.date > today) fail('removedOn', `${checked.date} 晚于今天，不能是将来的日期`);
  const lengths = { reason: [2, 1000], authority: [2, 200] } as const;
  const values: Partial<ValidatedRemoval> = {};
  for (const field of ['reason', 'authority'] as const) {
    const value = text(input[field]);
    const [min, max] = lengths[field];
    const length = value === null ? 0 : Array.from(value).length;
    if (value === null) fail(field, '应为文本');
    else if (!value) fail(field, '不能为空');
    else if (length < min || length > max) fail(field, `应为 ${min}–${max} 个字符`);
    else values[field] = value;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, removal: { removedOn: removedOn!, reason: values.reason!, authority: values.authority! } };
}

/** A removal dated before its listing is refused: the entity cannot leave a list before it was put on it. */
export function removalDateProblem(removedOn: string, listedOn: string): RecordFieldError | null {
  if (removedOn >= listedOn) return null;
  return {
    field: 'removedOn',
    label: REMOVAL_FIELDS.removedOn,
    message: `${removedOn} 早于列入日期 ${listedOn}，移出日期不能早于列入日期`,
  };
}
