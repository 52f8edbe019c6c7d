import { addDays, chinaToday } from '@gzcredit/domain';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../../app/router';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';

describe('the console home page’s 待办事项', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows a card per queue the account works, with its count, linking to the page that handles it', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['record.submit', 'platform.operator'] })),
      'GET /api/console/todos': () =>
        jsonResponse({
          items: [
            { kind: 'open-faults', count: 2 },
            { kind: 'column-requests', count: 0 },
            { kind: 'upload-errors', count: 1 },
            { kind: 'publicity-ending', count: 7 },
          ],
        }),
      'GET /api/console/calendar': () => jsonResponse({ years: [] }),
    });
    renderRoutes(routes, '/console');

    const section = await screen.findByRole('region', { name: '待办事项' });
    const links = await within(section).findAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['待受理的故障报告2项', '/console/fault-queue'],
      ['待审批的专栏申请0项', '/console/column-reviews'],
      ['近 30 天有错误的上传1项', '/console/uploads?withErrors=true'],
      ['30 天内公示期届满的信息7项', `/console/records?publicityEndsBy=${addDays(chinaToday(), 30)}`],
    ]);
    expect(within(section).getByText('待受理的故障报告')).toBeTruthy();
  });

  it('shows no 待办事项 section to an account that works no queue', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: [] })),
      'GET /api/console/todos': () => jsonResponse({ items: [] }),
    });
    renderRoutes(routes, '/console');

    expect(await screen.findByRole('heading', { name: /您好/ })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: '常用功能' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: '待办事项' })).toBeNull();
  });
});
