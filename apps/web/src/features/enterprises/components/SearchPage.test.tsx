import type { ErrorBody, SearchEnterprisesResponse } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { DESKTOP_WIDTH, emulateViewportWidth, PHONE_WIDTH } from '../../../testing/viewport';
import { SearchPage } from './SearchPage';

const cappedResponse: SearchEnterprisesResponse = {
  items: [
    {
      creditCode: '9152000071430580XT',
      name: '贵州茅台酒股份有限公司',
      kind: 'enterprise',
      status: 'active',
      regionCode: '520382',
      regionName: '遵义市仁怀市',
      industryCode: 'C15',
      legalRepresentative: '张三',
      establishedOn: '1999-11-20',
      badges: ['trustworthy'],
    },
    {
      creditCode: '91520102MAJ0KMNA90',
      name: '南明区茅台<b>酒</b>经营部',
      kind: 'individual',
      status: 'revoked',
      regionCode: '520102',
      regionName: '贵阳市南明区',
      industryCode: null,
      legalRepresentative: '李四',
      establishedOn: null,
      badges: ['blacklisted', 'abnormal'],
      matchedDishonesty: [
        { itemName: '严重违法失信企业名单信息', dishonestyLevel: 'severe', records: 1 },
        { itemName: '行政处罚信息', dishonestyLevel: 'general', records: 2 },
      ],
    },
  ],
  total: 1000,
  capped: true,
  page: 1,
  pageSize: 20,
};

function renderSearch(url: string) {
  return renderRoutes(
    [
      { path: '/search', element: <SearchPage /> },
      { path: '/enterprises/:creditCode', element: <p>enterprise</p> },
    ],
    url,
  );
}

function addressOf(router: ReturnType<typeof renderSearch>) {
  return Object.fromEntries(new URLSearchParams(router.state.location.search));
}

/**
 * The 筛选 drawer. Under test every Ant Design id is "test-id", so the dialog's aria-labelledby may point at another
 * element: the title is checked as text here (the browser journey portal-phone finds the dialog by its name).
 */
async function findFilterDrawer() {
  const drawer = await screen.findByRole('dialog');
  expect(drawer.querySelector('.ant-drawer-title')?.textContent).toBe('筛选');
  return drawer;
}

