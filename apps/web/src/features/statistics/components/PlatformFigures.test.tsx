import type { PublicStatisticsDto } from '@gzcredit/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { PlatformFigures } from './PlatformFigures';

const figures: PublicStatisticsDto = {
  entities: 5_000_000,
  publicRecords: 1_234_567,
  blacklistedEntities: 321,
  updatedAt: '2026-12-01T02:00:00.000Z',
};

describe('PlatformFigures', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('shows the three figures of the platform with their labels and links to report verification', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(figures));
    renderRoutes([{ path: '/', element: <PlatformFigures /> }], '/');

    const region = screen.getByRole('region', { name: '平台概况' });
    expect(await within(region).findByText('5,000,000')).toBeTruthy();
    const pairs = [...region.querySelectorAll('.home-figure')].map((figure) => [
      figure.querySelector('dt')?.textContent,
      figure.querySelector('dd')?.textContent,
    ]);
    expect(pairs).toEqual([
      ['市场主体', '5,000,000户'],
      ['公示信用信息', '浏览公示名单：1,234,567条'],
      ['严重失信主体（黑名单）', '查看严重失信主体名单：321户'],
    ]);
    // The figures lead to the lists they count.
    expect(within(region).getByRole('link', { name: '查看严重失信主体名单：321户' }).getAttribute('href')).toBe(
      '/lists/blacklist',
    );
    expect(within(region).getByRole('link', { name: '浏览公示名单：1,234,567条' }).getAttribute('href')).toBe(
      '/lists/penalties',
    );
    expect(within(region).getByText(/统计时间：2026-12-01 10:00(?!:)/)).toBeTruthy();
    expect(within(region).getByRole('link', { name: '信用报告验证' }).getAttribute('href')).toBe('/reports');
    expect(new URL(fetchMock.mock.calls[0]![0] as string, 'http://localhost').pathname).toBe('/api/public/statistics');
  });

  it('says in Chinese when the figures are unavailable, keeping the verification link', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse({ error: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后再试', requestId: 'r' } }, 500),
    );
    renderRoutes([{ path: '/', element: <PlatformFigures /> }], '/');

    expect(await screen.findByText('统计数据暂不可用：服务器内部错误，请稍后再试')).toBeTruthy();
    expect(screen.getByRole('link', { name: '信用报告验证' })).toBeTruthy();
  });
});
