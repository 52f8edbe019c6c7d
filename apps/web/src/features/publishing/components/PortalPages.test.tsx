import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import type { ArticleDto, ArticleSummaryDto, ColumnDto } from '../api/publishing-types';
import { ArticlePage } from './ArticlePage';
import { LatestArticles } from './LatestArticles';

function column(id: number, code: string | null, name: string, overrides: Partial<ColumnDto> = {}): ColumnDto {
  return {
    id,
    code,
    name,
    kind: code ? 'standard' : 'special',
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

const COLUMNS = [
  column(1, 'laws', '法律法规'),
  column(2, 'policies', '政策文件'),
  column(3, 'news', '工作动态'),
  column(4, 'notices', '通知公告'),
  column(9, null, '信用修复专栏', { ownerAgency: { id: 5, name: '贵州省发展和改革委员会' } }),
];

function summary(id: number, title: string, columnId = 1): ArticleSummaryDto {
  return {
    id,
    column: { id: columnId, name: COLUMNS.find((c) => c.id === columnId)!.name },
    agency: { id: 1, name: '贵州省市场监督管理局' },
    title,
    source: null,
    publishDate: `2026-01-${String(id).padStart(2, '0')}`,
    status: 'published',
    updatedAt: '2026-01-05T00:00:00.000Z',
    publishedAt: '2026-01-05T00:00:00.000Z',
    withdrawReason: null,
  };
}

describe('portal publishing pages', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the latest articles of each standing column with 更多 links, and the special columns', async () => {
    const fetchMock = stubConsoleApi({
      'GET /api/public/columns': () => jsonResponse({ items: COLUMNS }),
      'GET /api/public/articles': (_, url) => {
        const code = new URL(url, 'http://x').searchParams.get('column');
        if (code === 'laws') {
          return jsonResponse({
            items: [summary(1, '贵州省社会信用条例'), summary(2, '企业信息公示暂行条例')],
            total: 2,
          });
        }
        if (code === 'notices') return jsonResponse({ items: [summary(3, '关于开展年报工作的通知', 4)], total: 1 });
        return jsonResponse({ items: [], total: 0 });
      },
    });
    renderRoutes([{ path: '/', element: <LatestArticles /> }], '/');

    const laws = await screen.findByRole('list', { name: '法律法规最新信息' });
    expect(
      within(laws)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['贵州省社会信用条例', '企业信息公示暂行条例']);
    expect(within(laws).getByRole('link', { name: '贵州省社会信用条例' }).getAttribute('href')).toBe('/articles/1');
    const notices = await screen.findByRole('list', { name: '通知公告最新信息' });
    expect(within(notices).getByText('关于开展年报工作的通知')).toBeTruthy();
    expect(screen.getByRole('link', { name: '政策文件：更多' }).getAttribute('href')).toBe('/columns/policies');
    expect(screen.getAllByText('暂无信息')).toHaveLength(2);
    const special = screen.getByRole('navigation', { name: '专题专栏' });
    expect(within(special).getByRole('link', { name: '信用修复专栏' }).getAttribute('href')).toBe('/columns/9');
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith('/api/public/articles?column=laws&page=1&pageSize=5', expect.anything()),
    );
  });

  it('renders the sanitised body HTML and links each attachment for download', async () => {
    const article: ArticleDto = {
      ...summary(7, '关于印发《信用修复办法》的通知', 2),
      source: '省发展改革委',
      bodyHtml:
        '<h2>一、适用范围</h2><p>本办法适用于本省。</p><table><tbody><tr><td>事项</td><td>时限</td></tr></tbody></table>',
      attachments: [
        { id: 31, name: '信用修复办法.pdf', mediaType: 'application/pdf', size: 20480, url: '/api/public/files/31' },
      ],
    };
    stubConsoleApi({
      'GET /api/public/columns': () => jsonResponse({ items: COLUMNS }),
      'GET /api/public/articles/7': () => jsonResponse(article),
    });
    renderRoutes([{ path: '/articles/:id', element: <ArticlePage /> }], '/articles/7');

    expect(await screen.findByRole('heading', { level: 1, name: article.title })).toBeTruthy();
    const body = screen.getByTestId('article-body');
    expect(within(body).getByRole('heading', { level: 2, name: '一、适用范围' })).toBeTruthy();
    expect(within(body).getByRole('cell', { name: '时限' })).toBeTruthy();
    expect(screen.getByText('省发展改革委')).toBeTruthy();
    expect(screen.getByText('贵州省市场监督管理局')).toBeTruthy();
    expect(screen.getByText('2026-01-07')).toBeTruthy();
    const link = screen.getByRole('link', { name: '信用修复办法.pdf' });
    expect(link.getAttribute('href')).toBe('/api/public/files/31');
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByText('（20.0 KB）')).toBeTruthy();
    const columnLinks = await screen.findAllByRole('link', { name: '政策文件' });
    expect(columnLinks.map((columnLink) => columnLink.getAttribute('href'))).toContain('/columns/policies');
  });

  it('says so when the article is withdrawn or unknown', async () => {
    stubConsoleApi({
      'GET /api/public/columns': () => jsonResponse({ items: COLUMNS }),
      'GET /api/public/articles/8': () => errorResponse('ARTICLE_NOT_FOUND', '信息不存在', 404),
    });
    renderRoutes([{ path: '/articles/:id', element: <ArticlePage /> }], '/articles/8');
    expect(await screen.findByText('信息不存在或已撤回')).toBeTruthy();
  });
});
