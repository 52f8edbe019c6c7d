import {
  AGENCY_KINDS,
  DEADLINE_UNITS,
  DISHONESTY_LEVELS,
  FIELD_TYPES,
  ITEM_ROLES,
  RECORD_CATEGORIES,
  USE_SCOPES,
} from '@gzcredit/domain';
import { z } from 'zod';

export const CatalogueFieldSchema = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]{0,47}$/, { error: '数据项标识应为小写字母开头的英文字母和数字' }),
  label: z.string().trim().min(2).max(60),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(10_000).optional(),
  pattern: z.string().max(200).optional(),
  patternHint: z.string().max(200).optional(),
  values: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  unit: z.string().trim().min(1).max(20).optional(),
  note: z.string().max(200).optional(),
  allowFuture: z.boolean().optional(),
});

const WindowSchema = z.object({
  minMonths: z.number().int().min(0).max(120),
  maxMonths: z.number().int().min(1).max(120),
});
export const PublicityRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('by_level'),
    windows: z.object(
      Object.fromEntries(DISHONESTY_LEVELS.map((level) => [level, WindowSchema])) as Record<
        (typeof DISHONESTY_LEVELS)[number],
        typeof WindowSchema
      >,
    ),
  }),
  z.object({
    kind: z.literal('validity'),
    validUntilField: z.string().optional(),
    months: z.number().int().min(1).max(120),
  }),
  z.object({ kind: z.literal('while_exists') }),
  z.object({ kind: z.literal('until_removed') }),
]);

/** An item's own 报送期限 (Rules Art. 12: 法律、法规另有规定的，从其规定). */
export const ItemDeadlineSchema = z.object({
  days: z.number().int().min(1, { error: '报送期限至少 1 天' }).max(365, { error: '报送期限不能超过 365 天' }),
  unit: z.enum(DEADLINE_UNITS),
  legalBasis: z
    .string()
    .trim()
    .min(2, { error: '请注明规定该期限的法律、法规及条款' })
    .max(200, { error: '法律依据不能超过 200 个字符' }),
});

export const CatalogueItemBodySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, { error: '信息项代码应为 2–48 位小写字母、数字或下划线，字母开头' }),
  name: z.string().trim().min(2).max(100),
  category: z.enum(RECORD_CATEGORIES),
  providerKinds: z.array(z.enum(AGENCY_KINDS)).min(1, { error: '至少选择一类提供单位' }),
  fields: z.array(CatalogueFieldSchema).min(1).max(60),
  aroseField: z.string(),
  defaultUseScope: z.enum(USE_SCOPES),
  publicity: PublicityRuleSchema,
  requiresLevel: z.boolean(),
  role: z.enum(ITEM_ROLES),
  /** 依法公示 (Art. 15): withheld from public view only on a recorded legal ground. */
  mandatoryPublicity: z.boolean().default(false),
  /** Absent or null: the 20 working days of Art. 12. */
  deadline: ItemDeadlineSchema.nullable().optional(),
});
export type CatalogueItemBody = z.infer<typeof CatalogueItemBodySchema>;

export const CatalogueItemSchema = CatalogueItemBodySchema.extend({
  id: z.number().int(),
  editionId: z.number().int(),
  editionCode: z.string(),
});
export type CatalogueItemDto = z.infer<typeof CatalogueItemSchema>;

export const EDITION_STATUSES = ['draft', 'current', 'retired'] as const;
export const EDITION_STATUS_LABELS: Record<(typeof EDITION_STATUSES)[number], string> = {
  draft: '草稿',
  current: '现行',
  retired: '已废止',
};
export const EditionSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  publishedOn: z.string(),
  status: z.enum(EDITION_STATUSES),
});
export const CatalogueSchema = z.object({ edition: EditionSchema, items: z.array(CatalogueItemSchema) });
export type CatalogueDto = z.infer<typeof CatalogueSchema>;
export const EditionListSchema = z.object({ items: z.array(EditionSchema) });
export const CreateEditionBodySchema = z.object({
  code: z.string().trim().min(2).max(20),
  name: z.string().trim().min(4).max(100),
});
export type CreateEditionBody = z.infer<typeof CreateEditionBodySchema>;
export type EditionDto = z.infer<typeof EditionSchema>;
export type EditionListDto = z.infer<typeof EditionListSchema>;
