import { DISHONESTY_LEVELS, RECORD_CATEGORIES, USE_SCOPES } from '@gzcredit/domain';
import { z } from 'zod';
import { RECORD_DATE_LABELS } from './record-dates';

/** One record as the exchange API, the form and a correction send it; the catalogue item's schema checks `fields`. */
export const RecordInputSchema = z.object({
  itemCode: z.string().min(1).max(48).meta({ description: '征集目录信息项代码，如 penalty' }),
  creditCode: z
    .string()
    .max(40)
    .meta({ description: '统一社会信用代码：18 位数字和大写英文字母，小写或全角字符被拒绝' }),
  entityName: z.string().max(200).meta({ description: '主体名称' }),
  dishonestyLevel: z
    .string()
    .max(10)
    .optional()
    .meta({ description: '失信等级：general/serious/severe 或 一般失信/较重失信/严重失信；不良信息必填' }),
  useScope: z.string().max(10).optional().meta({
    description: '使用范围代码：public/shared/authorised/internal（不接受“公示”等中文名称），缺省取目录默认值',
  }),
  withholdingGround: z.string().max(400).optional().meta({
    description:
      '不公示的法定依据：依法必须公示的信息项（行政许可、行政处罚、经营异常名录、严重违法失信名单）使用范围不是公示时必填，为国家秘密、商业秘密、个人隐私，或法律法规名称及条款（含《》）',
  }),
  fields: z.record(z.string(), z.union([z.string().max(10_000), z.number(), z.null()])).meta({
    description:
      '信息项数据项，键为目录中的数据项标识；日期为 YYYY-MM-DD，金额为不小于 0 的数字（不带千分位逗号、货币符号和单位）',
  }),
});
export type RecordInputBody = z.infer<typeof RecordInputSchema>;

export const RecordFieldErrorSchema = z.object({ field: z.string(), label: z.string(), message: z.string() });

export const RecordResultSchema = z.object({
  index: z.number().int(),
  status: z.enum(['accepted', 'rejected']),
  recordId: z.number().int().optional(),
  /** False while the record waits in the matching queue for its entity. */
  matched: z.boolean().optional(),
  daysLate: z.number().int().optional(),
  errors: z.array(RecordFieldErrorSchema).optional(),
});
export type RecordResultDto = z.infer<typeof RecordResultSchema>;

export const SubmitRecordsBodySchema = z.object({
  records: z
    .array(RecordInputSchema)
    .min(1, { error: '至少包含 1 条信息' })
    .max(1000, { error: '每批最多 1,000 条信息' }),
});
export const SubmitRecordsResponseSchema = z.object({
  batchId: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(RecordResultSchema),
});
export type SubmitRecordsResponse = z.infer<typeof SubmitRecordsResponseSchema>;

export const RECORD_STATUSES = ['active', 'corrected', 'revoked', 'expired', 'removed', 'repaired'] as const;
export const RECORD_STATUS_LABELS: Record<(typeof RECORD_STATUSES)[number], string> = {
  active: '有效',
  corrected: '已更正（历史版本）',
  revoked: '已撤销',
  expired: '已过公示期',
  removed: '已移出名单',
  repaired: '已信用修复（终止公示）',
};
export const RECORD_CHANNELS = ['api', 'upload', 'form', 'correction'] as const;
export const RECORD_CHANNEL_LABELS: Record<(typeof RECORD_CHANNELS)[number], string> = {
  api: '接口推送',
  upload: '文件上传',
  form: '在线填报',
  correction: '更正',
};

export { RECORD_DATE_LABELS } from './record-dates';

export const RemovalSchema = z.object({
  removedOn: z.string().describe(RECORD_DATE_LABELS.removedOn),
  reason: z.string().describe('移出原因'),
  authority: z.string().describe('作出移出决定机关'),
  removedAt: z.string().describe('平台接收移出的时间'),
});
export type RemovalDto = z.infer<typeof RemovalSchema>;

