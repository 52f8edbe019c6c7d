/**
 * One row of the operator-maintained calendar: `holiday` is an official day off (法定节假日, on any day of the week),
 * `workday` is a 调休 working day falling on a weekend. Every other date is a working day from Monday to Friday.
 */
export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  kind: 'holiday' | 'workday';
}

export interface WorkingDayDeadline {
  date: string;
  /** True when a year the computation went through has no calendar data, so only weekends were skipped. */
  provisional: boolean;
}

const MILLISECONDS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD calendar date; throws on anything else (including 2026-02-30). */
function toDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const milliseconds = Date.UTC(year, month - 1, day);
    const parsed = new Date(milliseconds);
    if (parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day) {
      return milliseconds / MILLISECONDS_PER_DAY;
    }
  }
  throw new RangeError(`Not a YYYY-MM-DD calendar date: "${date}"`);
}

function toDate(dayNumber: number): string {
  return new Date(dayNumber * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

function yearOf(dayNumber: number): number {
  return new Date(dayNumber * MILLISECONDS_PER_DAY).getUTCFullYear();
}

/** 1970-01-01 was a Thursday; 0 = Sunday … 6 = Saturday. */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

/** Monday-to-Friday days in the day numbers (from, to]. */
function weekdaysAfterUpTo(from: number, to: number): number {
  // Weekdays in [0, n) counted from a Thursday (day 0), then the difference of the two prefixes.
  const weekdaysBefore = (dayNumber: number): number => {
    const weeks = Math.floor(dayNumber / 7);
    const rest = dayNumber - weeks * 7;
    // Of the first `rest` days from a Thursday (Thu, Fri, Sat, Sun, Mon, Tue), how many are weekdays.
    const weekdaysInRest = [0, 1, 2, 2, 2, 3, 4][rest]!;
    return weeks * 5 + weekdaysInRest;
  };
  return weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
}

/**
 * The working-day calendar behind Rules Art. 12 (records are due within 20 working days of arising) and the
 * objection deadlines: official holidays and 调休 working days come from the calendar table; a year missing from
 * `knownYears` falls back to plain weekdays and makes any result that touches it provisional.
 */
export class WorkingDayCalendar {
  private readonly kindsByDay = new Map<number, CalendarDay['kind']>();
  /** Day numbers whose kind changes the weekday rule (holiday on a weekday, workday on a weekend), ascending. */
  private readonly exceptionDays: number[] = [];
  private readonly knownYears: ReadonlySet<number>;

  constructor(days: readonly CalendarDay[], knownYears: readonly number[]) {
    for (const day of days) this.kindsByDay.set(toDayNumber(day.date), day.kind);
    for (const [dayNumber, kind] of this.kindsByDay) {
      if ((kind === 'holiday') !== isWeekend(dayNumber)) this.exceptionDays.push(dayNumber);
    }
    this.exceptionDays.sort((a, b) => a - b);
    this.knownYears = new Set(knownYears);
  }

  isKnownYear(year: number): boolean {
    return this.knownYears.has(year);
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /**
   * The n-th working day after `date` (before it when n is negative; `date` itself when n is 0), whether or not
   * `date` is a working day: a record arising on a Saturday is due on the 20th working day after that Saturday.
   */
  addWorkingDays(date: string, n: number): WorkingDayDeadline {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number, got ${n}`);
    let dayNumber = toDayNumber(date);
    let provisional = false;
    const step = n < 0 ? -1 : 1;
    for (let remaining = Math.abs(n); remaining > 0; ) {
      dayNumber += step;
      if (!this.knownYears.has(yearOf(dayNumber))) provisional = true;
      if (this.isWorkingDayNumber(dayNumber)) remaining--;
    }
    return { date: toDate(dayNumber), provisional };
  }

  /** Working days after `from` up to and including `to` (days late when `from` is the deadline); 0 if to ≤ from. */
  workingDaysBetween(from: string, to: string): number {
    const fromDay = toDayNumber(from);
    const toDay = toDayNumber(to);
    if (toDay <= fromDay) return 0;
    let count = weekdaysAfterUpTo(fromDay, toDay);
    for (let index = this.firstExceptionAfter(fromDay); index < this.exceptionDays.length; index++) {
      const dayNumber = this.exceptionDays[index]!;
      if (dayNumber > toDay) break;
      count += this.kindsByDay.get(dayNumber) === 'workday' ? 1 : -1;
    }
    return count;
  }

  private isWorkingDayNumber(dayNumber: number): boolean {
    const kind = this.kindsByDay.get(dayNumber);
    if (kind === 'holiday') return false;
    if (kind === 'workday') return true;
    return !isWeekend(dayNumber);
  }

  /** Index of the first exception day strictly after `dayNumber` (binary search). */
  private firstExceptionAfter(dayNumber: number): number {
    let low = 0;
    let high = this.exceptionDays.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.exceptionDays[middle]! <= dayNumber) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
