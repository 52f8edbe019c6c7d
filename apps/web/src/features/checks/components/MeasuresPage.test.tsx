import type { Permission } from '@gzcredit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { catalogueFixture } from '../../../testing/catalogue-fixtures';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { MeasuresPage } from './MeasuresPage';

const published = {
  id: 1,
  list: 'national',
  label: '2024年版结构·起始数据（待核实）',
  status: 'published',
  basedOnId: null,
  publishedAt: '2026-12-01T00:00:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
  measureCount: 1,
} as const;
const draft = { ...published, id: 2, label: '2026年修订', status: 'draft', basedOnId: 1, publishedAt: null } as const;
const measure = {
  id: 21,
  editionId: 2,
  code: 'N1-01',
  name: '限制参加政府采购活动',
  measureClass: 1,
  targetListings: ['penalty', 'judgment_defaulter'],
  targetLevels: ['severe'],
  legalBasis: '《中华人民共和国政府采购法》第二十二条',
  implementingBody: '采购人',
  purposes: ['government_procurement'],
  source: '财库〔2016〕125号',
  note: '待核实',
  confirmed: false,
} as const;

function renderPage(permissions: Permission[], extra: Parameters<typeof stubConsoleApi>[0] = {}) {
  setCsrfToken('csrf-token-1');
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () => jsonResponse(meFixture({ permissions })),
    'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
    'GET /api/console/check-purposes': () =>
      jsonResponse({ items: [{ id: 1, code: 'government_procurement', name: '政府采购', active: true }] }),
    'GET /api/console/measure-editions': () => jsonResponse({ items: [draft, published] }),
    'GET /api/console/measure-editions/2': () => jsonResponse({ edition: draft, measures: [measure] }),
    'POST /api/console/measure-editions/2/publish': () =>
      jsonResponse({ edition: { ...draft, status: 'published' }, measures: [measure] }),
    ...extra,
  });
  renderRoutes([{ path: '/console/measures', element: <MeasuresPage /> }], '/console/measures');
  return fetchMock;
}

describe('MeasuresPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('shows the draft measures with class, targets, legal basis, purposes and the 待核实 mark', async () => {
    renderPage(['record.query']);
    const row = (await screen.findByText('限制参加政府采购活动')).closest('tr')!;
    expect(within(row).getByText('待核实')).toBeTruthy();
    expect(within(row).getByText('第一类')).toBeTruthy();
    // A listing by its item's name; a code the current catalogue lacks as it was set.
    expect(await within(row).findByText('行政处罚信息、judgment_defaulter、严重失信')).toBeTruthy();
    expect(within(row).getByText('《中华人民共和国政府采购法》第二十二条')).toBeTruthy();
    expect(await within(row).findByText('政府采购')).toBeTruthy();
    // A reader neither edits nor publishes.
    expect(screen.queryByRole('button', { name: /^发\s?布$/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^编\s?辑$/ })).toBeNull();
  });

  it('lets the operator publish the draft after a confirmation', async () => {
    const fetchMock = renderPage(['platform.operator']);
    fireEvent.click(await screen.findByRole('button', { name: /^发\s?布$/ }, { timeout: 10_000 }));
    expect(await screen.findByText(/原现行版本转为已替代/)).toBeTruthy();
    const calls = () => fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/publish'));
    expect(calls()).toHaveLength(0);
    const confirm = screen.getAllByRole('button', { name: /^发\s?布$/ }).at(-1)!;
    fireEvent.click(confirm);
    await waitFor(() => expect(calls()).toHaveLength(1));
  });

  it("names the 惩戒对象 lists by their items' names, not their codes, in the measure's form", async () => {
    renderPage(['platform.operator']);
    fireEvent.click(await screen.findByRole('button', { name: /新增措施/ }, { timeout: 10_000 }));
    const listings = await screen.findByRole('combobox', { name: '惩戒对象：名单（征集目录信息项）' });

    fireEvent.mouseDown(listings);

    // The drawn options (the app renders lists without virtual stand-ins, which read values: AppProviders).
    await waitFor(() => expect(document.querySelectorAll('.ant-select-item-option').length).toBeGreaterThan(0));
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((option) => option.textContent);
    expect(options).toContain('行政处罚信息');
    expect(options.filter((name) => /[a-z_]{3,}/.test(name ?? ''))).toEqual([]);
  });

  it('lets the operator rename and turn off a check purpose, and add one', async () => {
    const fetchMock = renderPage(['platform.operator'], {
      'PUT /api/console/check-purposes/1': (init) =>
        jsonResponse({ id: 1, code: 'government_procurement', ...JSON.parse(String(init?.body)) }),
      'POST /api/console/check-purposes': (init) =>
        jsonResponse({ id: 11, active: true, ...JSON.parse(String(init?.body)) }),
    });
    const purposes = await screen.findByRole('region', { name: '核查事项' });
    fireEvent.click(
      await within(purposes).findByRole('button', { name: '编辑核查事项“政府采购”' }, { timeout: 10_000 }),
    );
    const dialog = await screen.findByRole('dialog', { name: '编辑核查事项“政府采购”' });
    expect((within(dialog).getByLabelText('事项代码') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('事项名称'), { target: { value: '政府采购（含框架协议）' } });
    fireEvent.click(within(dialog).getByRole('switch'));
    fireEvent.click(within(dialog).getByRole('button', { name: /^保\s*存$/ }));
    expect(await screen.findByText('已保存核查事项“政府采购（含框架协议）”')).toBeTruthy();
    const put = fetchMock.mock.calls.find(
      ([url, init]) => url === '/api/console/check-purposes/1' && init?.method === 'PUT',
    );
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ name: '政府采购（含框架协议）', active: false });

    fireEvent.click(within(purposes).getByRole('button', { name: /新增核查事项/ }));
    const adding = await screen.findByRole('dialog', { name: '新增核查事项' });
    fireEvent.change(within(adding).getByLabelText('事项代码'), { target: { value: 'qualification' } });
    fireEvent.change(within(adding).getByLabelText('事项名称'), { target: { value: '资质评定' } });
    expect(within(adding).queryByRole('switch')).toBeNull();
    fireEvent.click(within(adding).getByRole('button', { name: /^保\s*存$/ }));
    await waitFor(() => {
      const post = fetchMock.mock.calls.find(
        ([url, init]) => url === '/api/console/check-purposes' && init?.method === 'POST',
      );
      expect(JSON.parse(String(post?.[1]?.body))).toEqual({ code: 'qualification', name: '资质评定' });
    });
  });

  it('shows the check purposes to a reader without edit buttons', async () => {
    renderPage(['record.query']);
    const purposes = await screen.findByRole('region', { name: '核查事项' });
    expect(await within(purposes).findByText('government_procurement')).toBeTruthy();
    expect(within(purposes).getByText('启用')).toBeTruthy();
    expect(within(purposes).queryByRole('button')).toBeNull();
  });
});
