import { AGENCY_KINDS, AGENCY_LEVELS, PERMISSIONS, validateIdCardNumber } from '@gzcredit/domain';
import { z } from 'zod';

export const SignInBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1, { error: '请输入用户名' }).max(64),
  password: z.string().min(1, { error: '请输入密码' }).max(128),
  otp: z
    .string()
    .regex(/^\d{6}$/, { error: '动态口令为 6 位数字' })
    .optional(),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

export const AgencySummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  regionCode: z.string(),
  level: z.enum(AGENCY_LEVELS),
  kind: z.enum(AGENCY_KINDS),
});

export const MeSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  agency: AgencySummarySchema,
  permissions: z.array(z.enum(PERMISSIONS)),
  mustChangePassword: z.boolean().describe('首次登录或重置后须先修改密码'),
  totpEnabled: z.boolean(),
  totpRequired: z.boolean().describe('管理员角色须绑定动态口令'),
  csrfToken: z.string().describe('控制台修改类请求须在 X-CSRF-Token 请求头中携带'),
});
export type MeDto = z.infer<typeof MeSchema>;

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, { error: '请输入当前密码' }).max(128),
  newPassword: z.string().min(1, { error: '请输入新密码' }).max(128),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

export const OkSchema = z.object({ ok: z.literal(true) });

export const IdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export type IdParams = z.infer<typeof IdParamsSchema>;

const isoDateTime = z.string().describe('ISO 8601 时间');

// 机关 agencies (Rules Art. 19)

export const MANAGER_FILING_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ManagerFilingStatus = (typeof MANAGER_FILING_STATUSES)[number];

export const AgencySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  level: z.enum(AGENCY_LEVELS),
  kind: z.enum(AGENCY_KINDS),
  parentId: z.number().int().nullable(),
  managerFilingStatus: z.enum(['none', ...MANAGER_FILING_STATUSES]).describe('最新一次管理人员备案的状态'),
});
export type AgencyDto = z.infer<typeof AgencySchema>;

export const AgencyListSchema = z.object({ items: z.array(AgencySchema) });
export type AgencyListDto = z.infer<typeof AgencyListSchema>;

export const CreateAgencyBodySchema = z.object({
  name: z.string().trim().min(2, { error: '机关名称至少 2 个字' }).max(100, { error: '机关名称不能超过 100 个字' }),
  regionCode: z.string().regex(/^52\d{4}$/, { error: '请选择贵州省内的行政区划' }),
  level: z.enum(AGENCY_LEVELS, { error: '请选择机关层级' }),
  kind: z.enum(AGENCY_KINDS, { error: '请选择机关类别' }),
});
export type CreateAgencyBody = z.infer<typeof CreateAgencyBodySchema>;

// 管理人员备案 manager filings (Rules Art. 20)

/** A filed manager: the mobile and identity-card number only ever leave the server masked (Art. 24). */
export const ManagerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  post: z.string(),
  mobileMasked: z.string(),
  idCardMasked: z.string(),
});
export type ManagerDto = z.infer<typeof ManagerSchema>;

export const AgencyDetailSchema = AgencySchema.extend({
  managers: z.array(ManagerSchema).describe('最新一次已通过备案的管理人员'),
});
export type AgencyDetailDto = z.infer<typeof AgencyDetailSchema>;

export const ManagerInputSchema = z.object({
  name: z.string().trim().min(1, { error: '请输入姓名' }).max(50, { error: '姓名不能超过 50 个字' }),
  post: z.string().trim().min(1, { error: '请输入职务' }).max(50, { error: '职务不能超过 50 个字' }),
  mobile: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, { error: '手机号码应为 11 位数字，以 13–19 开头' }),
  idCardNumber: z
    .string()
    .trim()
    .toUpperCase()
    .refine(validateIdCardNumber, { error: '身份证号码不正确：应为 18 位，且末位校验码正确' }),
});
export type ManagerInput = z.infer<typeof ManagerInputSchema>;

export const SubmitFilingBodySchema = z.object({
  managers: z
    .array(ManagerInputSchema)
    .min(1, { error: '请至少填报一名管理人员' })
    .max(50, { error: '一次最多备案 50 名管理人员' })
    .refine((managers) => new Set(managers.map((manager) => manager.idCardNumber)).size === managers.length, {
      error: '同一身份证号码不能重复填报',
    }),
});
export type SubmitFilingBody = z.infer<typeof SubmitFilingBodySchema>;

export const FilingSchema = z.object({
  id: z.number().int(),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  bureau: z.object({ id: z.number().int(), name: z.string() }).describe('受理备案的市场监管部门'),
  status: z.enum(MANAGER_FILING_STATUSES),
  submittedAt: isoDateTime,
  submittedBy: z.string().nullable().describe('提交人用户名'),
  reviewedAt: isoDateTime.nullable(),
  reviewNote: z.string().nullable(),
  managers: z.array(ManagerSchema),
});
export type FilingDto = z.infer<typeof FilingSchema>;

