import { AGENCY_KINDS, DISHONESTY_LEVELS, RECORD_CATEGORIES } from '@gzcredit/domain';
import { z } from 'zod';
import { SPREADSHEET_FORMATS } from './ingestion';
import { RECORD_DATE_LABELS, RecordSchema } from './records';

/** 交换对象 who may see a provider's shared or authorised records (Rules Art. 22(四)). */
export const EXCHANGE_AUDIENCES = ['all', 'kind', 'agency', 'region'] as const;
export type ExchangeAudience = (typeof EXCHANGE_AUDIENCES)[number];
export const EXCHANGE_AUDIENCE_LABELS: Record<ExchangeAudience, string> = {
  all: '所有机关',
  kind: '某类机关',
  agency: '指定机关',
  region: '某地区的机关',
};

/** At most this many audiences per item and use scope, and floor rules. */
export const EXCHANGE_GRANTS_MAX = 50;

/**
 * One audience and the fields it sees. `value`: the agency kind (`kind`), the agency's id (`agency`), or a region-code
 * prefix of 2 to 6 digits (`region`, e.g. 5203 遵义市); none for `all`. `fields`: the data items' keys, null for all.
 */
export const ExchangeGrantSchema = z.object({
  audience: z.enum(EXCHANGE_AUDIENCES, { error: '交换对象应为 all、kind、agency 或 region' }).describe('交换对象'),
  value: z
    .string()
    .max(20)
    .nullable()
    .default(null)
    .describe('机关类别代码（kind）、机关编号（agency）或行政区划代码前缀（region，2–6 位数字）；all 不填'),
  fields: z
    .array(z.string().max(48))
    .max(60)
    .nullable()
    .default(null)
    .describe('可见的数据项（标识）；不填为全部数据项'),
});
export type ExchangeGrantDto = z.infer<typeof ExchangeGrantSchema>;

/** 省局底线: an audience that sees the shared and authorised records of an item and level whatever the provider set. */
export const ExchangeFloorRuleSchema = ExchangeGrantSchema.extend({
  itemCode: z.string().max(48).nullable().default(null).describe('信息项代码；不填为所有信息项'),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable().default(null).describe('失信等级；不填为所有等级'),
});
export type ExchangeFloorRuleDto = z.infer<typeof ExchangeFloorRuleSchema>;

export const ExchangeFieldSchema = z.object({ key: z.string(), label: z.string() });

/** 交换设定 of one current catalogue item the caller's agency provides. */
export const ExchangeSettingSchema = z.object({
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  category: z.enum(RECORD_CATEGORIES),
  editionCode: z.string(),
  fields: z.array(ExchangeFieldSchema),
  /** False: the item's shared records go to every agency with every field (the default). */
  sharedRestricted: z.boolean().describe('内部共享信息是否仅向下列交换对象提供'),
  shared: z.array(ExchangeGrantSchema).describe('内部共享信息的交换对象'),
  authorised: z.array(ExchangeGrantSchema).describe('授权查询信息的交换对象'),
  configured: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  floorOverrides: z
    .array(z.string())
    .describe(
      '省局交换底线覆盖本单位设定之处（中文说明，每条一句）：本单位的设定窄于底线的，读取时按底线提供；无则为空',
    ),
});
export type ExchangeSettingDto = z.infer<typeof ExchangeSettingSchema>;

export const ExchangeAgencySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  regionCode: z.string(),
});

export const ExchangeFloorSchema = z.object({
  rules: z.array(ExchangeFloorRuleSchema),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type ExchangeFloorDto = z.infer<typeof ExchangeFloorSchema>;

/** The floor as the bureau edits it, with the agencies an audience can name. */
export const ExchangeFloorPageSchema = ExchangeFloorSchema.extend({ agencies: z.array(ExchangeAgencySchema) });
export type ExchangeFloorPageDto = z.infer<typeof ExchangeFloorPageSchema>;

export const ExchangeSettingsSchema = z.object({
  items: z.array(ExchangeSettingSchema),
  /** The bureau's floor, which the settings cannot go below. */
  floor: ExchangeFloorSchema,
  /** The agencies an audience can name. */
  agencies: z.array(ExchangeAgencySchema),
});
export type ExchangeSettingsDto = z.infer<typeof ExchangeSettingsSchema>;

export const UpdateExchangeSettingBodySchema = z.object({
  sharedRestricted: z.boolean({ error: '请选择内部共享信息是否仅向指定对象提供' }),
  shared: z
    .array(ExchangeGrantSchema)
    .max(EXCHANGE_GRANTS_MAX, { error: `内部共享的交换对象最多 ${EXCHANGE_GRANTS_MAX} 个` }),
  authorised: z
    .array(ExchangeGrantSchema)
    .max(EXCHANGE_GRANTS_MAX, { error: `授权查询的交换对象最多 ${EXCHANGE_GRANTS_MAX} 个` }),
});
export type UpdateExchangeSettingBody = z.infer<typeof UpdateExchangeSettingBodySchema>;

export const UpdateExchangeFloorBodySchema = z.object({
  rules: z.array(ExchangeFloorRuleSchema).max(EXCHANGE_GRANTS_MAX, { error: `底线规则最多 ${EXCHANGE_GRANTS_MAX} 条` }),
});
export type UpdateExchangeFloorBody = z.infer<typeof UpdateExchangeFloorBodySchema>;

const dateQuery = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
export const SHARED_RECORDS_MAX_PAGE_SIZE = 100;

/** 共享查询 (Art. 22(二)): what to look for among the records the caller's agency may see. */
export const SharedRecordsQuerySchema = z.object({
  creditCode: z.string().trim().min(1).max(18).optional().describe('统一社会信用代码（精确）'),
  name: z.string().trim().min(1).max(100).optional().describe('主体名称（包含）'),
  itemCode: z.string().trim().min(1).max(48).optional().describe('信息项代码'),
  category: z.enum(RECORD_CATEGORIES).optional().describe('信息类别'),
  level: z.enum(DISHONESTY_LEVELS).optional().describe('失信等级'),
  regionCode: z
    .string()
    .regex(/^\d{2,6}$/, { error: '地区应为 2–6 位行政区划代码前缀' })
    .optional()
    .describe('主体所在地区：行政区划代码前缀'),
  from: dateQuery.optional().describe(`${RECORD_DATE_LABELS.aroseOn}起（含）`),
  to: dateQuery.optional().describe(`${RECORD_DATE_LABELS.aroseOn}止（含）`),
  before: z.coerce.number().int().positive().optional().describe('翻页：上一页最后一条信息的编号'),
  pageSize: z.coerce.number().int().min(1).max(SHARED_RECORDS_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type SharedRecordsQuery = z.infer<typeof SharedRecordsQuerySchema>;

export const SharedRecordListSchema = z.object({
  items: z.array(RecordSchema),
  /** The `before` of the next page; null on the last page. */
  next: z.number().int().nullable(),
});
export type SharedRecordListDto = z.infer<typeof SharedRecordListSchema>;

/** 下载 (Art. 22(二)): the query's records as a file; a purpose is required when any of them is not public. */
export const SharedExportQuerySchema = SharedRecordsQuerySchema.omit({ before: true, pageSize: true }).extend({
  format: z.enum(SPREADSHEET_FORMATS).default('xlsx').describe('文件格式：xlsx（默认）或 csv（UTF-8，带 BOM）'),
  purpose: z.string().trim().max(200).optional().describe('下载用途：含非公示信息时必填'),
});
export type SharedExportQuery = z.infer<typeof SharedExportQuerySchema>;
