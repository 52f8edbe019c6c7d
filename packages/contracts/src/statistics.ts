import {
  DISHONESTY_LEVELS,
  ENTITY_KINDS,
  findIndustry,
  findRegion,
  RECORD_CATEGORIES,
  resolveRegionCode,
} from '@gzcredit/domain';
import { z } from 'zod';

/** The portal home's figures (SPEC §4 `GET /api/public/statistics`, C14: aggregates only, never a listing). */
export const PublicStatisticsSchema = z.object({
  entities: z.number().int().describe('市场主体数'),
  publicRecords: z.number().int().describe('公示中的信用信息条数（登记信息除外）'),
  blacklistedEntities: z.number().int().describe('列入严重失信主体名单（黑名单）的主体数'),
  updatedAt: z.string().describe('统计时间（ISO 8601）；数据最多缓存 60 秒'),
});
export type PublicStatisticsDto = z.infer<typeof PublicStatisticsSchema>;

/** The dimensions of the public breakdown (SPEC C14, Rules Art. 7(六): statistics by region, industry and level). */
export const STATISTICS_DIMENSIONS = ['region', 'industry', 'kind', 'level', 'month'] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];
export const STATISTICS_DIMENSION_LABELS: Record<StatisticsDimension, string> = {
  region: '地区',
  industry: '行业',
  kind: '主体类型',
  level: '失信等级',
  month: '月份',
};

/** The longest period the month breakdown lists (ten years). */
export const STATISTICS_MAX_MONTHS = 120;

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '应为 YYYY-MM 格式的月份，如 2026-01' })
  .optional();

/** How many months from `from` to `to` inclusive (both YYYY-MM). */
export function monthsBetween(from: string, to: string): number {
  const index = (value: string) => Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1;
  return index(to) - index(from) + 1;
}

export const StatisticsBreakdownQuerySchema = z
  .object({
    dimension: z
      .enum(STATISTICS_DIMENSIONS, {
        error: '统计维度应为 region（地区）、industry（行业）、kind（主体类型）、level（失信等级）或 month（月份）',
      })
      .describe('统计维度：region 地区、industry 行业、kind 主体类型、level 失信等级、month 月份'),
    parent: z
      .string()
      .trim()
      .max(6, { error: '上级代码不能超过 6 个字符' })
      .optional()
      .describe(
        '上级代码：地区维度为省（520000，默认，列出 9 个市州）或市州的行政区划代码（列出其区县，旧代码按现行代码）；' +
          '行业维度为门类字母（列出其大类，不填列出门类）；其他维度不填',
      ),
    from: month.describe('统计期间的开始月份（YYYY-MM，含）：主体按进入平台的月份、信息按收到的月份计'),
    to: month.describe('统计期间的结束月份（YYYY-MM，含）；月份维度不填时为最近 12 个月'),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.to < query.from) {
      context.addIssue({ code: 'custom', path: ['to'], message: `结束月份 ${query.to} 早于开始月份 ${query.from}` });
    } else if (query.from && query.to && monthsBetween(query.from, query.to) > STATISTICS_MAX_MONTHS) {
      context.addIssue({ code: 'custom', path: ['to'], message: `统计期间不能超过 ${STATISTICS_MAX_MONTHS} 个月` });
    }
    const parent = query.parent || undefined;
    if (parent === undefined) return;
    if (query.dimension === 'region') {
      const region = findRegion(resolveRegionCode(parent) ?? '');
      if (!region || region.level === 'county') {
        context.addIssue({
          code: 'custom',
          path: ['parent'],
          message: `“${parent}”不是贵州省或其市州的行政区划代码，无法列出下级地区`,
        });
      }
    } else if (query.dimension === 'industry') {
      if (findIndustry(parent.toUpperCase())?.level !== 'section') {
        context.addIssue({ code: 'custom', path: ['parent'], message: `“${parent}”不是国民经济行业门类（A–T）` });
      }
    } else {
      context.addIssue({
        code: 'custom',
        path: ['parent'],
        message: `${STATISTICS_DIMENSION_LABELS[query.dimension]}维度没有上级代码，请不要填写 parent`,
      });
    }
  });
