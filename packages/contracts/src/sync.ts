import { USE_SCOPES } from '@gzcredit/domain';
import { z } from 'zod';

/** How a delivery's body carries its events: one JSON object with an `events` array, or one event per line. */
export const SYNC_PAYLOAD_FORMATS = ['json', 'ndjson'] as const;
export const SYNC_PAYLOAD_FORMAT_LABELS: Record<(typeof SYNC_PAYLOAD_FORMATS)[number], string> = {
  json: 'JSON（events 数组）',
  ndjson: 'NDJSON（每行一个事件）',
};

export const SYNC_EVENT_KINDS = [
  'record.published',
  'record.corrected',
  'record.updated',
  'record.superseded',
  'record.revoked',
  'record.ended',
  'record.removed',
  'record.repaired',
  'entity.registered',
  'entity.updated',
] as const;
export const SYNC_EVENT_KIND_LABELS: Record<(typeof SYNC_EVENT_KINDS)[number], string> = {
  'record.published': '信息公示',
  'record.corrected': '信息更正（新版本）',
  'record.updated': '信息变更',
  'record.superseded': '信息被更正（旧版本）',
  'record.revoked': '信息撤销',
  'record.ended': '公示期满',
  'record.removed': '移出名单',
  'record.repaired': '信用修复',
  'entity.registered': '主体登记',
  'entity.updated': '主体登记信息变更',
};

export const SyncDeliveryCountsSchema = z.object({
  waiting: z.number().int().describe('排在同一主体更早事件之后的待推送数'),
  pending: z.number().int().describe('可推送（含重试等待中）'),
  delivered: z.number().int(),
  dead: z.number().int().describe('死信：重试次数用尽，等待运营人员重试'),
});

export const SyncDestinationSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  endpoint: z.string().nullable(),
  keyId: z.string().nullable(),
  /** The secret itself never leaves the server. */
  secretSet: z.boolean().describe('是否已设置签名密钥（密钥本身不返回）'),
  itemCodes: z.array(z.string()).nullable().describe('推送的信息项代码；null 为全部信息项'),
  useScopes: z.array(z.enum(USE_SCOPES)),
  format: z.enum(SYNC_PAYLOAD_FORMATS),
  enabled: z.boolean(),
  maxAttempts: z.number().int(),
  ratePerSecond: z.number().int(),
  updatedAt: z.string(),
  counts: SyncDeliveryCountsSchema,
  lastDeliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type SyncDestinationDto = z.infer<typeof SyncDestinationSchema>;
export const SyncDestinationListSchema = z.object({ items: z.array(SyncDestinationSchema) });

export const UpdateSyncDestinationBodySchema = z.object({
  name: z.string().trim().min(2, { error: '名称为 2–100 个字' }).max(100, { error: '名称为 2–100 个字' }),
  endpoint: z
    .url({ protocol: /^https?$/, error: '推送地址须为 http 或 https 网址' })
    .max(500, { error: '推送地址过长' })
    .nullable(),
  keyId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,64}$/, { error: '凭证 ID 为 3–64 位字母、数字、下划线、点或连字符' })
    .nullable(),
  /** Absent: the stored secret stays. */
  secret: z.string().min(16, { error: '签名密钥至少 16 位' }).max(256, { error: '签名密钥过长' }).optional(),
  itemCodes: z.array(z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, { error: '信息项代码格式不正确' })).nullable(),
  useScopes: z.array(z.enum(USE_SCOPES)).min(1, { error: '至少选择一个使用范围' }),
  format: z.enum(SYNC_PAYLOAD_FORMATS),
  enabled: z.boolean(),
  maxAttempts: z.number().int().min(1, { error: '最多尝试次数为 1–100' }).max(100, { error: '最多尝试次数为 1–100' }),
  ratePerSecond: z
    .number()
    .int()
    .min(1, { error: '每秒推送上限为 1–10000' })
    .max(10000, { error: '每秒推送上限为 1–10000' }),
});
export type UpdateSyncDestinationBody = z.infer<typeof UpdateSyncDestinationBodySchema>;

export const SyncDeadLettersQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type SyncDeadLettersQuery = z.infer<typeof SyncDeadLettersQuerySchema>;

export const SyncDeadLetterSchema = z.object({
  id: z.number().int(),
  eventId: z.string().describe('事件 ID（接收方据此去重）'),
  entityCode: z.string(),
  entitySeq: z.number().int(),
  kind: z.enum(SYNC_EVENT_KINDS),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  deadAt: z.string(),
  behind: z.number().int().describe('同一主体排在其后、等待它送达的事件数'),
});
export type SyncDeadLetterDto = z.infer<typeof SyncDeadLetterSchema>;
export const SyncDeadLetterListSchema = z.object({ items: z.array(SyncDeadLetterSchema), total: z.number().int() });
export type SyncDeadLetterListDto = z.infer<typeof SyncDeadLetterListSchema>;

export const RetrySyncDeadLettersBodySchema = z.object({
  /** Absent: every dead letter of the destination. */
  ids: z.array(z.number().int().positive()).max(1000).optional(),
});
export const RetrySyncDeadLettersResultSchema = z.object({ retried: z.number().int() });
export type RetrySyncDeadLettersResult = z.infer<typeof RetrySyncDeadLettersResultSchema>;
