import { DISHONESTY_LEVELS, RECORD_CATEGORIES, USE_SCOPES } from '@gzcredit/domain';
import { z } from 'zod';

/** One record as the exchange API, the form and a correction send it; the catalogue item's schema checks `fields`. */
export const RecordInputSchema = z.object({
  itemCode: z.string().min(1).max(48).meta({ description: '征集目录信息项代码，如 penalty' }),
  creditCode: z.string().max(40).meta({ description: '统一社会信用代码' }),
  entityName: z.string().max(200).meta({ description: '主体名称' }),
  dishonestyLevel: z
    .string()
    .max(10)
    .optional()
    .meta({ description: '失信等级：general/serious/severe 或 一般失信/较重失信/严重失信；不良信息必填' }),
  useScope: z
    .string()
    .max(10)
    .optional()
    .meta({ description: '使用范围：public/shared/authorised/internal，缺省取目录默认值' }),
  fields: z
    .record(z.string(), z.union([z.string().max(10_000), z.number(), z.null()]))
    .meta({ description: '信息项数据项，键为目录中的数据项标识' }),
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
    .max(1000, { error: '每批最多 1000 条信息' }),
});
export const SubmitRecordsResponseSchema = z.object({
  batchId: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(RecordResultSchema),
});
export type SubmitRecordsResponse = z.infer<typeof SubmitRecordsResponseSchema>;

export const RECORD_STATUSES = ['active', 'corrected', 'revoked', 'expired'] as const;
export const RECORD_STATUS_LABELS: Record<(typeof RECORD_STATUSES)[number], string> = {
  active: '有效',
  corrected: '已更正（历史版本）',
  revoked: '已撤销',
  expired: '已过公示期',
};
export const RECORD_CHANNELS = ['api', 'upload', 'form', 'correction'] as const;
export const RECORD_CHANNEL_LABELS: Record<(typeof RECORD_CHANNELS)[number], string> = {
  api: '接口推送',
  upload: '文件上传',
  form: '在线填报',
  correction: '更正',
};

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
  }),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  creditCode: z.string(),
  entityName: z.string(),
  matched: z.boolean(),
  payload: z.record(z.string(), z.string()),
  aroseOn: z.string(),
  receivedAt: z.string(),
  dueOn: z.string(),
  dueProvisional: z.boolean(),
  daysLate: z.number().int(),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  useScope: z.enum(USE_SCOPES),
  publicityUntil: z.string().nullable(),
  status: z.enum(RECORD_STATUSES),
  contentHash: z.string(),
  channel: z.enum(RECORD_CHANNELS),
  batchId: z.number().int(),
  flaggedForReview: z.boolean(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export type RecordDto = z.infer<typeof RecordSchema>;