export type StatisticsBreakdownQuery = z.infer<typeof StatisticsBreakdownQuerySchema>;

export const StatisticsBreakdownItemSchema = z.object({
  code: z.string().describe('地区代码、行业代码、主体类型、失信等级或月份（YYYY-MM）'),
  name: z.string().describe('中文名称'),
  entities: z.number().int().describe('市场主体数（月份维度：当月进入平台的主体数）'),
  publicRecords: z.number().int().describe('公示中的信用信息条数（登记信息除外）'),
  blacklisted: z.number().int().describe('列入严重失信主体名单（黑名单）的主体数'),
  abnormal: z.number().int().describe('列入经营异常名录的主体数'),
});
export type StatisticsBreakdownItemDto = z.infer<typeof StatisticsBreakdownItemSchema>;

export const StatisticsBreakdownSchema = z.object({
  dimension: z.enum(STATISTICS_DIMENSIONS),
  parent: z.string().nullable().describe('上级代码（地区维度为现行代码），无则为 null'),
  items: z.array(StatisticsBreakdownItemSchema),
  updatedAt: z.string().describe('统计时间（ISO 8601）；数据最多缓存 60 秒'),
});
export type StatisticsBreakdownDto = z.infer<typeof StatisticsBreakdownSchema>;

/**
 * 统计分析 the console analysis (SPEC C14, issue 19 item 3): the record rollups by every dimension they hold, for the
 * caller's region and the records the sharing rule lets its agency see, with filters on every other dimension
 * (cross-filters: a chart's selection filters the others).
 */
export const ANALYSIS_DIMENSIONS = [
  'region',
  'industry',
  'kind',
  'category',
  'item',
  'level',
  'agency',
  'month',
] as const;
export type AnalysisDimension = (typeof ANALYSIS_DIMENSIONS)[number];
export const ANALYSIS_DIMENSION_LABELS: Record<AnalysisDimension, string> = {
  region: '地区',
  industry: '行业',
  kind: '主体类型',
  category: '信息类别',
  item: '信息项',
  level: '失信等级',
  agency: '提供单位',
  month: '收到月份',
};

/** The measures of the console analysis, with their Chinese column names (screens and workbooks). */
export const ANALYSIS_MEASURES = [
  'received',
  'inPublicity',
  'corrections',
  'revocations',
  'late',
  'abnormalListings',
] as const;
export type AnalysisMeasure = (typeof ANALYSIS_MEASURES)[number];
export const ANALYSIS_MEASURE_LABELS: Record<AnalysisMeasure, string> = {
  received: '收到信息（条）',
  inPublicity: '公示中（条）',
  corrections: '更正（次）',
  revocations: '撤销（条）',
  late: '超期报送（条）',
  abnormalListings: '经营异常名录（条）',
};

const optionalCode = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .optional()
    .transform((value) => value || undefined);

