import type { WithholdingDto } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { errorResponse, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { WithholdingReviewPage } from './WithholdingReviewPage';

const itemOff: WithholdingDto = {
  id: 7,
  agency: { id: 3, name: '贵阳市市场监督管理局' },
  item: { id: 11, code: 'licence', name: '行政许可信息' },
  record: null,
  ground: '《中华人民共和国保守国家秘密法》第十三条',
  createdAt: '2026-03-01T02:00:00.000Z',
  createdByName: '王公示',
};
const recordOff: WithholdingDto = {
  ...itemOff,
  id: 8,
  item: { id: 12, code: 'penalty', name: '行政处罚信息' },
  record: { id: 501, creditCode: '91520102MA6DK2X12N', entityName: '贵州测试科技有限公司', useScope: 'internal' },
  ground: '商业秘密',
  createdByName: null,
};

function renderPage() {
  return renderRoutes(
    [{ path: '/console/publicity-withholdings', element: <WithholdingReviewPage /> }],
    '/console/publicity-withholdings',
  );
}

describe('WithholdingReviewPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('lists each withholding with its agency, scope and ground, and overrules one with a reason', async () => {
    const posts: unknown[] = [];
    let items = [itemOff, recordOff];
    stubConsoleApi({
      'GET /api/console/publicity-withholdings': () => jsonResponse({ items, total: items.length }),
      'POST /api/console/publicity-withholdings/8/overrule': (init) => {
        posts.push(JSON.parse(String(init?.body)));
        items = [itemOff];
        return jsonResponse(recordOff);
      },
    });
    renderPage();

    expect(await screen.findByText('整个信息项（公示设定）')).toBeTruthy();
    expect(screen.getByText('《中华人民共和国保守国家秘密法》第十三条')).toBeTruthy();
    const row = screen
      .getByText(/贵州测试科技有限公司（91520102MA6DK2X12N）的一条信息，使用范围“仅本部门”/)
      .closest('tr')!;
    expect(within(row as HTMLElement).getByText(/接口传送/)).toBeTruthy();
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: '纠 正' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/这条行政处罚信息将改为公示/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('纠正理由'), { target: { value: '处罚决定不涉及商业秘密' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认纠正' }));
    await waitFor(() => expect(posts).toEqual([{ reason: '处罚决定不涉及商业秘密' }]));
    await waitFor(() => expect(screen.queryByText('商业秘密')).toBeNull());
  });

  it('shows the refusal of an overrule that came too late', async () => {
    stubConsoleApi({
      'GET /api/console/publicity-withholdings': () => jsonResponse({ items: [recordOff], total: 1 }),
      'POST /api/console/publicity-withholdings/8/overrule': () =>
        errorResponse('WITHHOLDING_STATE_CONFLICT', '该信息已更正、撤销或已公示，不公示事项已不存在', 409),
    });
    renderPage();

    fireEvent.click(await screen.findByRole('button', { name: '纠 正' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('纠正理由'), { target: { value: '应依法公示' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认纠正' }));
    expect(await within(dialog).findByText('该信息已更正、撤销或已公示，不公示事项已不存在')).toBeTruthy();
  });
});
