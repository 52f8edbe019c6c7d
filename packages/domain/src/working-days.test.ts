import { describe, expect, it } from 'vitest';
import {
  type CalendarDay,
  type CalendarEntry,
  checkCalendarYear,
  DEFAULT_DEADLINE,
  daysLate,
  dueDate,
  WorkingDayCalendar,
} from './working-days';

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

/** A 2027 arrangement for the tests (元旦 Fri 01-01 – Sun 01-03 off; not the State Council's actual notice). */
const NEW_YEAR_2027: CalendarDay[] = [
  { date: '2027-01-01', kind: 'holiday' },
  { date: '2027-01-02', kind: 'holiday' },
  { date: '2027-01-03', kind: 'holiday' },
];

describe('dueDate (Art. 12)', () => {
  it('gives a record arising on 2026-12-15 a provisional due date until 2027 is known, then a final one', () => {
    expect(dueDate(calendar, '2026-12-15', DEFAULT_DEADLINE)).toEqual({ date: '2027-01-12', provisional: true });
    const with2027 = new WorkingDayCalendar([...AUTUMN_2026, ...NEW_YEAR_2027], [2026, 2027]);
    // 12-16 … 12-31 (12), 元旦 01-01 off, 01-04 … 01-08 (17), 01-11 … 01-13 (20).
    expect(dueDate(with2027, '2026-12-15', DEFAULT_DEADLINE)).toEqual({ date: '2027-01-13', provisional: false });
  });

  it("counts an item's own deadline in working days", () => {
    // 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
    const fiveDays = { days: 5, unit: 'working', legalBasis: '某条例第九条' } as const;
    expect(dueDate(calendar, '2026-09-30', fiveDays)).toEqual({ date: '2026-10-13', provisional: false });
  });

  it('counts a deadline in calendar days, moved past days off to the next working day (民法典第二百零三条)', () => {
    const sevenDays = { days: 7, unit: 'calendar', legalBasis: '某法第二十条' } as const;
    // 09-21 + 7 = Mon 09-28, a working day.
    expect(dueDate(calendar, '2026-09-21', sevenDays)).toEqual({ date: '2026-09-28', provisional: false });
    // 09-24 + 7 = 10-01 (国庆): the period ends on 10-08, the first working day after the holiday.
    expect(dueDate(calendar, '2026-09-24', sevenDays)).toEqual({ date: '2026-10-08', provisional: false });
    // 10-03 + 7 = Sat 10-10, a 调休 working day: it stays.
    expect(dueDate(calendar, '2026-10-03', sevenDays).date).toBe('2026-10-10');
    expect(dueDate(calendar, '2026-12-28', sevenDays)).toEqual({ date: '2027-01-04', provisional: true });
  });
});

describe('daysLate (Art. 12)', () => {
  it('is 0 for a record received on or before its due date', () => {
    expect(daysLate(calendar, '2026-10-30', '2026-10-30')).toBe(0);
    expect(daysLate(calendar, '2026-10-30', '2026-10-12')).toBe(0);
  });

  it('counts a record received on the Saturday after a Friday due date as late, by 1 working day', () => {
    expect(daysLate(calendar, '2026-10-30', '2026-10-31')).toBe(1);
    expect(daysLate(calendar, '2026-10-30', '2026-11-01')).toBe(1);
  });

  it('counts the working days after the due date up to and including the day of receipt', () => {
    expect(daysLate(calendar, '2026-10-30', '2026-11-02')).toBe(1);
    expect(daysLate(calendar, '2026-10-30', '2026-11-05')).toBe(4);
    // Due on the last day before 国庆, received on the Sunday of the break: late, 1 day.
    expect(daysLate(calendar, '2026-09-30', '2026-10-04')).toBe(1);
    expect(daysLate(calendar, '2026-09-30', '2026-10-10')).toBe(3);
  });
});

describe('checkCalendarYear', () => {
  const entry = (from: string, kind: CalendarEntry['kind'], where: string, to = from): CalendarEntry => ({
    from,
    to,
    kind,
    note: null,
    where,
  });

  it('expands runs of days into the days of the year', () => {
    const result = checkCalendarYear(2027, [
      entry('2027-01-01', 'holiday', '第 1 条', '2027-01-03'),
      entry('2027-02-20', 'workday', '第 2 条'),
    ]);
    expect(result).toEqual({
      ok: true,
      days: [
        { date: '2027-01-01', kind: 'holiday', note: null },
        { date: '2027-01-02', kind: 'holiday', note: null },
        { date: '2027-01-03', kind: 'holiday', note: null },
        { date: '2027-02-20', kind: 'workday', note: null },
      ],
    });
  });

  it('refuses a date outside the year, naming the entry', () => {
    expect(checkCalendarYear(2027, [entry('2026-12-31', 'holiday', '第 1 条', '2027-01-02')])).toEqual({
      ok: false,
      problems: ['第 1 条：2026-12-31 不在 2027 年内'],
    });
  });

  it('refuses a date entered twice, naming both rows', () => {
    const result = checkCalendarYear(2027, [
      entry('2027-01-01', 'holiday', '第 2 行'),
      entry('2027-01-01', 'holiday', '第 5 行'),
    ]);
    expect(result).toEqual({ ok: false, problems: ['第 5 行：2027-01-01 与第 2 行重复'] });
  });

  it('refuses a date that is both 放假 and 调休上班', () => {
    const result = checkCalendarYear(2027, [
      entry('2027-02-06', 'holiday', '第 1 条', '2027-02-12'),
      entry('2027-02-07', 'workday', '第 2 条'),
    ]);
    expect(result).toEqual({
      ok: false,
      problems: ['第 2 条：2027-02-07 不能既是放假又是调休上班（另见第 1 条）'],
    });
  });

  it('refuses a 调休上班 day on a weekday, an impossible date, a reversed run and a year without a day off', () => {
    expect(
      checkCalendarYear(2027, [entry('2027-01-01', 'holiday', '第 1 条'), entry('2027-02-08', 'workday', '第 2 条')]),
    ).toEqual({
      ok: false,
      problems: ['第 2 条：2027-02-08 是星期一，本就是工作日，不能登记为调休上班'],
    });
    expect(checkCalendarYear(2027, [entry('2027-02-30', 'holiday', '第 1 条')])).toMatchObject({
      problems: ['第 1 条：“2027-02-30”不是有效日期，应为 YYYY-MM-DD 格式，如 2027-01-01'],
    });
    expect(checkCalendarYear(2027, [entry('2027-01-03', 'holiday', '第 1 条', '2027-01-01')])).toMatchObject({
      problems: ['第 1 条：结束日期 2027-01-01 早于开始日期 2027-01-03'],
    });
    expect(checkCalendarYear(2027, [entry('2027-02-20', 'workday', '第 1 条')])).toMatchObject({
      problems: ['2027 年的安排中至少应有一天放假'],
    });
  });
});
