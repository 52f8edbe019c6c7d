import type { ExchangeSettingDto, ExchangeSettingsDto, SharedRecordListDto } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { catalogueFixture, recordFixture } from '../../../testing/catalogue-fixtures';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { ExchangeFloorPage } from './ExchangeFloorPage';
import { ExchangeSettingsPage } from './ExchangeSettingsPage';
import { SharedQueryPage } from './SharedQueryPage';

const AGENCIES = [
  { id: 8, name: '贵州省住房和城乡建设厅', kind: 'administrative', regionCode: '520000' },
  { id: 9, name: '贵阳市中级人民法院', kind: 'judicial', regionCode: '520100' },
] as const;

const penaltySetting: ExchangeSettingDto = {
  itemId: 11,
  itemCode: 'penalty',
  itemName: '行政处罚信息',
  category: 'bad',
  editionCode: '2015版',
  fields: [
    { key: 'decisionNumber', label: '行政处罚决定书文号' },
    { key: 'violationFacts', label: '违法事实' },
    { key: 'penaltyContent', label: '处罚内容' },
  ],
  sharedRestricted: false,
  shared: [],
  authorised: [],
  configured: false,
  updatedAt: null,
  updatedByName: null,
  floorOverrides: [],
};

function settingsFixture(overrides: Partial<ExchangeSettingsDto> = {}): ExchangeSettingsDto {
  return {
    items: [penaltySetting],
    floor: { rules: [], updatedAt: null, updatedByName: null },
    agencies: [...AGENCIES],
    ...overrides,
  };
}

/** Opens an Ant Design select by its label and clicks the option with that title (the last one: the open list's). */
function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const options = screen.getAllByTitle(option);
  fireEvent.click(options[options.length - 1]!);
}

const bodyOf = (fetchMock: ReturnType<typeof stubConsoleApi>, method: string, path: string) => {
  const call = fetchMock.mock.calls.findLast(([url, init]) => String(url) === path && init?.method === method);
  return call ? JSON.parse(String(call[1]?.body)) : undefined;
};

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(undefined);
});

