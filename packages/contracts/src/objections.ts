import { z } from 'zod';
import { CorrectRecordBodySchema } from './records';

/**
 * 异议与信用修复的申请人 (issue 21 item 1): an entity acts through its legal representative or an authorised person,
 * who proves it by a one-time code sent to the mobile of the entity's registration record, or through the province's
 * unified identity service (OpenID Connect).
 */
export const APPLICANT_ROLES = ['legal_representative', 'authorised_person'] as const;
export type ApplicantRole = (typeof APPLICANT_ROLES)[number];
export const APPLICANT_ROLE_LABELS: Record<ApplicantRole, string> = {
  legal_representative: '法定代表人（负责人）',
  authorised_person: '经授权的经办人',
};
export const APPLICANT_METHOD_LABELS = { sms: '登记手机号验证码', oidc: '统一身份认证' } as const;
export type ApplicantMethod = keyof typeof APPLICANT_METHOD_LABELS;

const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { error: '统一社会信用代码应为 18 位数字或大写字母' })
  .describe('申请主体的统一社会信用代码');

export const RequestApplicantCodeBodySchema = z.object({
  creditCode,
  role: z.enum(APPLICANT_ROLES, { error: '请选择申请人身份（法定代表人或经授权的经办人）' }).describe('申请人身份'),
  name: z
    .string()
    .trim()
    .min(2, { error: '请填写申请人姓名' })
    .max(50, { error: '申请人姓名不能超过 50 个字' })
    .describe('申请人姓名'),
});
export type RequestApplicantCodeBody = z.infer<typeof RequestApplicantCodeBodySchema>;

export const ApplicantCodeSentSchema = z
  .object({
    maskedMobile: z.string().describe('接收验证码的登记手机号（脱敏）'),
    expiresAt: z.string().describe('验证码失效时间'),
    resendAfterSeconds: z.number().int().describe('多少秒后可重新获取'),
  })
  .meta({ id: 'ApplicantCodeSent' });
export type ApplicantCodeSentDto = z.infer<typeof ApplicantCodeSentSchema>;

export const ApplicantSignInBodySchema = z.object({
  creditCode,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { error: '验证码应为 6 位数字' })
    .describe('短信验证码'),
});
export type ApplicantSignInBody = z.infer<typeof ApplicantSignInBodySchema>;

export const ApplicantSessionSchema = z
  .object({
    creditCode: z.string(),
    entityName: z.string(),
    method: z.enum(['sms', 'oidc']).describe('身份验证方式'),
    role: z.enum(APPLICANT_ROLES).nullable().describe('申请人身份（统一身份认证时由认证服务确认，为空）'),
    name: z.string().describe('申请人姓名'),
    csrfToken: z.string().describe('提交申请时放在 X-CSRF-Token 请求头中'),
    expiresAt: z.string(),
  })
  .meta({ id: 'ApplicantSession' });
export type ApplicantSessionDto = z.infer<typeof ApplicantSessionSchema>;

export const OidcStartQuerySchema = z.object({
  returnTo: z
    .string()
    .regex(/^\/(?!\/)[^\s]*$/, { error: '返回地址应为本站路径' })
    .max(300)
    .optional()
    .describe('认证后返回的门户页面（本站路径）'),
});

export const OidcCallbackQuerySchema = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  iss: z.string().max(500).optional(),
});

export const IdentityOptionsSchema = z
  .object({
    sms: z.boolean().describe('是否可用登记手机号验证码'),
    oidc: z.boolean().describe('是否可用统一身份认证'),
  })
  .meta({ id: 'ApplicantIdentityOptions' });

/** The development SMS sink (no gateway configured): what would have been sent, for the console only. */
export const SmsSinkMessageSchema = z.object({
  id: z.number(),
  sentAt: z.string(),
  maskedMobile: z.string(),
  creditCode: z.string(),
  text: z.string(),
});
export const SmsSinkListSchema = z.object({ messages: z.array(SmsSinkMessageSchema) }).meta({ id: 'SmsSinkList' });
export type SmsSinkListDto = z.infer<typeof SmsSinkListSchema>;

/** 异议 (issue 21 item 2): what an objection is at each step, and the providing agency's three decisions. */
export const OBJECTION_STATUSES = ['pending', 'upheld', 'corrected', 'revoked'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = {
  pending: '异议处理中',
  upheld: '维持原信息',
  corrected: '已更正',
  revoked: '已撤销该信息',
};
export const OBJECTION_OUTCOMES = ['upheld', 'corrected', 'revoked'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
/** Most evidence files one objection carries; each is an attachment (documents and images, 20 MB, checked by content). */
export const OBJECTION_MAX_FILES = 5;

const objectionReasons = z
  .string()
  .trim()
  .min(10, { error: '异议理由至少 10 个字' })
  .max(5000, { error: '异议理由不能超过 5000 字' });

/** The text fields of `POST /api/public/objections` (multipart/form-data, with up to 5 `evidence` files). */
export const CreateObjectionFieldsSchema = z.object({
  recordId: z.coerce
    .number({ error: '请选择提出异议的信息' })
    .int()
    .positive({ error: '请选择提出异议的信息' })
    .describe('提出异议的公示信息编号'),
  contactName: z
    .string()
    .trim()
    .min(2, { error: '请填写联系人姓名' })
    .max(50, { error: '联系人姓名不能超过 50 个字' })
    .describe('联系人'),
  contactPhone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: '联系电话应为 11 位手机号或带区号的固定电话' })
    .describe('联系电话（加密存储，只显示脱敏号码）'),
  reasons: objectionReasons.describe('异议理由：信息哪里有误，依据是什么'),
});
export type CreateObjectionFields = z.infer<typeof CreateObjectionFieldsSchema>;
/** For the OpenAPI document: the form as a browser sends it. */
export const CreateObjectionMultipartSchema = CreateObjectionFieldsSchema.extend({
  evidence: z
    .array(z.string().meta({ format: 'binary' }))
    .max(OBJECTION_MAX_FILES)
    .optional()
    .describe('证明材料'),
});

