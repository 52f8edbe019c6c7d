import { findIndustry, findRegion, resolveRegionCode } from '@gzcredit/domain';
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
