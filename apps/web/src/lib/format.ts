/** '2015-03-01' → '2015年03月01日', the way Chinese registration documents write dates; '—' when unknown. */
export function formatDate(isoDate: string | null): string {
  const match = isoDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate) : null;
  if (!match) return isoDate ?? '—';
  return `${match[1]}年${match[2]}月${match[3]}日`;
}

/** A publicised record's field value as display text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
