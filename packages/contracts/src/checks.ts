import { DISHONESTY_LEVELS, MEASURE_EDITION_STATUSES, MEASURE_LISTS } from '@gzcredit/domain';
import { z } from 'zod';

// ---- 核查事项 check purposes and 失信惩戒措施 joint punishment measures (Rules Art. 17; SPEC C12) ----

const PURPOSE_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** 核查事项 a check purpose (政府采购 … 其他): codes are stable, names editable, purposes deactivated rather than deleted. */
export const CheckPurposeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
});
export type CheckPurposeDto = z.infer<typeof CheckPurposeSchema>;
export const CheckPurposeListSchema = z.object({ items: z.array(CheckPurposeSchema) });

const purposeName = z
  .string({ error: '事项名称（name）应为文本' })
  .trim()
  .min(2, { error: '事项名称（name）应为 2–40 个字符' })
  .max(40, { error: '事项名称（name）应为 2–40 个字符' });

export const CreateCheckPurposeBodySchema = z.object({
  code: z
    .string({ error: '事项代码（code）应为文本' })
    .regex(PURPOSE_CODE, { error: '事项代码（code）应为 2–40 位小写字母、数字或下划线，字母开头' }),
  name: purposeName,
});
export type CreateCheckPurposeBody = z.infer<typeof CreateCheckPurposeBodySchema>;

/** Renaming or (de)activating a purpose; its code never changes, so checks that name it stay readable. */
export const UpdateCheckPurposeBodySchema = z.object({
  name: purposeName,
  active: z.boolean({ error: '是否启用（active）应为 true 或 false' }),
});
export type UpdateCheckPurposeBody = z.infer<typeof UpdateCheckPurposeBodySchema>;

const text = (label: string, field: string, max: number) =>
  z
    .string({ error: `${label}（${field}）应为文本` })
    .trim()
    .max(max, { error: `${label}（${field}）不能超过 ${max} 个字符` });

/**
 * A measure as the operator enters it: 惩戒措施, 类别, 惩戒对象 (catalogue items of the lists, and/or dishonesty levels),
 * 设定依据, 实施主体, and the check purposes it applies to. A class-1 measure reduces rights or adds duties, so public
 * bodies take it only on a legal basis (国办发〔2020〕49号): it cannot be saved without one.
 */
export const MeasureBodySchema = z
  .object({
    code: z
      .string({ error: '措施编号（code）应为文本' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/, { error: '措施编号（code）应为 1–20 位字母、数字、下划线或连字符' }),
    name: text('惩戒措施', 'name', 200).min(2, { error: '惩戒措施（name）应为 2–200 个字符' }),
    measureClass: z.union([z.literal(1), z.literal(2), z.literal(3)], {
      error: '措施类别（measureClass）应为 1、2 或 3',
    }),
    targetListings: z
      .array(
        z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, { error: '惩戒对象名单（targetListings）应为征集目录信息项代码' }),
        { error: '惩戒对象名单（targetListings）应为信息项代码的列表' },
      )
      .max(20, { error: '惩戒对象名单（targetListings）最多 20 项' })
      .default([]),
    targetLevels: z
      .array(z.enum(DISHONESTY_LEVELS, { error: '惩戒对象失信等级（targetLevels）应为 general、serious 或 severe' }), {
        error: '惩戒对象失信等级（targetLevels）应为失信等级的列表',
      })
      .default([]),
    legalBasis: text('设定依据', 'legalBasis', 1000).default(''),
    implementingBody: text('实施主体', 'implementingBody', 200).min(2, {
      error: '实施主体（implementingBody）应为 2–200 个字符',
    }),
    purposes: z
      .array(z.string({ error: '适用核查事项（purposes）应为事项代码' }), {
        error: '适用核查事项（purposes）应为事项代码的列表',
      })
      .min(1, { error: '适用核查事项（purposes）至少选择一项' })
      .max(50, { error: '适用核查事项（purposes）最多 50 项' }),
    source: text('来源', 'source', 1000).default(''),
    note: text('备注', 'note', 1000).default(''),
    /** Whether the entry was confirmed against the official text; the starting set is 待核实 (false). */
    confirmed: z.boolean({ error: '是否已核实（confirmed）应为 true 或 false' }).default(false),
  })
  .superRefine((measure, context) => {
    if (measure.measureClass === 1 && measure.legalBasis.length < 2)
      context.addIssue({
        code: 'custom',
        path: ['legalBasis'],
        message: '设定依据（legalBasis）：第一类措施（减损权益或增加义务）须注明法律、法规或党中央、国务院政策文件依据',
      });
    if (measure.targetListings.length === 0 && measure.targetLevels.length === 0)
      context.addIssue({
        code: 'custom',
        path: ['targetListings'],
        message: '惩戒对象（targetListings / targetLevels）：至少选择一个名单或一个失信等级',
      });
  });
export type MeasureBody = z.input<typeof MeasureBodySchema>;
export type MeasureDefinition = z.output<typeof MeasureBodySchema>;

export const MeasureSchema = z.object({
  id: z.number().int(),
  editionId: z.number().int(),
  code: z.string(),
  name: z.string(),
  measureClass: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  targetListings: z.array(z.string()),
  targetLevels: z.array(z.enum(DISHONESTY_LEVELS)),
  legalBasis: z.string(),
  implementingBody: z.string(),
  purposes: z.array(z.string()),
  source: z.string(),
  note: z.string(),
  confirmed: z.boolean(),
});
export type MeasureDto = z.infer<typeof MeasureSchema>;

export const MeasureEditionSchema = z.object({
  id: z.number().int(),
  list: z.enum(MEASURE_LISTS),
  label: z.string(),
  status: z.enum(MEASURE_EDITION_STATUSES),
  /** The edition this draft was copied from (the one in force when it was started). */
  basedOnId: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  measureCount: z.number().int(),
});
export type MeasureEditionDto = z.infer<typeof MeasureEditionSchema>;
export const MeasureEditionListSchema = z.object({ items: z.array(MeasureEditionSchema) });
export const MeasureEditionDetailSchema = z.object({ edition: MeasureEditionSchema, measures: z.array(MeasureSchema) });
export type MeasureEditionDetailDto = z.infer<typeof MeasureEditionDetailSchema>;

export const CreateMeasureEditionBodySchema = z.object({
  list: z.enum(MEASURE_LISTS, { error: '清单（list）应为 national（全国基础清单）或 provincial（贵州省补充清单）' }),
  label: z
    .string({ error: '版本名称（label）应为文本' })
    .trim()
    .min(2, { error: '版本名称（label）应为 2–60 个字符' })
    .max(60, { error: '版本名称（label）应为 2–60 个字符' }),
});
export type CreateMeasureEditionBody = z.infer<typeof CreateMeasureEditionBodySchema>;

/** A measure as a credit check shows it: what applies, on what basis, from which list and edition. */
export const ApplicableMeasureSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  measureClass: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  legalBasis: z.string(),
  implementingBody: z.string(),
  list: z.enum(MEASURE_LISTS),
  editionId: z.number().int(),
});
export type ApplicableMeasureDto = z.infer<typeof ApplicableMeasureSchema>;
