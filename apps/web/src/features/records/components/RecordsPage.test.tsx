import type { Permission } from '@gzcredit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { catalogueFixture, MARKET_BUREAU, recordFixture } from '../../../testing/catalogue-fixtures';
import { meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { RecordsPage } from './RecordsPage';

const first = recordFixture({ id: 101, version: 1, status: 'corrected' });
const current = recordFixture({
  id: 102,
  version: 2,
  reason: '文号录入错误',
  payload: { ...first.payload, decisionNumber: '筑市监罚〔2026〕21号' },
  createdAt: '2026-02-12T02:00:00.000Z',
});

function renderPage(permissions: Permission[]) {
  setCsrfToken('csrf-token-1');
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () => jsonResponse(meFixture({ agency: MARKET_BUREAU, permissions, totpRequired: false })),
    'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
    'GET /api/console/records': () => jsonResponse({ items: [current], total: 1 }),
    'GET /api/console/records/102': () =>
      jsonResponse({
        record: current,
        versions: [first, current],
        events: [
          {
            id: 1,
            recordId: 102,
            kind: 'corrected',
            reason: '文号录入错误',
            details: { previousId: 101 },
            accountName: '张三',
            createdAt: '2026-02-12T02:00:00.000Z',
          },
        ],
      }),
    'POST /api/console/records/102/corrections': () =>
      jsonResponse(recordFixture({ id: 103, version: 3, payload: { ...current.payload, fineAmount: '2' } })),
  });
  renderRoutes([{ path: '/console/records', element: <RecordsPage /> }], '/console/records');
  return fetchMock;
}

describe('RecordsPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('lists the records with their lateness, opens one with its versions and traces, and corrects it', async () => {
    const fetchMock = renderPage(['record.query', 'record.correct']);

    const row = (await screen.findByText('贵州测试科技有限公司')).closest('tr')!;
    const late = within(row).getByText('6');
    expect(late.closest('.ant-typography-danger')).toBeTruthy();
    expect(within(row).getByText('一般失信')).toBeTruthy();
    expect(within(row).getByText('第 2 版')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: '贵州测试科技有限公司' }));
    const drawer = await screen.findByRole('dialog');
    // Every data item under its Chinese label.
    await within(drawer).findAllByText('行政处罚决定书文号');
    const content = within(drawer).getByText('筑市监罚〔2026〕21号', { selector: '.ant-descriptions span' });
    expect(content.closest('tr')?.textContent).toBe('行政处罚决定书文号筑市监罚〔2026〕21号');
    expect(within(drawer).getByText('版本历史（共 2 版）')).toBeTruthy();
    expect(within(drawer).getByText('第 1 版 → 第 2 版：1 项更正')).toBeTruthy();
    const trace = within(drawer).getByLabelText('变更记录');
    expect(within(trace).getByText(/张三/)).toBeTruthy();
    expect(within(trace).getByText('理由：文号录入错误')).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: '失信等级标注' })).toBeNull();
    expect(within(drawer).getByRole('button', { name: '撤 销' })).toBeTruthy();

    fireEvent.click(within(drawer).getByRole('button', { name: '更 正' }));
    const modal = (await screen.findByText('更正：行政处罚信息')).closest('.ant-modal') as HTMLElement;
    expect((within(modal).getByLabelText('主体名称') as HTMLInputElement).value).toBe('贵州测试科技有限公司');
    expect((within(modal).getByLabelText('行政处罚决定书文号') as HTMLInputElement).value).toBe('筑市监罚〔2026〕21号');
    fireEvent.change(within(modal).getByLabelText('罚款金额（万元）'), { target: { value: '2' } });
    fireEvent.click(within(modal).getByRole('button', { name: '提交更正' }));
    expect(await within(modal).findByText('请填写更正原因')).toBeTruthy();
    fireEvent.change(within(modal).getByLabelText('更正原因'), { target: { value: '罚款金额依复议决定调整' } });
    fireEvent.click(within(modal).getByRole('button', { name: '提交更正' }));

    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => url === '/api/console/records/102/corrections')).toBe(true),
    );
    const post = fetchMock.mock.calls.find(([url]) => url === '/api/console/records/102/corrections');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      reason: '罚款金额依复议决定调整',
      record: {
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: 'general',
        useScope: 'public',
        fields: { ...current.payload, fineAmount: '2' },
      },
    });
  });

  it('offers 失信等级标注 to an annotating account, and neither 更正 nor 撤销', async () => {
    renderPage(['record.annotate']);

    fireEvent.click(await screen.findByRole('button', { name: '贵州测试科技有限公司' }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByRole('button', { name: '失信等级标注' })).toBeTruthy();
    expect(within(drawer).queryByRole('button', { name: '更 正' })).toBeNull();
    expect(within(drawer).queryByRole('button', { name: '撤 销' })).toBeNull();
  });
});
