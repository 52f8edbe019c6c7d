import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { consoleRoute } from './console/console-routes';
import { NotFoundPage } from './portal/NotFoundPage';
import { PortalLayout } from './portal/PortalLayout';
import { RouteErrorPage } from './portal/RouteErrorPage';

// Pages load on demand so the portal's first load stays small (SPEC §6: ≤ 150 kB of gzipped JavaScript).
const HomePage = lazy(() => import('./portal/PortalHomePage').then((m) => ({ default: m.PortalHomePage })));
const SearchPage = lazy(() =>
  import('../features/enterprises/components/SearchPage').then((m) => ({ default: m.SearchPage })),
);
const ListPage = lazy(() =>
  import('../features/enterprises/components/ListPage').then((m) => ({ default: m.ListPage })),
);
const ColumnPage = lazy(() =>
  import('../features/publishing/components/ColumnPage').then((m) => ({ default: m.ColumnPage })),
);
const ArticlePage = lazy(() =>
  import('../features/publishing/components/ArticlePage').then((m) => ({ default: m.ArticlePage })),
);
const EnterprisePage = lazy(() =>
  import('../features/enterprises/components/EnterprisePage').then((m) => ({ default: m.EnterprisePage })),
);
const ReportVerificationPage = lazy(() =>
  import('../features/reports/components/ReportVerificationPage').then((m) => ({
    default: m.ReportVerificationPage,
  })),
);
const StatisticsPage = lazy(() =>
  import('../features/statistics/components/StatisticsPage').then((m) => ({ default: m.StatisticsPage })),
);
const ObjectionsPage = lazy(() =>
  import('../features/objections/components/ObjectionsPage').then((m) => ({ default: m.ObjectionsPage })),
);
const HelpPage = lazy(() => import('./portal/HelpPage').then((m) => ({ default: m.HelpPage })));
const CheckVerificationPage = lazy(() =>
  import('../features/checks/components/CheckVerificationPage').then((m) => ({ default: m.CheckVerificationPage })),
);

export const routes: RouteObject[] = [
  { ...consoleRoute, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <PortalLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'search', element: <SearchPage /> },
          { path: 'enterprises/:creditCode', element: <EnterprisePage /> },
          { path: 'lists/:list', element: <ListPage /> },
          { path: 'columns/:column', element: <ColumnPage /> },
          { path: 'articles/:id', element: <ArticlePage /> },
          { path: 'reports', element: <ReportVerificationPage /> },
          { path: 'reports/:reportNo', element: <ReportVerificationPage /> },
          { path: 'statistics', element: <StatisticsPage /> },
          { path: 'checks', element: <CheckVerificationPage /> },
          { path: 'checks/:checkNo', element: <CheckVerificationPage /> },
          { path: 'objections', element: <ObjectionsPage /> },
          { path: 'help', element: <HelpPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
