/**
 * Every date, time and count on the portal and the console is shown through these, in the one form the PDFs and
 * exports use too (packages/domain): dates YYYY-MM-DD, times YYYY-MM-DD HH:mm in China time, counts 12,345.
 */
import { chinaDateTime } from '@gzcredit/domain';

export { formatCount } from '@gzcredit/domain';

/** A date as every view shows it: YYYY-MM-DD ('2015-03-01'); an instant gives its China date; '—' when unknown. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const dateTime = chinaDateTime(value);
  return dateTime === value ? value : dateTime.slice(0, 10);
}

/** A publicised record's field value as display text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** An instant as China time, YYYY-MM-DD HH:mm ('2026-01-05 10:00'); '—' when absent. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? chinaDateTime(iso) : '—';
}

/** A byte count as '12.3 KB' / '4.5 MB'. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
