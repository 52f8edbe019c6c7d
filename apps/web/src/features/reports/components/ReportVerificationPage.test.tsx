import type { ErrorBody, ReportVerificationDto } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { ReportVerificationPage } from './ReportVerificationPage';

const REPORT_NO = 'GZXY20261201K7M2Q9XW4D';
const DIGEST = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

const issued: ReportVerificationDto = {
  reportNo: REPORT_NO,
  issued: true,
  digestMatches: true,
  entityName: '贵州茅台酒股份有限公司',
  creditCode: '9152000071430580XT',
  issuedAt: '2026-12-01T02:30:00.000Z',
  sectionCounts: [
    { key: 'licences', title: '行政许可信息', count: 2 },
    { key: 'penalties', title: '行政处罚信息', count: 1 },
  ],
};

const ROOT = 'ab'.repeat(32);
const attested: ReportVerificationDto = {
  ...issued,
  attestation: {
    verified: true,
    steps: [
      { ok: true, message: '平台 SM2 签名成立（公钥标识 0123456789abcdef）' },
      { ok: true, message: '文件内容是可验证日志第 41 个叶子，包含在文件所附检查点（57 个叶子）的树中' },
    ],
    leafIndex: 41,
    leafHash: 'cd'.repeat(32),
    inclusionProof: ['ef'.repeat(32), '01'.repeat(32)],
    checkpoint: {
      log: 'gzcredit-log-v1',
      hash: 'sm3',
      treeSize: 57,
      rootHash: ROOT,
      timestamp: '2026-12-01T02:31:00.000Z',
      keyId: '0123456789abcdef',
      signature: '12'.repeat(64),
    },
    publicKey: `04${'34'.repeat(64)}`,
    sections: [
      { key: 'licences', title: '行政许可信息', records: [] },
      {
        key: 'penalties',
        title: '行政处罚信息',
        records: [
          {
            id: 7,
            itemName: '行政处罚信息',
            agencyName: '贵阳市市场监督管理局',
            aroseOn: '2026-11-02',
            fields: [
              { label: '行政处罚决定书文号', value: '筑市监罚〔2026〕7号' },
              { label: '罚款金额（万元）', value: '3' },
            ],
            digest: '56'.repeat(32),
          },
        ],
      },
    ],
  },
};

function renderPage(path: string) {
  return renderRoutes(
    [
      { path: '/reports', element: <ReportVerificationPage /> },
      { path: '/reports/:reportNo', element: <ReportVerificationPage /> },
    ],
    path,
  );
}

