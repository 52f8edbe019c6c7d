import { lazy, Suspense } from 'react';
import { Outlet } from 'react-router';
import { PageLoading } from '../../components/PageLoading';

const ConsoleApp = lazy(() => import('./ConsoleApp').then((m) => ({ default: m.ConsoleApp })));

/** Everything under /console: its code, Ant Design's App included, loads on demand, outside the portal's first load. */
export function ConsoleRoot() {
  return (
    <Suspense fallback={<PageLoading />}>
      <ConsoleApp>
        <Outlet />
      </ConsoleApp>
    </Suspense>
  );
}
