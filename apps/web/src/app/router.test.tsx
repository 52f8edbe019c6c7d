import { PORTAL_PAGE_PATTERNS } from '@gzcredit/contracts';
import { screen } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderRoutes } from '../testing/render';
import { routes } from './router';

describe('portal routes', () => {
  it('answers an unknown address with a Chinese 404 page inside the portal layout', async () => {
    renderRoutes(routes, '/no-such-page');

    expect(await screen.findByRole('heading', { name: '页面不存在' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '贵州省企业公共信用信息平台首页' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: '主导航' })).toBeTruthy();
    expect(screen.getByText('主办单位：贵州省市场监督管理局')).toBeTruthy();
    expect(document.title).toBe('页面不存在 - 贵州省企业公共信用信息平台');
  });

  it('has exactly the pages the server answers with 200 (contracts PORTAL_PAGE_PATTERNS); any other address is a 404', () => {
    const pages = new Set<string>();
    const walk = (list: RouteObject[], parent: string) => {
      for (const route of list) {
        const path =
          route.path === undefined ? parent : `${parent.replace(/\/$/, '')}/${route.path.replace(/^\//, '')}`;
        // The console's pages all live under /console (its own router answers its unknown addresses).
        if (path.startsWith('/console')) {
          pages.add('/console/*');
          continue;
        }
        if (route.index || (route.path !== undefined && !route.children)) pages.add(path === '' ? '/' : path);
        if (route.children) walk(route.children, path);
      }
    };
    walk(routes, '');
    pages.delete('/*');
    expect([...pages].sort()).toEqual([...PORTAL_PAGE_PATTERNS].sort());
  });

  it('loads the home page on demand', async () => {
    renderRoutes(routes, '/');

    expect(await screen.findByRole('heading', { name: '企业信用信息查询' })).toBeTruthy();
    expect(screen.getByLabelText('企业名称或统一社会信用代码')).toBeTruthy();
  });
});
