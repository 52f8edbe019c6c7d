import { z } from 'zod';

export const COLUMN_STATUSES = ['requested', 'approved', 'rejected', 'closed'] as const;
export const COLUMN_STATUS_LABELS: Record<(typeof COLUMN_STATUSES)[number], string> = {
  requested: '待审批',
  approved: '已开设',
  rejected: '未批准',
  closed: '已关闭',
};
export const ARTICLE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export const ARTICLE_STATUS_LABELS: Record<(typeof ARTICLE_STATUSES)[number], string> = {
  draft: '草稿',
  published: '已发布',
  withdrawn: '已撤回',
};

export const ColumnSchema = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['standard', 'special']),
  purpose: z.string().nullable(),
  ownerAgency: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  status: z.enum(COLUMN_STATUSES),
  sortOrder: z.number().int(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type ColumnDto = z.infer<typeof ColumnSchema>;
export const ColumnListSchema = z.object({ items: z.array(ColumnSchema) });

export const RequestColumnBodySchema = z.object({
  name: z.string().trim().min(2, { error: '专栏名称至少 2 个字' }).max(40, { error: '专栏名称不能超过 40 个字' }),
  purpose: z.string().trim().min(4, { error: '请说明开设专栏的用途' }).max(500),
});
export const DecideColumnBodySchema = z.object({
  decision: z.enum(['approve', 'reject']),
  /** The operator may adjust the name and the position when approving (Art. 18: 根据实际情况进行调整). */
  name: z.string().trim().min(2).max(40).optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  note: z.string().trim().max(500).optional(),
});

export const FileSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  url: z.string().describe('下载地址'),
});
export type FileDto = z.infer<typeof FileSchema>;

export const ArticleSummarySchema = z.object({
  id: z.number().int(),
  column: z.object({ id: z.number().int(), name: z.string() }),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  title: z.string(),
  source: z.string().nullable(),
  publishDate: z.string().nullable(),
  status: z.enum(ARTICLE_STATUSES),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});
export type ArticleSummaryDto = z.infer<typeof ArticleSummarySchema>;
export const ArticleSchema = ArticleSummarySchema.extend({
  bodyHtml: z.string().describe('已按白名单清洗的正文 HTML'),
  attachments: z.array(FileSchema),
});
export type ArticleDto = z.infer<typeof ArticleSchema>;
export const ArticleListSchema = z.object({ items: z.array(ArticleSummarySchema), total: z.number().int() });

export const SaveArticleBodySchema = z.object({
  columnId: z.number().int().positive({ error: '请选择栏目' }),
  title: z.string().trim().min(2, { error: '标题至少 2 个字' }).max(200, { error: '标题不能超过 200 个字' }),
  bodyHtml: z.string().max(500_000, { error: '正文过长' }),
  source: z.string().trim().max(100).nullable().optional(),
  publishDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '发布日期格式应为 YYYY-MM-DD' })
    .nullable()
    .optional(),
  attachmentIds: z.array(z.number().int().positive()).max(20, { error: '附件不能超过 20 个' }).default([]),
});
export type SaveArticleBody = z.infer<typeof SaveArticleBodySchema>;
export const WithdrawArticleBodySchema = z.object({
  reason: z.string().trim().min(2, { error: '请填写撤回理由' }).max(500),
});
export const ConsoleArticlesQuerySchema = z.object({
  status: z.enum(ARTICLE_STATUSES).optional(),
  columnId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const PublicArticlesQuerySchema = z.object({
  column: z.string().max(40).optional().describe('栏目代码（laws、policies、news、notices）或专栏编号'),
  q: z.string().trim().max(50).optional().describe('按标题查询'),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
