import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { ApiClientDto } from '../api/api-client-queries';
import { ApiClientsPage } from './ApiClientsPage';

const existing: ApiClientDto = {
  id: 1,
  name: '行政处罚业务系统',
  keyId: 'gz_0a1b2c3d4e5f',
  createdAt: '2026-01-05T02:00:00.000Z',
  createdBy: '张三',
  lastUsedAt: null,
  revokedAt: null,
};
const created: ApiClientDto = { ...existing, id: 2, name: '行政许可业务系统', keyId: 'gz_99aa88bb77cc' };

describe('ApiClientsPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('shows a new key id and secret once, and revokes a key after confirmation', async () => {
    setCsrfToken('csrf-token-1');
    let clients = [existing];
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['exchange.configure'] })),
      'GET /api/console/api-clients': () => jsonResponse({ items: clients }),
      'POST /api/console/api-clients': () => {
        clients = [existing, created];
        return jsonResponse({ client: created, secret: 'c2VjcmV0LXNob3duLW9uY2U' });
      },
      'POST /api/console/api-clients/1/revocation': () => {
        clients = [{ ...existing, revokedAt: '2026-02-01T02:00:00.000Z' }, created];
        return jsonResponse(clients[0]);
      },
    });
    renderRoutes([{ path: '/console/api-clients', element: <ApiClientsPage /> }], '/console/api-clients');

    expect(await screen.findByText('gz_0a1b2c3d4e5f')).toBeTruthy();
    expect(screen.getByRole('link', { name: '接口文档（OpenAPI）' }).getAttribute('href')).toBe('/api/docs');

    fireEvent.click(screen.getByRole('button', { name: /创建接口凭证/ }));
    fireEvent.change(await screen.findByLabelText('接入系统名称'), { target: { value: '行政许可业务系统' } });
    fireEvent.click(screen.getByRole('button', { name: '创 建' }));

    const secret = await screen.findByText('c2VjcmV0LXNob3duLW9uY2U');
    const modal = secret.closest('.ant-modal') as HTMLElement;
    expect(within(modal).getByText(/密钥只显示这一次/)).toBeTruthy();
    expect(within(modal).getByText('gz_99aa88bb77cc')).toBeTruthy();
    expect(within(modal).getAllByRole('button', { name: /复制/ })).toHaveLength(2);
    const post = fetchMock.mock.calls.find(
      ([url, init]) => url === '/api/console/api-clients' && init?.method === 'POST',
    );
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ name: '行政许可业务系统' });

    fireEvent.click(within(modal).getByRole('button', { name: '我已妥善保存密钥' }));
    await waitFor(() => expect(screen.queryByText('c2VjcmV0LXNob3duLW9uY2U')).toBeNull());

    const row = screen.getByText('gz_0a1b2c3d4e5f').closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: '吊 销' }));
    const confirm = (await screen.findByText('吊销“行政处罚业务系统”的凭证？')).closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(confirm).getByRole('button', { name: '吊 销' }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => url === '/api/console/api-clients/1/revocation')).toBe(true),
    );
    expect(await within(screen.getByText('gz_0a1b2c3d4e5f').closest('tr')!).findByText(/已吊销/)).toBeTruthy();
  });
});
