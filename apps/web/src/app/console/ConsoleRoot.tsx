import { Spin } from 'antd';
import { Suspense } from 'react';
import { Outlet } from 'react-router';

/** Everything under /console: its code loads on demand, outside the portal's first load. */
export function ConsoleRoot() {
  return (
    <Suspense
      fallback={
        <div className="page-loading">
          <Spin size="large" description="页面加载中…" />
        </div>
      }
    >
      <Outlet />
    </Suspense>
  );
}
