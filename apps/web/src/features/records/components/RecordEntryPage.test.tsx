import { chinaToday } from '@gzcredit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import {
  catalogueFixture,
  FLAGGED_CREDIT_CODE,
  MARKET_BUREAU,
  recordFixture,
  VALID_CREDIT_CODE,
} from '../../../testing/catalogue-fixtures';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { RecordEntryPage, submissionSummary } from './RecordEntryPage';

const me = meFixture({ agency: MARKET_BUREAU, permissions: ['record.submit'], totpRequired: false });

function renderPage(handlers: Parameters<typeof stubConsoleApi>[0] = {}) {
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () => jsonResponse(me),
    'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
    ...handlers,
  });
  renderRoutes([{ path: '/console/record-entry', element: <RecordEntryPage /> }], '/console/record-entry');
  return fetchMock;
}

async function chooseItem(name: string) {
  fireEvent.mouseDown(await screen.findByLabelText('信息项'));
  fireEvent.click(await screen.findByTitle(name));
}

function choose(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const options = screen.getAllByTitle(option);
  fireEvent.click(options[options.length - 1]!);
}

/** The form item (label, control, messages) around a labelled control. */
function formItemOf(label: string): HTMLElement {
  return screen.getByLabelText(label).closest('.ant-form-item') as HTMLElement;
}

function isMarkedRequired(label: string): boolean {
  const element = formItemOf(label).querySelector('label');
  return element?.classList.contains('ant-form-item-required') ?? false;
}

