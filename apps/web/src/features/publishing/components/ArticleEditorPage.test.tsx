import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { ArticleDto, ColumnDto } from '../api/publishing-types';
import { ArticleEditorPage } from './ArticleEditorPage';

const agency = {
  id: 5,
  name: '贵州省发展和改革委员会',
  regionCode: '520000',
  level: 'province',
  kind: 'development_reform',
} as const;

function column(id: number, name: string, overrides: Partial<ColumnDto> = {}): ColumnDto {
  return {
    id,
    code: 'news',
    name,
    kind: 'standard',
    purpose: null,
    ownerAgency: null,
    status: 'approved',
    sortOrder: id,
    requestedAt: '2026-01-01T00:00:00.000Z',
    decidedAt: null,
    decisionNote: null,
    ...overrides,
  };
}

const columns = [
  column(3, '工作动态'),
  column(9, '信用修复专栏', { code: null, kind: 'special', ownerAgency: { id: 5, name: agency.name } }),
  column(10, '他人专栏', { code: null, kind: 'special', ownerAgency: { id: 6, name: '贵州省税务局' } }),
  column(11, '待批专栏', {
    code: null,
    kind: 'special',
    status: 'requested',
    ownerAgency: { id: 5, name: agency.name },
  }),
];

describe('ArticleEditorPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  // The editor is the console's heaviest page: under a full parallel run its first render in jsdom takes a while.
  it('shows the server refusal of an upload and saves the draft with the right body', async () => {
    setCsrfToken('csrf-token-1');
    let uploads = 0;
    const saved: ArticleDto = {
      id: 42,
      column: { id: 9, name: '信用修复专栏' },
      agency: { id: 5, name: agency.name },
      title: '信用修复办理指南',
      source: '省发展改革委',
      publishDate: '2026-01-05',
      status: 'draft',
      updatedAt: '2026-01-05T02:00:00.000Z',
      publishedAt: null,
      withdrawReason: null,
      bodyHtml: '<h2>办理流程</h2>',
      attachments: [
        { id: 77, name: '申请表.pdf', mediaType: 'application/pdf', size: 1024, url: '/api/console/files/77' },
      ],
    };
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () =>
        jsonResponse(meFixture({ agency, permissions: ['content.publish'], totpRequired: false, totpEnabled: false })),
      'GET /api/console/columns': () => jsonResponse({ items: columns }),
      'POST /api/console/files': () => {
        uploads += 1;
        return uploads === 1
          ? errorResponse('FILE_REJECTED', '文件“申请表.pdf”的内容不是 PDF 文件，已拒绝上传', 400)
          : jsonResponse(saved.attachments[0]);
      },
      'POST /api/console/articles': () => jsonResponse(saved),
      'GET /api/console/articles/42': () => jsonResponse(saved),
    });
    renderRoutes(
      [
        { path: '/console/articles/new', element: <ArticleEditorPage /> },
        { path: '/console/articles/:id', element: <ArticleEditorPage /> },
      ],
      '/console/articles/new',
    );

    fireEvent.change(await screen.findByLabelText('标题'), { target: { value: '信用修复办理指南' } });
    fireEvent.mouseDown(screen.getByLabelText('栏目'));
    // Only the standing columns and the agency's own approved special columns can be written to.
    await screen.findByTitle('信用修复专栏（专栏）');
    expect(screen.queryByTitle('他人专栏（专栏）')).toBeNull();
    expect(screen.queryByTitle('待批专栏（专栏）')).toBeNull();
    fireEvent.click(screen.getByTitle('信用修复专栏（专栏）'));
    fireEvent.change(screen.getByLabelText('来源'), { target: { value: '省发展改革委' } });
    fireEvent.change(screen.getByLabelText('发布日期'), { target: { value: '2026-01-05' } });
    fireEvent.change(screen.getByLabelText('正文', { selector: 'textarea' }), {
      target: { value: '<h2>办理流程</h2>' },
    });

    // rc-upload renders a fresh file input after each pick.
    const input = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;
    const file = new File(['<html>not a pdf</html>'], '申请表.pdf', { type: 'application/pdf' });
    fireEvent.change(input(), { target: { files: [file] } });
    expect((await screen.findByRole('alert')).textContent).toContain('的内容不是 PDF 文件，已拒绝上传');
    const upload = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(upload?.[0]).toBe('/api/console/files?purpose=attachment');
    expect((upload?.[1]?.headers ?? {}) as Record<string, string>).toHaveProperty('X-CSRF-Token', 'csrf-token-1');
    expect(upload?.[1]?.body).toBeInstanceOf(FormData);

    fireEvent.change(input(), {
      target: { files: [new File(['%PDF-1.4'], '申请表.pdf', { type: 'application/pdf' })] },
    });
    await screen.findByText('申请表.pdf（1.0 KB）');

    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(([url, init]) => url === '/api/console/articles' && init?.method === 'POST'),
      ).toBe(true),
    );
    const post = fetchMock.mock.calls.find(([url, init]) => url === '/api/console/articles' && init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      columnId: 9,
      title: '信用修复办理指南',
      bodyHtml: '<h2>办理流程</h2>',
      source: '省发展改革委',
      publishDate: '2026-01-05',
      attachmentIds: [77],
    });
    expect((post?.[1]?.headers ?? {}) as Record<string, string>).toHaveProperty('X-CSRF-Token', 'csrf-token-1');
  });
});
