import { describe, expect, it } from 'vitest';
import { formatCount } from './counts';
import { chinaDateTime, chinaToday } from './dates';

describe('China time', () => {
  it('is already the next day when UTC is still before midnight', () => {
    const evening = new Date('2026-12-06T16:30:00Z');
    expect(chinaToday(evening)).toBe('2026-12-07');
    expect(chinaDateTime(evening)).toBe('2026-12-07 00:30');
    expect(chinaDateTime('2026-12-06T16:30:00.000Z')).toBe('2026-12-07 00:30');
  });

  it('is still the same day just before China midnight, whatever the offset the instant is written in', () => {
    expect(chinaToday(new Date('2026-12-06T15:59:00Z'))).toBe('2026-12-06');
    expect(chinaDateTime('2026-12-06T15:59:59Z')).toBe('2026-12-06 23:59');
    expect(chinaDateTime('2026-12-06T23:59:00+08:00')).toBe('2026-12-06 23:59');
  });

  it('pads months, days, hours and minutes to two digits', () => {
    expect(chinaDateTime('2026-01-04T22:05:00Z')).toBe('2026-01-05 06:05');
  });

  it('gives back a text that is no instant as it is', () => {
    expect(chinaDateTime('未知')).toBe('未知');
  });
});

describe('formatCount', () => {
  it('separates thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(12_345_678)).toBe('12,345,678');
    expect(formatCount(-1234)).toBe('-1,234');
  });

  it('keeps up to two decimals of a figure that is no whole number', () => {
    expect(formatCount(12345.678)).toBe('12,345.68');
  });
});
