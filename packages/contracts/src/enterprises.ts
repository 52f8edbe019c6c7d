import { DISHONESTY_LEVELS, ENTITY_BADGES, ENTITY_KINDS, ENTITY_STATUSES } from '@gzcredit/domain';
import { z } from 'zod';
import { SEARCH_MAX_PAGE_SIZE, SEARCH_RESULT_CAP } from './limits';
import { RECORD_DATE_LABELS } from './records';

export const CreditCodeParamsSchema = z.object({
  creditCode: z.string().describe('统一社会信用代码（18 位）'),
});

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const SearchEnterprisesQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100, { error: '查询关键词不能超过 100 个字符' })
    .describe('企业名称片段（至少 2 个字）或统一社会信用代码'),
  region: z
    .string()
    .regex(/^\d{6}$/, { error: '地区代码应为 6 位数字' })
    .optional()
    .describe('行政区划代码（市州或区县）'),
  industry: z
    .string()
    .regex(/^[A-T](\d{2})?$/, { error: '行业代码应为门类字母或门类加两位大类代码' })
    .optional()
    .describe('国民经济行业分类（门类或大类）'),
  kind: z.enum(ENTITY_KINDS).optional().describe('主体类型'),
  status: z.enum(ENTITY_STATUSES).optional().describe('登记状态'),
  dishonest: booleanQuery.optional().describe('仅看有失信记录的主体'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(SEARCH_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type SearchEnterprisesQuery = z.infer<typeof SearchEnterprisesQuerySchema>;

export const EnterpriseSummarySchema = z.object({
  creditCode: z.string(),
  name: z.string(),
  kind: z.enum(ENTITY_KINDS),
  status: z.enum(ENTITY_STATUSES),
  regionCode: z.string(),
  regionName: z.string(),
  industryCode: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  establishedOn: z.string().nullable().describe('成立日期 YYYY-MM-DD'),
  badges: z.array(z.enum(ENTITY_BADGES)),
  matchedFormerName: z.string().optional().describe('仅在按曾用名命中（现名称不含关键词）时给出：命中的曾用名'),
  matchedDishonesty: z
    .array(
      z.object({
        itemName: z.string(),
        dishonestyLevel: z.enum(DISHONESTY_LEVELS),
        records: z.number().int().describe('条数'),
      }),
    )
    .optional()
    .describe('仅在按“有失信记录”筛选时给出：该主体公示中的不良信息，按信息项和失信等级计数，失信等级从高到低'),
});
export type EnterpriseSummaryDto = z.infer<typeof EnterpriseSummarySchema>;

export const SearchEnterprisesResponseSchema = z.object({
  items: z.array(EnterpriseSummarySchema),
  total: z.number().int().describe(`命中数，超过 ${SEARCH_RESULT_CAP} 时为 ${SEARCH_RESULT_CAP}`),
  capped: z.boolean().describe('命中数是否超过可查看的上限'),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type SearchEnterprisesResponse = z.infer<typeof SearchEnterprisesResponseSchema>;

/** The profile's sections in display order (issue 5: 公示信息 grouped as 国家企业信用信息公示系统 does). */
export const PROFILE_SECTION_KEYS = [
  'licences',
  'penalties',
  'abnormal',
  'serious_illegal',
  'removed_listings',
  'bad_other',
  'good',
  'corrections',
] as const;
export const PROFILE_SECTION_TITLES: Record<(typeof PROFILE_SECTION_KEYS)[number], string> = {
  licences: '行政许可信息',
  penalties: '行政处罚信息',
  abnormal: '经营异常名录',
  serious_illegal: '严重违法失信名单',
  removed_listings: '已移出的名单记录',
  bad_other: '其他不良信息',
  good: '良好信息',
  corrections: '更正与修复记录',
};

/** One label/value pair as the public sees it (masked, publicised fields only). */
export const ProfileFieldSchema = z.object({ label: z.string(), value: z.string() });

export const ProfileRecordSchema = z.object({
  id: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  /** 提供单位 the providing agency. */
  agencyName: z.string(),
  aroseOn: z.string().describe(RECORD_DATE_LABELS.aroseOn),
  receivedAt: z.string().describe(RECORD_DATE_LABELS.receivedAt),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  publicityUntil: z.string().nullable().describe(RECORD_DATE_LABELS.publicityUntil),
  fields: z.array(ProfileFieldSchema),
  /** 异议处理中 (issue 21): the entity's objection to this record is with the providing agency. */
  underObjection: z.boolean().optional(),
  /** For the 更正与修复记录 section: an objection's outcome, as far as it may be public (no reasons, no contact). */
  objection: z
    .object({
      outcome: z.enum(['upheld', 'corrected', 'revoked']),
      outcomeLabel: z.string(),
      filedOn: z.string(),
      decidedOn: z.string(),
    })
    .optional(),
  /**
   * 信用修复 (issue 21): whether the entity may apply for this 不良 record now, or why not and from when (the terms of
   * `GET /api/public/repairs/terms`, without the repeat-conduct bar's detail beyond its message).
   */
  repairTerms: z
    .object({ eligible: z.boolean(), from: z.string().nullable(), message: z.string().nullable() })
    .optional(),
  /** For the 更正与修复记录 section: an approved credit repair (its record no longer public), with its dates. */
  repair: z.object({ outcomeLabel: z.string(), submittedOn: z.string(), decidedOn: z.string() }).optional(),
  /** For the 更正记录 section: what the record said before the correction, and why it changed. */
  correction: z.object({ reason: z.string(), correctedAt: z.string(), before: z.array(ProfileFieldSchema) }).optional(),
  /** 移出 of a listing no longer in force (SPEC §3: the history of listings and removals is public, as gsxt shows it). */
  removal: z
    .object({
      removedOn: z.string().describe(RECORD_DATE_LABELS.removedOn),
      reason: z.string().describe('移出原因'),
      authority: z.string().describe('作出移出决定机关'),
    })
    .optional(),
});
export type ProfileRecordDto = z.infer<typeof ProfileRecordSchema>;

export const ProfileSectionSchema = z.object({
  key: z.enum(PROFILE_SECTION_KEYS),
  title: z.string(),
  records: z.array(ProfileRecordSchema),
});

export const EnterpriseProfileSchema = EnterpriseSummarySchema.extend({
  industryName: z.string().nullable(),
  registrationAuthority: z.string().nullable(),
  address: z.string().nullable(),
  formerNames: z.array(z.string()),
  sections: z.array(ProfileSectionSchema).describe('公示信息分区（行政许可、行政处罚等）'),
});
export type EnterpriseProfileDto = z.infer<typeof EnterpriseProfileSchema>;
