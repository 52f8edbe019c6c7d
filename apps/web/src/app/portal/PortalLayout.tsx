import { Spin } from 'antd';
import { Suspense } from 'react';
import { Outlet, ScrollRestoration } from 'react-router';
import { PortalFooter } from './PortalFooter';
import { PortalHeader } from './PortalHeader';

export function PortalLayout() {
  return (
    <div className="portal">
      <a className="skip-link" href="#main-content">
        跳到主要内容
      </a>
      <PortalHeader />
      <main id="main-content" className="portal-main" tabIndex={-1}>
        <Suspense
          fallback={
            <div className="page-loading">
              <Spin size="large" description="页面加载中…" />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <PortalFooter />
      <ScrollRestoration />
    </div>
  );
}
