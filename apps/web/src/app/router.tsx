import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { consoleRoute } from './console/console-routes';
import { NotFoundPage } from './portal/NotFoundPage';
import { PortalLayout } from './portal/PortalLayout';
import { RouteErrorPage } from './portal/RouteErrorPage';

// Pages load on demand so the portal's first load stays small (SPEC §6: ≤ 300 kB of gzipped JavaScript).
const HomePage = lazy(() =>
  import('../features/enterprises/components/HomePage').then((m) => ({ default: m.HomePage })),
);
const SearchPage = lazy(() =>
  import('../features/enterprises/components/SearchPage').then((m) => ({ default: m.SearchPage })),
);
const EnterprisePage = lazy(() =>
  import('../features/enterprises/components/EnterprisePage').then((m) => ({ default: m.EnterprisePage })),
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
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
