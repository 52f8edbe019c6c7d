import { DISHONESTY_LEVELS, ENTITY_BADGES, ENTITY_STATUSES, formatCount, RECORD_CATEGORIES } from '@gzcredit/domain';
import { z } from 'zod';
import { CHECK_NUMBER_PATTERN, normalizeCheckNumber } from './document-numbers';
import { printedDigestQuerySchema } from './reports';

export { CHECK_NUMBER_PATTERN, CHECK_NUMBER_PREFIX, normalizeCheckNumber } from './document-numbers';

/**
 * 信用核查 credit checks (Rules Art. 17): an agency checks up to 10,000 entities at once for a purpose (政府采购 …) and a
 * matter. Numbered `GZHC` + check date (YYYYMMDD, China time) + 10 random characters of Crockford's base 32, like
 * credit reports (`GZXY`), so that a number cannot be guessed.
 */
export const CHECK_MAX_ENTITIES = 10_000;

export const CHECK_VERDICTS = ['refused', 'caution', 'clear'] as const;
export type CheckVerdict = (typeof CHECK_VERDICTS)[number];
export const CHECK_VERDICT_LABELS: Record<CheckVerdict, string> = {
  refused: '不予准入/限制',
  caution: '审慎',
  clear: '未发现',
};

/** How an input row was resolved to an entity: names are never guessed (an ambiguous one lists its candidates). */
export const CHECK_RESOLUTIONS = ['found', 'not_found', 'ambiguous'] as const;
export type CheckResolution = (typeof CHECK_RESOLUTIONS)[number];
export const CHECK_RESOLUTION_LABELS: Record<CheckResolution, string> = {
  found: '已匹配',
  not_found: '未找到',
  ambiguous: '名称不唯一',
};

export const CheckNumberParamsSchema = z.object({
  checkNo: z
    .string()
    .max(64)
    .transform(normalizeCheckNumber)
    .pipe(z.string().regex(CHECK_NUMBER_PATTERN, { error: '核查编号格式不正确，应为 GZHC 加 18 位数字和字母' }))
    .describe('核查编号，如 GZHC20261207K7M2Q9XW4D'),
});

export const VerifyCheckQuerySchema = printedDigestQuerySchema('核查结果');

export const CheckEntityInputSchema = z
  .object({
    creditCode: z.string().trim().max(64).optional().describe('统一社会信用代码'),
    name: z.string().trim().max(200).optional().describe('主体名称（无代码时按名称匹配，不唯一时列出候选）'),
  })
  .describe('一个被核查主体：统一社会信用代码或名称，至少一项');
export type CheckEntityInput = z.infer<typeof CheckEntityInputSchema>;

/** The entities read from an uploaded XLSX or CSV list, to be checked (or edited first) in the console. */
export const CheckEntityListSchema = z.object({ entities: z.array(CheckEntityInputSchema) });
export type CheckEntityListDto = z.infer<typeof CheckEntityListSchema>;

export const RunCheckBodySchema = z.object({
  purpose: z
    .string()
    .trim()
    .min(1, { error: '请选择核查用途' })
    .max(64)
    .describe('核查用途代码，如 government_procurement'),
  matter: z
    .string()
    .trim()
    .min(1, { error: '请填写核查事项（项目名称或编号）' })
    .max(200, { error: '核查事项不得超过 200 个字符' })
    .describe('核查事项：项目名称或编号'),
  entities: z
    .array(CheckEntityInputSchema)
    .min(1, { error: '请至少提供一个被核查主体' })
    .max(CHECK_MAX_ENTITIES, {
      error: `一次核查最多 ${formatCount(CHECK_MAX_ENTITIES)} 个主体，请分批核查`,
    }),
  consortium: z.boolean().optional().describe('联合体：按整体核查，任一成员被限制则联合体被限制'),
});
export type RunCheckBody = z.infer<typeof RunCheckBodySchema>;

export const CheckMeasureSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  measureClass: z
    .union([z.literal(1), z.literal(2), z.literal(3)])
    .describe('措施类别：1 减损权益或增加义务，2 管理性，3 市场性和行业性'),
  legalBasis: z.string().describe('法律依据'),
  implementingBody: z.string().describe('实施主体'),
  list: z.enum(['national', 'provincial']).describe('全国基础清单或本省补充清单'),
  editionId: z.number().int(),
});
export type CheckMeasureDto = z.infer<typeof CheckMeasureSchema>;

export const CheckRecordSchema = z.object({
  id: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  category: z.enum(RECORD_CATEGORIES),
  listing: z.boolean().describe('在列的经营异常名录、严重违法失信名单'),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  agencyName: z.string(),
  aroseOn: z.string(),
  underObjection: z.boolean().optional().describe('异议处理中：该信息的异议尚在提供单位处理'),
});
export type CheckRecordDto = z.infer<typeof CheckRecordSchema>;

export const CheckCandidateSchema = z.object({
  creditCode: z.string(),
  name: z.string(),
  status: z.enum(ENTITY_STATUSES),
});

