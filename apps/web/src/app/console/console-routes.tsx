import { lazy, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { NotFoundPage } from '../portal/NotFoundPage';
import { ConsoleRoot } from './ConsoleRoot';
import { type PermissionRequirement, RECORD_PERMISSIONS } from './permission-requirements';

// Every console module loads on demand: the public portal's first load never carries the console (SPEC §6).
const ConsoleLayout = lazy(() => import('./ConsoleLayout').then((m) => ({ default: m.ConsoleLayout })));
const RequirePermission = lazy(() => import('./ConsoleLayout').then((m) => ({ default: m.RequirePermission })));
const ConsoleHomePage = lazy(() => import('./ConsoleHomePage').then((m) => ({ default: m.ConsoleHomePage })));
const SignInPage = lazy(() =>
  import('../../features/accounts/components/SignInPage').then((m) => ({ default: m.SignInPage })),
);
const FirstPasswordChangePage = lazy(() =>
  import('../../features/accounts/components/FirstPasswordChangePage').then((m) => ({
    default: m.FirstPasswordChangePage,
  })),
);
const TotpEnrolmentPage = lazy(() =>
  import('../../features/accounts/components/TotpEnrolmentPage').then((m) => ({ default: m.TotpEnrolmentPage })),
);
const AgenciesPage = lazy(() =>
  import('../../features/accounts/components/AgenciesPage').then((m) => ({ default: m.AgenciesPage })),
);
const AccountsPage = lazy(() =>
  import('../../features/accounts/components/AccountsPage').then((m) => ({ default: m.AccountsPage })),
);
const FilingsPage = lazy(() =>
  import('../../features/accounts/components/FilingsPage').then((m) => ({ default: m.FilingsPage })),
);
const FilingReviewsPage = lazy(() =>
  import('../../features/accounts/components/FilingsPage').then((m) => ({ default: m.FilingReviewsPage })),
);
const ResetRequestsPage = lazy(() =>
  import('../../features/accounts/components/ResetRequestsPage').then((m) => ({ default: m.ResetRequestsPage })),
);
const MyAccountPage = lazy(() =>
  import('../../features/accounts/components/MyAccountPage').then((m) => ({ default: m.MyAccountPage })),
);
const AuditLogPage = lazy(() =>
  import('../../features/audit/components/AuditLogPage').then((m) => ({ default: m.AuditLogPage })),
);
const ArticlesPage = lazy(() =>
  import('../../features/publishing/components/ArticlesPage').then((m) => ({ default: m.ArticlesPage })),
);
const ArticleEditorPage = lazy(() =>
  import('../../features/publishing/components/ArticleEditorPage').then((m) => ({ default: m.ArticleEditorPage })),
);
const ColumnRequestsPage = lazy(() =>
  import('../../features/publishing/components/ColumnRequestsPage').then((m) => ({ default: m.ColumnRequestsPage })),
);
const ColumnReviewPage = lazy(() =>
  import('../../features/publishing/components/ColumnReviewPage').then((m) => ({ default: m.ColumnReviewPage })),
);
const PublishedArticlesPage = lazy(() =>
  import('../../features/publishing/components/PublishedArticlesPage').then((m) => ({
    default: m.PublishedArticlesPage,
  })),
);
const FaultsPage = lazy(() =>
  import('../../features/faults/components/FaultsPage').then((m) => ({ default: m.FaultsPage })),
);
const CalendarPage = lazy(() =>
  import('../../features/calendar/components/CalendarPage').then((m) => ({ default: m.CalendarPage })),
);
const FaultQueuePage = lazy(() =>
  import('../../features/faults/components/FaultQueuePage').then((m) => ({ default: m.FaultQueuePage })),
);

const RecordsPage = lazy(() =>
  import('../../features/records/components/RecordsPage').then((m) => ({ default: m.RecordsPage })),
);
const RecordEntryPage = lazy(() =>
  import('../../features/records/components/RecordEntryPage').then((m) => ({ default: m.RecordEntryPage })),
);
const MatchingQueuePage = lazy(() =>
  import('../../features/records/components/MatchingQueuePage').then((m) => ({ default: m.MatchingQueuePage })),
);
const ExchangeLogPage = lazy(() =>
  import('../../features/records/components/ExchangeLogPage').then((m) => ({ default: m.ExchangeLogPage })),
);
const TimelinessPage = lazy(() =>
  import('../../features/records/components/TimelinessPage').then((m) => ({ default: m.TimelinessPage })),
);
const UploadPage = lazy(() =>
  import('../../features/ingestion/components/UploadPage').then((m) => ({ default: m.UploadPage })),
);
const ApiClientsPage = lazy(() =>
  import('../../features/exchange/components/ApiClientsPage').then((m) => ({ default: m.ApiClientsPage })),
);
const CataloguePage = lazy(() =>
  import('../../features/catalogue/components/CataloguePage').then((m) => ({ default: m.CataloguePage })),
);
const PublicitySettingsPage = lazy(() =>
  import('../../features/publicity/components/PublicitySettingsPage').then((m) => ({
    default: m.PublicitySettingsPage,
  })),
);

const guarded = (permission: PermissionRequirement, element: ReactNode) => (
  <RequirePermission permission={permission}>{element}</RequirePermission>
);

export const consoleRoute: RouteObject = {
  path: '/console',
  element: <ConsoleRoot />,
  children: [
    { path: 'login', element: <SignInPage /> },
    {
      element: <ConsoleLayout />,
      children: [
        { index: true, element: <ConsoleHomePage /> },
        { path: 'password', element: <FirstPasswordChangePage /> },
        { path: 'totp', element: <TotpEnrolmentPage /> },
        {
          path: 'agencies',
          element: (
            <RequirePermission permission="account.admin">
              <AgenciesPage />
            </RequirePermission>
          ),
        },
        {
          path: 'accounts',
          element: (
            <RequirePermission permission="account.admin">
              <AccountsPage />
            </RequirePermission>
          ),
        },
        { path: 'filings', element: <FilingsPage /> },
        {
          path: 'filing-reviews',
          element: (
            <RequirePermission permission="account.admin">
              <FilingReviewsPage />
            </RequirePermission>
          ),
        },
        {
          path: 'reset-requests',
          element: (
            <RequirePermission permission="account.admin">
              <ResetRequestsPage />
            </RequirePermission>
          ),
        },
        {
          path: 'audit',
          element: (
            <RequirePermission permission="audit.admin">
              <AuditLogPage />
            </RequirePermission>
          ),
        },
        { path: 'articles', element: guarded('content.publish', <ArticlesPage />) },
        { path: 'articles/new', element: guarded('content.publish', <ArticleEditorPage />) },
        { path: 'articles/:id', element: guarded('content.publish', <ArticleEditorPage />) },
        { path: 'column-requests', element: guarded('content.publish', <ColumnRequestsPage />) },
        { path: 'column-reviews', element: guarded('platform.operator', <ColumnReviewPage />) },
        { path: 'published-articles', element: guarded('platform.operator', <PublishedArticlesPage />) },
        { path: 'faults', element: <FaultsPage /> },
        { path: 'fault-queue', element: guarded('platform.operator', <FaultQueuePage />) },
        { path: 'calendar', element: guarded('platform.operator', <CalendarPage />) },
        { path: 'records', element: guarded(RECORD_PERMISSIONS, <RecordsPage />) },
        { path: 'record-entry', element: guarded('record.submit', <RecordEntryPage />) },
        { path: 'uploads', element: guarded('record.submit', <UploadPage />) },
        { path: 'matching-queue', element: guarded(RECORD_PERMISSIONS, <MatchingQueuePage />) },
        {
          path: 'exchange-log',
          element: guarded([...RECORD_PERMISSIONS, 'exchange.configure'], <ExchangeLogPage />),
        },
        {
          path: 'timeliness',
          element: guarded([...RECORD_PERMISSIONS, 'platform.operator', 'oversight'], <TimelinessPage />),
        },
        { path: 'api-clients', element: guarded('exchange.configure', <ApiClientsPage />) },
        { path: 'publicity', element: guarded('publicity.configure', <PublicitySettingsPage />) },
        { path: 'catalogue', element: <CataloguePage /> },
        { path: 'account', element: <MyAccountPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
};
