import { describe, expect, it } from 'vitest';
import { type CalendarDay, WorkingDayCalendar } from './working-days';

/**
 * 中秋 and 国庆 2026 as the State Council arranged them (checked against the chinese-days package, 1.5.7):
 * 09-25 – 09-27 and 10-01 – 10-07 off; Sunday 09-20 and Saturday 10-10 are 调休 working days.
 */
const AUTUMN_2026: CalendarDay[] = [
  { date: '2026-09-20', kind: 'workday' },
  { date: '2026-09-25', kind: 'holiday' },
  { date: '2026-09-26', kind: 'holiday' },
  { date: '2026-09-27', kind: 'holiday' },
  ...['01', '02', '03', '04', '05', '06', '07'].map(
    (day): CalendarDay => ({ date: `2026-10-${day}`, kind: 'holiday' }),
  ),
  { date: '2026-10-10', kind: 'workday' },
];

const calendar = new WorkingDayCalendar(AUTUMN_2026, [2026]);

describe('WorkingDayCalendar.isWorkingDay', () => {
  it('treats an official holiday on a weekday as a day off', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-25')).toBe(false);
  });

  it('treats a 调休 weekend day as a working day', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
  });

  it('falls back to Monday to Friday for days the table does not list', () => {
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-10-1')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-10-01T00:00:00Z')).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('makes a record that arose before 中秋 and 国庆 due 20 working days later (Rules Art. 12)', () => {
    // 09-20 … 09-24 (5), 09-28 … 09-30 (8), 10-08 … 10-10 (11), 10-12 … 10-16 (16), 10-19 … 10-22 (20)
    expect(calendar.addWorkingDays('2026-09-18', 20)).toEqual({ date: '2026-10-22', provisional: false });
  });

  it('skips the whole 国庆 break', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
    expect(calendar.addWorkingDays('2026-09-30', 20)).toEqual({ date: '2026-11-03', provisional: false });
  });

  it('counts from a day off as from any other day', () => {
    expect(calendar.addWorkingDays('2026-10-03', 3).date).toBe('2026-10-10');
  });

  it('returns the date itself for 0 and counts backwards for negative numbers', () => {
    expect(calendar.addWorkingDays('2026-10-04', 0)).toEqual({ date: '2026-10-04', provisional: false });
    expect(calendar.addWorkingDays('2026-10-08', -3).date).toBe('2026-09-28');
  });

  it('marks a deadline provisional when it runs into a year without calendar data', () => {
    expect(calendar.addWorkingDays('2026-12-24', 5)).toEqual({ date: '2026-12-31', provisional: false });
    expect(calendar.addWorkingDays('2026-12-24', 6)).toEqual({ date: '2027-01-01', provisional: true });
    expect(calendar.addWorkingDays('2027-03-01', 20)).toEqual({ date: '2027-03-29', provisional: true });
  });

  it('refuses a fractional number of days', () => {
    expect(() => calendar.addWorkingDays('2026-10-08', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('counts the working days after `from` up to and including `to`', () => {
    expect(calendar.workingDaysBetween('2026-09-19', '2026-10-16')).toBe(16);
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-31')).toBe(18);
    expect(calendar.workingDaysBetween('2026-10-07', '2026-10-08')).toBe(1);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(calendar.workingDaysBetween('2026-10-08', '2026-10-08')).toBe(0);
    expect(calendar.workingDaysBetween('2026-10-09', '2026-10-08')).toBe(0);
  });

  it('is 0 across a break without working days', () => {
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
  });

  it('agrees with addWorkingDays for every start day of the autumn of 2026', () => {
    for (let day = 1; day <= 30; day++) {
      const from = `2026-09-${String(day).padStart(2, '0')}`;
      for (const n of [1, 5, 20]) {
        expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n).date)).toBe(n);
      }
    }
  });

  it('counts weekdays in years without calendar data', () => {
    expect(calendar.workingDaysBetween('2026-12-31', '2027-12-31')).toBe(261);
    expect(calendar.workingDaysBetween('1969-12-28', '1970-01-10')).toBe(10);
  });
});

describe('WorkingDayCalendar', () => {
  it('knows only the years it was given', () => {
    expect(calendar.isKnownYear(2026)).toBe(true);
    expect(calendar.isKnownYear(2027)).toBe(false);
  });

  it('refuses calendar rows with malformed dates', () => {
    expect(() => new WorkingDayCalendar([{ date: '2026/10/01', kind: 'holiday' }], [2026])).toThrow(RangeError);
  });
});
