import { type CalendarEntry, normalizeDate } from '@gzcredit/domain';
import { parse } from 'csv-parse/sync';

/** What a holiday file holds, or why it cannot be read (a Chinese message naming the row). */
export type CalendarFileRead = { ok: true; entries: CalendarEntry[] } | { ok: false; problems: string[] };

const KIND_WORDS: Record<string, CalendarEntry['kind']> = {
  放假: 'holiday',
  休息: 'holiday',
  调休上班: 'workday',
  上班: 'workday',
  补班: 'workday',
};
const CSV_HEADERS = ['日期', '类型', '说明'];

/**
 * A CSV file of single days, one a row, with the header `日期,类型,说明` (类型 放假 or 调休上班; 说明 optional, e.g. 春节).
 * Dates in the usual Chinese forms (2027-02-06, 2027/2/6, 2027年2月6日). Rows are named by their line in the file.
 */
export function readCalendarCsv(content: string): CalendarFileRead {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info`, each record comes with where it was read (its typings do not say so).
    rows = parse(content.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (error) {
    return { ok: false, problems: [`不是有效的 CSV 文件：${(error as Error).message}`] };
  }
  const [header, ...data] = rows;
  const headers = header?.record ?? [];
  if (headers[0] !== CSV_HEADERS[0] || headers[1] !== CSV_HEADERS[1])
    return { ok: false, problems: [`第 1 行应为表头“${CSV_HEADERS.join(',')}”，实为“${headers.join(',')}”`] };
  if (data.length === 0) return { ok: false, problems: ['文件中没有数据行'] };
  const problems: string[] = [];
  const entries: CalendarEntry[] = [];
  for (const { record, info } of data) {
    const where = `第 ${info.lines} 行`;
    const [dateText = '', kindText = '', note = ''] = record;
    const date = normalizeDate(dateText);
    const kind = KIND_WORDS[kindText];
    if (!date) problems.push(`${where}：“${dateText}”不是有效日期，应为 YYYY-MM-DD 格式`);
    if (!kind) problems.push(`${where}：类型“${kindText}”应为“放假”或“调休上班”`);
    if (date && kind) entries.push({ from: date, to: date, kind, note: note.slice(0, 50) || null, where });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

/** `20270101` (a DATE value, or the date part of a DATE-TIME) as YYYY-MM-DD. */
function icsDate(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value);
  return match ? normalizeDate(`${match[1]}-${match[2]}-${match[3]}`) : undefined;
}

function dayBefore(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

function kindOfSummary(summary: string): CalendarEntry['kind'] | undefined {
  // 班 (上班, 补班) marks a 调休 working day; 休 or 假 a day off. Checked in this order: 调休上班 contains 休.
  if (summary.includes('班')) return 'workday';
  if (summary.includes('休') || summary.includes('假')) return 'holiday';
  return undefined;
}

/**
 * An iCalendar file (RFC 5545) as holiday calendars publish it: each VEVENT a day or a run of days (DTEND exclusive),
 * its SUMMARY saying 放假/休 or 上班/班. Events are named by the line of their BEGIN:VEVENT.
 */
export function readCalendarIcs(content: string): CalendarFileRead {
  // Unfold continuation lines (a line break followed by a space or tab), keeping each line's number.
  const lines: Array<{ text: string; number: number }> = [];
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const last = lines.at(-1);
      if (last && /^[ \t]/.test(text)) last.text += text.slice(1);
      else lines.push({ text, number: index + 1 });
    });
  if (!lines.some((line) => line.text.trim() === 'BEGIN:VCALENDAR'))
    return { ok: false, problems: ['不是 iCalendar 文件：缺少 BEGIN:VCALENDAR'] };
  const problems: string[] = [];
  const entries: CalendarEntry[] = [];
  let event: { where: string; start?: string; end?: string; summary: string; startText: string } | undefined;
  for (const line of lines) {
    const text = line.text.trim();
    if (text === 'BEGIN:VEVENT') {
      event = { where: `第 ${line.number} 行`, summary: '', startText: '' };
      continue;
    }
    if (!event) continue;
    const separator = text.indexOf(':');
    const name = text.slice(0, separator).split(';')[0]!.toUpperCase();
    const value = text.slice(separator + 1);
    if (name === 'DTSTART') {
      event.startText = value;
      event.start = icsDate(value);
    } else if (name === 'DTEND') event.end = icsDate(value);
    else if (name === 'SUMMARY') event.summary = value.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ');
    else if (text === 'END:VEVENT') {
      const kind = kindOfSummary(event.summary);
      if (!event.start) problems.push(`${event.where}：日程的开始日期“${event.startText}”无效`);
      else if (!kind)
        problems.push(`${event.where}：日程“${event.summary}”看不出是放假还是调休上班（标题应含“休”“假”或“班”）`);
      else {
        const to = event.end && event.end > event.start ? dayBefore(event.end) : event.start;
        entries.push({ from: event.start, to, kind, note: event.summary.slice(0, 50) || null, where: event.where });
      }
      event = undefined;
    }
  }
  if (problems.length === 0 && entries.length === 0) problems.push('文件中没有日程（VEVENT）');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}
