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
    expect(labels).toEqual(['首页', '征集目录', '失信惩戒措施', '管理人员备案', '故障报告', '审计日志', '我的账户']);
    expect(within(menu).getByText('信用信息')).toBeTruthy();
    expect(screen.getAllByText('审计员').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: /退出登录/ })).toBeTruthy();
  });

  it('opens a page guarded by a list of permissions to a holder of any one of them', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['record.annotate'], totpRequired: false })),
      'GET /api/console/catalogue': () => errorResponse('CATALOGUE_EDITION_NOT_FOUND', '未找到该版本的征集目录', 404),
      'GET /api/console/records': () => jsonResponse({ items: [], total: 0 }),
    });
    renderRoutes(routes, '/console/records');

    expect(await screen.findByRole('heading', { name: '本单位信息' })).toBeTruthy();
    expect(await screen.findByText('没有符合条件的信息')).toBeTruthy();
  });

  it('answers a page outside the permissions with 无权访问', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['record.submit'], totpRequired: false })),
    });
    renderRoutes(routes, '/console/audit');

    expect(await screen.findByText('无权访问')).toBeTruthy();
  });

  it('keeps the records pages from an account holding none of their permissions', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['content.publish'], totpRequired: false })),
    });
    renderRoutes(routes, '/console/records');

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
      '征集目录',
      '失信惩戒措施',
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
      '征集目录',
      '失信惩戒措施',
      '管理人员备案',
      '信息发布',
      '专栏申请',
      '故障报告',
      '我的账户',
    ]);
    expect(labels(['platform.operator'])).toEqual([
      '首页',
      '报送及时性',
      '统计分析',
      '异议督办',
      '交换底线',
      '同步推送',
      '不公示事项审核',
      '征集目录',
      '失信惩戒措施',
      '信用修复受理',
      '管理人员备案',
      '专栏审批',
      '信息管理',
      '故障报告',
      '故障处理',
      '工作日历',
      '我的账户',
    ]);
  });

  it('gives an agency user only its own pages', () => {
    expect(labels(['record.submit', 'record.query'])).toEqual([
      '首页',
      '本单位信息',
      '在线填报',
      '数据上传',
      '待匹配队列',
      '交换日志',
      '报送及时性',
      '统计分析',
      '信用核查',
      '共享查询',
      '征集目录',
      '失信惩戒措施',
      '监管名单',
      '预警提醒',
      '管理人员备案',
      '故障报告',
      '我的账户',
    ]);
  });

  it('shows an entry guarded by a list to a holder of any one of its permissions', () => {
    const credit = (permissions: Permission[]) =>
      menuEntriesFor(permissions)
        .filter((entry) => entry.group === '信用信息')
        .map((entry) => entry.label);
    // Querying, correcting or annotating reads the records but transmits nothing.
    expect(credit(['record.annotate'])).toEqual([
      '本单位信息',
      '待匹配队列',
      '交换日志',
      '报送及时性',
      '征集目录',
      '失信惩戒措施',
    ]);
    // The providing agency decides objections to its records (issue 21): a correction or revocation.
    expect(credit(['record.correct'])).toEqual([
      '本单位信息',
      '待匹配队列',
      '交换日志',
      '报送及时性',
      '异议处理',
      '征集目录',
      '失信惩戒措施',
    ]);
    // 信用核查 (Art. 17) is a query of the records an agency may see.
    expect(credit(['record.query'])).toEqual([
      '本单位信息',
      '待匹配队列',
      '交换日志',
      '报送及时性',
      '统计分析',
      '信用核查',
      '共享查询',
      '征集目录',
      '失信惩戒措施',
    ]);
    expect(credit(['exchange.configure'])).toEqual(['交换日志', '接口凭证', '交换设定', '征集目录', '失信惩戒措施']);
    expect(credit(['oversight'])).toEqual(['报送及时性', '统计分析', '征集目录', '失信惩戒措施']);
    expect(credit(['audit.admin'])).toEqual(['征集目录', '失信惩戒措施']);
  });
});
