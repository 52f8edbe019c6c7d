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
          { path: 'columns/:column', element: <ColumnPage /> },
          { path: 'articles/:id', element: <ArticlePage /> },
          { path: 'reports', element: <ReportVerificationPage /> },
          { path: 'reports/:reportNo', element: <ReportVerificationPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