describe('ExchangeSettingsPage', () => {
  function renderPage(settings = settingsFixture()) {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['exchange.configure'] })),
      'GET /api/console/exchange-settings': () => jsonResponse(settings),
      'PUT /api/console/exchange-settings/11': (init) => {
        const body = JSON.parse(String(init?.body));
        return jsonResponse({
          ...penaltySetting,
          ...body,
          configured: true,
          updatedAt: '2026-12-07T02:00:00.000Z',
          updatedByName: '陈刚',
        });
      },
    });
    renderRoutes(
      [{ path: '/console/exchange-settings', element: <ExchangeSettingsPage /> }],
      '/console/exchange-settings',
    );
    return fetchMock;
  }

  it('shares an item with one named agency and only the chosen fields', async () => {
    const fetchMock = renderPage();
    const save = await screen.findByRole('button', { name: '保存设定' });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('仅向下列对象提供'));
    fireEvent.click(screen.getByRole('button', { name: '为行政处罚信息内部共享添加对象' }));
    choose('行政处罚信息内部共享第1个对象的类型', '指定机关');
    choose('行政处罚信息内部共享第1个对象的机关', '贵州省住房和城乡建设厅');
    // The fields are found by their labels, as the agency knows them.
    fireEvent.change(screen.getByLabelText('行政处罚信息内部共享第1个对象可见的数据项'), { target: { value: '处罚' } });
    expect(await screen.findAllByTitle('行政处罚决定书文号')).toBeTruthy();
    expect(screen.queryByTitle('违法事实')).toBeNull();
    choose('行政处罚信息内部共享第1个对象可见的数据项', '行政处罚决定书文号');
    choose('行政处罚信息内部共享第1个对象可见的数据项', '处罚内容');
    expect((save as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(save);
    expect(await screen.findByText('已保存“行政处罚信息”的交换设定')).toBeTruthy();
    expect(bodyOf(fetchMock, 'PUT', '/api/console/exchange-settings/11')).toEqual({
      sharedRestricted: true,
      shared: [{ audience: 'agency', value: '8', fields: ['decisionNumber', 'penaltyContent'] }],
      authorised: [],
    });
    expect(await screen.findByText(/本单位已设定（陈刚，/)).toBeTruthy();
    // Saved as shown: nothing left to save.
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(true));
  });

  it("says, per item, which of its narrowings the bureau's floor overrides, and nothing where none", async () => {
    const sentence = '严重失信的行政处罚信息：底线向所有机关提供全部数据项，本单位仅向贵州省住房和城乡建设厅提供';
    renderPage(
      settingsFixture({
        items: [
          { ...penaltySetting, floorOverrides: [sentence] },
          { ...penaltySetting, itemId: 12, itemCode: 'honour', itemName: '表彰奖励信息', category: 'good' },
        ],
      }),
    );
    const warning = await screen.findByText('省局交换底线覆盖了本单位的部分设定');
    expect(screen.getAllByText('省局交换底线覆盖了本单位的部分设定')).toHaveLength(1);
    const card = warning.closest('.ant-card') as HTMLElement;
    expect(within(card).getByText('行政处罚信息')).toBeTruthy();
    expect(within(card).getByText(sentence)).toBeTruthy();
  });

  it('drops the shared audiences when the item goes back to every agency, and keeps the authorised ones', async () => {
    const configured: ExchangeSettingDto = {
      ...penaltySetting,
      sharedRestricted: true,
      shared: [{ audience: 'kind', value: 'judicial', fields: null }],
      authorised: [{ audience: 'region', value: '5201', fields: ['decisionNumber'] }],
      configured: true,
      updatedAt: '2026-12-06T02:00:00.000Z',
      updatedByName: '陈刚',
    };
    const fetchMock = renderPage(settingsFixture({ items: [configured] }));
    fireEvent.click(await screen.findByLabelText('向所有机关提供全部数据项'));
    expect(screen.queryByLabelText('行政处罚信息内部共享第1个对象的类型')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '保存设定' }));
    await waitFor(() =>
      expect(bodyOf(fetchMock, 'PUT', '/api/console/exchange-settings/11')).toEqual({
        sharedRestricted: false,
        shared: [],
        authorised: [{ audience: 'region', value: '5201', fields: ['decisionNumber'] }],
      }),
    );
  });

  it('shows the bureau’s floor in words above the settings', async () => {
    renderPage(
      settingsFixture({
        floor: {
          rules: [
            { audience: 'all', value: null, fields: null, itemCode: null, dishonestyLevel: 'severe' },
            { audience: 'agency', value: '9', fields: ['decisionNumber'], itemCode: 'penalty', dishonestyLevel: null },
          ],
          updatedAt: '2026-12-06T02:00:00.000Z',
          updatedByName: '刘洁',
        },
      }),
    );
    const floor = (await screen.findByText(/省市场监管局设定的交换底线/)).closest('.ant-alert') as HTMLElement;
    const rules = within(floor).getAllByRole('listitem');
    expect(rules.map((rule) => rule.textContent)).toEqual([
      '所有机关可见所有信息项中严重失信的内部共享和授权查询信息',
      '贵阳市中级人民法院可见信息项 penalty 的内部共享和授权查询信息（限定数据项）',
    ]);
  });

  it('shows the server’s refusal and keeps the unsaved choice', async () => {
    setCsrfToken('csrf-token-1');
    stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['exchange.configure'] })),
      'GET /api/console/exchange-settings': () => jsonResponse(settingsFixture()),
      'PUT /api/console/exchange-settings/11': () =>
        errorResponse('EXCHANGE_SETTING_INVALID', 'shared[0]：请选择指定的机关', 400),
    });
    renderRoutes(
      [{ path: '/console/exchange-settings', element: <ExchangeSettingsPage /> }],
      '/console/exchange-settings',
    );
    fireEvent.click(await screen.findByLabelText('仅向下列对象提供'));
    fireEvent.click(screen.getByRole('button', { name: '为行政处罚信息内部共享添加对象' }));
    fireEvent.click(screen.getByRole('button', { name: '保存设定' }));
    expect(await screen.findByText('shared[0]：请选择指定的机关')).toBeTruthy();
    expect(screen.getByLabelText('行政处罚信息内部共享第1个对象的类型')).toBeTruthy();
  });
});

