import { FIELD_TYPES, RECORD_CATEGORIES, USE_SCOPES } from '@gzcredit/domain';
import { z } from 'zod';

/** One field of a catalogue item as the publicity settings page shows it. */
export const PublicityFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(FIELD_TYPES),
  /** False for 身份证号码: never public whatever the setting (SPEC §3). */
  publicisable: z.boolean(),
});

/** 公示内容 (Rules Art. 22(五)): what the caller's agency publicises of one current catalogue item. */
export const PublicitySettingSchema = z.object({
  itemId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  category: z.enum(RECORD_CATEGORIES),
  editionCode: z.string(),
  fields: z.array(PublicityFieldSchema),
  /**
   * False for registration items: registration data is the entity's 基本信息, which the law has publicised
   * (《企业信息公示暂行条例》第六条); its identity-card numbers are never public all the same.
   */
  configurable: z.boolean(),
  publicised: z.boolean().describe('是否公示该信息项'),
  hiddenFields: z.array(z.string()).describe('不公示的数据项（标识）'),
  /** False while the agency follows the catalogue default (everything the catalogue allows is publicised). */
  configured: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  /** 依法公示 (Art. 15): switching the item off needs a legal ground, which the provincial bureau reviews. */
  mandatoryPublicity: z.boolean(),
  /** The legal ground the item is withheld on, while it is. */
  withholdingGround: z.string().nullable(),
});
export type PublicitySettingDto = z.infer<typeof PublicitySettingSchema>;

export const PublicitySettingsSchema = z.object({ items: z.array(PublicitySettingSchema) });
export type PublicitySettingsDto = z.infer<typeof PublicitySettingsSchema>;

export const UpdatePublicitySettingBodySchema = z.object({
  publicised: z.boolean({ error: '请选择是否公示' }),
  hiddenFields: z
    .array(z.string().max(48), { error: '不公示的数据项应为数据项标识的列表' })
    .max(60)
    .describe('不公示的数据项（标识）；身份证号码始终不公示，无须列出'),
  withholdingGround: z
    .string()
    .max(400)
    .optional()
    .describe(
      '不公示的法定依据：依法必须公示的信息项设为不公示时必填（国家秘密、商业秘密、个人隐私，或法律法规名称及条款，含《》）',
    ),
});
export type UpdatePublicitySettingBody = z.infer<typeof UpdatePublicitySettingBodySchema>;

/**
 * 不公示事项 for the provincial bureau's review (Art. 15, 22(五)): an agency's item switched off, or a record sent as
 * non-public, although the law requires its publicity; each with the legal ground the agency recorded.
 */
export const WithholdingSchema = z.object({
  id: z.number().int(),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  item: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  /** Null when the agency withholds the whole item (its publicity setting). */
  record: z
    .object({ id: z.number().int(), creditCode: z.string(), entityName: z.string(), useScope: z.enum(USE_SCOPES) })
    .nullable(),
  ground: z.string().describe('不公示的法定依据'),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type WithholdingDto = z.infer<typeof WithholdingSchema>;

export const WithholdingsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数'),
});
export type WithholdingsQuery = z.infer<typeof WithholdingsQuerySchema>;
export const WithholdingListSchema = z.object({ items: z.array(WithholdingSchema), total: z.number().int() });
export type WithholdingListDto = z.infer<typeof WithholdingListSchema>;

export const OverruleWithholdingBodySchema = z.object({
  reason: z
    .string()
    .trim()
    .min(2, { error: '请填写纠正理由（至少 2 个字）' })
    .max(500, { error: '纠正理由不能超过 500 字' }),
});
export type OverruleWithholdingBody = z.infer<typeof OverruleWithholdingBodySchema>;
