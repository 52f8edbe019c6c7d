import { DISHONESTY_LEVELS, REPAIR_STATUSES } from '@gzcredit/domain';
import { z } from 'zod';
import { FileSchema } from './publishing';

/** 信用修复 (《信用修复管理办法》国家发展改革委令第36号): what the portal, the applicant and the console queues exchange. */

const reasonText = (what: string) =>
  z
    .string()
    .trim()
    .min(2, { error: `请填写${what}` })
    .max(2000, { error: `${what}不能超过 2000 字` });

export const RepairTermsQuerySchema = z.object({
  recordId: z.coerce.number().int().positive().describe('公示信息的 ID（企业信用信息页中每条信息的 id）'),
});

/** What an entity reads before applying: whether and from when the record may be repaired, and the 信用承诺书 to sign. */
export const RepairTermsSchema = z.object({
  recordId: z.number().int(),
  entityName: z.string(),
  creditCode: z.string(),
  itemName: z.string(),
  agencyName: z.string().describe('认定单位（信息提供单位），由其决定是否修复'),
  aroseOn: z.string().describe('认定日期（公示期自此起算）'),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  eligible: z.boolean().describe('现在是否可以申请'),
  repairableFrom: z.string().nullable().describe('最早可申请的日期'),
  minMonths: z.number().int().nullable().describe('最短公示期（月）'),
  message: z.string().nullable().describe('不能申请时的原因'),
  commitmentText: z.string().describe('平台生成的信用修复承诺书全文，申请时签署'),
  acceptanceWorkingDays: z.number().int().describe('平台受理期限（工作日）'),
  decisionWorkingDays: z.number().int().describe('认定单位决定期限（工作日，自受理起）'),
});
export type RepairTermsDto = z.infer<typeof RepairTermsSchema>;

/** The form fields of `POST /api/public/repairs` (multipart/form-data); evidence files come as `evidence` parts. */
export const SubmitRepairFieldsSchema = z.object({
  recordId: z.coerce.number({ error: '请选择申请修复的信息' }).int().positive({ error: '请选择申请修复的信息' }),
  correction: reasonText('纠正失信行为、履行法定义务的情况'),
  commitmentSignedBy: z
    .string()
    .trim()
    .min(2, { error: '请签署信用修复承诺书（填写法定代表人或授权人姓名）' })
    .max(50, { error: '签署人姓名不能超过 50 字' }),
});
export type SubmitRepairFields = z.infer<typeof SubmitRepairFieldsSchema>;

export const MAX_REPAIR_EVIDENCE_FILES = 5;

export const RepairReceiptSchema = z.object({
  repairNo: z.string().describe('申请编号，凭此查询办理进度'),
  status: z.enum(REPAIR_STATUSES),
  acceptDueOn: z.string().describe('平台受理期限（3 个工作日）'),
});
export type RepairReceiptDto = z.infer<typeof RepairReceiptSchema>;

export const RepairNoParamsSchema = z.object({
  no: z
    .string()
    .regex(/^XF\d{8}[0-9A-Z]{10}$/, { error: '申请编号格式不正确' })
    .describe('申请编号'),
});

/** An application as its applicant follows it. */
export const PublicRepairSchema = z.object({
  repairNo: z.string(),
  status: z.enum(REPAIR_STATUSES),
  entityName: z.string(),
  creditCode: z.string(),
  itemName: z.string(),
  agencyName: z.string(),
  aroseOn: z.string(),
  submittedAt: z.string(),
  acceptDueOn: z.string(),
  acceptedAt: z.string().nullable(),
  decideDueOn: z.string().nullable().describe('认定单位决定期限；延期后为延长后的期限'),
  extensionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable().describe('不予受理或不予修复的理由；准予修复时的说明'),
  evidence: z.array(z.object({ name: z.string(), size: z.number().int() })),
});
export type PublicRepairDto = z.infer<typeof PublicRepairSchema>;

/** An application in the console queues (the provincial bureau's acceptance, the agency's decision). */
export const RepairSchema = PublicRepairSchema.extend({
  id: z.number().int(),
  recordId: z.number().int(),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  dishonestyLevel: z.enum(DISHONESTY_LEVELS).nullable(),
  applicantName: z.string(),
  correction: z.string(),
  commitmentText: z.string(),
  commitmentSignedBy: z.string(),
  extendedDueOn: z.string().nullable(),
  /** The deadline of the stage the application is in (acceptance, decision), null once closed. */
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  files: z.array(FileSchema),
});
export type RepairDto = z.infer<typeof RepairSchema>;

export const RepairsQuerySchema = z.object({ status: z.enum(REPAIR_STATUSES).optional() });
export const RepairListSchema = z.object({ items: z.array(RepairSchema) });

export const AcceptRepairBodySchema = z
  .object({
    accepted: z.boolean().describe('true 受理；false 材料不全，不予受理'),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((body) => body.accepted || (body.reason?.length ?? 0) >= 2, {
    path: ['reason'],
    error: '不予受理须说明理由（缺少哪些材料）',
  });
export const ExtendRepairBodySchema = z.object({ reason: reasonText('延期理由') });
export const DecideRepairBodySchema = z
  .object({
    approved: z.boolean().describe('true 准予修复；false 不予修复'),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((body) => body.approved || (body.reason?.length ?? 0) >= 2, {
    path: ['reason'],
    error: '不予修复须说明理由',
  });

export const RepairFileParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  fileId: z.coerce.number().int().positive(),
});
