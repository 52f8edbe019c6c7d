/**
 * One row of the operator-maintained calendar: `holiday` is an official day off (法定节假日, on any day of the week),
 * `workday` is a 调休 working day falling on a weekend. Every other date is a working day from Monday to Friday.
 */
export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  kind: 'holiday' | 'workday';
}

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
/** The words of the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知). */
export const CALENDAR_DAY_KIND_LABELS: Record<CalendarDay['kind'], string> = { holiday: '放假', workday: '调休上班' };

export interface WorkingDayDeadline {
  date: string;
  /** True when a year the computation went through has no calendar data, so only weekends were skipped. */
  provisional: boolean;
}

const MILLISECONDS_PER_DAY = 86_400_000;
const WEEKDAY_LABELS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

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

  /**
   * `n` calendar days after `date` for a deadline the law gives in days (日): when that day is a day off, the next
   * working day (民法典第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
   */
  addCalendarDays(date: string, n: number): WorkingDayDeadline {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Calendar days must be a whole number ≥ 0, got ${n}`);
    let dayNumber = toDayNumber(date) + n;
    let provisional = !this.knownYears.has(yearOf(dayNumber));
    while (!this.isWorkingDayNumber(dayNumber)) {
      dayNumber += 1;
      if (!this.knownYears.has(yearOf(dayNumber))) provisional = true;
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

export const DEADLINE_UNITS = ['working', 'calendar'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];
export const DEADLINE_UNIT_LABELS: Record<DeadlineUnit, string> = { working: '个工作日', calendar: '日' };

/**
 * 报送期限 of a catalogue item, counted from the day the information arose: Rules Art. 12 sets 20 working days, "法律、
 * 法规另有规定的，从其规定", so an item may carry the period its own law sets, in working or calendar days.
 */
export interface ItemDeadline {
  days: number;
  unit: DeadlineUnit;
  /** The article that sets the period, shown with it. */
  legalBasis: string;
}

export const DEFAULT_DEADLINE: ItemDeadline = {
  days: 20,
  unit: 'working',
  legalBasis: '《贵州省企业公共信用信息平台运行管理规则（试行）》第十二条',
};

/** `20 个工作日`, `7 日`. */
export function deadlineLabel(deadline: ItemDeadline): string {
  return `${deadline.days} ${DEADLINE_UNIT_LABELS[deadline.unit]}`;
}

/** The day a record arising on `aroseOn` is due, provisional while a year it depends on has no calendar data. */
export function dueDate(calendar: WorkingDayCalendar, aroseOn: string, deadline: ItemDeadline): WorkingDayDeadline {
  return deadline.unit === 'working'
    ? calendar.addWorkingDays(aroseOn, deadline.days)
    : calendar.addCalendarDays(aroseOn, deadline.days);
}

/**
 * Art. 12 lateness: a record received (China date) after its due date is late, by the working days after the due date
 * up to and including the day of receipt, and by at least 1: one received on the Saturday after a Friday due date is
 * late although no working day has passed. 0 for a record on time.
 */
export function daysLate(calendar: WorkingDayCalendar, dueOn: string, receivedOn: string): number {
  if (receivedOn <= dueOn) return 0;
  return Math.max(1, calendar.workingDaysBetween(dueOn, receivedOn));
}

/** One line of a year's arrangement as the notice gives it: a day or a run of days, and where it was entered. */
export interface CalendarEntry {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, the same as `from` for a single day. */
  to: string;
  kind: CalendarDay['kind'];
  note: string | null;
  /** `第 3 条`, `第 5 行`: named in every message about the entry. */
  where: string;
}

export type CalendarYearCheck =
  | { ok: true; days: Array<CalendarDay & { note: string | null }> }
  | { ok: false; problems: string[] };

function dayNumberOrUndefined(date: string): number | undefined {
  try {
    return toDayNumber(date);
  } catch {
    return undefined;
  }
}

/**
 * Checks a year's 放假 and 调休上班 entries and expands them into days: every date a real date inside the year, a
 * 调休上班 day on a weekend (a weekday is worked anyway), no date entered twice or as both kinds, at least one day off.
 * Each problem names its entry.
 */
export function checkCalendarYear(year: number, entries: readonly CalendarEntry[]): CalendarYearCheck {
  const problems: string[] = [];
  const seen = new Map<number, CalendarEntry>();
  const days: Array<CalendarDay & { note: string | null }> = [];
  for (const entry of entries) {
    const from = dayNumberOrUndefined(entry.from);
    const to = dayNumberOrUndefined(entry.to);
    if (from === undefined || to === undefined) {
      const bad = from === undefined ? entry.from : entry.to;
      problems.push(`${entry.where}：“${bad}”不是有效日期，应为 YYYY-MM-DD 格式，如 ${year}-01-01`);
      continue;
    }
    if (to < from) {
      problems.push(`${entry.where}：结束日期 ${entry.to} 早于开始日期 ${entry.from}`);
      continue;
    }
    if (yearOf(from) !== year || yearOf(to) !== year) {
      const outside = yearOf(from) !== year ? entry.from : entry.to;
      problems.push(`${entry.where}：${outside} 不在 ${year} 年内`);
      continue;
    }
    for (let dayNumber = from; dayNumber <= to; dayNumber++) {
      const date = toDate(dayNumber);
      const earlier = seen.get(dayNumber);
      if (earlier) {
        problems.push(
          earlier.kind === entry.kind
            ? `${entry.where}：${date} 与${earlier.where}重复`
            : `${entry.where}：${date} 不能既是放假又是调休上班（另见${earlier.where}）`,
        );
        continue;
      }
      if (entry.kind === 'workday' && !isWeekend(dayNumber)) {
        problems.push(
          `${entry.where}：${date} 是${WEEKDAY_LABELS[weekdayOf(dayNumber)]}，本就是工作日，不能登记为调休上班`,
        );
        continue;
      }
      seen.set(dayNumber, entry);
      days.push({ date, kind: entry.kind, note: entry.note });
    }
  }
  if (problems.length === 0 && !days.some((day) => day.kind === 'holiday'))
    problems.push(`${year} 年的安排中至少应有一天放假`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
}
