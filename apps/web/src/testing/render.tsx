import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { createMemoryRouter, type RouteObject, RouterProvider } from 'react-router';
import { CareModeProvider } from '../app/care-mode';

/** Renders routes at `initialEntry` in a memory router with fresh providers; returns the router to inspect navigation. */
export function renderRoutes(routes: RouteObject[], initialEntry: string) {
  const router = createMemoryRouter(routes, { initialEntries: [initialEntry] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <ConfigProvider locale={zhCN} theme={{ token: { motion: false } }}>
      <App>
        <QueryClientProvider client={queryClient}>
          <CareModeProvider>
            <RouterProvider router={router} />
          </CareModeProvider>
        </QueryClientProvider>
      </App>
    </ConfigProvider>,
  );
  return router;
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
