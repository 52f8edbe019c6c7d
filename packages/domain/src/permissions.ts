/** The seven agency permissions of Rules Art. 22, and the administrative roles (SPEC C2). */
export const AGENCY_PERMISSIONS = [
  'record.submit',
  'record.query',
  'content.publish',
  'exchange.configure',
  'publicity.configure',
  'record.correct',
  'record.annotate',
] as const;
/** 三员分立: no account holds two of these three (等保 2.0 separation of duties). */
export const ADMIN_ROLES = ['account.admin', 'security.admin', 'audit.admin'] as const;
export const PERMISSIONS = [...AGENCY_PERMISSIONS, ...ADMIN_ROLES, 'platform.operator', 'oversight'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Whoever works with an agency's records reads them (Art. 22: 传送, 查询和下载, 更正, 失信等级标注). */
export const RECORD_PERMISSIONS = [
  'record.submit',
  'record.query',
  'record.correct',
  'record.annotate',
] as const satisfies readonly Permission[];

/**
 * 监管名单 watch-lists and their alerts: Rules Art. 17 第二款 has supervising agencies 查询、掌握 the enterprises they
 * supervise, a use of the 查询 permission of Art. 22(二).
 */
export const WATCHLIST_PERMISSION = 'record.query' satisfies Permission;

/**
 * 开发环境短信 (the development SMS sink, issue 21): it shows working sign-in codes of every entity, so only the provincial
 * operator and the security administrator read it.
 */
export const SMS_SINK_PERMISSIONS = ['platform.operator', 'security.admin'] as const satisfies readonly Permission[];

export const PERMISSION_LABELS: Record<Permission, string> = {
  'record.submit': '传送企业公共信用信息',
  'record.query': '查询和下载企业公共信用信息',
  'content.publish': '发布法律法规、政策规定和动态信息',
  'exchange.configure': '设定信息交换内容',
  'publicity.configure': '设定信息公示内容',
  'record.correct': '更正错误信息',
  'record.annotate': '失信等级标注',
  'account.admin': '系统管理员（账户分配）',
  'security.admin': '安全管理员',
  'audit.admin': '审计管理员',
  'platform.operator': '平台运营（省局）',
  oversight: '牵头部门监督（只读）',
};

export function isAdminRole(permission: Permission): boolean {
  return (ADMIN_ROLES as readonly string[]).includes(permission);
}

/** 各级国家机关 agency kinds (Rules Art. 2, 5). */
export const AGENCY_KINDS = [
  'market_regulation',
  'development_reform',
  'administrative',
  'judicial',
  'authorised',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  market_regulation: '市场监管部门',
  development_reform: '发展改革部门',
  administrative: '其他行政机关',
  judicial: '司法机关',
  authorised: '授权或委托的组织',
};

export const AGENCY_LEVELS = ['province', 'prefecture', 'county'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];
export const AGENCY_LEVEL_LABELS: Record<AgencyLevel, string> = {
  province: '省级',
  prefecture: '市（州）级',
  county: '县（市、区）级',
};
