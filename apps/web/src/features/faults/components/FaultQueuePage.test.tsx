import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { FaultDto } from '../api/fault-queries';
import { FaultQueuePage } from './FaultQueuePage';
import { waitingTime } from './fault-labels';

const fault: FaultDto = {
  id: 12,
  agency: { id: 5, name: '遵义市市场监督管理局' },
  reporter: 'zunyi.li',
  title: '上传文件后一直显示处理中',
  description: '上传 CSV 后 30 分钟仍显示处理中。',
  location: '管理控制台 → 数据上报',
  occurredAt: '2026-01-05T01:00:00.000Z',
  severity: 'high',
  status: 'open',
  assignee: null,
  resolution: null,
  createdAt: '2026-01-05T01:05:00.000Z',
  resolvedAt: null,
  closedAt: null,
  minutesOpen: 125,
  screenshots: [
    { id: 3, name: '截图.png', mediaType: 'image/png', size: 2048, url: '/api/console/fault-queue/12/files/3' },
  ],
  events: [{ id: 1, kind: 'reported', account: 'zunyi.li', body: null, createdAt: '2026-01-05T01:05:00.000Z' }],
};

describe('FaultQueuePage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('formats the waiting time in hours and minutes', () => {
    expect(waitingTime(0)).toBe('已等待 0 小时 0 分');
    expect(waitingTime(125)).toBe('已等待 2 小时 5 分');
    expect(waitingTime(1500)).toBe('已等待 1 天 1 小时 0 分');
  });

  it('shows how long each ticket has waited and assigns it to the current operator', async () => {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ id: 1, permissions: ['platform.operator'] })),
      'GET /api/console/fault-queue': () => {
        const { events: _events, screenshots: _screenshots, ...summary } = fault;
        return jsonResponse({ items: [summary] });
      },
      'GET /api/console/fault-queue/12': () => jsonResponse(fault),
      'POST /api/console/fault-queue/12/assign': () =>
        jsonResponse({ ...fault, status: 'assigned', assignee: 'admin' }),
    });
    renderRoutes([{ path: '/console/fault-queue', element: <FaultQueuePage /> }], '/console/fault-queue');

    const row = (await screen.findByText('上传文件后一直显示处理中')).closest('tr')!;
    expect(within(row).getByText('已等待 2 小时 5 分')).toBeTruthy();
    expect(within(row).getByText('严重')).toBeTruthy();
    expect(within(row).getByText('待受理')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: '上传文件后一直显示处理中' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByRole('img', { name: '截图.png' })).toBeTruthy();
    fireEvent.click(await within(drawer).findByRole('button', { name: '由我处理' }));
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/api/console/fault-queue/12/assign',
        expect.objectContaining({ method: 'POST' }),
      ),
    );
    const assign = fetchMock.mock.calls.find(([url]) => url === '/api/console/fault-queue/12/assign');
    expect(JSON.parse(String(assign?.[1]?.body))).toEqual({ assigneeId: 1 });
  });
});