/** A consortium member the check could not check: its code is unknown (未找到) or its name not unique (名称不唯一). */
export const CheckUncheckedMemberSchema = z.object({
  row: z.number().int(),
  creditCode: z.string().nullable().describe('传入的统一社会信用代码'),
  name: z.string().nullable().describe('传入的名称'),
  resolution: z.enum(['not_found', 'ambiguous']),
});
export type CheckUncheckedMemberDto = z.infer<typeof CheckUncheckedMemberSchema>;

const consortiumVerdictSchema = z
  .enum(CHECK_VERDICTS)
  .nullable()
  .describe(
    '联合体整体结论：取成员中最重的结论（任一成员不予准入/限制，联合体不予准入/限制）；有成员未能核查且其余成员无“不予准入/限制”时为 null（未能完整核查，不是未发现）；非联合体核查时为 null',
  );
const consortiumUncheckedSchema = z
  .array(CheckUncheckedMemberSchema)
  .describe('联合体中未能核查的成员（未找到或名称不唯一）：有此类成员时联合体未能完整核查；非联合体核查时为空');

/** A member that could not be checked, as the PDF, the console and the verification name it: 第 2 行“…”（未找到）. */
export function uncheckedMemberText(member: CheckUncheckedMemberDto): string {
  return `第 ${member.row} 行“${member.name ?? member.creditCode ?? ''}”（${CHECK_RESOLUTION_LABELS[member.resolution]}）`;
}

/**
 * 联合体整体结论 in words: one member refused refuses the consortium; otherwise a member not found or with an ambiguous
 * name leaves it not fully checked (never 未发现), naming the member(s).
 */
export function consortiumConclusionText(check: {
  consortiumVerdict: CheckVerdict | null;
  consortiumUnchecked: readonly CheckUncheckedMemberDto[];
}): string {
  const unchecked = check.consortiumUnchecked.map(uncheckedMemberText).join('、');
  if (check.consortiumVerdict === 'refused')
    return unchecked ? `不予准入/限制（另有成员未能核查：${unchecked}）` : CHECK_VERDICT_LABELS.refused;
  if (unchecked) return `未能完整核查：${unchecked}；请以统一社会信用代码核查这些成员后再作整体结论`;
  return check.consortiumVerdict ? CHECK_VERDICT_LABELS[check.consortiumVerdict] : '无已匹配的成员';
}

export const CheckItemSchema = z.object({
  input: z.object({ row: z.number().int(), creditCode: z.string().optional(), name: z.string().optional() }),
  resolution: z.enum(CHECK_RESOLUTIONS),
  candidates: z.array(CheckCandidateSchema).describe('名称不唯一时的候选主体（不代为选择）'),
  creditCode: z.string().nullable(),
  name: z.string().nullable(),
  status: z.enum(ENTITY_STATUSES).nullable().describe('登记状态'),
  standing: z
    .object({ dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(), badges: z.array(z.enum(ENTITY_BADGES)) })
    .nullable()
    .describe('核查单位可查看的信息形成的信用状况（失信等级和标识）：不计入其不可查看的信息'),
  records: z.array(CheckRecordSchema).describe('调用方可见的不良信息、在列名单和良好信息'),
  measures: z.array(CheckMeasureSchema).describe('适用于该用途的失信惩戒措施及其法律依据'),
  verdict: z.enum(CHECK_VERDICTS).nullable().describe('核查结论；未匹配到主体时为 null'),
});
export type CheckItemDto = z.infer<typeof CheckItemSchema>;

export const CheckResultSchema = z.object({
  checkNo: z.string(),
  digest: z.string().describe('核查内容的 SM3 摘要'),
  checkedAt: z.string(),
  agencyName: z.string(),
  purpose: z.object({ code: z.string(), name: z.string() }),
  matter: z.string(),
  consortium: z.boolean(),
  consortiumVerdict: consortiumVerdictSchema,
  consortiumUnchecked: consortiumUncheckedSchema,
  measureEditions: z.array(z.object({ id: z.number().int(), label: z.string() })).describe('所用惩戒措施清单版本'),
  items: z.array(CheckItemSchema),
});
export type CheckResultDto = z.infer<typeof CheckResultSchema>;

/** What the public verification shows with the right digest: the check's facts and per-entity verdicts, no records. */
export const CheckVerificationSchema = z.object({
  checkNo: z.string(),
  issued: z.boolean().describe('平台是否出具过该编号的核查结果'),
  digestMatches: z.boolean().nullable().describe('所给摘要是否一致；未提供摘要时为 null'),
  checkedAt: z.string().optional(),
  agencyName: z.string().optional(),
  purposeName: z.string().optional(),
  matter: z.string().optional(),
  consortium: z.boolean().optional(),
  consortiumVerdict: consortiumVerdictSchema.optional(),
  consortiumUnchecked: consortiumUncheckedSchema.optional(),
  entities: z
    .array(
      z.object({
        row: z.number().int(),
        creditCode: z.string().nullable(),
        name: z.string().nullable(),
        resolution: z.enum(CHECK_RESOLUTIONS),
        verdict: z.enum(CHECK_VERDICTS).nullable(),
      }),
    )
    .optional()
    .describe('各主体的核查结论（仅在摘要一致时给出）'),
});
export type CheckVerificationDto = z.infer<typeof CheckVerificationSchema>;
