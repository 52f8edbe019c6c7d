import type { ColumnDto } from '@gzcredit/contracts';
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { ColumnReviewPage } from './ColumnReviewPage';

const column = (id: number, name: string, sortOrder: number, status: ColumnDto['status']): ColumnDto => ({
  id,
  code: null,
  name,
  kind: status === 'requested' ? 'special' : 'standard',
  purpose: null,
  ownerAgency: null,
  status,
  sortOrder,
  requestedAt: '2026-12-01T02:00:00.000Z',
  decidedAt: null,
  decisionNote: null,
});

describe('专栏审批', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says where each column stands on the portal, not its sort value, and lists the order when approving', async () => {
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['platform.operator'] })),
      'GET /api/console/column-requests': () =>
        jsonResponse({
          items: [
            column(1, '政策规定', 20, 'approved'),
            column(2, '法律法规', 10, 'approved'),
            column(3, '营商环境专栏', 100, 'requested'),
          ],
        }),
    });
    renderRoutes([{ path: '/console/column-reviews', element: <ColumnReviewPage /> }], '/console/column-reviews');

    fireEvent.click(await screen.findByText('全部栏目'));
    const position = async (name: string) => {
      const row = (await screen.findByText(name)).closest('tr')!;
      return within(row).getByText(/^第 \d+ 栏$|^未显示$/).textContent;
    };
    expect(await position('法律法规')).toBe('第 1 栏');
    expect(await position('政策规定')).toBe('第 2 栏');
    expect(await position('营商环境专栏')).toBe('未显示');

    const requested = (await screen.findByText('营商环境专栏')).closest('tr')!;
    fireEvent.click(within(requested).getByRole('button', { name: /批\s*准/ }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('排序值越小越靠前。门户现有栏目依次为：法律法规（10）、政策规定（20）'),
    ).toBeTruthy();
  });
});
