import { CALENDAR_DAY_KINDS } from '@gzcredit/domain';
import { z } from 'zod';

const YearSchema = z.number().int().min(1990).max(2100);
const NoticeNumberSchema = z
  .string()
  .trim()
  .min(1, { error: '请填写国务院办公厅节假日安排通知的文号，如 国办发明电〔2026〕7号' })
  .max(100, { error: '通知文号不能超过 100 个字符' });

/** One line of the State Council's notice: a day, or a run of days from `from` to `to`. */
export const CalendarEntryBodySchema = z.object({
  from: z.string().trim(),
  to: z.string().trim().optional(),
  kind: z.enum(CALENDAR_DAY_KINDS),
  note: z.string().trim().max(50, { error: '说明不能超过 50 个字符' }).optional(),
});

/** 录入: the bureau types a year's arrangement from the notice; confirming it makes the year final. */
export const ConfirmCalendarYearBodySchema = z.object({
  year: YearSchema,
  noticeNumber: NoticeNumberSchema,
  entries: z.array(CalendarEntryBodySchema).min(1, { error: '请至少录入一条放假安排' }).max(400),
});
export type ConfirmCalendarYearBody = z.infer<typeof ConfirmCalendarYearBodySchema>;

export const CALENDAR_FILE_FORMATS = ['csv', 'ics'] as const;
/** 导入: the same from a CSV (日期,类型,说明) or iCalendar file, sent as text; a year's file is a few kilobytes. */
export const ImportCalendarYearBodySchema = z.object({
  year: YearSchema,
  noticeNumber: NoticeNumberSchema,
  format: z.enum(CALENDAR_FILE_FORMATS),
  fileName: z.string().trim().min(1).max(200),
  content: z.string().min(1, { error: '文件是空的' }).max(200_000, { error: '文件过大：节假日文件不应超过 200 KB' }),
});
export type ImportCalendarYearBody = z.infer<typeof ImportCalendarYearBodySchema>;

export const CalendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(CALENDAR_DAY_KINDS),
  note: z.string().nullable(),
});

export const RECOMPUTE_STATUSES = ['pending', 'done', 'failed'] as const;
export const CalendarYearSchema = z.object({
  year: z.number().int(),
  /** `chinese-days 1.5.7` for seeded years; `控制台录入` or `导入 <file>` for entered ones. */
  source: z.string(),
  noticeNumber: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** The background recomputation of provisional due dates this year's confirmation started; null for seeded years. */
  recompute: z.enum(RECOMPUTE_STATUSES).nullable(),
  days: z.array(CalendarDaySchema),
});
export type CalendarYearDto = z.infer<typeof CalendarYearSchema>;

export const CalendarSchema = z.object({
  /** Today in China. */
  today: z.string(),
  nextYear: z.number().int(),
  /** From 1 November while next year has no confirmed arrangement: every due date reaching into it is provisional. */
  nextYearProvisional: z.boolean(),
  years: z.array(CalendarYearSchema),
});
export type CalendarDto = z.infer<typeof CalendarSchema>;
