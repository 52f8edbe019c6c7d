import type { Permission } from '@gzcredit/domain';

export interface ConsoleMenuEntry {
  path: string;
  label: string;
  /** Shown only to accounts holding this permission; everyone when absent. */
  permission?: Permission;
}

/** The console's menu in display order; the router applies the same permissions to the pages. */
export const CONSOLE_MENU: readonly ConsoleMenuEntry[] = [
  { path: '/console', label: '首页' },
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
  { path: '/console/audit', label: '审计日志', permission: 'audit.admin' },
  { path: '/console/account', label: '我的账户' },
];

export function menuEntriesFor(permissions: readonly Permission[]): ConsoleMenuEntry[] {
  return CONSOLE_MENU.filter((entry) => !entry.permission || permissions.includes(entry.permission));
}
