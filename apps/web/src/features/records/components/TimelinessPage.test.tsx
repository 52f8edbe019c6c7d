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
        items: [
          { ...figures, agency: { id: 3, name: '贵阳市市场监督管理局' } },
          { volume: 0, late: 0, rate: null, averageDaysLate: null, agency: { id: 4, name: '遵义市市场监督管理局' } },
        ],
      }),
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
    expect(within(own).getByText('2026年01月')).toBeTruthy();
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
});
