import type { Permission } from '@gzcredit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MARKET_BUREAU } from '../../../testing/catalogue-fixtures';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { formatRate, TimelinessPage } from './TimelinessPage';

const figures = { volume: 200, late: 12, rate: 94, averageDaysLate: 3.25 };

function renderPage(permissions: Permission[]) {
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () => jsonResponse(meFixture({ agency: MARKET_BUREAU, permissions, totpRequired: false })),
    'GET /api/console/timeliness': () =>
      jsonResponse({
        from: null,
        to: null,
        total: figures,
        byItem: [{ ...figures, item: { id: 11, code: 'penalty', name: '行政处罚信息' } }],
        byMonth: [{ ...figures, month: '2026-01' }],
      }),
    'GET /api/console/timeliness/agencies': () =>
      jsonResponse({
        from: null,
        to: null,
        sort: 'rate',
        items: [
          {
            ...figures,
            agency: { id: 3, name: '贵阳市市场监督管理局' },
            rank: 1,
            reported: true,
            corrections: 5,
            revocations: 2,
            refused: 7,
            apiErrors: 1,
            objections: { received: 4, decided: 3, averageWorkingDays: 2.7, overdue: 1 },
            repairs: { received: 2, decided: 1, overdue: 0 },
          },
          {
            volume: 0,
            late: 0,
            rate: null,
            averageDaysLate: null,
            agency: { id: 4, name: '遵义市市场监督管理局' },
            rank: 2,
            reported: false,
            corrections: 0,
            revocations: 0,
            refused: 0,
            apiErrors: 0,
            objections: { received: 0, decided: 0, averageWorkingDays: null, overdue: 0 },
            repairs: { received: 0, decided: 0, overdue: 0 },
          },
        ],
      }),
    'POST /api/console/timeliness/notices': () =>
      jsonResponse({ id: 81, title: '2026年11月企业公共信用信息报送情况通报', status: 'draft' }),
  });
  renderRoutes([{ path: '/console/timeliness', element: <TimelinessPage /> }], '/console/timeliness');
  return fetchMock;
}

describe('TimelinessPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the agency's figures by item and by month, for the period asked", async () => {
    const fetchMock = renderPage(['record.query']);

    const own = await screen.findByRole('region', { name: '本单位' });
    await within(own).findByText('行政处罚信息');
    expect(own.textContent).toContain('报送量200条超期条数12条及时率94.0%平均超期天数3.3个工作日');
    // The item row and the month row.
    expect(within(own).getAllByRole('progressbar', { name: '及时率 94.0%' })).toHaveLength(2);
    expect(within(own).getByText('行政处罚信息')).toBeTruthy();
    expect(within(own).getByText('2026-01')).toBeTruthy();
    expect(screen.queryByRole('region', { name: '各单位' })).toBeNull();

    fireEvent.change(screen.getByLabelText('接收日期起'), { target: { value: '2026-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: '统 计' }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => url === '/api/console/timeliness?from=2026-01-01')).toBe(true),
    );
  });

  it('gives the lead departments every agency and no figures of their own', async () => {
    const fetchMock = renderPage(['oversight']);

    const all = await screen.findByRole('region', { name: '各单位' });
    expect(await within(all).findByText('遵义市市场监督管理局')).toBeTruthy();
    expect(screen.queryByRole('region', { name: '本单位' })).toBeNull();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/console/timeliness?'))).toBe(false);
    expect(formatRate(null)).toBe('—');
    expect(formatRate(99.95)).toBe('100.0%');
  });

  it('ranks every agency with its corrections, refusals, API errors, objections and repairs, marks those that sent nothing, and downloads the ranking', async () => {
    const fetchMock = renderPage(['oversight']);

    const all = await screen.findByRole('region', { name: '各单位' });
    const silentRow = (await within(all).findByText('遵义市市场监督管理局')).closest('tr')!;
    expect(within(silentRow).getByText('未报送')).toBeTruthy();
    const reportedRow = within(all).getByText('贵阳市市场监督管理局').closest('tr')!;
    expect(within(reportedRow).queryByText('未报送')).toBeNull();
    // 更正, 撤销, 校验拒收, 接口错误, then 异议 (收到, 已处理, 平均处理, 超期) and 信用修复申请 (收到, 已决定, 超期).
    const cells = within(reportedRow)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(0, 3)).toEqual(['1', '贵阳市市场监督管理局', '200']);
    expect(cells.slice(-11)).toEqual(['5', '2', '7', '1', '4', '3', '2.7', '1', '2', '1', '0']);
    expect(within(all).getByRole('columnheader', { name: '异议' })).toBeTruthy();
    expect(within(all).getByRole('columnheader', { name: '信用修复申请' })).toBeTruthy();
    const silentCells = within(silentRow)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(silentCells.slice(-5)).toEqual(['—', '0', '0', '0', '0']);
    expect(within(all).getByText('期间内未报送的单位：1 个')).toBeTruthy();
    const download = within(all).getByRole('link', { name: /下载排名/ });
    expect(download.getAttribute('href')).toBe('/api/console/timeliness/agencies/export?sort=rate');

    fireEvent.click(within(all).getByRole('radio', { name: '按报送量排名' }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => url === '/api/console/timeliness/agencies?sort=volume')).toBe(true),
    );
    fireEvent.change(screen.getByLabelText('接收日期起'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: '统 计' }));
    await waitFor(() =>
      expect(
        within(all)
          .getByRole('link', { name: /下载排名/ })
          .getAttribute('href'),
      ).toBe('/api/console/timeliness/agencies/export?from=2026-11-01&sort=volume'),
    );
  });

  it("lets the provincial bureau draft the month's 通报 and open the draft", async () => {
    const fetchMock = renderPage(['platform.operator']);
    const notice = await screen.findByRole('region', { name: '月度通报' });
    const draft = within(notice).getByRole('button', { name: '起草月度通报' });
    expect(draft.hasAttribute('disabled')).toBe(true);
    fireEvent.change(within(notice).getByLabelText('通报月份'), { target: { value: '2026-11' } });
    fireEvent.click(draft);
    const open = await within(notice).findByRole('link', { name: '打开草稿' });
    expect(open.getAttribute('href')).toBe('/console/articles/81');
    expect(notice.textContent).toContain('《2026年11月企业公共信用信息报送情况通报》');
    const post = fetchMock.mock.calls.find(([url]) => url === '/api/console/timeliness/notices');
    expect(JSON.parse(String(post![1]!.body))).toEqual({ month: '2026-11' });
  });

  it('shows the lead departments no 通报 button', async () => {
    renderPage(['oversight']);
    await screen.findByRole('region', { name: '各单位' });
    expect(screen.queryByRole('region', { name: '月度通报' })).toBeNull();
  });
});