export const AnalysisQuerySchema = z
  .object({
    dimension: z
      .enum(ANALYSIS_DIMENSIONS, {
        error: `分析维度应为 ${ANALYSIS_DIMENSIONS.map((d) => `${d}（${ANALYSIS_DIMENSION_LABELS[d]}）`).join('、')}`,
      })
      .default('region')
      .describe(
        '分析维度（默认 region）：region 地区、industry 行业、kind 主体类型、category 信息类别、item 信息项、level 失信等级、agency 提供单位、month 收到月份',
      ),
    parent: optionalCode(6, '上级代码').describe(
      '上级代码：地区维度为省（默认，列出市州）或市州代码（列出其区县）；行业维度为门类字母（列出其大类，不填列出门类）',
    ),
    region: optionalCode(6, '地区').describe('筛选：地区（省、市州或区县的行政区划代码）'),
    industry: optionalCode(3, '行业').describe('筛选：行业（门类字母或两位大类代码）'),
    kind: z.enum(ENTITY_KINDS, { error: '主体类型应为 enterprise、individual、cooperative 或 other' }).optional(),
    category: z.enum(RECORD_CATEGORIES, { error: '信息类别应为 basic（基础）、good（良好）或 bad（不良）' }).optional(),
    item: optionalCode(64, '信息项代码').describe('筛选：信息项代码'),
    level: z
      .enum([...DISHONESTY_LEVELS, 'none'], { error: '失信等级应为 general、serious、severe 或 none（无等级）' })
      .optional()
      .describe('筛选：失信等级（none：无失信等级）'),
    agency: z.coerce
      .number()
      .int({ error: '提供单位应为机关编号' })
      .positive({ error: '提供单位应为机关编号' })
      .optional()
      .describe('筛选：提供单位（机关编号）'),
    from: month.describe('收到信息的开始月份（YYYY-MM，含）'),
    to: month.describe('收到信息的结束月份（YYYY-MM，含）；月份维度不填时为最近 12 个月'),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.to < query.from) {
      context.addIssue({ code: 'custom', path: ['to'], message: `结束月份 ${query.to} 早于开始月份 ${query.from}` });
    } else if (query.from && query.to && monthsBetween(query.from, query.to) > STATISTICS_MAX_MONTHS) {
      context.addIssue({ code: 'custom', path: ['to'], message: `统计期间不能超过 ${STATISTICS_MAX_MONTHS} 个月` });
    }
    if (query.region && !findRegion(resolveRegionCode(query.region) ?? '')) {
      context.addIssue({ code: 'custom', path: ['region'], message: `“${query.region}”不是贵州省的行政区划代码` });
    }
    if (query.industry) {
      const level = findIndustry(query.industry.toUpperCase())?.level;
      if (level !== 'section' && level !== 'division') {
        context.addIssue({
          code: 'custom',
          path: ['industry'],
          message: `“${query.industry}”不是国民经济行业门类（A–T）或大类（两位数字）`,
        });
      }
    }
    if (query.parent === undefined) return;
    if (query.dimension === 'region') {
      const region = findRegion(resolveRegionCode(query.parent) ?? '');
      if (!region || region.level === 'county') {
        context.addIssue({
          code: 'custom',
          path: ['parent'],
          message: `“${query.parent}”不是贵州省或其市州的行政区划代码，无法列出下级地区`,
        });
      }
    } else if (query.dimension === 'industry') {
      if (findIndustry(query.parent.toUpperCase())?.level !== 'section') {
        context.addIssue({ code: 'custom', path: ['parent'], message: `“${query.parent}”不是国民经济行业门类（A–T）` });
      }
    } else {
      context.addIssue({
        code: 'custom',
        path: ['parent'],
        message: `${ANALYSIS_DIMENSION_LABELS[query.dimension]}维度没有上级代码，请不要填写 parent`,
      });
    }
  });
export type AnalysisQuery = z.infer<typeof AnalysisQuerySchema>;

const measure = (label: string) => z.number().int().describe(label);
export const AnalysisFiguresSchema = z.object({
  received: measure('收到的信息条数（首次报送，更正不重复计）'),
  inPublicity: measure('公示中的信息条数（有效、社会公开、非涉密，登记信息除外）'),
  corrections: measure('更正次数（更正后的新版本数）'),
  revocations: measure('已撤销的信息条数'),
  late: measure('超过报送期限收到的信息条数（首次报送）'),
  abnormalListings: measure('有效的经营异常名录信息条数'),
});
export type AnalysisFiguresDto = z.infer<typeof AnalysisFiguresSchema>;

export const AnalysisSchema = z.object({
  dimension: z.enum(ANALYSIS_DIMENSIONS),
  parent: z.string().nullable().describe('上级代码（地区维度为现行代码），无则为 null'),
  scope: z.object({
    regionCode: z.string().describe('调用者可分析的地区（本单位所在地区；省级单位为全省）'),
    regionName: z.string(),
  }),
  items: z.array(AnalysisFiguresSchema.extend({ code: z.string(), name: z.string() })),
  total: AnalysisFiguresSchema.describe('筛选条件下的合计（不按维度拆分）'),
  updatedAt: z.string().describe('统计时间（ISO 8601）'),
});
export type AnalysisDto = z.infer<typeof AnalysisSchema>;
