import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

/**
 * jsdom lays nothing out: ProseMirror asks for the rectangles of ranges and elements when it scrolls the selection into
 * view. These give it empty ones, for this file only.
 */
function shimLayout() {
  const empty = () => ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON: () => ({}) });
  const rects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = empty as () => DOMRect;
  Range.prototype.getClientRects = rects;
  Element.prototype.getClientRects = rects;
  document.elementFromPoint = () => null;
}

/**
 * Types text at the editor's cursor the way a browser does without composition: the text goes into the DOM at the
 * selection and ProseMirror reads the change back (its DOM observer), as it does for a keystroke.
 */
async function typeInto(editable: HTMLElement, text: string) {
  editable.focus();
  const selection = document.getSelection()!;
  const anchor = selection.anchorNode;
  if (anchor && anchor.nodeType === Node.TEXT_NODE && editable.contains(anchor)) {
    const node = anchor as Text;
    const offset = selection.anchorOffset;
    node.insertData(offset, text);
    selection.collapse(node, offset + text.length);
  } else if (anchor instanceof HTMLElement && anchor !== editable && editable.contains(anchor)) {
    // The caret in an empty block (a new paragraph): its text is the typed text.
    const node = document.createTextNode(text);
    anchor.replaceChildren(node);
    selection.collapse(node, text.length);
  } else {
    // No caret in the body yet: an empty body gets its first text, a loaded one is typed into at its start.
    const first = document.createTreeWalker(editable, NodeFilter.SHOW_TEXT).nextNode() as Text | null;
    const node = first ?? document.createTextNode('');
    if (!first) (editable.firstElementChild as HTMLElement).replaceChildren(node);
    node.insertData(0, text);
    selection.collapse(node, text.length);
  }
  fireEvent.input(editable);
  // ProseMirror's observer hears of the change in a microtask; the next task finds it read into the document.
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

describe('ArticleEditorPage', () => {
  beforeAll(shimLayout);

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
    // The body is a WYSIWYG editor: text typed into it, a heading and bold set from its toolbar.
    const body = await screen.findByRole('textbox', { name: '正文' });
    await typeInto(body, '办理流程');
    fireEvent.click(screen.getByRole('button', { name: '二级标题' }));
    expect(screen.getByRole('button', { name: '二级标题' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(body, { key: 'Enter' });
    await typeInto(body, '携带材料到窗口');
    fireEvent.keyDown(body, { key: 'a', ctrlKey: true });
    fireEvent.click(screen.getByRole('button', { name: '加粗' }));
    expect(screen.getByRole('button', { name: '加粗' }).getAttribute('aria-pressed')).toBe('true');

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
      bodyHtml: '<h2><strong>办理流程</strong></h2><p><strong>携带材料到窗口</strong></p>',
      source: '省发展改革委',
      publishDate: '2026-01-05',
      attachmentIds: [77],
    });
    expect((post?.[1]?.headers ?? {}) as Record<string, string>).toHaveProperty('X-CSRF-Token', 'csrf-token-1');
  });
  it('asks before publishing a draft, and publishes only on 确认发布, keeping the table and image of its body', async () => {
    setCsrfToken('csrf-token-1');
    const draft: ArticleDto = {
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
      bodyHtml:
        '<h2>办理流程</h2><table><thead><tr><th>事项</th><th>时限</th></tr></thead>' +
        '<tbody><tr><td>提交承诺书</td><td>30 日内</td></tr></tbody></table>' +
        '<img src="/api/public/files/7" alt="办理流程图">',
      attachments: [],
    };
    const fetchMock = stubConsoleApi({
      'GET /api/console/me': () =>
        jsonResponse(meFixture({ agency, permissions: ['content.publish'], totpRequired: false, totpEnabled: false })),
      'GET /api/console/columns': () => jsonResponse({ items: columns }),
      'GET /api/console/articles/42': () => jsonResponse(draft),
      'PUT /api/console/articles/42': () => jsonResponse(draft),
      'POST /api/console/articles/42/publish': () => jsonResponse({ ...draft, status: 'published' }),
    });
    renderRoutes([{ path: '/console/articles/:id', element: <ArticleEditorPage /> }], '/console/articles/42');
    await waitFor(() => expect((screen.getByLabelText('标题') as HTMLInputElement).value).toBe('信用修复办理指南'));
    // The saved HTML opens in the WYSIWYG editor.
    const body = await screen.findByRole('textbox', { name: '正文' });
    await within(body).findByRole('heading', { level: 2, name: '办理流程' });
    expect(within(body).getByRole('cell', { name: '提交承诺书' })).toBeTruthy();
    // An edit makes the editor emit its own HTML of the whole body: the table must come through it.
    await typeInto(body, '一、');
    const publishCalls = () =>
      fetchMock.mock.calls.filter(
        ([url, init]) => url === '/api/console/articles/42/publish' && init?.method === 'POST',
      );

    fireEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));
    const dialog = await screen.findByRole('dialog', { name: '确认发布这条信息？' });
    expect(within(dialog).getByText(/门户网站“信用修复专栏”栏目看到《信用修复办理指南》/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '暂不发布' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(publishCalls()).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '确认发布' }));
    await waitFor(() => expect(publishCalls()).toHaveLength(1));
    // The draft was saved first, the edit in and the table kept through the editor.
    const put = fetchMock.mock.calls.find(
      ([url, init]) => url === '/api/console/articles/42' && init?.method === 'PUT',
    );
    const savedHtml = JSON.parse(String(put?.[1]?.body)).bodyHtml as string;
    expect(savedHtml).toMatch(/^<h2>一、办理流程<\/h2><table[^>]*>/);
    expect(savedHtml).toMatch(/<th[^>]*><p>事项<\/p><\/th>/);
    expect(savedHtml).toMatch(/<td[^>]*><p>提交承诺书<\/p><\/td>/);
    // So must an image the body already holds (the editor makes none; the sanitiser keeps them).
    expect(savedHtml).toMatch(/<img src="\/api\/public\/files\/7" alt="办理流程图"/);
  });
});
