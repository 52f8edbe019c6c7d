import { DISHONESTY_LEVELS, normalizeDate } from '@gzcredit/domain';
import { z } from 'zod';
import { SearchEnterprisesQuerySchema } from './enterprises';
import { PUBLIC_LIST_MAX_PAGE_SIZE, PUBLIC_LIST_RESULT_CAP, PUBLIC_LISTS } from './limits';

export const PublicListParamsSchema = z.object({
  list: z.enum(PUBLIC_LISTS, { error: `名单应为 ${PUBLIC_LISTS.join('、')} 之一` }).describe('名单'),
});

const dateQuery = (label: string) =>
  z
    .string()
    .refine((value) => normalizeDate(value) === value, { error: `${label}应为 YYYY-MM-DD 格式的有效日期` })
    .optional();

export const PublicListQuerySchema = z
  .object({
    region: SearchEnterprisesQuerySchema.shape.region,
    industry: SearchEnterprisesQuerySchema.shape.industry,
    item: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: '信息项代码应为小写字母、数字和下划线' })
      .optional()
      .describe('信息项代码（见 /filters）'),
    agency: z.coerce
      .number({ error: '提供单位应为单位编号' })
      .int({ error: '提供单位应为单位编号' })
      .positive({ error: '提供单位应为单位编号' })
      .optional()
      .describe('提供单位编号（见 /filters）'),
    from: dateQuery('开始日期').describe('决定（列入）日期自，YYYY-MM-DD'),
    to: dateQuery('结束日期').describe('决定（列入）日期至，YYYY-MM-DD'),
    page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
    pageSize: z.coerce
      .number()
      .int()
      .min(1)
      .max(PUBLIC_LIST_MAX_PAGE_SIZE, { error: `每页最多 ${PUBLIC_LIST_MAX_PAGE_SIZE} 条` })
      .default(10)
      .describe(`每页条数，最多 ${PUBLIC_LIST_MAX_PAGE_SIZE}`),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: '开始日期不能晚于结束日期',
    path: ['from'],
  });
export type PublicListQuery = z.infer<typeof PublicListQuerySchema>;

export const PublicListEntrySchema = z.object({
  recordId: z.number().int(),
  creditCode: z.string(),
  entityName: z.string().describe('市场主体名称（现名称）'),
  regionName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  agencyName: z.string().describe('提供单位'),
  aroseOn: z.string().describe('决定（列入）日期'),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  publicityUntil: z.string().nullable().describe('公示截止日期；名单为至移出时止'),
  fields: z.array(z.object({ label: z.string(), value: z.string() })).describe('公示的数据项（个人信息已脱敏）'),
});
export type PublicListEntryDto = z.infer<typeof PublicListEntrySchema>;

export const PublicListResponseSchema = z.object({
  list: z.enum(PUBLIC_LISTS),
  title: z.string(),
  items: z.array(PublicListEntrySchema),
  total: z.number().int().describe(`符合条件的条数，超过 ${PUBLIC_LIST_RESULT_CAP} 时为 ${PUBLIC_LIST_RESULT_CAP}`),
  capped: z.boolean().describe('符合条件的条数是否超过可查看的上限'),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PublicListResponse = z.infer<typeof PublicListResponseSchema>;

export const PublicListFiltersSchema = z.object({
  list: z.enum(PUBLIC_LISTS),
  title: z.string(),
  items: z.array(z.object({ code: z.string(), name: z.string() })).describe('名单包含的信息项（现行目录）'),
  agencies: z.array(z.object({ id: z.number().int(), name: z.string() })).describe('可提供这些信息项的单位'),
});
export type PublicListFiltersDto = z.infer<typeof PublicListFiltersSchema>;
