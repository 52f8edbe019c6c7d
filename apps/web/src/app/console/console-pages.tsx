import { RECORD_PERMISSIONS, SMS_SINK_PERMISSIONS, WATCHLIST_PERMISSION } from '@gzcredit/domain';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { PermissionRequirement } from '../../lib/session';

export interface ConsolePage {
  path: string;
  /** Its entry in the menu; a page without one is reached from another page. */
  label?: string;
  /** Consecutive menu entries with the same group are shown under its title. */
  group?: string;
  /** Held by whoever sees the menu entry and opens the page (or any of the list); everyone when absent. */
  permission?: PermissionRequirement;
  page: LazyExoticComponent<ComponentType>;
}

// Every console page loads on demand: the public portal's first load never carries the console (SPEC §6).
function lazyPage<Name extends string, Module extends Record<Name, ComponentType>>(
  load: () => Promise<Module>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}

// One component for both editor routes, so saving a new article keeps the editor mounted at its new address.
const ArticleEditorPage = lazyPage(
  () => import('../../features/publishing/components/ArticleEditorPage'),
  'ArticleEditorPage',
);

const CREDIT_GROUP = '信用信息';
const SUPERVISION_GROUP = '信用监管';

/** Every page inside the console frame, in menu order: the menu and the routes are both made from this table. */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { path: '/console', label: '首页', page: lazyPage(() => import('./ConsoleHomePage'), 'ConsoleHomePage') },
  {
    path: '/console/records',
    label: '本单位信息',
    group: CREDIT_GROUP,
    permission: RECORD_PERMISSIONS,
    page: lazyPage(() => import('../../features/records/components/RecordsPage'), 'RecordsPage'),
  },
  {
    path: '/console/record-entry',
    label: '在线填报',
    group: CREDIT_GROUP,
    permission: 'record.submit',
    page: lazyPage(() => import('../../features/records/components/RecordEntryPage'), 'RecordEntryPage'),
  },
  {
    path: '/console/uploads',
    label: '数据上传',
    group: CREDIT_GROUP,
    permission: 'record.submit',
    page: lazyPage(() => import('../../features/ingestion/components/UploadPage'), 'UploadPage'),
  },
  {
    path: '/console/matching-queue',
    label: '待匹配队列',
    group: CREDIT_GROUP,
    permission: RECORD_PERMISSIONS,
    page: lazyPage(() => import('../../features/records/components/MatchingQueuePage'), 'MatchingQueuePage'),
  },
  {
    path: '/console/exchange-log',
    label: '交换日志',
    group: CREDIT_GROUP,
    permission: [...RECORD_PERMISSIONS, 'exchange.configure'],
    page: lazyPage(() => import('../../features/records/components/ExchangeLogPage'), 'ExchangeLogPage'),
  },
  {
    path: '/console/timeliness',
    label: '报送及时性',
    group: CREDIT_GROUP,
    permission: [...RECORD_PERMISSIONS, 'platform.operator', 'oversight'],
    page: lazyPage(() => import('../../features/records/components/TimelinessPage'), 'TimelinessPage'),
  },
  {
    path: '/console/analysis',
    label: '统计分析',
    group: CREDIT_GROUP,
    permission: ['record.query', 'oversight', 'platform.operator'],
    page: lazyPage(() => import('../../features/statistics/components/AnalysisPage'), 'AnalysisPage'),
  },
  {
    path: '/console/objections',
    label: '异议处理',
    group: CREDIT_GROUP,
    permission: 'record.correct',
    page: lazyPage(() => import('../../features/objections/components/ObjectionQueuePage'), 'ObjectionQueuePage'),
  },
  {
    path: '/console/objection-escalations',
    label: '异议督办',
    group: CREDIT_GROUP,
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/objections/components/ObjectionQueuePage'), 'ObjectionEscalationsPage'),
  },
  {
    path: '/console/checks',
    label: '信用核查',
    group: CREDIT_GROUP,
    permission: 'record.query',
    page: lazyPage(() => import('../../features/checks/components/CreditChecksPage'), 'CreditChecksPage'),
  },
  {
    path: '/console/api-clients',
    label: '接口凭证',
    group: CREDIT_GROUP,
    permission: 'exchange.configure',
    page: lazyPage(() => import('../../features/exchange/components/ApiClientsPage'), 'ApiClientsPage'),
  },
  {
    path: '/console/shared-query',
    label: '共享查询',
    group: CREDIT_GROUP,
    permission: 'record.query',
    page: lazyPage(() => import('../../features/sharing/components/SharedQueryPage'), 'SharedQueryPage'),
  },
  {
    path: '/console/exchange-settings',
    label: '交换设定',
    group: CREDIT_GROUP,
    permission: 'exchange.configure',
    page: lazyPage(() => import('../../features/sharing/components/ExchangeSettingsPage'), 'ExchangeSettingsPage'),
  },
  {
    path: '/console/exchange-floor',
    label: '交换底线',
    group: CREDIT_GROUP,
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/sharing/components/ExchangeFloorPage'), 'ExchangeFloorPage'),
  },
  {
    path: '/console/publicity',
    label: '公示设定',
    group: CREDIT_GROUP,
    permission: 'publicity.configure',
    page: lazyPage(() => import('../../features/publicity/components/PublicitySettingsPage'), 'PublicitySettingsPage'),
  },
  {
    path: '/console/sync',
    label: '同步推送',
    group: CREDIT_GROUP,
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/sync/components/SyncPage'), 'SyncPage'),
  },
  {
    path: '/console/publicity-withholdings',
    label: '不公示事项审核',
    group: CREDIT_GROUP,
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/publicity/components/WithholdingReviewPage'), 'WithholdingReviewPage'),
  },
  {
    path: '/console/catalogue',
    label: '征集目录',
    group: CREDIT_GROUP,
    page: lazyPage(() => import('../../features/catalogue/components/CataloguePage'), 'CataloguePage'),
  },
  {
    path: '/console/measures',
    label: '失信惩戒措施',
    group: CREDIT_GROUP,
    page: lazyPage(() => import('../../features/checks/components/MeasuresPage'), 'MeasuresPage'),
  },
  {
    path: '/console/repairs',
    label: '信用修复决定',
    group: SUPERVISION_GROUP,
    permission: 'record.correct',
    page: lazyPage(() => import('../../features/objections/components/RepairQueue'), 'RepairDecisionsPage'),
  },
  {
    path: '/console/repair-queue',
    label: '信用修复受理',
    group: SUPERVISION_GROUP,
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/objections/components/RepairQueue'), 'RepairAcceptancePage'),
  },
  {
    path: '/console/watchlists',
    label: '监管名单',
    group: SUPERVISION_GROUP,
    permission: WATCHLIST_PERMISSION,
    page: lazyPage(() => import('../../features/watchlists/components/WatchlistsPage'), 'WatchlistsPage'),
  },
  {
    path: '/console/watchlist-alerts',
    label: '预警提醒',
    group: SUPERVISION_GROUP,
    permission: WATCHLIST_PERMISSION,
    page: lazyPage(() => import('../../features/watchlists/components/WatchlistAlertsPage'), 'WatchlistAlertsPage'),
  },
  {
    path: '/console/agencies',
    label: '机构管理',
    permission: 'account.admin',
    page: lazyPage(() => import('../../features/accounts/components/AgenciesPage'), 'AgenciesPage'),
  },
  {
    path: '/console/accounts',
    label: '账户管理',
    permission: 'account.admin',
    page: lazyPage(() => import('../../features/accounts/components/AccountsPage'), 'AccountsPage'),
  },
  {
    path: '/console/filings',
    label: '管理人员备案',
    page: lazyPage(() => import('../../features/accounts/components/FilingsPage'), 'FilingsPage'),
  },
  {
    path: '/console/filing-reviews',
    label: '备案审核',
    permission: 'account.admin',
    page: lazyPage(() => import('../../features/accounts/components/FilingsPage'), 'FilingReviewsPage'),
  },
  {
    path: '/console/reset-requests',
    label: '密码重置申请',
    permission: 'account.admin',
    page: lazyPage(() => import('../../features/accounts/components/ResetRequestsPage'), 'ResetRequestsPage'),
  },
  {
    path: '/console/articles',
    label: '信息发布',
    permission: 'content.publish',
    page: lazyPage(() => import('../../features/publishing/components/ArticlesPage'), 'ArticlesPage'),
  },
  { path: '/console/articles/new', permission: 'content.publish', page: ArticleEditorPage },
  { path: '/console/articles/:id', permission: 'content.publish', page: ArticleEditorPage },
  {
    path: '/console/column-requests',
    label: '专栏申请',
    permission: 'content.publish',
    page: lazyPage(() => import('../../features/publishing/components/ColumnRequestsPage'), 'ColumnRequestsPage'),
  },
  {
    path: '/console/column-reviews',
    label: '专栏审批',
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/publishing/components/ColumnReviewPage'), 'ColumnReviewPage'),
  },
  {
    path: '/console/published-articles',
    label: '信息管理',
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/publishing/components/PublishedArticlesPage'), 'PublishedArticlesPage'),
  },
  {
    path: '/console/faults',
    label: '故障报告',
    page: lazyPage(() => import('../../features/faults/components/FaultsPage'), 'FaultsPage'),
  },
  {
    path: '/console/fault-queue',
    label: '故障处理',
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/faults/components/FaultQueuePage'), 'FaultQueuePage'),
  },
  {
    path: '/console/calendar',
    label: '工作日历',
    permission: 'platform.operator',
    page: lazyPage(() => import('../../features/calendar/components/CalendarPage'), 'CalendarPage'),
  },
  {
    path: '/console/audit',
    label: '审计日志',
    permission: 'audit.admin',
    page: lazyPage(() => import('../../features/audit/components/AuditLogPage'), 'AuditLogPage'),
  },
  {
    path: '/console/security-events',
    label: '安全事件',
    permission: 'security.admin',
    page: lazyPage(() => import('../../features/audit/components/SecurityEventsPage'), 'SecurityEventsPage'),
  },
  {
    path: '/console/account',
    label: '我的账户',
    page: lazyPage(() => import('../../features/accounts/components/MyAccountPage'), 'MyAccountPage'),
  },
  // 开发环境短信: development only (no SMS gateway), for the operator and the security administrator; not in the menu.
  {
    path: '/console/sms-sink',
    permission: SMS_SINK_PERMISSIONS,
    page: lazyPage(() => import('../../features/objections/components/SmsSinkPage'), 'SmsSinkPage'),
  },
  // Where a new account is held until it has changed its password and bound TOTP (SPEC §6).
  {
    path: '/console/password',
    page: lazyPage(
      () => import('../../features/accounts/components/FirstPasswordChangePage'),
      'FirstPasswordChangePage',
    ),
  },
  {
    path: '/console/totp',
    page: lazyPage(() => import('../../features/accounts/components/TotpEnrolmentPage'), 'TotpEnrolmentPage'),
  },
];