export const RecordSchema = z.object({
  id: z.number().int(),
  rootId: z.number().int(),
  version: z.number().int(),
  item: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    category: z.enum(RECORD_CATEGORIES),
    editionCode: z.string(),
    /** A listing (经营异常名录, 严重违法失信名单) lasts until its removal (移出). */
    listing: z.boolean(),
  }),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  creditCode: z.string(),
  entityName: z.string(),
  matched: z.boolean(),
  payload: z.record(z.string(), z.string()),
  aroseOn: z.string().describe(RECORD_DATE_LABELS.aroseOn),
  receivedAt: z.string().describe(RECORD_DATE_LABELS.receivedAt),
  dueOn: z.string().describe(RECORD_DATE_LABELS.dueOn),
  dueProvisional: z.boolean(),
  daysLate: z.number().int(),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  useScope: z.enum(USE_SCOPES),
  publicityUntil: z.string().nullable().describe(RECORD_DATE_LABELS.publicityUntil),
  status: z.enum(RECORD_STATUSES),
  contentHash: z.string(),
  channel: z.enum(RECORD_CHANNELS),
  batchId: z.number().int(),
  flaggedForReview: z.boolean(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  /** 不公示的法定依据 of a mandatory-publicity record sent as non-public; null otherwise. */
  withholdingGround: z.string().nullable(),
  /** 移出 of a removed listing: date, reason and deciding authority. */
  removal: RemovalSchema.nullable(),
});
export type RecordDto = z.infer<typeof RecordSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const dateQuery = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
export const RECORDS_MAX_PAGE_SIZE = 100;

