import type { Permission } from '@gzcredit/domain';
import { DEFAULT_LEVEL_WINDOWS } from '@gzcredit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { catalogueFixture, honourItem, penaltyItem } from '../../../testing/catalogue-fixtures';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { CataloguePage } from './CataloguePage';
import { toItemBody, toItemValues } from './ItemEditorDrawer';

const draftEdition = {
  id: 2,
  code: '2027版',
  name: '贵州省企业公共信用信息征集目录（2027版）',
  publishedOn: '2027-01-01',
  status: 'draft',
} as const;
const draftItems = [penaltyItem({ id: 21, editionId: 2, editionCode: '2027版' }), honourItem({ id: 22, editionId: 2 })];

function renderPage(permissions: Permission[]) {
  setCsrfToken('csrf-token-1');
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () => jsonResponse(meFixture({ permissions })),
    'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
    'GET /api/console/catalogue/editions': () => jsonResponse({ items: [catalogueFixture().edition, draftEdition] }),
    'GET /api/console/catalogue/editions/2': () => jsonResponse({ edition: draftEdition, items: draftItems }),
    'PUT /api/console/catalogue/items/22': (init) =>
      jsonResponse({ ...draftItems[1], ...JSON.parse(String(init?.body)) }),
  });
  renderRoutes([{ path: '/console/catalogue', element: <CataloguePage /> }], '/console/catalogue');
  return fetchMock;
}

describe('CataloguePage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('lists the items with their rules, expands the data items and offers templates to transmitters', async () => {
    renderPage(['record.submit']);

    const row = (await screen.findByText('行政处罚信息')).closest('tr')!;
    expect(within(row).getByText('不良')).toBeTruthy();
    expect(within(row).getByText('须标注')).toBeTruthy();
    expect(within(row).getByText(/一般失信 3–12 个月/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '下载“行政处罚信息”Excel 模板' }).getAttribute('href')).toBe(
      '/api/console/catalogue/items/11/template?format=xlsx',
    );
    expect(screen.queryByRole('tab', { name: '版本管理' })).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: /展开/ }));
    const fieldRow = (await screen.findByText('处罚类别')).closest('tr')!;
    expect(within(fieldRow).getByText('字典值')).toBeTruthy();
    expect(within(fieldRow).getByText('是')).toBeTruthy();
    expect(within(fieldRow).getByText('可选值：警告、罚款、没收违法所得')).toBeTruthy();
    expect(screen.getByText(/信息产生日期（报送期限由此起算）/)).toBeTruthy();
  });

  it('lets the operator edit an item of a draft, checking the definition before saving', async () => {
    const fetchMock = renderPage(['platform.operator']);

    await screen.findByText('行政处罚信息');
    // No templates for an account that transmits nothing.
    expect(screen.queryByRole('link', { name: /模板/ })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: '版本管理' }));
    fireEvent.click(await screen.findByRole('button', { name: '编辑“表彰奖励信息”' }));

    const drawer = (await screen.findByText('编辑信息项：表彰奖励信息')).closest('.ant-drawer') as HTMLElement;
    expect((within(drawer).getByLabelText('信息项名称') as HTMLInputElement).value).toBe('表彰奖励信息');
    // The date a record arose by the data item's name, not its key (awardedOn).
    const arose = within(drawer).getByLabelText('信息产生日期').closest('.ant-select') as HTMLElement;
    expect(arose.textContent).toContain('授予日期');
    expect(arose.textContent).not.toContain('awardedOn');
    fireEvent.mouseDown(within(drawer).getByLabelText('信息类别'));
    fireEvent.click(await screen.findByTitle('不良信息'));
    fireEvent.click(within(drawer).getByRole('button', { name: '保 存' }));

    expect(await within(drawer).findByText('不良信息的公示期限应按失信等级设定')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);

    fireEvent.mouseDown(within(drawer).getByLabelText('公示期限'));
    fireEvent.click(await screen.findByTitle('按失信等级'));
    fireEvent.click(within(drawer).getByRole('button', { name: '保 存' }));

    await waitFor(() => expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(String(put?.[1]?.body))).toMatchObject({
      code: 'honour',
      category: 'bad',
      requiresLevel: true,
      publicity: { kind: 'by_level', windows: DEFAULT_LEVEL_WINDOWS },
      aroseField: 'awardedOn',
    });
  });

  it('turns an item into form values and back without losing anything', () => {
    for (const item of [
      penaltyItem(),
      honourItem({ publicity: { kind: 'validity', validUntilField: 'awardedOn', months: 12 } }),
      honourItem({ deadline: { days: 15, unit: 'calendar', legalBasis: '《某某条例》第十五条' } }),
    ]) {
      const { id: _id, editionId: _editionId, editionCode: _editionCode, ...definition } = item;
      expect(toItemBody(toItemValues(definition))).toEqual(definition);
    }
  });
});
