import type { Permission } from '@gzcredit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, meFixture, stubConsoleApi } from '../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../testing/render';
import { routes } from '../router';
import { menuEntriesFor } from './console-menu';

describe('console session guard', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a visitor without a session to the sign-in page, remembering where they were going', async () => {
    stubConsoleApi({ 'GET /api/console/me': () => errorResponse('UNAUTHENTICATED', '请先登录', 401) });
    const router = renderRoutes(routes, '/console/accounts');

    expect(await screen.findByRole('heading', { name: '管理控制台登录' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/console/login');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/console/accounts')}`);
    expect(screen.getByText('请先登录')).toBeTruthy();
  });

  it('keeps an account that must change its password on the password page', async () => {
    stubConsoleApi({ 'GET /api/console/me': () => jsonResponse(meFixture({ mustChangePassword: true })) });
    const router = renderRoutes(routes, '/console/accounts');

    expect(await screen.findByRole('heading', { name: '修改密码' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/console/password');
    expect(document.getElementById('password-rules')?.textContent).toContain(
      '8–64 位，大写字母、小写字母、数字、符号至少三类',
    );
    expect(screen.queryByRole('navigation', { name: '控制台菜单' })).toBeNull();
  });

  it('sends an administrator without TOTP to the enrolment page', async () => {
    stubConsoleApi({ 'GET /api/console/me': () => jsonResponse(meFixture({ totpEnabled: false })) });
    const router = renderRoutes(routes, '/console');

    expect(await screen.findByRole('heading', { name: '绑定动态口令' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/console/totp');
  });

  it('shows the account name, agency and 退出登录 in the header, and the menu its permissions allow', async () => {
    stubConsoleApi({
      'GET /api/console/me': () =>
        jsonResponse(meFixture({ displayName: '审计员', permissions: ['audit.admin'], totpEnabled: true })),
    });
    renderRoutes(routes, '/console');

    // jsdom matches no media query, so the layout is the narrow one: the menu opens in a drawer.
    fireEvent.click(await screen.findByRole('button', { name: '打开菜单' }));
    const menu = await screen.findByRole('navigation', { name: '控制台菜单' });
    const labels = within(menu)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(labels).toEqual(['首页', '管理人员备案', '故障报告', '审计日志', '我的账户']);
    expect(screen.getAllByText('审计员').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: /退出登录/ })).toBeTruthy();
  });

  it('answers a page outside the permissions with 无权访问', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['record.submit'], totpRequired: false })),
    });
    renderRoutes(routes, '/console/audit');

    expect(await screen.findByText('无权访问')).toBeTruthy();
  });

  it('sends the user to sign in again with the message when a console call finds the session expired', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture()),
      'GET /api/console/agencies': () => errorResponse('SESSION_EXPIRED', '登录已超时，请重新登录', 401),
    });
    const router = renderRoutes(routes, '/console/agencies');

    await waitFor(() => expect(router.state.location.pathname).toBe('/console/login'));
    expect(await screen.findByText('登录已超时，请重新登录')).toBeTruthy();
  });
});

describe('console menu', () => {
  const labels = (permissions: Permission[]) => menuEntriesFor(permissions).map((entry) => entry.label);

  it('gives account.admin the administration pages', () => {
    expect(labels(['account.admin'])).toEqual([
      '首页',
      '机构管理',
      '账户管理',
      '管理人员备案',
      '备案审核',
      '密码重置申请',
      '故障报告',
      '我的账户',
    ]);
  });

  it('gives content.publish the publishing pages and platform.operator the review and handling pages', () => {
    expect(labels(['content.publish'])).toEqual([
      '首页',
      '管理人员备案',
      '信息发布',
      '专栏申请',
      '故障报告',
      '我的账户',
    ]);
    expect(labels(['platform.operator'])).toEqual([
      '首页',
      '管理人员备案',
      '专栏审批',
      '信息管理',
      '故障报告',
      '故障处理',
      '我的账户',
    ]);
  });

  it('gives an agency user only its own pages', () => {
    expect(labels(['record.submit', 'record.query'])).toEqual(['首页', '管理人员备案', '故障报告', '我的账户']);
  });
});
