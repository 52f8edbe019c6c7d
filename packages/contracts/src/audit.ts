import { z } from 'zod';

export const AUDIT_RESULTS = ['success', 'failure', 'denied'] as const;
export const AUDIT_MAX_PAGE_SIZE = 100;

/** 审计查询 filters of the audit viewer (audit.admin); newest rows first. */
export const ListAuditQuerySchema = z.object({
  from: z.iso
    .datetime({ offset: true, error: '应为带时区的时间，如 2026-12-01T08:00:00+08:00' })
    .optional()
    .describe('起始时间（含）'),
  to: z.iso
    .datetime({ offset: true, error: '应为带时区的时间，如 2026-12-01T18:00:00+08:00' })
    .optional()
    .describe('截止时间（不含）'),
  username: z.string().trim().toLowerCase().min(1).max(64).optional().describe('用户名（精确匹配）'),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('操作，如 account.created；以“.”结尾时按前缀匹配，如 account.'),
  result: z.enum(AUDIT_RESULTS).optional().describe('结果：成功、失败、拒绝'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuerySchema>;

export const AuditRowSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string().describe('发生时间（ISO 8601，UTC）'),
  username: z.string().nullable(),
  agencyId: z.number().int().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditRowDto = z.infer<typeof AuditRowSchema>;

export const ListAuditResponseSchema = z.object({
  items: z.array(AuditRowSchema),
  total: z.number().int(),
});
export type ListAuditResponse = z.infer<typeof ListAuditResponseSchema>;

/** The result of walking the SM3 hash chain: the first broken row, if any (Rules Art. 14, 25). */
export const AuditVerificationSchema = z.object({
  intact: z.boolean(),
  checked: z.number().int().describe('已核验的行数（断点之前）'),
  brokenRowId: z
    .number()
    .int()
    .optional()
    .describe('第一处断链的审计记录编号；rows-missing 时为缺失记录之前的最后一行（0 表示全部缺失）'),
  problem: z
    .enum(['broken-link', 'altered-row', 'rows-missing', 'witness-mismatch'])
    .optional()
    .describe(
      'broken-link：与前一行的链接断裂（前一行被删除或篡改）；altered-row：本行内容被篡改；' +
        'rows-missing：链头见证记录之后的链尾记录缺失；witness-mismatch：与链头见证记录不符（哈希链被重建）',
    ),
  reason: z.string().optional(),
});
export type AuditVerificationDto = z.infer<typeof AuditVerificationSchema>;

/** Verification takes no input; an empty object keeps the request a JSON POST (CSRF header required). */
export const VerifyAuditBodySchema = z.object({}).strict();
