import { ConfigProvider } from 'antd';
import { Suspense } from 'react';
import { Outlet, ScrollRestoration } from 'react-router';
import { PageLoading } from '../../components/PageLoading';
import { CARE_THEME, useCareMode } from '../care-mode';
import { PortalFooter } from './PortalFooter';
import { PortalHeader } from './PortalHeader';

export function PortalLayout() {
  const careMode = useCareMode();
  return (
    // 关怀模式 draws Ant Design larger and darker (care-mode.tsx); the portal's own CSS follows <html class="care-mode">.
    <ConfigProvider theme={careMode.on ? CARE_THEME : undefined}>
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
    </ConfigProvider>
  );
}