export const FilingListSchema = z.object({ items: z.array(FilingSchema) });
export const FilingListQuerySchema = z.object({ status: z.enum(MANAGER_FILING_STATUSES).optional() });
export type FilingListQuery = z.infer<typeof FilingListQuerySchema>;

export const ReturnFilingBodySchema = z.object({
  note: z.string().trim().min(1, { error: '请填写退回原因' }).max(500, { error: '退回原因不能超过 500 个字' }),
});
export type ReturnFilingBody = z.infer<typeof ReturnFilingBodySchema>;

// 账户 accounts (Rules Art. 19, 21, 22)

export const AccountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  manager: z.object({ id: z.number().int(), name: z.string(), post: z.string() }).nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  disabled: z.boolean(),
  lockedUntil: isoDateTime.nullable(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: isoDateTime,
});
export type AccountDto = z.infer<typeof AccountSchema>;

export const ACCOUNT_PAGE_SIZE = 20;

export const AccountListQuerySchema = z.object({
  agencyId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50, { error: '关键词不能超过 50 个字' }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(ACCOUNT_PAGE_SIZE),
});
export type AccountListQuery = z.infer<typeof AccountListQuerySchema>;

export const AccountListSchema = z.object({ items: z.array(AccountSchema), total: z.number().int() });
export type AccountListDto = z.infer<typeof AccountListSchema>;

const permissionList = z
  .array(z.enum(PERMISSIONS, { error: '权限取值无效' }))
  .max(PERMISSIONS.length)
  .transform((permissions) => [...new Set(permissions)]);

export const CreateAccountBodySchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, { error: '用户名须以字母开头，由 3–32 位小写字母、数字或 _ . - 组成' }),
  displayName: z.string().trim().min(1, { error: '请输入姓名' }).max(50, { error: '姓名不能超过 50 个字' }),
  agencyId: z.number({ error: '请选择机关' }).int().positive(),
  managerId: z.number({ error: '请选择已备案的管理人员' }).int().positive(),
  permissions: permissionList,
});
export type CreateAccountBody = z.infer<typeof CreateAccountBodySchema>;

export const CreatedAccountSchema = z.object({
  account: AccountSchema,
  oneTimePassword: z.string().describe('一次性密码，仅显示这一次；首次登录须修改'),
});
export type CreatedAccountDto = z.infer<typeof CreatedAccountSchema>;

export const UpdatePermissionsBodySchema = z.object({ permissions: permissionList });
export type UpdatePermissionsBody = z.infer<typeof UpdatePermissionsBodySchema>;

export const DisableAccountBodySchema = z.object({
  reason: z.string().trim().min(2, { error: '请填写停用原因' }).max(200, { error: '停用原因不能超过 200 个字' }),
});
export type DisableAccountBody = z.infer<typeof DisableAccountBodySchema>;

// 重新获取密码 password-reset requests (Rules Art. 21)

export const RESET_REQUEST_STATUSES = ['pending', 'issued', 'rejected'] as const;
export type ResetRequestStatus = (typeof RESET_REQUEST_STATUSES)[number];

export const PasswordResetRequestBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1, { error: '请输入用户名' }).max(64, { error: '用户名过长' }),
  reason: z.string().trim().min(2, { error: '请说明申请原因' }).max(200, { error: '申请原因不能超过 200 个字' }),
});
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBodySchema>;

export const PasswordResetRequestedSchema = z.object({ ok: z.literal(true), message: z.string() });

export const ResetRequestSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  reason: z.string(),
  status: z.enum(RESET_REQUEST_STATUSES),
  createdAt: isoDateTime,
  handledAt: isoDateTime.nullable(),
  note: z.string().nullable(),
});
export type ResetRequestDto = z.infer<typeof ResetRequestSchema>;

export const ResetRequestListSchema = z.object({ items: z.array(ResetRequestSchema) });
export const ResetRequestListQuerySchema = z.object({ status: z.enum(RESET_REQUEST_STATUSES).optional() });
export type ResetRequestListQuery = z.infer<typeof ResetRequestListQuerySchema>;

export const IssuedPasswordSchema = z.object({
  oneTimePassword: z.string().describe('一次性密码，仅显示这一次；登录后须修改'),
});

export const RejectResetRequestBodySchema = z.object({
  note: z.string().trim().min(1, { error: '请填写驳回原因' }).max(500, { error: '驳回原因不能超过 500 个字' }),
});
export type RejectResetRequestBody = z.infer<typeof RejectResetRequestBodySchema>;

// 动态口令 TOTP second factor (SPEC §6)

export const TotpEnrolmentSchema = z.object({
  secret: z.string().describe('Base32 密钥，可手工输入验证器'),
  otpauthUri: z.string(),
  qrDataUrl: z.string().describe('二维码图片（data:image/png;base64,…）'),
});
export type TotpEnrolmentDto = z.infer<typeof TotpEnrolmentSchema>;

export const ConfirmTotpBodySchema = z.object({
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { error: '动态口令为 6 位数字' }),
});
export type ConfirmTotpBody = z.infer<typeof ConfirmTotpBodySchema>;