describe('ExchangeFloorPage', () => {
  function renderPage(rules: ExchangeSettingsDto['floor']['rules'] = []) {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['platform.operator'] })),
      'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
      'GET /api/console/exchange-floor': () =>
        jsonResponse({ rules, updatedAt: null, updatedByName: null, agencies: [...AGENCIES] }),
      'PUT /api/console/exchange-floor': (init) =>
        jsonResponse({
          ...JSON.parse(String(init?.body)),
          updatedAt: '2026-12-07T02:00:00.000Z',
          updatedByName: '刘洁',
        }),
    });
    renderRoutes([{ path: '/console/exchange-floor', element: <ExchangeFloorPage /> }], '/console/exchange-floor');
    return fetchMock;
  }

  it('adds a rule (every agency, 严重失信 of every item) and saves the whole floor', async () => {
    const fetchMock = renderPage();
    expect(await screen.findByText('未设定交换底线')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '添加规则' }));
    expect(screen.getByText('规则 1')).toBeTruthy();
    // A rule for every item cannot limit fields.
    expect(screen.queryByLabelText('规则1第1个对象可见的数据项')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '保存交换底线' }));
    expect(await screen.findByText('已保存交换底线')).toBeTruthy();
    expect(bodyOf(fetchMock, 'PUT', '/api/console/exchange-floor')).toEqual({
      rules: [{ audience: 'all', value: null, fields: null, itemCode: null, dishonestyLevel: 'severe' }],
    });
  });

  it('limits a rule to one item’s fields, clears them with a new item, and deletes a rule', async () => {
    const fetchMock = renderPage([
      { audience: 'kind', value: 'judicial', fields: null, itemCode: null, dishonestyLevel: null },
      { audience: 'all', value: null, fields: null, itemCode: null, dishonestyLevel: 'severe' },
    ]);
    await screen.findByLabelText('规则2的信息项');
    choose('规则2的信息项', '行政处罚信息');
    choose('规则2第1个对象可见的数据项', '违法事实');
    choose('规则2的信息项', '表彰奖励信息');
    // Another item: the fields chosen for the first no longer apply.
    expect(
      within(screen.getByLabelText('规则2第1个对象可见的数据项').closest('.ant-select')!).queryByText('违法事实'),
    ).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '删除规则1' }));
    fireEvent.click(screen.getByRole('button', { name: '保存交换底线' }));
    await waitFor(() =>
      expect(bodyOf(fetchMock, 'PUT', '/api/console/exchange-floor')).toEqual({
        rules: [{ audience: 'all', value: null, fields: null, itemCode: 'honour', dishonestyLevel: 'severe' }],
      }),
    );
  });
});

