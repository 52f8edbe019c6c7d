import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { catalogueFixture, MARKET_BUREAU } from '../../../testing/catalogue-fixtures';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { UploadDto } from '../api/upload-queries';
import { UploadPage } from './UploadPage';
import { progressText, UploadProgress } from './UploadProgress';

function upload(overrides: Partial<UploadDto> = {}): UploadDto {
  return {
    id: 5,
    item: { id: 11, code: 'penalty', name: '行政处罚信息' },
    kind: 'records',
    fileName: '处罚2026年1月.xlsx',
    fileSize: 20480,
    format: 'xlsx',
    status: 'queued',
    totalRows: null,
    rowsDone: 0,
    accepted: 0,
    rejected: 0,
    progress: 0,
    errorMessage: null,
    batchId: null,
    uploadedBy: '张三',
    createdAt: '2026-02-10T02:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    hasErrorReport: false,
    ...overrides,
  };
}

const running = upload({
  status: 'running',
  totalRows: 1000,
  rowsDone: 400,
  accepted: 390,
  rejected: 10,
  progress: 40,
});
const done = upload({
  status: 'done',
  totalRows: 1000,
  rowsDone: 1000,
  accepted: 990,
  rejected: 10,
  progress: 100,
  hasErrorReport: true,
  batchId: 9,
});

function renderPage(handlers: Parameters<typeof stubConsoleApi>[0]) {
  setCsrfToken('csrf-token-1');
  const fetchMock = stubConsoleApi({
    'GET /api/console/me': () =>
      jsonResponse(meFixture({ agency: MARKET_BUREAU, permissions: ['record.submit'], totpRequired: false })),
    'GET /api/console/catalogue': () => jsonResponse(catalogueFixture()),
    ...handlers,
  });
  renderRoutes([{ path: '/console/uploads', element: <UploadPage /> }], '/console/uploads');
  return fetchMock;
}

async function chooseItemAndDrop(file: File) {
  fireEvent.mouseDown(await screen.findByLabelText('1. 信息项'));
  fireEvent.click(await screen.findByTitle('行政处罚信息'));
  expect(await screen.findByRole('link', { name: '下载“行政处罚信息”Excel 模板' })).toBeTruthy();
  fireEvent.change(document.querySelector<HTMLInputElement>('input[type="file"]')!, { target: { files: [file] } });
}

describe('UploadPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('offers the templates, uploads itemId before the file, follows the job and shows the result', async () => {
    const polls: UploadDto[] = [running, done];
    let listCalls = 0;
    const fetchMock = renderPage({
      'GET /api/console/uploads': () => {
        listCalls += 1;
        return jsonResponse({ items: listCalls > 1 ? [done] : [], total: listCalls > 1 ? 1 : 0 });
      },
      'POST /api/console/uploads': () => jsonResponse({ ...upload(), duplicate: false }),
      'GET /api/console/uploads/5': () => jsonResponse(polls.length > 1 ? polls.shift() : polls[0]),
    });
    await chooseItemAndDrop(new File(['PK'], '处罚2026年1月.xlsx'));
    expect(screen.getByRole('link', { name: '下载“行政处罚信息”CSV 模板' }).getAttribute('href')).toBe(
      '/api/console/catalogue/items/11/template?format=csv',
    );

    // The progress bar while the job runs, polled every second.
    const progress = await screen.findByRole('status');
    await waitFor(() => expect(progress.textContent).toBe('处理中：已读取 400 / 1,000 行 · 成功 390 条 · 失败 10 条'));
    expect(screen.getByRole('progressbar', { name: '导入进度' }).getAttribute('aria-valuenow')).toBe('40');

    const post = fetchMock.mock.calls.find(([url, init]) => url === '/api/console/uploads' && init?.method === 'POST');
    const body = post?.[1]?.body as FormData;
    expect([...body.keys()]).toEqual(['itemId', 'file']);
    expect(body.get('itemId')).toBe('11');
    expect((post?.[1]?.headers ?? {}) as Record<string, string>).toHaveProperty('X-CSRF-Token', 'csrf-token-1');

    // The result, with the error report as Excel and CSV.
    const result = await screen.findByText('导入成功 990 条 / 失败 10 条', {}, { timeout: 4000 });
    const alert = result.closest('.ant-alert') as HTMLElement;
    expect(
      within(alert)
        .getByRole('link', { name: /错误报告（Excel）/ })
        .getAttribute('href'),
    ).toBe('/api/console/uploads/5/error-report?format=xlsx');
    expect(
      within(alert)
        .getByRole('link', { name: /错误报告（CSV）/ })
        .getAttribute('href'),
    ).toBe('/api/console/uploads/5/error-report?format=csv');
    // The finished upload joins the history.
    const row = (await screen.findByText('处罚2026年1月.xlsx（20.0 KB）')).closest('tr')!;
    expect(within(row).getByText('已完成')).toBeTruthy();
    expect(within(row).getByText('990')).toBeTruthy();
  });

  it('says so when the same file was uploaded before', async () => {
    renderPage({
      'GET /api/console/uploads': () => jsonResponse({ items: [done], total: 1 }),
      'POST /api/console/uploads': () => jsonResponse({ ...done, duplicate: true }),
      'GET /api/console/uploads/5': () => jsonResponse(done),
    });
    await chooseItemAndDrop(new File(['PK'], '处罚2026年1月.xlsx'));

    expect(await screen.findByText('该文件此前已上传，未重复导入')).toBeTruthy();
    expect(screen.getAllByText('导入成功 990 条 / 失败 10 条').length).toBe(1);
  });

  it('refuses a file that is neither .xlsx nor .csv before sending it, and shows a server refusal', async () => {
    const fetchMock = renderPage({
      'GET /api/console/uploads': () => jsonResponse({ items: [], total: 0 }),
      'POST /api/console/uploads': () =>
        errorResponse('UPLOAD_REJECTED', '文件表头与模板不一致：缺少“处罚决定日期”', 400),
    });
    await chooseItemAndDrop(new File(['x'], '处罚.pdf'));
    expect(await screen.findByText('“处罚.pdf”不是 .xlsx 或 .csv 文件')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);

    fireEvent.change(document.querySelector<HTMLInputElement>('input[type="file"]')!, {
      target: { files: [new File(['a,b'], '处罚.csv')] },
    });
    expect(await screen.findByText('文件表头与模板不一致：缺少“处罚决定日期”')).toBeTruthy();
  });

  it('shows why a file as a whole could not be imported', () => {
    render(<UploadProgress upload={upload({ status: 'failed', errorMessage: '文件不是有效的 XLSX 文件' })} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('文件无法导入，未保存任何信息');
    expect(alert.textContent).toContain('文件不是有效的 XLSX 文件');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(progressText({ rowsDone: 10, totalRows: null, accepted: 9, rejected: 1 })).toBe(
      '已读取 10 行 · 成功 9 条 · 失败 1 条',
    );
  });
});
