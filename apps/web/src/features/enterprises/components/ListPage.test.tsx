import type { ErrorBody, PublicListFiltersDto, PublicListResponse } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { DESKTOP_WIDTH, emulateViewportWidth, PHONE_WIDTH } from '../../../testing/viewport';
import { ListPage } from './ListPage';

const page: PublicListResponse = {
  list: 'blacklist',
  title: '严重失信主体名单（黑名单）',
  items: [
    {
      recordId: 7,
      creditCode: '91520102MAJ0KMNA90',
      entityName: '贵州<b>名单</b>商贸有限公司',
      regionName: '贵阳市南明区',
      itemCode: 'serious_illegal_list',
      itemName: '严重违法失信企业名单信息',
      agencyName: '贵州省市场监督管理局',
      aroseOn: '2026-11-02',
      dishonestyLevel: 'severe',
      publicityUntil: null,
      fields: [
        { label: '列入严重违法失信名单原因', value: '提交虚假材料取得登记' },
        { label: '列入决定书文号', value: '黔市监列严〔2026〕3号' },
        { label: '作出决定机关', value: '贵州省市场监督管理局' },
      ],
    },
  ],
  total: 31,
  capped: false,
  page: 2,
  pageSize: 10,
};

const filters: PublicListFiltersDto = {
  list: 'blacklist',
  title: '严重失信主体名单（黑名单）',
  items: [{ code: 'serious_illegal_list', name: '严重违法失信企业名单信息' }],
  agencies: [{ id: 3, name: '贵州省市场监督管理局' }],
};

function renderList(url: string) {
  return renderRoutes(
    [
      { path: '/lists/:list', element: <ListPage /> },
      { path: '/enterprises/:creditCode', element: <p>enterprise</p> },
    ],
    url,
  );
}

/** The list requests the test saw (the filter options' requests aside). */
function listCalls(fetchMock: ReturnType<typeof vi.fn>) {
  return fetchMock.mock.calls
    .map((call) => new URL(call[0] as string, 'http://localhost'))
    .filter((url) => !url.pathname.endsWith('/filters'));
}