describe('SharedQueryPage', () => {
  const shared = recordFixture({
    id: 205,
    agency: { id: 8, name: '贵州省交通运输厅' },
    useScope: 'shared',
    payload: { decisionNumber: '黔交执罚〔2026〕31号', penaltyCategory: '罚款' },
  });

  function renderPage(pages: Record<string, SharedRecordListDto>, extra: Parameters<typeof stubConsoleApi>[0] = {}) {
    setCsrfToken('csrf-token-1');
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () => jsonResponse(meFixture({ permissions: ['record.query'] })),
      'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
      'GET /api/console/shared-records': (_init, url) =>
        jsonResponse(pages[new URL(url, 'http://localhost').searchParams.get('before') ?? 'first']),
      ...extra,
    });
    renderRoutes([{ path: '/console/shared-query', element: <SharedQueryPage /> }], '/console/shared-query');
    return fetchMock;
  }

  const queries = (fetchMock: ReturnType<typeof stubConsoleApi>) =>
    fetchMock.mock.calls
      .map(([url]) => String(url))
      .filter((url) => url.startsWith('/api/console/shared-records?'))
      .map((url) => Object.fromEntries(new URL(url, 'http://localhost').searchParams));

  it('searches by code and item, and shows only the fields the record carries, by their labels', async () => {
    const fetchMock = renderPage({ first: { items: [shared], next: null } });
    const row = (await screen.findByText('贵州省交通运输厅')).closest('tr')!;
    expect(within(row).getByText('内部共享')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('统一社会信用代码'), { target: { value: ' 91520102MA6DK2X12N ' } });
    choose('信息项', '行政处罚信息');
    fireEvent.click(screen.getByRole('button', { name: /^查\s*询$/ }));
    await waitFor(() =>
      expect(queries(fetchMock).at(-1)).toEqual({
        creditCode: '91520102MA6DK2X12N',
        itemCode: 'penalty',
        pageSize: '20',
      }),
    );
    fireEvent.click(
      within((await screen.findByText('贵州省交通运输厅')).closest('tr')!).getByRole('button', { name: '展开行' }),
    );
    const details = (await screen.findByText('黔交执罚〔2026〕31号')).closest('.ant-descriptions') as HTMLElement;
    const labels = [...details.querySelectorAll('.ant-descriptions-item-label')].map((cell) => cell.textContent);
    expect(labels).toEqual(['行政处罚决定书文号', '处罚类别']);
    expect(within(details).queryByText('违法事实')).toBeNull();
  });

  it('pages forward with the last record’s number and back to the first page', async () => {
    const older = recordFixture({ id: 150, entityName: '贵州更早商贸有限公司' });
    const fetchMock = renderPage({ first: { items: [shared], next: 205 }, '205': { items: [older], next: null } });
    await screen.findByText('贵州省交通运输厅');
    expect((screen.getByRole('button', { name: '上一页' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    expect(await screen.findByText('贵州更早商贸有限公司')).toBeTruthy();
    expect(screen.getByText('第 2 页')).toBeTruthy();
    expect(queries(fetchMock).at(-1)).toEqual({ before: '205', pageSize: '20' });
    expect((screen.getByRole('button', { name: '下一页' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '上一页' }));
    expect(await screen.findByText('贵州省交通运输厅')).toBeTruthy();
    expect(screen.getByText('第 1 页')).toBeTruthy();
  });

  it('downloads with the purpose, after showing the refusal without one', async () => {
    let exports = 0;
    const fetchMock = renderPage(
      { first: { items: [shared], next: null } },
      {
        'GET /api/console/shared-records/export': (_init, url) => {
          exports += 1;
          return new URL(url, 'http://localhost').searchParams.has('purpose')
            ? new Response('xlsx', {
                headers: {
                  'content-disposition': "attachment; filename*=UTF-8''%E5%85%B1%E4%BA%AB.xlsx",
                  'x-export-number': 'GX20261207-000012',
                },
              })
            : errorResponse(
                'EXPORT_PURPOSE_REQUIRED',
                '下载用途（purpose）必填：所下载的信息含非公示信息，请说明下载用途',
                400,
              );
        },
      },
    );
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:1', revokeObjectURL: () => undefined }));
    await screen.findByText('贵州省交通运输厅');
    fireEvent.click(screen.getByRole('button', { name: '下载 XLSX' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /^下\s*载$/ }));
    expect(await screen.findByText(/下载用途（purpose）必填/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('下载用途'), { target: { value: ' 工程招标投标资格审查 ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /^下\s*载$/ }));
    expect(await screen.findByText('已下载，导出编号 GX20261207-000012')).toBeTruthy();
    expect(exports).toBe(2);
    const last = fetchMock.mock.calls.map(([url]) => String(url)).findLast((url) => url.includes('/export'))!;
    expect(Object.fromEntries(new URL(last, 'http://localhost').searchParams)).toEqual({
      format: 'xlsx',
      purpose: '工程招标投标资格审查',
    });
  });
});
