import { FIELD_TYPES, RECORD_CATEGORIES, USE_SCOPES } from '@gzcredit/domain';
import { z } from 'zod';
import { RecordSchema } from './records';

/**
 * 部门信用信息系统接入 (Rules Art. 8, 13(一)): each agency's systems push and pull through signed requests with a key
 * the agency creates in the console (docs/exchange-api.md).
 */

/** The request headers of a signed exchange request. */
export const EXCHANGE_HEADERS = {
  keyId: 'x-gz-key-id',
  timestamp: 'x-gz-timestamp',
  nonce: 'x-gz-nonce',
  signatureMethod: 'x-gz-signature-method',
  signature: 'x-gz-signature',
  idempotencyKey: 'idempotency-key',
} as const;

export const SIGNATURE_METHODS = ['HMAC-SM3', 'HMAC-SHA256'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];
/** A request whose timestamp is further than this from the platform's clock is refused (replay window). */
export const SIGNATURE_MAX_SKEW_SECONDS = 300;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** 1–100 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,100}$/;

export const ApiClientSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  keyId: z.string(),
  createdAt: z.string(),
  /** Display name of the account that created the key. */
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiClientDto = z.infer<typeof ApiClientSchema>;

export const ApiClientListSchema = z.object({ items: z.array(ApiClientSchema) });

export const CreateApiClientBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, { error: '请填写接入系统名称（至少 2 个字符）' })
    .max(100, { error: '接入系统名称不能超过 100 个字符' }),
});
export type CreateApiClientBody = z.infer<typeof CreateApiClientBodySchema>;

/** The answer to creating a key: the secret appears here once and never again. */
export const CreatedApiClientSchema = z.object({
  client: ApiClientSchema,
  secret: z.string().meta({ description: '签名密钥，仅在创建时显示一次，请立即妥善保存' }),
});
export type CreatedApiClientDto = z.infer<typeof CreatedApiClientSchema>;

/** The change feed's position: opaque to clients (the platform reads it back as transaction and change ids). */
export const FEED_CURSOR_PATTERN = /^c(\d{1,20})\.(\d{1,20})$/;

export const PullRecordsQuerySchema = z.object({
  since: z
    .string()
    .regex(/^(\d{1,15}|c\d{1,20}\.\d{1,20})$/, { error: 'since 应为上次应答中的 cursor，或旧的数字游标（信息 ID）' })
    .optional()
    .meta({
      description:
        '上次应答中的 cursor（变化流游标，原样传回）；首次拉取不带 since。旧的数字游标（上次的 nextSince，信息 ID）仍按原方式返回 items，不含更正、撤销等变化',
    }),
  limit: z.coerce
    .number()
    .int({ error: 'limit 应为整数' })
    .min(1, { error: 'limit 至少为 1' })
    .max(1000, { error: 'limit 最大为 1000' })
    .default(500)
    .meta({ description: '每次最多返回的条数（变化或信息），1–1000，缺省 500' }),
});

/** Kinds after which the consumer holds the record (`items` has it) and kinds after which it deletes its copy. */
export const RECORD_CHANGE_UPSERTS = ['created', 'corrected', 'updated'] as const;
export const RECORD_CHANGE_TOMBSTONES = [
  'superseded',
  'revoked',
  'expired',
  'removed',
  'repaired',
  'withdrawn',
] as const;
export const RECORD_CHANGE_KINDS = [...RECORD_CHANGE_UPSERTS, ...RECORD_CHANGE_TOMBSTONES] as const;
export type RecordChangeKind = (typeof RECORD_CHANGE_KINDS)[number];

export const RecordChangeSchema = z.object({
  kind: z.enum(RECORD_CHANGE_KINDS).meta({
    description:
      'created 新信息；corrected 更正后的新版本（rootId 为首个版本，旧版本另有 superseded）；updated 信息本身有变化（如失信等级标注、归集到主体）——以上三种把 items 中同 ID 的信息写入镜像；superseded 被更正的旧版本、revoked 撤销、expired 公示期满、removed 移出名单、repaired 信用修复（终止公示、停止共享）、withdrawn 提供单位或省局收窄交换设定后不再向本单位提供（不附信息内容）——以上六种从镜像中删除该 ID（镜像中没有该 ID 时忽略）；交换设定放宽或仍可见时，受影响的信息以 updated 重新提供（数据项按新设定）',
  }),
  recordId: z.number().int(),
  /** The first version's id: the record chain a correction belongs to (Art. 16). */
  rootId: z.number().int(),
  changedAt: z.string(),
});
export type RecordChangeDto = z.infer<typeof RecordChangeSchema>;

export const PullRecordsResponseSchema = z.object({
  /** The current content of the records the changes keep (legacy cursor: the records after it, in id order). */
  items: z.array(RecordSchema),
  /** The legacy record-id cursor: the largest id in `items` (or the request's). */
  nextSince: z.number().int(),
  hasMore: z.boolean(),
  /** In commit order; empty for a legacy numeric `since`. */
  changes: z.array(RecordChangeSchema),
  /** Pass it as `since` next time (for a legacy numeric `since`: the start of the change feed). */
  cursor: z.string(),
});
export type PullRecordsResponse = z.infer<typeof PullRecordsResponseSchema>;

/** One data item of a catalogue item, as an integrator needs it to fill `fields` (the field dictionary). */
export const FieldDictionaryEntrySchema = z.object({
  key: z.string().meta({ description: 'fields 中的键' }),
  label: z.string().meta({ description: '数据项名称（模板表头）' }),
  type: z.enum(FIELD_TYPES),
  typeLabel: z.string().meta({ description: '类型名称，如 日期、金额、字典值' }),
  format: z.string().meta({ description: '取值格式，如 YYYY-MM-DD' }),
  required: z.boolean(),
  maxLength: z.number().int().optional().meta({ description: '文本类数据项的最大字符数' }),
  pattern: z.string().optional().meta({ description: '须整体匹配的正则表达式' }),
  patternHint: z.string().optional(),
  values: z.array(z.string()).optional().meta({ description: '字典值（type 为 enum 时取其一）' }),
  unit: z.string().optional().meta({ description: '计量单位，如 万元（取值只写数字）' }),
  allowFuture: z.boolean().meta({ description: '日期可否晚于当天（如有效期至）' }),
  note: z.string().optional(),
});
export type FieldDictionaryEntryDto = z.infer<typeof FieldDictionaryEntrySchema>;

export const ExchangeCatalogueItemSchema = z.object({
  code: z.string().meta({ description: '信息项代码（itemCode）' }),
  name: z.string(),
  category: z.enum(RECORD_CATEGORIES),
  requiresLevel: z.boolean().meta({ description: '须标注失信等级（dishonestyLevel）' }),
  defaultUseScope: z.enum(USE_SCOPES).meta({ description: '不填 useScope 时的使用范围' }),
  mandatoryPublicity: z.boolean().meta({ description: '依法必须公示：不公示时须填写 withholdingGround' }),
  listing: z.boolean().meta({ description: '名单信息项（经营异常名录、严重违法失信名单），可经 /removals 移出' }),
  fields: z.array(FieldDictionaryEntrySchema),
});

/** GET /api/exchange/v1/catalogue: the current catalogue edition's items with their field dictionary. */
export const ExchangeCatalogueSchema = z.object({
  edition: z.object({ code: z.string(), name: z.string(), publishedOn: z.string() }),
  items: z.array(ExchangeCatalogueItemSchema),
});
export type ExchangeCatalogueDto = z.infer<typeof ExchangeCatalogueSchema>;
