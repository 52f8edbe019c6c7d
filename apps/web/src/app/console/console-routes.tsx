import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { NotFoundPage } from '../portal/NotFoundPage';
import { ConsoleRoot } from './ConsoleRoot';
import { CONSOLE_PAGES, type ConsolePage } from './console-pages';

// The frame and the sign-in page load on demand too: the portal's first load never carries the console (SPEC §6).
const ConsoleLayout = lazy(() => import('./ConsoleLayout').then((m) => ({ default: m.ConsoleLayout })));
const RequirePermission = lazy(() => import('./ConsoleLayout').then((m) => ({ default: m.RequirePermission })));
const SignInPage = lazy(() =>
  import('../../features/accounts/components/SignInPage').then((m) => ({ default: m.SignInPage })),
);

const CONSOLE_PATH = '/console';

function pageRoute({ path, permission, page: Page }: ConsolePage): RouteObject {
  const element = permission ? (
    <RequirePermission permission={permission}>
      <Page />
    </RequirePermission>
  ) : (
    <Page />
  );
  return path === CONSOLE_PATH ? { index: true, element } : { path: path.slice(CONSOLE_PATH.length + 1), element };
}

export const consoleRoute: RouteObject = {
  path: CONSOLE_PATH,
  element: <ConsoleRoot />,
  children: [
    { path: 'login', element: <SignInPage /> },
    {
      element: <ConsoleLayout />,
      children: [...CONSOLE_PAGES.map(pageRoute), { path: '*', element: <NotFoundPage /> }],
    },
  ],
};
