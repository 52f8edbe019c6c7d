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

export const PullRecordsQuerySchema = z.object({
  since: z.coerce
    .number()
    .int({ error: 'since 应为整数' })
    .min(0, { error: 'since 不能为负数' })
    .default(0)
    .meta({ description: '上次返回的 nextSince（信息 ID 游标），首次为 0' }),
  limit: z.coerce
    .number()
    .int({ error: 'limit 应为整数' })
    .min(1, { error: 'limit 至少为 1' })
    .max(1000, { error: 'limit 最大为 1000' })
    .default(500)
    .meta({ description: '每次最多返回的条数，1–1000，缺省 500' }),
});

export const PullRecordsResponseSchema = z.object({
  items: z.array(RecordSchema),
  /** Pass it as `since` next time; equal to the request's `since` when nothing new came. */
  nextSince: z.number().int(),
  hasMore: z.boolean(),
});
export type PullRecordsResponse = z.infer<typeof PullRecordsResponseSchema>;