/** Console list of the caller's agency's records; without `status`, current versions (not 'corrected'). */
export const RecordsQuerySchema = z.object({
  itemId: z.coerce.number().int().positive().optional().describe('征集目录信息项'),
  status: z.enum(RECORD_STATUSES).optional().describe('状态；缺省为现行版本（不含已更正的历史版本）'),
  q: z.string().trim().min(1).max(100).optional().describe('统一社会信用代码（精确）或主体名称（包含）'),
  level: z.enum(DISHONESTY_LEVELS).optional().describe('失信等级'),
  late: booleanQuery.optional().describe('true：仅看迟报（超过 20 个工作日）的信息'),
  matched: booleanQuery.optional().describe('false：仅看待匹配队列中的信息'),
  from: dateQuery.optional().describe('接收日期起（含）'),
  to: dateQuery.optional().describe('接收日期止（含）'),
  publicityEndsBy: dateQuery
    .optional()
    .describe('公示期届满日不晚于此日（含）：仅看仍在公示期内、公示期将在此日前届满的现行信息'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(RECORDS_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type RecordsQuery = z.infer<typeof RecordsQuerySchema>;
export const RecordListSchema = z.object({ items: z.array(RecordSchema), total: z.number().int() });
export type RecordListDto = z.infer<typeof RecordListSchema>;

export const RECORD_EVENT_KINDS = [
  'annotated',
  'corrected',
  'revoked',
  'removed',
  'publicity_overruled',
  'repaired',
] as const;
export const RECORD_EVENT_KIND_LABELS: Record<(typeof RECORD_EVENT_KINDS)[number], string> = {
  annotated: '失信等级标注',
  corrected: '更正',
  revoked: '撤销',
  removed: '移出名单',
  publicity_overruled: '不公示依据被省局纠正',
  repaired: '信用修复（终止公示、停止共享）',
};
/** One trace of a change to a record (Art. 16); `details` holds e.g. `{ from, to }` of a level annotation. */
export const RecordEventSchema = z.object({
  id: z.number().int(),
  recordId: z.number().int(),
  kind: z.enum(RECORD_EVENT_KINDS),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  accountName: z.string().nullable(),
  createdAt: z.string(),
});
export type RecordEventDto = z.infer<typeof RecordEventSchema>;
/** A record with every version of its chain (oldest first) and the traces of its changes (Art. 16). */
export const RecordDetailSchema = z.object({
  record: RecordSchema,
  versions: z.array(RecordSchema),
  events: z.array(RecordEventSchema),
});
export type RecordDetailDto = z.infer<typeof RecordDetailSchema>;

/** The single-record form (Art. 13): one record, validated like any other channel; manual entry refuses pilot codes. */
export const CreateRecordBodySchema = z.object({ record: RecordInputSchema });
export type CreateRecordBody = z.infer<typeof CreateRecordBodySchema>;

const reasonSchema = z
  .string()
  .trim()
  .min(2, { error: '请填写原因（至少 2 个字）' })
  .max(500, { error: '原因不能超过 500 字' });
/**
 * A correction (Art. 16): a new version with reason; item and credit code stay those of the record. `fields` is the
 * whole new content; a personal field (身份证号码, 手机号码) left out or sent back masked as shown keeps its stored value.
 */
export const CorrectRecordBodySchema = z.object({
  reason: reasonSchema,
  record: RecordInputSchema.pick({
    entityName: true,
    dishonestyLevel: true,
    useScope: true,
    withholdingGround: true,
    fields: true,
  }),
});
export type CorrectRecordBody = z.infer<typeof CorrectRecordBodySchema>;
export const RevokeRecordBodySchema = z.object({ reason: reasonSchema });
export type RevokeRecordBody = z.infer<typeof RevokeRecordBodySchema>;
const removalText = (max: number) => z.string().max(max, { error: `不能超过 ${max} 个字符` });
/** 移出 (SPEC §3) in the console: the listing is the record of the route; the domain checks the values in Chinese. */
export const RemoveListingBodySchema = z.object({
  removedOn: removalText(20).describe('移出日期 YYYY-MM-DD，不早于列入日期、不晚于当天'),
  reason: removalText(1000).describe('移出原因'),
  authority: removalText(200).describe('作出移出决定机关'),
});
export type RemoveListingBody = z.infer<typeof RemoveListingBodySchema>;

/** 移出 through the exchange API: the listing is named by item, credit code and 列入决定书文号. */
export const RemovalInputSchema = RemoveListingBodySchema.extend({
  itemCode: z.string().min(1).max(48).meta({ description: '名单信息项代码：abnormal_list 或 serious_illegal_list' }),
  creditCode: z.string().max(40).meta({ description: '统一社会信用代码' }),
  decisionNumber: z.string().max(128).meta({ description: '列入决定书文号（列入时传送的 decisionNumber）' }),
});
export type RemovalInputBody = z.infer<typeof RemovalInputSchema>;
export const SubmitRemovalsBodySchema = z.object({
  removals: z
    .array(RemovalInputSchema)
    .min(1, { error: '至少包含 1 条移出信息' })
    .max(1000, { error: '每批最多 1,000 条移出信息' }),
});
export const RemovalResultSchema = z.object({
  index: z.number().int(),
  status: z.enum(['accepted', 'rejected']),
  /** The listing record that was removed. */
  recordId: z.number().int().optional(),
  errors: z.array(RecordFieldErrorSchema).optional(),
});
export type RemovalResultDto = z.infer<typeof RemovalResultSchema>;
export const SubmitRemovalsResponseSchema = z.object({
  batchId: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(RemovalResultSchema),
});
export type SubmitRemovalsResponse = z.infer<typeof SubmitRemovalsResponseSchema>;

/** 失信等级标注 (Art. 22(七)). */
export const AnnotateRecordBodySchema = z.object({ level: z.enum(DISHONESTY_LEVELS), reason: reasonSchema });
export type AnnotateRecordBody = z.infer<typeof AnnotateRecordBodySchema>;

export const MatchingQueueQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(RECORDS_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type MatchingQueueQuery = z.infer<typeof MatchingQueueQuerySchema>;
/** 待匹配队列 (Art. 29): the caller's agency's records whose credit code names no entity yet. */
export const MatchingQueueSchema = z.object({
  items: z.array(
    z.object({
      recordId: z.number().int(),
      creditCode: z.string(),
      entityName: z.string(),
      item: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
      receivedAt: z.string(),
      /** Whole days since the record was received. */
      daysWaiting: z.number().int(),
    }),
  ),
  total: z.number().int(),
});
export type MatchingQueueDto = z.infer<typeof MatchingQueueSchema>;

export const EXCHANGE_CHANNELS = [
  'api',
  'upload',
  'form',
  'correction',
  'revocation',
  'annotation',
  'download',
  'pull',
  'removal',
  'check',
  'sync',
] as const;
export type ExchangeChannel = (typeof EXCHANGE_CHANNELS)[number];
export const EXCHANGE_CHANNEL_LABELS: Record<ExchangeChannel, string> = {
  api: '接口推送',
  upload: '文件上传',
  form: '在线填报',
  correction: '更正',
  revocation: '撤销',
  annotation: '失信等级标注',
  download: '下载',
  pull: '接口拉取',
  removal: '移出名单',
  check: '接口信用核查',
  sync: '同步推送',
};
export const ExchangeLogQuerySchema = z.object({
  channel: z.enum(EXCHANGE_CHANNELS).optional().describe('交换方式'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(RECORDS_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type ExchangeLogQuery = z.infer<typeof ExchangeLogQuerySchema>;
/** 交换日志 (Art. 14): every push, upload, form entry, correction, revocation, annotation, download and pull. */
export const ExchangeLogSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      channel: z.enum(EXCHANGE_CHANNELS),
      itemName: z.string().nullable(),
      /** The account's display name, or the API client's name for pushes and pulls. */
      actor: z.string().nullable(),
      received: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      createdAt: z.string(),
    }),
  ),
  total: z.number().int(),
});
export type ExchangeLogDto = z.infer<typeof ExchangeLogSchema>;

const timelinessPeriod = {
  from: dateQuery.optional().describe('接收日期起（含）'),
  to: dateQuery.optional().describe('接收日期止（含）'),
};
/** A period that ends before it starts is refused, naming the end date (接收日期止). */
const periodInOrder = <Query extends { from?: string | undefined; to?: string | undefined }>(query: Query) =>
  !query.from || !query.to || query.from <= query.to;
const PERIOD_ORDER_ERROR = { error: '接收日期止不能早于接收日期起', path: ['to'] };
export const TimelinessQuerySchema = z.object(timelinessPeriod).refine(periodInOrder, PERIOD_ORDER_ERROR);
export type TimelinessQuery = z.infer<typeof TimelinessQuerySchema>;
/** How the agencies' ranking (考核排名, Art. 27) is ordered: by timeliness rate or by volume, highest first. */
export const ACCOUNTABILITY_SORTS = ['rate', 'volume'] as const;
export type AccountabilitySort = (typeof ACCOUNTABILITY_SORTS)[number];
export const AgencyTimelinessQuerySchema = z
  .object({
    ...timelinessPeriod,
    sort: z
      .enum(ACCOUNTABILITY_SORTS, { error: '排序方式应为 rate（及时率）或 volume（报送量）' })
      .default('rate')
      .describe('排名依据：rate 及时率（缺省）或 volume 报送量，从高到低；未报送的单位排在最后'),
  })
  .refine(periodInOrder, PERIOD_ORDER_ERROR);
export type AgencyTimelinessQuery = z.infer<typeof AgencyTimelinessQuerySchema>;
/** Timeliness figures (Art. 12) over first versions received in the period. */
export const TimelinessFiguresSchema = z.object({
  volume: z.number().int(),
  late: z.number().int(),
  /** On-time / volume as a percentage with one decimal; null when nothing was received. */
  rate: z.number().nullable(),
  /** Average working days late of the late records, one decimal; null when none was late. */
  averageDaysLate: z.number().nullable(),
});
export type TimelinessFigures = z.infer<typeof TimelinessFiguresSchema>;
export const TimelinessSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  total: TimelinessFiguresSchema,
  byItem: z.array(
    TimelinessFiguresSchema.extend({ item: z.object({ id: z.number().int(), code: z.string(), name: z.string() }) }),
  ),
  /** Month of receipt, `YYYY-MM`. */
  byMonth: z.array(TimelinessFiguresSchema.extend({ month: z.string() })),
});
export type TimelinessDto = z.infer<typeof TimelinessSchema>;
export const AgencyTimelinessListSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  sort: z.enum(ACCOUNTABILITY_SORTS),
  /** Every agency in the caller's jurisdiction, ranked; those that sent nothing in the period too (`reported` false). */
  items: z.array(
    TimelinessFiguresSchema.extend({
      agency: z.object({ id: z.number().int(), name: z.string() }),
      /** The place in the ranking, from 1. */
      rank: z.number().int(),
      /** False: no record first received in the period (未报送). */
      reported: z.boolean(),
      /** 更正: corrections made in the period (Art. 16). */
      corrections: z.number().int(),
      /** 撤销: revocations made in the period. */
      revocations: z.number().int(),
      /** Records refused at validation in the period (the rejected rows of pushes, uploads and form entries). */
      refused: z.number().int(),
      /** Exchange API requests refused or failed in the period (the audit rows of exchange.request-refused/-failed). */
      apiErrors: z.number().int(),
      /** 异议 (Rules Art. 16; issue 21) to the agency's records filed in the period. */
      objections: z.object({
        received: z.number().int(),
        /** Of those received, decided (upheld, corrected or revoked). */
        decided: z.number().int(),
        /** Working days from filing to decision of those decided, one decimal; null when none was decided. */
        averageWorkingDays: z.number().nullable(),
        /** Of those received, still pending past the (extended) due date or decided after it. */
        overdue: z.number().int(),
      }),
      /** 信用修复 applications for the agency's records submitted in the period (谁认定、谁修复). */
      repairs: z.object({
        received: z.number().int(),
        /** Of those received, approved or refused by the agency. */
        decided: z.number().int(),
        /** Of those received, the agency's decision still pending past its due date, or given after it. */
        overdue: z.number().int(),
      }),
    }),
  ),
});
export type AgencyTimelinessListDto = z.infer<typeof AgencyTimelinessListSchema>;
/** The monthly 报送情况通报 (Art. 27) drafted from the figures of one month, a month that has begun. */
export const DraftTimelinessNoticeBodySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' })
    .refine((month) => month <= new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7), {
      error: '不能为尚未开始的月份起草通报',
    })
    .describe('通报的月份，YYYY-MM'),
});
export type DraftTimelinessNoticeBody = z.infer<typeof DraftTimelinessNoticeBodySchema>;
