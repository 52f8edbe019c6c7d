import { PROFILE_SECTION_TITLES } from '@gzcredit/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubConsoleApi } from '../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../testing/render';
import { routes } from '../router';

afterEach(() => vi.unstubAllGlobals());

describe('portal footer and 使用指南', () => {
  it('shows the configured 网站标识码, ICP and 公安备案 marks with links to their registers', async () => {
    stubConsoleApi({
      'GET /api/public/site': () =>
        jsonResponse({
          siteIdentifier: '5200000052',
          icpRecord: '黔ICP备05002316号-1',
          psbRecord: '黔公网安备 52010302000123号',
        }),
    });
    renderRoutes(routes, '/help');

    const footer = await screen.findByRole('contentinfo');
    expect(await within(footer).findByText('网站标识码：5200000052')).toBeTruthy();
    expect(within(footer).getByRole('link', { name: '黔ICP备05002316号-1' }).getAttribute('href')).toBe(
      'https://beian.miit.gov.cn/',
    );
    expect(within(footer).getByRole('link', { name: '黔公网安备 52010302000123号' }).getAttribute('href')).toBe(
      'https://beian.mps.gov.cn/#/query/webSearch?code=52010302000123',
    );
  });

  it('shows no marks while none is configured', async () => {
    const fetchMock = stubConsoleApi({
      'GET /api/public/site': () => jsonResponse({ siteIdentifier: null, icpRecord: null, psbRecord: null }),
    });
    renderRoutes(routes, '/help');

    const footer = await screen.findByRole('contentinfo');
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(within(footer).queryByText(/网站标识码/)).toBeNull();
    expect(within(footer).getByRole('link', { name: '使用指南' }).getAttribute('href')).toBe('/help');
  });

  it('explains every section of a profile and how to verify a report', async () => {
    stubConsoleApi({
      'GET /api/public/site': () => jsonResponse({ siteIdentifier: null, icpRecord: null, psbRecord: null }),
    });
    renderRoutes(routes, '/help');

    expect(await screen.findByRole('heading', { level: 1, name: '使用指南' })).toBeTruthy();
    expect(document.title).toBe('使用指南 - 贵州省企业公共信用信息平台');
    for (const title of Object.values(PROFILE_SECTION_TITLES))
      expect(screen.getByText(title, { selector: 'dt' })).toBeTruthy();
    const verify = screen.getByRole('region', { name: '如何下载和验证信用报告' });
    expect(within(verify).getByRole('link', { name: '信用报告验证' }).getAttribute('href')).toBe('/reports');
    expect(screen.getByRole('link', { name: '使用指南', current: 'page' })).toBeTruthy();
  });
});
