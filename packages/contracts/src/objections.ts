import { z } from 'zod';

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
export const SmsSinkListSchema = z
  .object({ gatewayConfigured: z.boolean(), messages: z.array(SmsSinkMessageSchema) })
  .meta({ id: 'SmsSinkList' });
export type SmsSinkListDto = z.infer<typeof SmsSinkListSchema>;