describe('RecordEntryPage: the form generated from an item', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('renders a control for each field type, with the required markers the schema sets', async () => {
    renderPage();
    await chooseItem('行政处罚信息');

    expect((await screen.findByLabelText('行政处罚决定书文号')).getAttribute('maxlength')).toBe('128');
    expect(screen.getByLabelText('违法事实').tagName).toBe('TEXTAREA');
    const decisionDate = screen.getByLabelText('处罚决定日期');
    expect(decisionDate.getAttribute('type')).toBe('date');
    // Dates may not lie after today, except those the schema allows ahead (有效期).
    expect(decisionDate.getAttribute('max')).toBe(chinaToday());
    expect(screen.getByLabelText('公示截止日期').getAttribute('max')).toBeNull();
    expect(screen.getByLabelText('罚款金额（万元）').getAttribute('inputmode')).toBe('decimal');
    expect(screen.getByLabelText('涉及人数').getAttribute('inputmode')).toBe('numeric');
    expect(screen.getByLabelText('处罚类别').getAttribute('role')).toBe('combobox');
    expect(screen.getByLabelText('法定代表人身份证号码').getAttribute('placeholder')).toBe('18 位居民身份证号码');
    expect(screen.getByLabelText('联系电话').getAttribute('placeholder')).toBe('11 位手机号码');
    expect(screen.getByLabelText('行业代码').getAttribute('placeholder')).toContain('C1511');
    expect(screen.getByText('单位：万元')).toBeTruthy();

    expect(isMarkedRequired('统一社会信用代码')).toBe(true);
    expect(isMarkedRequired('主体名称')).toBe(true);
    expect(isMarkedRequired('失信等级')).toBe(true);
    expect(isMarkedRequired('行政处罚决定书文号')).toBe(true);
    expect(isMarkedRequired('处罚类别')).toBe(true);
    expect(isMarkedRequired('罚款金额（万元）')).toBe(false);
    expect(isMarkedRequired('公示截止日期')).toBe(false);
    // 使用范围 starts at the item's default.
    expect(within(formItemOf('使用范围')).getByTitle('公示')).toBeTruthy();

    // A 良好 item asks no dishonesty level.
    await chooseItem('表彰奖励信息');
    expect(await screen.findByLabelText('荣誉名称')).toBeTruthy();
    expect(screen.queryByLabelText('失信等级')).toBeNull();
  });

  it('checks values on the spot and puts the server refusal on the right fields', async () => {
    setCsrfToken('csrf-token-1');
    const fetchMock = renderPage({
      'POST /api/console/records': () =>
        errorResponse('RECORD_INVALID', '信息未通过校验', 400, {
          errors: [
            { field: 'fields.decisionNumber', label: '行政处罚决定书文号', message: '该文号已有一条有效信息' },
            { field: 'entityName', label: '主体名称', message: '与登记的主体名称不一致' },
            { field: 'itemCode', label: '信息项', message: '本单位类型不在“行政处罚信息”的提供单位范围内' },
          ],
        }),
    });
    await chooseItem('行政处罚信息');

    const creditCode = await screen.findByLabelText('统一社会信用代码');
    fireEvent.change(creditCode, { target: { value: FLAGGED_CREDIT_CODE } });
    fireEvent.blur(creditCode);
    expect(await within(formItemOf('统一社会信用代码')).findByText(/组织机构代码校验不通过/)).toBeTruthy();
    fireEvent.change(creditCode, { target: { value: VALID_CREDIT_CODE } });

    const mobile = screen.getByLabelText('联系电话');
    fireEvent.change(mobile, { target: { value: '12345' } });
    fireEvent.blur(mobile);
    expect(await within(formItemOf('联系电话')).findByText('“12345”不是有效的 11 位手机号码')).toBeTruthy();
    fireEvent.change(mobile, { target: { value: '' } });

    fireEvent.change(screen.getByLabelText('主体名称'), { target: { value: '贵州测试科技有限公司' } });
    choose('失信等级', '较重失信');
    fireEvent.change(screen.getByLabelText('行政处罚决定书文号'), { target: { value: '筑市监罚〔2026〕12号' } });
    fireEvent.change(screen.getByLabelText('违法事实'), { target: { value: '未按规定公示年度报告' } });
    fireEvent.change(screen.getByLabelText('处罚决定日期'), { target: { value: '2026-01-05' } });
    fireEvent.change(screen.getByLabelText('罚款金额（万元）'), { target: { value: '1500.5' } });
    choose('处罚类别', '罚款');
    fireEvent.click(screen.getByRole('button', { name: '提 交' }));

    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(([url, init]) => url === '/api/console/records' && init?.method === 'POST'),
      ).toBe(true),
    );
    const post = fetchMock.mock.calls.find(([url, init]) => url === '/api/console/records' && init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      record: {
        itemCode: 'penalty',
        creditCode: VALID_CREDIT_CODE,
        entityName: '贵州测试科技有限公司',
        dishonestyLevel: 'serious',
        useScope: 'public',
        fields: {
          decisionNumber: '筑市监罚〔2026〕12号',
          violationFacts: '未按规定公示年度报告',
          decisionDate: '2026-01-05',
          fineAmount: '1500.5',
          penaltyCategory: '罚款',
        },
      },
    });

    expect(await within(formItemOf('行政处罚决定书文号')).findByText('该文号已有一条有效信息')).toBeTruthy();
    expect(within(formItemOf('主体名称')).getByText('与登记的主体名称不一致')).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('信息未通过校验');
    expect(alert.textContent).toContain('信息项：本单位类型不在“行政处罚信息”的提供单位范围内');
  });

  it('refuses to send a record the catalogue would refuse', async () => {
    const fetchMock = renderPage();
    await chooseItem('表彰奖励信息');
    fireEvent.change(await screen.findByLabelText('统一社会信用代码'), { target: { value: VALID_CREDIT_CODE } });
    fireEvent.change(screen.getByLabelText('主体名称'), { target: { value: '贵州测试科技有限公司' } });
    fireEvent.change(screen.getByLabelText('荣誉名称'), { target: { value: '守合同重信用企业' } });
    fireEvent.change(screen.getByLabelText('授予日期'), { target: { value: '2999-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: '提 交' }));

    expect(await within(formItemOf('授予日期')).findByText('2999-01-01 晚于今天，不能是将来的日期')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
  });

  it('says whether the record found its entity and how late it came', async () => {
    renderPage({
      'POST /api/console/records': () => jsonResponse(recordFixture({ matched: false, daysLate: 3 })),
    });
    await chooseItem('表彰奖励信息');
    fireEvent.change(await screen.findByLabelText('统一社会信用代码'), { target: { value: VALID_CREDIT_CODE } });
    fireEvent.change(screen.getByLabelText('主体名称'), { target: { value: '贵州测试科技有限公司' } });
    fireEvent.change(screen.getByLabelText('荣誉名称'), { target: { value: '守合同重信用企业' } });
    fireEvent.change(screen.getByLabelText('授予日期'), { target: { value: '2025-12-01' } });
    fireEvent.click(screen.getByRole('button', { name: '提 交' }));

    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('信息已进入待匹配队列，主体登记信息到达后自动归集');
    expect(status.textContent).toContain('超过报送期限 3 个工作日');
    expect(submissionSummary({ matched: true, daysLate: 0 })).toBe('报送成功：已归集到该主体名下。');
  });
});