export const ObjectionNumberParamsSchema = z.object({
  objectionNo: z
    .string()
    // YY + the China date + 10 random base-32 characters; YY + 14 digits for objections filed before (migration 0040).
    .regex(/^YY\d{8}(?:\d{6}|[0-9A-Z]{10})$/, { error: '异议编号格式不正确' })
    .describe('异议编号'),
});

export const ObjectionFileSchema = z.object({ id: z.number(), name: z.string(), size: z.number() });

/** An objection as its objector follows it (by number, in its own applicant session only). */
export const ObjectionSchema = z
  .object({
    objectionNo: z.string(),
    status: z.enum(OBJECTION_STATUSES),
    statusLabel: z.string(),
    record: z.object({
      id: z.number(),
      itemName: z.string(),
      agencyName: z.string().describe('信息提供单位（作出决定的单位）'),
      aroseOn: z.string(),
    }),
    contactName: z.string(),
    contactPhoneMasked: z.string(),
    reasons: z.string(),
    evidence: z.array(ObjectionFileSchema),
    filedAt: z.string(),
    dueOn: z.string().describe('处理期限（工作日计算；延期后为延长后的期限）'),
    extension: z.object({ reason: z.string(), dueOn: z.string() }).nullable().describe('延期及其理由'),
    decision: z
      .object({
        outcome: z.enum(OBJECTION_OUTCOMES),
        decidedAt: z.string(),
        reason: z.string(),
        file: ObjectionFileSchema.nullable().describe('决定文书'),
        correctedRecordId: z.number().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Objection' });
export type ObjectionDto = z.infer<typeof ObjectionSchema>;
export const ObjectionListSchema = z.object({ items: z.array(ObjectionSchema) }).meta({ id: 'ObjectionList' });

/** The console's view: the objection with the entity, the applicant and whether it is overdue (escalated). */
export const ConsoleObjectionSchema = ObjectionSchema.extend({
  id: z.number(),
  entity: z.object({ creditCode: z.string(), name: z.string() }),
  agencyId: z.number(),
  applicant: z.object({ name: z.string(), role: z.enum(APPLICANT_ROLES).nullable(), method: z.enum(['sms', 'oidc']) }),
  contactPhone: z.string().describe('联系电话（脱敏）'),
  overdue: z.boolean().describe('已超过处理期限：已提交省局督办'),
}).meta({ id: 'ConsoleObjection' });
export type ConsoleObjectionDto = z.infer<typeof ConsoleObjectionSchema>;
export const ConsoleObjectionListSchema = z
  .object({ items: z.array(ConsoleObjectionSchema), total: z.number() })
  .meta({ id: 'ConsoleObjectionList' });

export const ObjectionQueueQuerySchema = z.object({
  queue: z
    .enum(['agency', 'escalated'])
    .default('agency')
    .describe('agency：本单位待处理与已处理的异议；escalated：逾期未处理、提交省局督办的异议（省局）'),
  status: z.enum(OBJECTION_STATUSES).optional(),
});

const decisionReason = z
  .string()
  .trim()
  .min(2, { error: '请填写理由（至少 2 个字）' })
  .max(2000, { error: '理由不能超过 2000 字' });

export const ExtendObjectionBodySchema = z.object({ reason: decisionReason.describe('延期理由') });

export const DecideObjectionBodySchema = z.discriminatedUnion(
  'outcome',
  [
    z.object({
      outcome: z.literal('upheld'),
      reason: decisionReason,
      fileId: z.number().int().positive().optional().describe('决定文书（本单位上传的附件）'),
    }),
    z.object({
      outcome: z.literal('revoked'),
      reason: decisionReason,
      fileId: z.number().int().positive().optional(),
    }),
    z.object({
      outcome: z.literal('corrected'),
      reason: decisionReason,
      fileId: z.number().int().positive().optional(),
      record: CorrectRecordBodySchema.shape.record.describe('更正后的信息内容（与“更正信息”相同，生成新版本）'),
    }),
  ],
  { error: '请选择处理结果：维持、更正或撤销' },
);
export type DecideObjectionBody = z.infer<typeof DecideObjectionBodySchema>;
