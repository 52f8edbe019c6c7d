import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { AccountDto, AgencyDetailDto } from '../api/account-types';
import { AccountsPage } from './AccountsPage';

const agency: AgencyDetailDto = {
  id: 7,
  name: '遵义市市场监督管理局',
  regionCode: '520300',
  regionName: '遵义市',
  level: 'prefecture',
  kind: 'market_regulation',
  parentId: 1,
  managerFilingStatus: 'accepted',
  managers: [{ id: 70, name: '李明', post: '科长', mobileMasked: '138****0000', idCardMasked: '520***********0011' }],
};

const created: AccountDto = {
  id: 9,
  username: 'liming',
  displayName: '李明',
  agency: { id: 7, name: agency.name },
  manager: { id: 70, name: '李明', post: '科长' },
  permissions: ['record.submit'],
  disabled: false,
  lockedUntil: null,
  mustChangePassword: true,
  totpEnabled: false,
  createdAt: '2026-01-05T02:00:00.000Z',
};

describe('AccountsPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('shows the one-time password once after creating an account', async () => {
    setCsrfToken('csrf-token-1');
    let accounts: AccountDto[] = [];
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture()),
      'GET /api/console/accounts': () => jsonResponse({ items: accounts, total: accounts.length }),
      'GET /api/console/agencies': () => jsonResponse({ items: [agency] }),
      'GET /api/console/agencies/7': () => jsonResponse(agency),
      'POST /api/console/accounts': () => {
        accounts = [created];
        return jsonResponse({ account: created, oneTimePassword: 'Tmp-8xK2-pQ7z' });
      },
    });
    renderRoutes([{ path: '/console/accounts', element: <AccountsPage /> }], '/console/accounts');

    fireEvent.click(await screen.findByRole('button', { name: /新建账户/ }));
    const dialog = await screen.findByRole('dialog');
    const field = (label: string) => within(dialog).getByLabelText(label);
    fireEvent.change(field('用户名'), { target: { value: 'liming' } });
    fireEvent.change(field('姓名'), { target: { value: '李明' } });
    fireEvent.mouseDown(field('所属机构'));
    fireEvent.click(await screen.findByTitle(agency.name));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith('/api/console/agencies/7', expect.anything()));
    await waitFor(() => expect(field('对应管理人员').closest('.ant-select-disabled')).toBeNull());
    fireEvent.mouseDown(field('对应管理人员'));
    fireEvent.click(await screen.findByTitle('李明（科长）'));
    fireEvent.click(within(dialog).getByLabelText('传送企业公共信用信息'));
    fireEvent.click(screen.getByRole('button', { name: /创\s*建/ }));

    expect((await screen.findByTestId('one-time-password')).textContent).toBe('Tmp-8xK2-pQ7z');
    expect(screen.getByText('仅显示一次')).toBeTruthy();
    expect(dialog).toBeTruthy();

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    const postInit = post?.[1] ?? {};
    expect(JSON.parse(String(postInit.body))).toEqual({
      username: 'liming',
      displayName: '李明',
      agencyId: 7,
      managerId: 70,
      permissions: ['record.submit'],
    });
    expect((postInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-token-1');

    fireEvent.click(screen.getByRole('button', { name: '我已记下' }));
    await waitFor(() => expect(screen.queryByText('Tmp-8xK2-pQ7z')).toBeNull());
    expect(await screen.findByText('liming')).toBeTruthy();
  });
});
