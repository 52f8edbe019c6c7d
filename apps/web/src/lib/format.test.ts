import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatDateTime } from './format';

describe('format', () => {
  it('shows a date as YYYY-MM-DD, and an instant by its China date across a UTC midnight', () => {
    expect(formatDate('2015-03-01')).toBe('2015-03-01');
    expect(formatDate('2026-12-06T16:30:00.000Z')).toBe('2026-12-07');
    expect(formatDate('2026-12-06T15:30:00.000Z')).toBe('2026-12-06');
    expect(formatDate(null)).toBe('—');
  });

  it('shows a time as YYYY-MM-DD HH:mm in China time, whatever the browser’s time zone', () => {
    expect(formatDateTime('2026-12-06T16:30:00.000Z')).toBe('2026-12-07 00:30');
    expect(formatDateTime('2026-01-05T10:00:00+08:00')).toBe('2026-01-05 10:00');
    expect(formatDateTime(undefined)).toBe('—');
  });

  it('shows counts with thousands separators', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(5_000_000)).toBe('5,000,000');
  });
});
