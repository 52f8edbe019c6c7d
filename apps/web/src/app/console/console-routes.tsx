import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { NotFoundPage } from '../portal/NotFoundPage';
import { ConsoleRoot } from './ConsoleRoot';

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
        { path: 'account', element: <MyAccountPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
};
