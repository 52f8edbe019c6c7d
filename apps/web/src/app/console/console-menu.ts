import type { Permission } from '@gzcredit/domain';
import { holdsPermission, type PermissionRequirement, RECORD_PERMISSIONS } from './permission-requirements';

export type { PermissionRequirement } from './permission-requirements';

export interface ConsoleMenuEntry {
  path: string;
  label: string;
  /** Shown only to accounts holding this permission (or any of the list); everyone when absent. */
  permission?: PermissionRequirement;
  /** Consecutive entries with the same group are shown under its title. */
  group?: string;
}

const CREDIT_GROUP = '信用信息';

/** The console's menu in display order; the router applies the same permissions to the pages. */
export const CONSOLE_MENU: readonly ConsoleMenuEntry[] = [
  { path: '/console', label: '首页' },
  { path: '/console/records', label: '本单位信息', permission: RECORD_PERMISSIONS, group: CREDIT_GROUP },
  { path: '/console/record-entry', label: '在线填报', permission: 'record.submit', group: CREDIT_GROUP },
  { path: '/console/uploads', label: '数据上传', permission: 'record.submit', group: CREDIT_GROUP },
  { path: '/console/matching-queue', label: '待匹配队列', permission: RECORD_PERMISSIONS, group: CREDIT_GROUP },
  {
    path: '/console/exchange-log',
    label: '交换日志',
    permission: [...RECORD_PERMISSIONS, 'exchange.configure'],
    group: CREDIT_GROUP,
  },
  {
    path: '/console/timeliness',
    label: '报送及时性',
    permission: [...RECORD_PERMISSIONS, 'platform.operator', 'oversight'],
    group: CREDIT_GROUP,
  },
  { path: '/console/api-clients', label: '接口凭证', permission: 'exchange.configure', group: CREDIT_GROUP },
  { path: '/console/publicity', label: '公示设定', permission: 'publicity.configure', group: CREDIT_GROUP },
  { path: '/console/catalogue', label: '征集目录', group: CREDIT_GROUP },
  { path: '/console/agencies', label: '机构管理', permission: 'account.admin' },
  { path: '/console/accounts', label: '账户管理', permission: 'account.admin' },
  { path: '/console/filings', label: '管理人员备案' },
  { path: '/console/filing-reviews', label: '备案审核', permission: 'account.admin' },
  { path: '/console/reset-requests', label: '密码重置申请', permission: 'account.admin' },
  { path: '/console/articles', label: '信息发布', permission: 'content.publish' },
  { path: '/console/column-requests', label: '专栏申请', permission: 'content.publish' },
  { path: '/console/column-reviews', label: '专栏审批', permission: 'platform.operator' },
  { path: '/console/published-articles', label: '信息管理', permission: 'platform.operator' },
  { path: '/console/faults', label: '故障报告' },
  { path: '/console/fault-queue', label: '故障处理', permission: 'platform.operator' },
  { path: '/console/calendar', label: '工作日历', permission: 'platform.operator' },
  { path: '/console/audit', label: '审计日志', permission: 'audit.admin' },
  { path: '/console/account', label: '我的账户' },
];

export function menuEntriesFor(permissions: readonly Permission[]): ConsoleMenuEntry[] {
  return CONSOLE_MENU.filter((entry) => holdsPermission(permissions, entry.permission));
}