describe('SearchPage', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('asks the API with the search from the address bar', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(cappedResponse));
    renderSearch('/search?q=茅台&region=520100&industry=C15&dishonest=true&page=3');

    await screen.findByText('找到超过 1,000 个相关市场主体');

    const url = new URL(fetchMock.mock.calls[0]![0] as string, 'http://localhost');
    expect(url.pathname).toBe('/api/public/enterprises');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '茅台',
      region: '520100',
      industry: 'C15',
      dishonest: 'true',
      page: '3',
      pageSize: '20',
    });
  });

  it('renders results with the fragment highlighted as text, labels by kind, badges and the capped note', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(cappedResponse));
    renderSearch('/search?q=茅台');

    const list = await screen.findByRole('list', { name: '市场主体列表' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);

    const [first, second] = items as [HTMLElement, HTMLElement];
    const firstLink = within(first).getByRole('link');
    expect(firstLink.getAttribute('href')).toBe('/enterprises/9152000071430580XT');
    expect(firstLink.textContent).toBe('贵州茅台酒股份有限公司');
    expect([...first.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['茅台']);
    expect(within(first).getByText('法定代表人：')).toBeTruthy();
    expect(within(first).getByText('1999-11-20')).toBeTruthy();
    expect(within(first).getByText('守信')).toBeTruthy();

    // Markup in a name is shown as text, never interpreted.
    expect(within(second).getByRole('link').textContent).toBe('南明区茅台<b>酒</b>经营部');
    expect(second.querySelector('b')).toBeNull();
    expect(within(second).getByText('经营者：')).toBeTruthy();
    expect(within(second).getByText('列入严重违法失信名单')).toBeTruthy();
    expect(within(second).getByText('列入经营异常名录')).toBeTruthy();
    // Why it matched 有失信记录: its 不良 records in public view by item and level; the first result says nothing.
    expect(
      within(second).getByText('失信记录：严重违法失信企业名单信息（严重失信 1 条）；行政处罚信息（一般失信 2 条）'),
    ).toBeTruthy();
    expect(within(first).queryByText(/失信记录/)).toBeNull();
    expect(within(second).getByText('吊销')).toBeTruthy();

    expect(screen.getByText('仅显示前 1,000 条结果，请输入更完整的名称缩小范围')).toBeTruthy();
    expect(screen.getByText('共 1,000 条')).toBeTruthy();
  });

  it('shows an empty state when nothing matches', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse({ items: [], total: 0, capped: false, page: 1, pageSize: 20 } satisfies SearchEnterprisesResponse),
    );
    renderSearch('/search?q=不存在的企业');

    expect(await screen.findByText('未找到相关市场主体')).toBeTruthy();
    expect(screen.queryByText(/仅显示前/)).toBeNull();
  });

  it("shows the API error's Chinese message", async () => {
    const errorBody: ErrorBody = {
      error: { code: 'VALIDATION_FAILED', message: '查询参数有误：region 地区代码应为 6 位数字', requestId: 'req-7' },
    };
    fetchMock.mockImplementation(async () => jsonResponse(errorBody, 400));
    renderSearch('/search?q=茅台');

    expect(await screen.findByText('查询参数有误：region 地区代码应为 6 位数字')).toBeTruthy();
  });

  it('answers a 429 with a Chinese notice saying when to try again', async () => {
    const errorBody: ErrorBody = {
      error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', requestId: 'req-8' },
    };
    fetchMock.mockImplementation(
      async () =>
        new Response(JSON.stringify(errorBody), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '42' },
        }),
    );
    renderSearch('/search?q=茅台');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: '访问过于频繁，请稍后再试' })).toBeTruthy();
    expect(alert.textContent).toContain('请在 42 秒后重试');
    expect(screen.queryByRole('list', { name: '市场主体列表' })).toBeNull();
  });

  it('says which former name (曾用名) matched, highlighted, when the current name does not contain the query', async () => {
    const renamed: SearchEnterprisesResponse = {
      ...cappedResponse,
      items: [
        { ...cappedResponse.items[0]!, name: '贵州新酱坊食品有限公司', matchedFormerName: '贵阳老字号<i>酱园</i>' },
      ],
      total: 1,
      capped: false,
    };
    fetchMock.mockImplementation(async () => jsonResponse(renamed));
    renderSearch('/search?q=酱园');

    const list = await screen.findByRole('list', { name: '市场主体列表' });
    const item = within(list).getByRole('listitem');
    const former = within(item).getByText('曾用名：', { exact: false });
    expect(former.textContent).toBe('曾用名：贵阳老字号<i>酱园</i>');
    expect([...former.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['酱园']);
    expect(former.querySelector('i')).toBeNull();
    expect(within(item).getByRole('link').querySelector('mark')).toBeNull();
  });

  it('does not call the API for a one-character query from the address bar', () => {
    renderSearch('/search?q=茅');

    expect(screen.getByText('请输入至少 2 个字的企业名称，或 18 位统一社会信用代码')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('keeps filters in the address bar and starts again at page 1', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(cappedResponse));
    const router = renderSearch('/search?q=茅台&page=4');
    await screen.findByText('找到超过 1,000 个相关市场主体');

    fireEvent.click(screen.getByRole('checkbox', { name: '有失信记录' }));

    await waitFor(() => expect(router.state.location.search).toBe('?q=%E8%8C%85%E5%8F%B0&dishonest=true'));
  });

  it('shows the filters inline on a desktop, without a 筛选 button', async () => {
    emulateViewportWidth(DESKTOP_WIDTH);
    fetchMock.mockImplementation(async () => jsonResponse(cappedResponse));
    renderSearch('/search?q=茅台&kind=enterprise');
    await screen.findByText('找到超过 1,000 个相关市场主体');

    expect(screen.getByRole('combobox', { name: '主体类型' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '有失信记录' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /筛选/ })).toBeNull();
  });

  it('folds the filters into a 筛选 drawer on a phone, applying the choices on 确定', async () => {
    emulateViewportWidth(PHONE_WIDTH);
    fetchMock.mockImplementation(async () => jsonResponse(cappedResponse));
    const router = renderSearch('/search?q=茅台&kind=enterprise&page=2');
    await screen.findByText('找到超过 1,000 个相关市场主体');

    expect(screen.queryByRole('combobox', { name: '主体类型' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '筛选（1）' }));
    const drawer = await findFilterDrawer();
    expect(within(drawer).getByRole('combobox', { name: '所属地区' })).toBeTruthy();
    expect(within(drawer).getByRole('combobox', { name: '主体类型' })).toBeTruthy();

    // A choice waits for 确定: the results behind the drawer stay as they are.
    fireEvent.click(within(drawer).getByRole('checkbox', { name: '有失信记录' }));
    expect(addressOf(router)).toEqual({ q: '茅台', kind: 'enterprise', page: '2' });
    fireEvent.click(within(drawer).getByRole('button', { name: '确 定' }));

    await waitFor(() => expect(addressOf(router)).toEqual({ q: '茅台', kind: 'enterprise', dishonest: 'true' }));
    expect(await screen.findByRole('button', { name: '筛选（2）' })).toBeTruthy();
  });

  it('clears every filter with 重置 and 确定 in the drawer, and drops unconfirmed choices on closing it', async () => {
    emulateViewportWidth(PHONE_WIDTH);
    fetchMock.mockImplementation(async () => jsonResponse(cappedResponse));
    const router = renderSearch('/search?q=茅台&region=520100&dishonest=true');
    await screen.findByText('找到超过 1,000 个相关市场主体');

    fireEvent.click(screen.getByRole('button', { name: '筛选（2）' }));
    let drawer = await findFilterDrawer();
    fireEvent.click(within(drawer).getByRole('checkbox', { name: '有失信记录' }));
    fireEvent.click(within(drawer).getByRole('button', { name: /^(关闭|Close)$/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(addressOf(router)).toEqual({ q: '茅台', region: '520100', dishonest: 'true' });

    fireEvent.click(screen.getByRole('button', { name: '筛选（2）' }));
    drawer = await findFilterDrawer();
    expect((within(drawer).getByRole('checkbox', { name: '有失信记录' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(drawer).getByRole('button', { name: '重 置' }));
    expect((within(drawer).getByRole('checkbox', { name: '有失信记录' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(within(drawer).getByRole('button', { name: '确 定' }));

    await waitFor(() => expect(addressOf(router)).toEqual({ q: '茅台' }));
    expect(await screen.findByRole('button', { name: '筛选' })).toBeTruthy();
  });
});
