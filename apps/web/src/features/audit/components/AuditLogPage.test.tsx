import type { AuditRowDto } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../../app/router';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { describeAuditDetails } from './AuditDetails';

const ROW: AuditRowDto = {
  id: 41,
  occurredAt: '2026-12-06T02:00:00.000Z',
  username: 'zhangsan',
  agencyId: 7,
  agencyName: '贵阳市市场监督管理局',
  ip: '10.0.0.8',
  action: 'record.annotated',
  objectType: 'record',
  objectId: '1203',
  result: 'success',
  requestId: 'req-41',
  details: { from: 'general', to: 'severe', reason: '经复核属于严重失信' },
};

describe('审计日志 in Chinese', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the action, the agency and the object, and shows an expanded row’s details as a readable change', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['audit.admin'] })),
      'GET /api/console/audit': () => jsonResponse({ items: [ROW], total: 1 }),
    });
    renderRoutes(routes, '/console/audit');

    const row = (await screen.findByText('标注失信等级')).closest('tr')!;
    expect(within(row).getByText('贵阳市市场监督管理局')).toBeTruthy();
    expect(within(row).getByText('信用信息 #1203')).toBeTruthy();
    expect(within(row).queryByText('record.annotated')).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: /展开/ }));
    expect(await screen.findByText('变更')).toBeTruthy();
    expect(screen.getByText('一般失信（general）').tagName).toBe('DEL');
    expect(screen.getByText('严重失信（severe）')).toBeTruthy();
    expect(screen.getByText('原因')).toBeTruthy();
    expect(screen.getByText('经复核属于严重失信')).toBeTruthy();
    expect(screen.queryByText(/"from"/)).toBeNull();
  });

  it('sends a typed Chinese action name for the server to match against every action’s name', async () => {
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['audit.admin'] })),
      'GET /api/console/audit': () => jsonResponse({ items: [], total: 0 }),
    });
    renderRoutes(routes, '/console/audit');

    const action = await screen.findByRole('combobox', { name: '操作' });
    fireEvent.change(action, { target: { value: '登录' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => String(url))).toContainEqual(
        expect.stringContaining(`action=${encodeURIComponent('登录')}`),
      ),
    );
  });
});

describe('describeAuditDetails', () => {
  it('labels keys in Chinese, names permission codes, and keeps an unknown key as it is', () => {
    expect(
      describeAuditDetails({
        permissions: ['record.query'],
        added: [],
        filters: { status: 'pending', page: 1 },
        somethingNew: 3,
      }),
    ).toEqual([
      { key: 'permissions', label: '权限', value: '查询和下载企业公共信用信息（record.query）' },
      { key: 'added', label: '增加', value: '（无）' },
      { key: 'filters.status', label: '查询条件 · 状态', value: 'pending' },
      { key: 'filters.page', label: '查询条件 · 页码', value: '1' },
      { key: 'somethingNew', label: 'somethingNew', value: '3' },
    ]);
  });

  it('shows two versions of an object as one line per changed key', () => {
    expect(
      describeAuditDetails({ before: { name: '旧名', sortOrder: 1 }, after: { name: '新名', sortOrder: 1 } }),
    ).toEqual([{ key: 'name', label: '名称', value: '旧名', changedTo: '新名' }]);
  });
});
