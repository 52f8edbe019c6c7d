/** China time is UTC+8 all year (no daylight saving), whatever the server's or the browser's time zone. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China, whatever the server's time zone. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start of a China calendar day (UTC+8, no daylight saving) as an instant, for filters on timestamps. */
export function chinaDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The start of the China calendar day after `date`: the exclusive end of a period that ends on `date`. */
export function nextChinaDayStart(date: string): Date {
  return new Date(chinaDayStart(date).getTime() + 86_400_000);
}

/**
 * An instant as every view shows a time: YYYY-MM-DD HH:mm in China time ('2026-12-06T16:30:00Z' → '2026-12-07 00:30').
 * A text that is no instant comes back as it is.
 */
export function chinaDateTime(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** YYYY-MM-DD plus a number of calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const DATE_FORMATS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/** YYYY-MM-DD for a real calendar date written in one of the usual Chinese forms; undefined otherwise. */
export function normalizeDate(value: string): string | undefined {
  for (const format of DATE_FORMATS) {
    const match = format.exec(value);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return;
    if (year < 1949) return;
    return date.toISOString().slice(0, 10);
  }
  return;
}

/**
 * A date as records are transmitted (docs/exchange-api.md, the upload templates): exactly YYYY-MM-DD, a real calendar
 * day, not before 1949. Other spellings (2026/11/20, 20261120, 2026年11月20日) are refused with the form to write.
 */
export function checkRecordDate(value: string): { ok: true; date: string } | { ok: false; message: string } {
  const date = normalizeDate(value);
  if (date && date === value) return { ok: true, date };
  if (date) return { ok: false, message: `应为 YYYY-MM-DD 格式：“${value}”应写作 ${date}` };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return { ok: false, message: `“${value}”不是日历上的有效日期（1949 年以后），应为 YYYY-MM-DD 格式，如 2026-03-15` };
  return { ok: false, message: `“${value}”不是日期，应为 YYYY-MM-DD 格式，如 2026-03-15` };
}

/** YYYY-MM-DD plus whole months, clamped to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
