import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { catalogueFixture, MARKET_BUREAU, recordFixture } from '../../../testing/catalogue-fixtures';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { RecordsPage } from './RecordsPage';

/** 移出 (SPEC §3): the drawer of a listing record in force offers 移出 to a transmitting account. */
const listing = recordFixture({
  id: 301,
  item: {
    id: 14,
    code: 'abnormal_list',
    name: '经营异常名录信息',
    category: 'bad',
    editionCode: '2015版',
    listing: true,
  },
  payload: { decisionNumber: '黔市监异〔2025〕12号', listedOn: '2025-03-01' },
  aroseOn: '2025-03-01',
  publicityUntil: null,
});

function renderPage(removal: (init?: RequestInit) => Response) {
  setCsrfToken('csrf-token-1');
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () =>
      jsonResponse(meFixture({ agency: MARKET_BUREAU, permissions: ['record.submit'], totpRequired: false })),
    'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
    'GET /api/console/catalogue/editions': () => jsonResponse({ items: [] }),
    'GET /api/console/records': () => jsonResponse({ items: [listing], total: 1 }),
    'GET /api/console/records/301': () => jsonResponse({ record: listing, versions: [listing], events: [] }),
    'POST /api/console/records/301/removal': removal,
  });
  renderRoutes([{ path: '/console/records', element: <RecordsPage /> }], '/console/records');
  return fetchMock;
}

async function openRemoval() {
  fireEvent.click(await screen.findByRole('button', { name: '贵州测试科技有限公司' }));
  const drawer = await screen.findByRole('dialog');
  expect(await within(drawer).findByText('至移出名单时止')).toBeTruthy();
  fireEvent.click(await within(drawer).findByRole('button', { name: '移 出' }));
  return (await screen.findByText('移出名单：贵州测试科技有限公司')).closest('.ant-modal') as HTMLElement;
}

describe('移出 in the records drawer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('sends the removal date, reason and authority', async () => {
    const bodies: unknown[] = [];
    renderPage((init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return jsonResponse({ ...listing, status: 'removed' });
    });
    const modal = await openRemoval();
    fireEvent.change(within(modal).getByLabelText('移出日期'), { target: { value: '2026-03-15' } });
    fireEvent.change(within(modal).getByLabelText('移出原因'), { target: { value: '已补报年度报告并公示' } });
    fireEvent.change(within(modal).getByLabelText('作出移出决定机关'), { target: { value: '贵阳市市场监督管理局' } });
    fireEvent.click(within(modal).getByRole('button', { name: '确认移出' }));
    await waitFor(() =>
      expect(bodies).toEqual([
        { removedOn: '2026-03-15', reason: '已补报年度报告并公示', authority: '贵阳市市场监督管理局' },
      ]),
    );
  });

  it('puts the server’s Chinese refusal on the date field', async () => {
    renderPage(() =>
      errorResponse('LISTING_REMOVAL_INVALID', '移出信息未通过校验', 400, {
        errors: [{ field: 'removedOn', label: '移出日期', message: '2025-01-01 早于列入日期 2025-03-01' }],
      }),
    );
    const modal = await openRemoval();
    fireEvent.change(within(modal).getByLabelText('移出日期'), { target: { value: '2025-01-01' } });
    fireEvent.change(within(modal).getByLabelText('移出原因'), { target: { value: '已补报年度报告' } });
    fireEvent.change(within(modal).getByLabelText('作出移出决定机关'), { target: { value: '贵阳市市场监督管理局' } });
    fireEvent.click(within(modal).getByRole('button', { name: '确认移出' }));
    expect(await within(modal).findByText('2025-01-01 早于列入日期 2025-03-01')).toBeTruthy();
    expect(within(modal).getByText('移出信息未通过校验')).toBeTruthy();
  });
});