describe('ReportVerificationPage', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('passes the QR code’s number and digest to the API and shows 验证通过 with the report', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(issued));
    renderPage(`/reports/${REPORT_NO}?digest=${DIGEST}`);

    expect(await screen.findByText('验证通过')).toBeTruthy();
    expect(fetchMock.mock.calls[0]![0]).toBe(`/api/public/reports/${REPORT_NO}?digest=${DIGEST}`);
    expect(screen.getByRole('link', { name: '贵州茅台酒股份有限公司' }).getAttribute('href')).toBe(
      '/enterprises/9152000071430580XT',
    );
    expect(screen.getByText('9152000071430580XT')).toBeTruthy();
    expect(screen.getByText('2026-12-01 10:30')).toBeTruthy();
    expect(screen.getByText('行政许可信息 2 条；行政处罚信息 1 条')).toBeTruthy();
    expect(document.querySelector('.portal-result-success')).not.toBeNull();
  });

  it('shows the leaf’s inclusion in the latest checkpoint, the proof and each attested record’s key fields', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(attested));
    renderPage(`/reports/${REPORT_NO}?digest=${DIGEST}`);

    expect(await screen.findByText('证明成立')).toBeTruthy();
    expect(document.querySelector('.report-attestation-verdict')!.textContent).toContain(
      '该报告的内容是平台可验证日志的第 41 个叶子，包含在最新检查点（57 个叶子）中，平台签名成立。',
    );
    expect(screen.getByText(/文件内容是可验证日志第 41 个叶子/)).toBeTruthy();
    expect(screen.getByText('行政处罚信息（1 条）')).toBeTruthy();
    expect(screen.getByText('行政许可信息（0 条）')).toBeTruthy();
    const record = screen.getByText('第 1 条 行政处罚信息').closest('.report-attestation-record')!;
    expect(record.textContent).toContain('罚款金额（万元）3');
    expect(record.textContent).toContain('行政处罚决定书文号筑市监罚〔2026〕7号');
    expect(record.textContent).toContain('56'.repeat(32));
    expect(screen.getByRole('link', { name: '下载签名文件' }).getAttribute('href')).toBe(
      `/api/public/reports/${REPORT_NO}/signature.json`,
    );
    fireEvent.click(screen.getByText('包含证明（RFC 9162，SM3）'));
    expect(await screen.findByText(ROOT)).toBeTruthy();
    expect(screen.getByText('ef'.repeat(32))).toBeTruthy();
  });

  it('says in red when the server’s check of the leaf fails', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse({
        ...attested,
        attestation: {
          ...attested.attestation!,
          verified: false,
          steps: [{ ok: false, message: '文件内容不在文件所附检查点（57 个叶子）的树中' }],
        },
      }),
    );
    renderPage(`/reports/${REPORT_NO}?digest=${DIGEST}`);

    expect(await screen.findByText('该报告的日志证明不成立，请勿采信该报告，并与平台联系')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('不成立 文件内容不在文件所附检查点（57 个叶子）的树中');
  });

  it('warns in red that the content may have been altered when the digest differs', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ ...issued, digestMatches: false }));
    renderPage(`/reports/${REPORT_NO}?digest=${'0'.repeat(64)}`);

    expect(await screen.findByText('摘要不一致')).toBeTruthy();
    expect(screen.getByText(/报告编号存在但摘要不一致，报告内容可能被篡改/)).toBeTruthy();
    expect(screen.queryByText('验证通过')).toBeNull();
    expect(document.querySelector('.portal-result-error')).not.toBeNull();
  });

  it('says in red that no such report exists for an unknown number', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ reportNo: REPORT_NO, issued: false, digestMatches: null }));
    renderPage(`/reports/${REPORT_NO}?digest=${DIGEST}`);

    expect(await screen.findByText('未找到该报告')).toBeTruthy();
    expect(document.querySelector('.portal-result-error')).not.toBeNull();
    expect(screen.queryByText('贵州茅台酒股份有限公司')).toBeNull();
  });

  it('asks for the digest when only the number was given', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ ...issued, digestMatches: null }));
    renderPage(`/reports/${REPORT_NO}`);

    expect(await screen.findByText('报告编号存在')).toBeTruthy();
    expect(fetchMock.mock.calls[0]![0]).toBe(`/api/public/reports/${REPORT_NO}`);
  });

  it('shows the server’s message for a malformed number', async () => {
    const errorBody: ErrorBody = {
      error: { code: 'VALIDATION_FAILED', message: '报告编号格式不正确', requestId: 'req-1' },
    };
    fetchMock.mockImplementation(async () => jsonResponse(errorBody, 400));
    renderPage('/reports/GZXY123');

    expect(await screen.findByText('无法验证该报告')).toBeTruthy();
    expect(screen.getByText('报告编号格式不正确')).toBeTruthy();
  });

  it('verifies a number and digest typed by hand, normalising the number', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(issued));
    const router = renderPage('/reports');
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('报告编号'), { target: { value: ' gzxy2o261201k7m2q9xw4d ' } });
    fireEvent.change(screen.getByLabelText('SM3 摘要（可选）'), { target: { value: DIGEST.toUpperCase() } });
    fireEvent.click(screen.getByRole('button', { name: '验证报告' }));

    expect(await screen.findByText('验证通过')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/reports/${REPORT_NO}`);
    expect(router.state.location.search).toBe(`?digest=${DIGEST}`);
  });

  it('refuses a malformed number in the form without calling the API', async () => {
    renderPage('/reports');
    fireEvent.change(screen.getByLabelText('报告编号'), { target: { value: 'ABC123' } });
    fireEvent.click(screen.getByRole('button', { name: '验证报告' }));

    expect(await screen.findByText('报告编号格式不正确，应为 GZXY 加 18 位数字和字母')).toBeTruthy();
    await waitFor(() => expect(fetchMock).not.toHaveBeenCalled());
  });
});
