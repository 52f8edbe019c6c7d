import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { WatchlistAlertDto, WatchlistDto } from '../api/watchlist-queries';
import { WatchlistAlertsPage } from './WatchlistAlertsPage';
import { WatchlistsPage } from './WatchlistsPage';

const me = () => jsonResponse(meFixture({ permissions: ['record.query'] }));

const saved: WatchlistDto = {
  id: 7,
  name: '重点监管企业',
  description: null,
  entityCount: 2,
  ruleCount: 0,
  unreadAlerts: 0,
  createdAt: '2026-12-06T01:00:00.000Z',
  updatedAt: '2026-12-06T01:00:00.000Z',
  entities: [],
  rules: [],
};

const alert: WatchlistAlertDto = {
  id: 31,
  kind: 'level_changed',
  watchlist: { id: 7, name: '重点监管企业' },
  recordId: 90,
  creditCode: '91520102MA6DKXQW6M',
  entityName: '贵州测试科技有限公司',
  item: { code: 'penalty', name: '行政处罚信息' },
  provider: '贵州省市场监督管理局',
  dishonestyLevel: 'severe',
  previousLevel: 'general',
  aroseOn: '2026-11-02',
  createdAt: '2026-12-06T02:00:00.000Z',
  readAt: null,
};

describe('watch-list pages', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('creates a list from pasted codes with their notes, and shows the server’s row errors', async () => {
    setCsrfToken('csrf-token-1');
    let attempts = 0;
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': me,
      'GET /api/console/watchlists': () => jsonResponse({ items: [] }),
      'GET /api/console/watchlist-settings': () => jsonResponse({ digestAddress: null, mailConfigured: false }),
      'GET /api/console/catalogue': () => jsonResponse({ edition: null, items: [] }),
      'POST /api/console/watchlists': () => {
        attempts += 1;
        return attempts === 1
          ? errorResponse('WATCHLIST_INVALID', '第 2 个主体的统一社会信用代码“X”有误', 400, [
              { field: 'entities.1.creditCode', message: '第 2 个主体的统一社会信用代码“X”有误' },
              { field: 'rules.0', message: '第 1 条规则至少应设定行政区划、行业、主体类型或信息项之一' },
            ])
          : jsonResponse(saved);
      },
    });
    renderRoutes([{ path: '/console/watchlists', element: <WatchlistsPage /> }], '/console/watchlists');
    expect(
      await screen.findByText('平台尚未配置发信服务器（SMTP_URL），暂只在控制台查看。', { exact: false }),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '新建监管名单' }));
    const drawer = await screen.findByRole('dialog');
    fireEvent.change(within(drawer).getByLabelText('名单名称'), { target: { value: '重点监管企业' } });
    fireEvent.change(within(drawer).getByLabelText('监管主体（统一社会信用代码）'), {
      target: { value: '91520102MA6DKXQW6M 投诉较多\n\n X \n' },
    });
    fireEvent.click(within(drawer).getByRole('button', { name: '保存名单' }));
    expect(await within(drawer).findByText('第 1 条规则至少应设定行政区划、行业、主体类型或信息项之一')).toBeTruthy();
    const post = fetchMock.mock.calls.find(
      ([url, init]) => url === '/api/console/watchlists' && init?.method === 'POST',
    );
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      name: '重点监管企业',
      description: null,
      entities: [
        { creditCode: '91520102MA6DKXQW6M', note: '投诉较多' },
        { creditCode: 'X', note: null },
      ],
      rules: [],
    });
    fireEvent.click(within(drawer).getByRole('button', { name: '保存名单' }));
    await waitFor(() => expect(attempts).toBe(2));
  });

  it('lists alerts with the level change and marks one read', async () => {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': me,
      'GET /api/console/watchlists': () => jsonResponse({ items: [saved] }),
      'GET /api/console/watchlist-alerts': () => jsonResponse({ items: [alert], total: 1, unread: 1 }),
      'POST /api/console/watchlist-alerts/31/read': () => jsonResponse({ marked: 1 }),
    });
    renderRoutes(
      [{ path: '/console/watchlist-alerts', element: <WatchlistAlertsPage /> }],
      '/console/watchlist-alerts',
    );
    const row = (await screen.findByText('贵州测试科技有限公司')).closest('tr')!;
    expect(within(row).getByText('失信等级变化')).toBeTruthy();
    expect(within(row).getByText('一般失信 → 严重失信')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: '标记已读' }));
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/api/console/watchlist-alerts/31/read',
        expect.objectContaining({ method: 'POST' }),
      ),
    );
  });

  it('opens an existing list with its codes, notes and rules, and saves it in place', async () => {
    setCsrfToken('csrf-token-1');
    const existing: WatchlistDto = {
      ...saved,
      description: '在建工程施工单位',
      entities: [
        { creditCode: '91520102MA6DKXQW6M', entityName: '贵州测试科技有限公司', note: '投诉较多' },
        { creditCode: '91520102MA6DK2X12N', entityName: null, note: null },
      ],
      rules: [{ regionCode: '520100', industryCode: 'C15', entityKind: null, itemCode: 'penalty' }],
    };
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': me,
      'GET /api/console/watchlists': () => jsonResponse({ items: [saved] }),
      'GET /api/console/watchlists/7': () => jsonResponse(existing),
      'PUT /api/console/watchlists/7': () => jsonResponse(existing),
      'GET /api/console/watchlist-settings': () => jsonResponse({ digestAddress: null, mailConfigured: true }),
      'GET /api/console/catalogue': () =>
        jsonResponse({ edition: null, items: [{ code: 'penalty', name: '行政处罚信息', fields: [] }] }),
    });
    renderRoutes([{ path: '/console/watchlists', element: <WatchlistsPage /> }], '/console/watchlists');
    const row = (await screen.findByText('重点监管企业')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: /^编\s*辑$/ }));
    const drawer = await screen.findByRole('dialog');
    await waitFor(() =>
      expect((within(drawer).getByLabelText('名单名称') as HTMLInputElement).value).toBe('重点监管企业'),
    );
    expect((within(drawer).getByLabelText('监管主体（统一社会信用代码）') as HTMLTextAreaElement).value).toBe(
      '91520102MA6DKXQW6M 投诉较多\n91520102MA6DK2X12N',
    );
    // The industry by its name (GB/T 4754-2017), not its code.
    expect(
      await within(drawer).findByText(/现有规则：区划：贵阳市，行业：酒、饮料和精制茶制造业，信息项：行政处罚信息/),
    ).toBeTruthy();
    fireEvent.click(within(drawer).getByRole('button', { name: '保存名单' }));
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(([url, init]) => url === '/api/console/watchlists/7' && init?.method === 'PUT'),
      ).toBe(true),
    );
    const put = fetchMock.mock.calls.find(
      ([url, init]) => url === '/api/console/watchlists/7' && init?.method === 'PUT',
    );
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({
      name: '重点监管企业',
      description: '在建工程施工单位',
      entities: [
        { creditCode: '91520102MA6DKXQW6M', note: '投诉较多' },
        { creditCode: '91520102MA6DK2X12N', note: null },
      ],
      rules: [{ regionCode: '520100', industryCode: 'C15', entityKind: null, itemCode: 'penalty' }],
    });
  });

  it('shows the stored digest mailbox masked only, and takes a new one typed in full', async () => {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': me,
      'GET /api/console/watchlists': () => jsonResponse({ items: [] }),
      'GET /api/console/watchlist-settings': () =>
        jsonResponse({ digestAddress: 'j***@example.gov.cn', mailConfigured: true }),
      'PUT /api/console/watchlist-settings': () =>
        jsonResponse({ digestAddress: 'x***@example.gov.cn', mailConfigured: true }),
      'GET /api/console/catalogue': () => jsonResponse({ edition: null, items: [] }),
    });
    renderRoutes([{ path: '/console/watchlists', element: <WatchlistsPage /> }], '/console/watchlists');
    expect(await screen.findByText('当前接收邮箱：j***@example.gov.cn（加密保存，只显示部分）')).toBeTruthy();
    const input = screen.getByLabelText('改为') as HTMLInputElement;
    expect(input.value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: '保存邮箱' }));
    expect(await screen.findByText('请填写完整的电子邮箱地址')).toBeTruthy();
    fireEvent.change(input, { target: { value: 'xinyongke@example.gov.cn' } });
    fireEvent.click(screen.getByRole('button', { name: '保存邮箱' }));
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(([url, init]) => url === '/api/console/watchlist-settings' && init?.method === 'PUT'),
      ).toBe(true),
    );
    const put = fetchMock.mock.calls.find(
      ([url, init]) => url === '/api/console/watchlist-settings' && init?.method === 'PUT',
    );
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ digestAddress: 'xinyongke@example.gov.cn' });
  });

  it('asks for unread alerts only from the first page, and offers 全部标记已读 only while some are unread', async () => {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': me,
      'GET /api/console/watchlists': () => jsonResponse({ items: [saved] }),
      'GET /api/console/watchlist-alerts': (_init, url) =>
        url.includes('unread=true')
          ? jsonResponse({ items: [], total: 0, unread: 0 })
          : jsonResponse({ items: [{ ...alert, readAt: '2026-12-06T03:00:00.000Z' }], total: 1, unread: 0 }),
    });
    renderRoutes(
      [{ path: '/console/watchlist-alerts', element: <WatchlistAlertsPage /> }],
      '/console/watchlist-alerts',
    );
    const row = (await screen.findByText('贵州测试科技有限公司')).closest('tr')!;
    expect(within(row).getByText('已读')).toBeTruthy();
    const markAll = screen.getByRole('button', { name: '全部标记已读' }) as HTMLButtonElement;
    expect(markAll.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('只看未读'));
    expect(await screen.findByText('暂无预警')).toBeTruthy();
    const last = fetchMock.mock.calls
      .map(([url]) => String(url))
      .filter((url) => url.startsWith('/api/console/watchlist-alerts?'))
      .at(-1)!;
    expect(Object.fromEntries(new URL(last, 'http://localhost').searchParams)).toEqual({
      unread: 'true',
      page: '1',
      pageSize: '20',
    });
  });
});
