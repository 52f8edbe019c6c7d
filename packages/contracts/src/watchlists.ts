import { DISHONESTY_LEVELS, ENTITY_KINDS } from '@gzcredit/domain';
import { z } from 'zod';

/** 监管名单 supervision watch-lists (Rules Art. 17 第二款). */
export const WATCHLIST_MAX_ENTITIES = 2000;
export const WATCHLIST_MAX_RULES = 50;

/** What an alert reports about a watched entity. */
export const WATCHLIST_ALERT_KINDS = ['bad_record', 'level_changed', 'listed', 'removed'] as const;
export type WatchlistAlertKind = (typeof WATCHLIST_ALERT_KINDS)[number];
export const WATCHLIST_ALERT_KIND_LABELS: Record<WatchlistAlertKind, string> = {
  bad_record: '新增不良信息',
  level_changed: '失信等级变化',
  listed: '列入名单',
  removed: '移出名单',
};

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `不能超过 ${max} 个字符` })
    .nullish()
    .transform((value) => (value ? value : null));

export const WatchlistEntitySchema = z.object({
  creditCode: z.string().trim().toUpperCase().min(1, { error: '请填写统一社会信用代码' }).max(18, {
    error: '统一社会信用代码应为 18 位',
  }),
  note: optionalText(100),
});

/** A rule matches an entity when every condition it sets holds; at least one is set. */
export const WatchlistRuleSchema = z.object({
  regionCode: z
    .string()
    .regex(/^52\d{4}$/, { error: '应为贵州省的 6 位行政区划代码' })
    .nullish()
    .transform((value) => value ?? null)
    .describe('行政区划（含下级）'),
  industryCode: z
    .string()
    .regex(/^[A-T](\d{2})?$/, { error: '应为国民经济行业门类（如 C）或门类加大类（如 C13）' })
    .nullish()
    .transform((value) => value ?? null)
    .describe('行业（GB/T 4754-2017 门类或大类）'),
  entityKind: z
    .enum(ENTITY_KINDS)
    .nullish()
    .transform((value) => value ?? null)
    .describe('主体类型'),
  itemCode: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .nullish()
    .transform((value) => value ?? null)
    .describe('征集目录信息项代码'),
});

export const WatchlistBodySchema = z.object({
  name: z.string().trim().min(2, { error: '名单名称至少 2 个字符' }).max(50, { error: '名单名称不能超过 50 个字符' }),
  description: optionalText(500),
  entities: z
    .array(WatchlistEntitySchema)
    .max(WATCHLIST_MAX_ENTITIES, { error: `一个名单最多 ${WATCHLIST_MAX_ENTITIES} 个主体` })
    .default([]),
  rules: z
    .array(WatchlistRuleSchema)
    .max(WATCHLIST_MAX_RULES, { error: `一个名单最多 ${WATCHLIST_MAX_RULES} 条规则` })
    .default([]),
});
export type WatchlistBody = z.infer<typeof WatchlistBodySchema>;

export const WatchlistSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  entityCount: z.number().int(),
  ruleCount: z.number().int(),
  unreadAlerts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const WatchlistListSchema = z.object({ items: z.array(WatchlistSummarySchema) });

export const WatchlistSchema = WatchlistSummarySchema.extend({
  entities: z.array(
    z.object({ creditCode: z.string(), note: z.string().nullable(), entityName: z.string().nullable() }),
  ),
  rules: z.array(
    z.object({
      regionCode: z.string().nullable(),
      industryCode: z.string().nullable(),
      entityKind: z.enum(ENTITY_KINDS).nullable(),
      itemCode: z.string().nullable(),
    }),
  ),
});
export type WatchlistDto = z.infer<typeof WatchlistSchema>;

export const WatchlistAlertsQuerySchema = z.object({
  kind: z.enum(WATCHLIST_ALERT_KINDS).optional().describe('预警类型'),
  watchlistId: z.coerce.number().int().positive().optional().describe('监管名单'),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('只看未读'),
  creditCode: z.string().trim().toUpperCase().max(18).optional().describe('统一社会信用代码'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type WatchlistAlertsQuery = z.infer<typeof WatchlistAlertsQuerySchema>;

export const WatchlistAlertSchema = z.object({
  id: z.number().int(),
  kind: z.enum(WATCHLIST_ALERT_KINDS),
  watchlist: z.object({ id: z.number().int(), name: z.string() }),
  recordId: z.number().int(),
  creditCode: z.string(),
  entityName: z.string(),
  item: z.object({ code: z.string(), name: z.string() }),
  provider: z.string().describe('报送单位'),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  previousLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  aroseOn: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type WatchlistAlertDto = z.infer<typeof WatchlistAlertSchema>;
export const WatchlistAlertListSchema = z.object({
  items: z.array(WatchlistAlertSchema),
  total: z.number().int(),
  unread: z.number().int(),
});

export const WatchlistAlertsReadSchema = z.object({ marked: z.number().int() });

export const WatchlistDigestSchema = z.object({
  id: z.number().int(),
  digestDate: z.string(),
  alertCount: z.number().int(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
  mailedTo: z.string().nullable(),
  mailedAt: z.string().nullable(),
});
export const WatchlistDigestListSchema = z.object({ items: z.array(WatchlistDigestSchema) });

/** The agency's digest mailbox (accounts carry no mail address). */
export const WatchlistSettingsSchema = z.object({
  digestAddress: z.string().nullable(),
  /** Whether the platform is configured to send mail (SMTP_URL). */
  mailConfigured: z.boolean(),
});
export const WatchlistSettingsBodySchema = z.object({
  digestAddress: z
    .email({ error: '应为有效的电子邮箱地址，如 jgk@example.gov.cn' })
    .max(200)
    .nullish()
    .transform((value) => value ?? null),
});
