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
  'request.rate-limited': '请求超过频率限制（每个来源每分钟记一次）',
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
  'transparency.checkpoint-signed': '签发可验证日志检查点',
  'transparency.witness-failed': '可验证日志检查点未能写入见证目录',
  'transparency.log-inconsistent': '可验证日志一致性校验失败',
  'calendar.year-confirmed': '确认年度节假日安排',
  'catalogue.edition-created': '新建征集目录草稿版本',
  'catalogue.item-added': '新增信息项',
  'catalogue.item-changed': '修改信息项',
  'catalogue.edition-published': '发布征集目录',
  'checks.purpose-added': '新增核查事项',
  'checks.purpose-changed': '修改核查事项',
  'checks.measure-edition-created': '新建失信惩戒措施清单草稿版本',
  'checks.measure-added': '新增失信惩戒措施',
  'checks.measure-changed': '修改失信惩戒措施',
  'checks.measure-deleted': '删除失信惩戒措施',
  'checks.measure-edition-published': '发布失信惩戒措施清单',
  'api-client.created': '创建接口凭证',
  'api-client.revoked': '吊销接口凭证',
  'exchange.records-pushed': '接口推送信息',
  'exchange.removals-pushed': '接口推送移出名单',
  'exchange.records-pulled': '接口拉取信息',
  'exchange.catalogue-read': '接口读取征集目录',
  'exchange.check-performed': '接口信用核查',
  'check.performed': '信用核查',
  'check.list-read': '读取被核查主体名单（上传文件）',
  'check.viewed': '查看信用核查结果',
  'check.printed': '打印信用核查结果（PDF）',
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
  'timeliness.agencies-viewed': '查看各单位报送考核情况',
  'timeliness.agencies-exported': '导出各单位报送考核排名',
  'timeliness.notice-drafted': '起草报送情况月度通报',
  'statistics.analysis-viewed': '查看统计分析',
  'statistics.analysis-exported': '导出统计分析',
  'security.events-viewed': '查看安全事件报告',
  'security.events-exported': '导出安全事件报告',
  'sharing.configured': '设定信息交换内容',
  'sharing.floor-configured': '设定交换底线（省局）',
  'sharing.queried': '共享查询',
  'sharing.exported': '下载共享信息',
  'watchlist.created': '新建监管名单',
  'watchlist.viewed': '查看监管名单',
  'watchlist.updated': '修改监管名单',
  'watchlist.deleted': '删除监管名单',
  'watchlist.alerts-listed': '查看预警提醒',
  'watchlist.alert-read': '预警标记已读',
  'watchlist.alerts-read': '预警全部标记已读',
  'watchlist.digests-listed': '查看预警日报',
  'watchlist.settings-updated': '设定预警日报邮箱',
  'todos.viewed': '查看待办事项',
  'applicant.code-sent': '向主体登记手机号发送申请人验证码',
  'applicant.signed-in': '申请人身份验证（异议、信用修复）',
  'applicant.signed-out': '申请人退出',
  'applicant.sms-sink-viewed': '查看开发环境短信（验证码）',
  'sync.destinations-viewed': '查看同步推送目的地',
  'sync.destination-changed': '设置同步推送目的地',
  'sync.dead-letters-viewed': '查看同步推送死信',
  'sync.dead-letters-retried': '重试同步推送死信',
  'repair.submitted': '申请信用修复',
  'repair.followed': '查询信用修复申请进度',
  'repair.listed': '查看信用修复申请',
  'repair.viewed': '查看信用修复申请详情',
  'repair.acceptance-decided': '受理或不予受理信用修复申请',
  'repair.extended': '延长信用修复决定期限',
  'repair.decided': '决定是否准予信用修复',
  'repair.file-downloaded': '下载信用修复证明材料',
  'repair.notice-downloaded': '下载信用修复告知书',
  'objection.filed': '提出异议',
  'objection.viewed': '查看异议',
  'objection.listed': '查看异议处理队列',
  'objection.extended': '异议处理延期',
  'objection.decided': '作出异议处理决定',
} as const satisfies Record<string, string>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The codes whose Chinese names contain `text` (the auditor filters by a name such as 登录 or 备案). */
export function auditActionsNamed(text: string): AuditAction[] {
  const wanted = text.trim();
  return (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((action) => AUDIT_ACTIONS[action].includes(wanted));
}

/** The Chinese name of what an audit row's `objectType` names (the audit viewer shows it with the object's number). */
export const AUDIT_OBJECT_TYPE_LABELS: Record<string, string> = {
  account: '账户',
  agency: '机关',
  'api-client': '接口凭证',
  applicant: '申请主体',
  article: '信息（文章）',
  'calendar-year': '年度节假日安排',
  'catalogue-edition': '征集目录版本',
  'catalogue-item': '信息项',
  'check-purpose': '核查事项',
  column: '专栏',
  'credit-check': '信用核查',
  'exchange-batch': '交换批次',
  'exchange-floor': '交换底线',
  'sync-destination': '同步推送目的地',
  'exchange-item': '交换设定（信息项）',
  fault: '故障报告',
  file: '文件',
  filing: '管理人员备案',
  listing: '名单信息',
  measure: '失信惩戒措施',
  objection: '异议',
  'measure-edition': '失信惩戒措施清单版本',
  'publicity-item': '公示设定（信息项）',
  'publicity-withholding': '不公示事项',
  record: '信用信息',
  repair: '信用修复申请',
  'reset-request': '密码重置申请',
  upload: '上传文件',
  watchlist: '监管名单',
  'watchlist-alert': '预警提醒',
};

/**
 * Chinese names of the keys audit rows carry in `details`, for the audit viewer's readable details; a key without one
 * is shown as it is. `from` and `to` (and `before` and `after`) are shown as a change.
 */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  accepted: '导入成功',
  account: '账户',
  accountId: '账户编号',
  active: '启用',
  added: '增加',
  after: '修改后',
  agencies: '单位数',
  agency: '机关',
  agencyId: '机关编号',
  assigneeId: '处理人编号',
  authority: '作出决定机关',
  basedOnId: '所依据的版本',
  before: '修改前',
  bureauId: '备案机关编号',
  channel: '渠道',
  checkNo: '核查编号',
  checked: '已核验行数',
  code: '代码（错误码）',
  correctedRecordId: '被更正的信息编号',
  count: '数量',
  counts: '计数',
  digestAddress: '日报邮箱',
  duplicate: '重复提交',
  edition: '版本',
  editionId: '版本编号',
  entities: '主体数',
  file: '文件',
  fileName: '文件名',
  filingId: '备案编号',
  filters: '查询条件',
  format: '格式',
  found: '找到',
  from: '原值',
  ground: '依据',
  hadSecondFactor: '原已绑定动态口令',
  hiddenFields: '不公示的数据项',
  holidays: '放假天数',
  intact: '完整',
  itemCode: '信息项代码',
  itemId: '信息项编号',
  items: '条目',
  keyId: '凭证编号',
  kind: '类型',
  label: '名称',
  level: '失信等级',
  list: '清单',
  locked: '锁定',
  managers: '管理人员',
  measureId: '措施编号',
  method: '请求方法',
  managerId: '管理人员编号',
  month: '月份',
  name: '名称',
  network: '网络（地址段）',
  newRecordId: '新版本信息编号',
  note: '说明',
  page: '页码',
  pageSize: '每页条数',
  permission: '所需权限',
  permissions: '权限',
  period: '统计期间',
  previousHash: '原版本摘要',
  previousId: '原版本编号',
  publicised: '公示',
  purpose: '用途',
  q: '关键词',
  query: '查询条件',
  reason: '原因',
  received: '收到',
  recordId: '信息编号',
  refused: '拒绝',
  regionCode: '地区代码',
  rejected: '导入失败',
  removals: '移出条数',
  removed: '移除',
  removedOn: '移出日期',
  result: '结果',
  route: '接口',
  rows: '行数',
  rules: '规则',
  severity: '严重程度',
  silent: '未报送单位数',
  size: '大小（字节）',
  sort: '排名依据',
  status: '状态',
  title: '标题',
  to: '新值',
  uploadId: '上传编号',
  username: '用户名',
  version: '版本',
  workdays: '调休上班天数',
};

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
    .describe(
      '操作：代码，如 account.created（以“.”结尾时按前缀匹配，如 account.），或中文名称中的文字，如 登录、备案（匹配名称含这些文字的全部操作）',
    ),
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
  agencyName: z.string().nullable().describe('操作账户所属机关的名称'),
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

