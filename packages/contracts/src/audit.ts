import { z } from 'zod';

export const AUDIT_RESULTS = ['success', 'failure', 'denied'] as const;
export const AUDIT_MAX_PAGE_SIZE = 100;

/**
 * The closed table of audit actions (past tense, `<feature>.<verb>ed`) with the Chinese name the audit viewer shows
 * (Rules Art. 25: the audit administrator reads the trail). A new action is added here first, or it does not compile.
 */
export const AUDIT_ACTIONS = {
  'platform.bootstrapped': '平台初始化（创建初始管理员）',
  'platform.migrated': '执行数据库迁移（命令行）',
  'platform.data-key-rotated': '轮换数据密钥（命令行）',
  'request.refused': '请求在入口被拒绝（主机名、格式或大小不符）',
  'session.signed-in': '登录',
  'session.signed-out': '退出登录',
  'account.password-changed': '修改密码',
  'totp.enrolment-started': '开始绑定动态口令',
  'totp.enabled': '绑定动态口令',
  'account.listed': '查看账户列表',
  'account.created': '分配账户',
  'account.viewed': '查看账户详情',
  'account.permissions-changed': '设置账户权限',
  'account.disabled': '停用账户',
  'account.enabled': '启用账户',
  'account.second-factor-reset': '解除动态口令绑定（命令行）',
  'account.unlocked': '解除登录锁定（命令行）',
  'agency.created': '开设机关',
  'agency.viewed': '查看机关详情',
  'filing.listed': '查看管理人员备案列表',
  'filing.viewed': '查看管理人员备案',
  'filing.submitted': '报送管理人员备案',
  'filing.recorded': '录入纸质管理人员备案',
  'filing.accepted': '通过管理人员备案',
  'filing.returned': '退回管理人员备案',
  'password-reset.requested': '申请重置密码',
  'password-reset.listed': '查看密码重置申请',
  'password-reset.issued': '签发一次性密码',
  'password-reset.rejected': '驳回密码重置申请',
  'audit.viewed': '查询审计日志',
  'audit.verified': '核验审计日志哈希链',
  'calendar.year-confirmed': '确认年度节假日安排',
  'catalogue.edition-created': '新建征集目录草稿版本',
  'catalogue.item-added': '新增信息项',
  'catalogue.item-changed': '修改信息项',
  'catalogue.edition-published': '发布征集目录',
  'api-client.created': '创建接口凭证',
  'api-client.revoked': '吊销接口凭证',
  'exchange.records-pushed': '接口推送信息',
  'exchange.removals-pushed': '接口推送移出名单',
  'exchange.records-pulled': '接口拉取信息',
  'exchange.request-refused': '接口请求被拒绝',
  'exchange.request-failed': '接口请求失败',
  'fault.reported': '报告故障',
  'fault.viewed': '查看故障报告',
  'fault.commented': '故障补充说明或处理意见',
  'fault.assigned': '指派故障处理人',
  'fault.resolved': '故障标记已解决',
  'fault.closed': '关闭故障',
  'file.uploaded': '上传文件',
  'file.downloaded': '下载文件',
  'upload.created': '上传数据文件',
  'upload.viewed': '查看上传处理状态',
  'upload.processed': '数据文件处理完毕',
  'upload.error-report-downloaded': '下载错误报告',
  'publicity.configured': '设定公示内容',
  'publicity.withholding-overruled': '纠正不公示事项',
  'column.requested': '申请开设专栏',
  'column.decided': '审批专栏申请',
  'article.created': '新建信息',
  'article.viewed': '预览信息',
  'article.edited': '修改信息',
  'article.published': '发布信息',
  'article.withdrawn': '撤回信息',
  'article.withdrawn-by-operator': '省局撤回信息',
  'record.listed': '查看报送的信息',
  'record.viewed': '查看信息详情',
  'record.submitted': '在线填报信息',
  'record.corrected': '更正信息',
  'record.revoked': '撤销信息',
  'record.removed': '移出名单',
  'record.annotated': '标注失信等级',
} as const satisfies Record<string, string>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** 审计查询 filters of the audit viewer (audit.admin); newest rows first. */
export const ListAuditQuerySchema = z.object({
  from: z.iso
    .datetime({ offset: true, error: '应为带时区的时间，如 2026-12-01T08:00:00+08:00' })
    .optional()
    .describe('起始时间（含）'),
  to: z.iso
    .datetime({ offset: true, error: '应为带时区的时间，如 2026-12-01T18:00:00+08:00' })
    .optional()
    .describe('截止时间（不含）'),
  username: z.string().trim().toLowerCase().min(1).max(64).optional().describe('用户名（精确匹配）'),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('操作，如 account.created；以“.”结尾时按前缀匹配，如 account.'),
  result: z.enum(AUDIT_RESULTS).optional().describe('结果：成功、失败、拒绝'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuerySchema>;

export const AuditRowSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string().describe('发生时间（ISO 8601，UTC）'),
  username: z.string().nullable(),
  agencyId: z.number().int().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditRowDto = z.infer<typeof AuditRowSchema>;

export const ListAuditResponseSchema = z.object({
  items: z.array(AuditRowSchema),
  total: z.number().int(),
});
export type ListAuditResponse = z.infer<typeof ListAuditResponseSchema>;

/** The result of walking the SM3 hash chain: the first broken row, if any (Rules Art. 14, 25). */
export const AuditVerificationSchema = z.object({
  intact: z.boolean(),
  checked: z.number().int().describe('已核验的行数（断点之前）'),
  brokenRowId: z
    .number()
    .int()
    .optional()
    .describe('第一处断链的审计记录编号；rows-missing 时为缺失记录之前的最后一行（0 表示全部缺失）'),
  problem: z
    .enum(['broken-link', 'altered-row', 'rows-missing', 'witness-mismatch'])
    .optional()
    .describe(
      'broken-link：与前一行的链接断裂（前一行被删除或篡改）；altered-row：本行内容被篡改；' +
        'rows-missing：链头见证记录之后的链尾记录缺失；witness-mismatch：与链头见证记录不符（哈希链被重建）',
    ),
  reason: z.string().optional(),
});
export type AuditVerificationDto = z.infer<typeof AuditVerificationSchema>;

/** Verification takes no input; an empty object keeps the request a JSON POST (CSRF header required). */
export const VerifyAuditBodySchema = z.object({}).strict();
