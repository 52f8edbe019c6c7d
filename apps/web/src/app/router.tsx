import { type ComponentType, lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { consoleRoute } from './console/console-routes';
import { NotFoundPage } from './portal/NotFoundPage';
import { PortalLayout } from './portal/PortalLayout';
import { RouteErrorPage } from './portal/RouteErrorPage';

/**
 * Pages load on demand so the portal's first load stays small (SPEC §6: ≤ 150 kB of gzipped JavaScript). A page that
 * draws Ant Design loads Ant Design's provider (locale, theme, 关怀模式) beside its own code; the home page, a profile
 * and a report's verification are plain markup and load neither.
 */
function page(load: () => Promise<ComponentType>) {
  return lazy(async () => ({ default: await load() }));
}

function antdPage(load: () => Promise<ComponentType>) {
  return lazy(async () => {
    const [{ PortalAntdProvider }, Page] = await Promise.all([import('./antd-provider'), load()]);
    return {
      default: () => (
        <PortalAntdProvider>
          <Page />
        </PortalAntdProvider>
      ),
    };
  });
}

const HomePage = page(() => import('./portal/PortalHomePage').then((m) => m.PortalHomePage));
const SearchPage = antdPage(() => import('../features/enterprises/components/SearchPage').then((m) => m.SearchPage));
const ListPage = antdPage(() => import('../features/enterprises/components/ListPage').then((m) => m.ListPage));
const ColumnPage = antdPage(() => import('../features/publishing/components/ColumnPage').then((m) => m.ColumnPage));
const ArticlePage = antdPage(() => import('../features/publishing/components/ArticlePage').then((m) => m.ArticlePage));
const EnterprisePage = page(() =>
  import('../features/enterprises/components/EnterprisePage').then((m) => m.EnterprisePage),
);
const ReportVerificationPage = page(() =>
  import('../features/reports/components/ReportVerificationPage').then((m) => m.ReportVerificationPage),
);
const StatisticsPage = antdPage(() =>
  import('../features/statistics/components/StatisticsPage').then((m) => m.StatisticsPage),
);
const ObjectionsPage = antdPage(() =>
  import('../features/objections/components/ObjectionsPage').then((m) => m.ObjectionsPage),
);
const RepairsPage = antdPage(() => import('../features/objections/components/RepairsPage').then((m) => m.RepairsPage));
const HelpPage = page(() => import('./portal/HelpPage').then((m) => m.HelpPage));
const CheckVerificationPage = antdPage(() =>
  import('../features/checks/components/CheckVerificationPage').then((m) => m.CheckVerificationPage),
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
          { path: 'repairs', element: <RepairsPage /> },
          { path: 'repairs/apply', element: <RepairsPage /> },
          { path: 'help', element: <HelpPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