describe('ListPage', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockImplementation(async (input: string) => jsonResponse(input.includes('/filters') ? filters : page));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('asks the API for the list with the filters from the address bar', async () => {
    renderList(
      '/lists/blacklist?region=520100&industry=F51&item=serious_illegal_list&agency=3&from=2026-01-01&to=2026-11-30&page=2',
    );

    await screen.findByText('共 31 条', { selector: '.search-summary' });
    const [url] = listCalls(fetchMock);
    expect(url!.pathname).toBe('/api/public/lists/blacklist');
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      region: '520100',
      industry: 'F51',
      item: 'serious_illegal_list',
      agency: '3',
      from: '2026-01-01',
      to: '2026-11-30',
      page: '2',
      pageSize: '10',
    });
  });

  it('shows each entry with its entity linked to the profile, item, level, date, agency and fields as text', async () => {
    renderList('/lists/blacklist');

    expect(await screen.findByRole('heading', { level: 1, name: '严重失信主体名单（黑名单）' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: '严重失信主体名单（黑名单）' });
    const [entry] = within(list).getAllByRole('listitem');
    const link = within(entry!).getByRole('link');
    expect(link.textContent).toBe('贵州<b>名单</b>商贸有限公司');
    expect(link.getAttribute('href')).toBe('/enterprises/91520102MAJ0KMNA90');
    expect(entry!.querySelector('b')).toBeNull();
    expect(within(entry!).getByText('严重违法失信企业名单信息')).toBeTruthy();
    expect(within(entry!).getByText('严重失信')).toBeTruthy();
    expect(within(entry!).getByText('列入日期：')).toBeTruthy();
    expect(within(entry!).getByText('2026-11-02')).toBeTruthy();
    expect(within(entry!).getByText('提交虚假材料取得登记')).toBeTruthy();
    expect(document.title).toBe('严重失信主体名单（黑名单） - 贵州省企业公共信用信息平台');
    // Every list is one link away, the current one marked.
    const navigation = screen.getByRole('navigation', { name: '公示名单' });
    const current = within(navigation).getByRole('link', { name: '严重失信主体名单（黑名单）' });
    expect(current.getAttribute('aria-current')).toBe('page');
    expect(within(navigation).getByRole('link', { name: '守信激励名单' }).getAttribute('href')).toBe(
      '/lists/trustworthy',
    );
  });

  it('filters by date from the date fields, starting again at page 1', async () => {
    const router = renderList('/lists/penalties?page=3');
    await screen.findByText('共 31 条', { selector: '.search-summary' });

    fireEvent.change(screen.getAllByLabelText('处罚决定日期自')[0]!, { target: { value: '2026-06-01' } });

    await waitFor(() => expect(router.state.location.search).toBe('?from=2026-06-01'));
    await waitFor(() => expect(listCalls(fetchMock).at(-1)!.searchParams.get('from')).toBe('2026-06-01'));
    expect(listCalls(fetchMock).at(-1)!.searchParams.get('page')).toBe('1');
  });

  it('shows the filters inline on a desktop, without a 筛选 button', async () => {
    emulateViewportWidth(DESKTOP_WIDTH);
    renderList('/lists/penalties');
    await screen.findByText('共 31 条', { selector: '.search-summary' });

    expect(screen.getByRole('combobox', { name: '提供单位' })).toBeTruthy();
    expect(screen.getByLabelText('处罚决定日期自')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /筛选/ })).toBeNull();
  });

  it('folds the filters into a 筛选 drawer on a phone, counting those set and applying a date on 确定', async () => {
    emulateViewportWidth(PHONE_WIDTH);
    const router = renderList('/lists/penalties?region=520100&agency=3&page=3');
    await screen.findByText('共 31 条', { selector: '.search-summary' });

    expect(screen.queryByRole('combobox', { name: '提供单位' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '筛选（2）' }));
    const drawer = await screen.findByRole('dialog');
    expect(drawer.querySelector('.ant-drawer-title')?.textContent).toBe('筛选');
    expect(within(drawer).getByRole('combobox', { name: '信息项' })).toBeTruthy();
    expect(within(drawer).getByRole('combobox', { name: '提供单位' })).toBeTruthy();
    fireEvent.change(within(drawer).getByLabelText('处罚决定日期自'), { target: { value: '2026-06-01' } });
    expect(router.state.location.search).toBe('?region=520100&agency=3&page=3');
    fireEvent.click(within(drawer).getByRole('button', { name: '确 定' }));

    await waitFor(() => expect(router.state.location.search).toBe('?region=520100&from=2026-06-01&agency=3'));
    expect(await screen.findByRole('button', { name: '筛选（3）' })).toBeTruthy();
  });

  it("shows the API's Chinese message for a refused filter", async () => {
    const refusal: ErrorBody = {
      error: { code: 'VALIDATION_FAILED', message: '查询参数有误：from 开始日期不能晚于结束日期', requestId: 'r1' },
    };
    fetchMock.mockImplementation(async (input: string) =>
      input.includes('/filters') ? jsonResponse(filters) : jsonResponse(refusal, 400),
    );
    renderList('/lists/blacklist?from=2026-05-01&to=2026-04-01');

    expect(await screen.findByText('查询参数有误：from 开始日期不能晚于结束日期')).toBeTruthy();
  });

  it('says when a list does not exist, offering the lists that do', async () => {
    renderList('/lists/everyone');

    expect(await screen.findByText('没有这个名单，请从上方选择')).toBeTruthy();
    expect(within(screen.getByRole('navigation', { name: '公示名单' })).getAllByRole('link')).toHaveLength(5);
    expect(listCalls(fetchMock)).toEqual([]);
  });
});
