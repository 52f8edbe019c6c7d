import { FIELD_TYPES, RECORD_CATEGORIES } from '@gzcredit/domain';
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
});
export type UpdatePublicitySettingBody = z.infer<typeof UpdatePublicitySettingBodySchema>;
