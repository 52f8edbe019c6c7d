import { Alert, Breadcrumb, Empty, Input, Pagination, Skeleton } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { formatCount } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { findColumn, PUBLIC_PAGE_SIZE, usePublicArticles, usePublicColumns } from '../api/public-queries';
import { articleDate } from './ArticleDate';
import { ColumnNav } from './ColumnNav';

/** /columns/:column — one column's published articles, newest first, with a title search and pages. */
export function ColumnPage() {
  const { column: key = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q')?.trim() ?? '';
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const columns = usePublicColumns();
  const column = findColumn(columns.data?.items, key);
  const articles = usePublicArticles({ column: key, q: q || undefined, page, pageSize: PUBLIC_PAGE_SIZE });
  useDocumentTitle(column?.name ?? '信息公开');

  const update = (next: { q?: string; page?: number }) => {
    const params = new URLSearchParams();
    const nextQ = next.q ?? q;
    const nextPage = next.page ?? 1;
    if (nextQ) params.set('q', nextQ);
    if (nextPage > 1) params.set('page', String(nextPage));
    setSearchParams(params);
  };

  const notFound = columns.isSuccess && !column;

  return (
    <div className="portal-container content-page">
      <Breadcrumb
        className="content-breadcrumb"
        items={[{ title: <Link to="/">首页</Link> }, { title: column?.name ?? '信息公开' }]}
      />
      <div className="content-layout">
        <aside className="content-aside">{columns.data && <ColumnNav columns={columns.data.items} />}</aside>
        <section className="content-main" aria-labelledby="column-title">
          <div className="column-heading">
            <h1 id="column-title">{column?.name ?? (columns.isPending ? '' : '信息公开')}</h1>
            <Input.Search
              key={`${key}-${q}`}
              aria-label="按标题查询"
              placeholder="输入标题关键词"
              allowClear
              enterButton="查询"
              defaultValue={q}
              maxLength={50}
              className="column-search"
              onSearch={(value) => update({ q: value.trim(), page: 1 })}
            />
          </div>
          {notFound && <Alert type="warning" showIcon title="该栏目不存在或尚未开设" />}
          {articles.error && !notFound && <Alert type="error" showIcon title={articles.error.message} />}
          {column?.purpose && <p className="column-purpose">{column.purpose}</p>}
          {articles.isPending ? (
            <Skeleton active paragraph={{ rows: 8 }} />
          ) : articles.data && articles.data.items.length > 0 ? (
            <>
              {q && (
                <p className="column-summary">
                  标题含“{q}”的信息共 {formatCount(articles.data.total)} 条
                </p>
              )}
              <ul
                className={`article-list${articles.isPlaceholderData ? ' result-list-stale' : ''}`}
                aria-label={`${column?.name ?? ''}信息列表`}
              >
                {articles.data.items.map((article) => (
                  <li key={article.id}>
                    <Link to={`/articles/${article.id}`}>{article.title}</Link>
                    <span className="article-list-meta">
                      <span>{article.agency.name}</span>
                      <time dateTime={articleDate(article)}>{articleDate(article)}</time>
                    </span>
                  </li>
                ))}
              </ul>
              <Pagination
                className="search-pagination"
                current={page}
                pageSize={PUBLIC_PAGE_SIZE}
                total={articles.data.total}
                showSizeChanger={false}
                showTotal={(total) => `共 ${formatCount(total)} 条`}
                onChange={(nextPage) => update({ page: nextPage })}
              />
            </>
          ) : (
            !notFound && <Empty description={q ? `没有标题含“${q}”的信息` : '本栏目暂无信息'} />
          )}
        </section>
      </div>
    </div>
  );
}
