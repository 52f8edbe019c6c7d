import { Suspense } from 'react';
import { Outlet, ScrollRestoration } from 'react-router';
import { PageLoading } from '../../components/PageLoading';
import { PortalFooter } from './PortalFooter';
import { PortalHeader } from './PortalHeader';

/** The portal's frame, plain markup in the first load; the pages that draw Ant Design bring it (router.tsx). */
export function PortalLayout() {
  return (
    <div className="portal">
      <a className="skip-link" href="#main-content">
        跳到主要内容
      </a>
      <PortalHeader />
      <main id="main-content" className="portal-main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <PortalFooter />
      <ScrollRestoration />
    </div>
  );
}