/**
 * 安全事件 (Rules Art. 28: 泄露、丢失、篡改; issue 19 item 4): what the audit trail already holds, read as events for the
 * security administrator. Each kind with its Chinese name and its severity.
 */
export const SECURITY_EVENT_KINDS = [
  'audit-chain-broken',
  'mass-download',
  'sign-in-locked',
  'api-refused',
  'access-denied',
  'rate-limited',
  'log-inconsistent',
  'witness-failed',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];
export const SECURITY_EVENT_KIND_LABELS: Record<SecurityEventKind, string> = {
  'audit-chain-broken': '审计日志哈希链断裂（疑似篡改或删除）',
  'mass-download': '大量下载或导出',
  'sign-in-locked': '连续登录失败被锁定',
  'api-refused': '接口请求被拒绝（签名、凭证或权限）',
  'access-denied': '越权访问被拒绝',
  'rate-limited': '请求超过频率限制',
  'log-inconsistent': '可验证日志一致性校验失败（疑似篡改或删除）',
  'witness-failed': '可验证日志检查点未能写入见证目录',
};
export const SECURITY_SEVERITIES = ['high', 'medium', 'low'] as const;
export type SecuritySeverity = (typeof SECURITY_SEVERITIES)[number];
export const SECURITY_SEVERITY_LABELS: Record<SecuritySeverity, string> = { high: '高', medium: '中', low: '低' };
export const SECURITY_EVENT_SEVERITIES: Record<SecurityEventKind, SecuritySeverity> = {
  'audit-chain-broken': 'high',
  'mass-download': 'high',
  'sign-in-locked': 'medium',
  'api-refused': 'medium',
  'access-denied': 'medium',
  'rate-limited': 'low',
  'log-inconsistent': 'high',
  'witness-failed': 'high',
};
/** The most events one report lists (newest first); a longer period is narrowed by the filters. */
export const SECURITY_EVENTS_MAX = 1000;

const securityDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为 YYYY-MM-DD 格式的日期，如 2026-12-01' })
  .optional();

export const SecurityEventsQuerySchema = z
  .object({
    from: securityDate.describe('开始日期（含，北京时间）；不填为 30 天前'),
    to: securityDate.describe('结束日期（含，北京时间）；不填为今天'),
    kind: z
      .enum(SECURITY_EVENT_KINDS, { error: `事件类型应为 ${SECURITY_EVENT_KINDS.join('、')} 之一` })
      .optional()
      .describe('事件类型'),
    severity: z
      .enum(SECURITY_SEVERITIES, { error: '严重程度应为 high（高）、medium（中）或 low（低）' })
      .optional()
      .describe('严重程度'),
    agency: z.coerce
      .number()
      .int({ error: '单位应为机关编号' })
      .positive({ error: '单位应为机关编号' })
      .optional()
      .describe('单位（机关编号）'),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.to < query.from) {
      context.addIssue({ code: 'custom', path: ['to'], message: `结束日期 ${query.to} 早于开始日期 ${query.from}` });
    }
  });
export type SecurityEventsQuery = z.infer<typeof SecurityEventsQuerySchema>;

export const SecurityEventSchema = z.object({
  kind: z.enum(SECURITY_EVENT_KINDS),
  kindName: z.string().describe('事件类型的中文名称'),
  severity: z.enum(SECURITY_SEVERITIES),
  occurredAt: z.string().describe('事件开始时间（ISO 8601）：同一来源一小时内的同类记录合为一个事件'),
  lastAt: z.string().describe('事件最后一条记录的时间（ISO 8601）'),
  count: z.number().int().describe('合并的审计记录条数'),
  username: z.string().nullable().describe('操作者（用户名；接口凭证或匿名请求为空）'),
  agency: z.object({ id: z.number().int(), name: z.string() }).nullable().describe('操作者所属单位'),
  ip: z.string().nullable(),
  description: z.string().describe('中文说明'),
  auditId: z.number().int().describe('第一条相关审计记录的编号（在审计日志中查看明细）'),
});
export type SecurityEventDto = z.infer<typeof SecurityEventSchema>;

export const SecurityEventsSchema = z.object({
  from: z.string(),
  to: z.string(),
  massDownloadPerHour: z
    .number()
    .int()
    .describe('大量下载的阈值：同一账户（或接口凭证所属单位）一小时内下载或导出的次数'),
  items: z.array(SecurityEventSchema),
  truncated: z.boolean().describe(`事件超过 ${SECURITY_EVENTS_MAX} 个时只列出最新的 ${SECURITY_EVENTS_MAX} 个`),
});
export type SecurityEventsDto = z.infer<typeof SecurityEventsSchema>;
