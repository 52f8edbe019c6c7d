import { AGENCY_KINDS, AGENCY_LEVELS, PERMISSIONS } from '@gzcredit/domain';
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
