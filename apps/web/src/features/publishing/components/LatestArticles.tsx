import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PortalAlert, PortalSkeleton } from '../../../components/PortalUi';
import { apiGet } from '../../../lib/api-client';
import { columnKey, usePublicColumns } from '../api/public-queries';
import type { ArticleListDto, ColumnDto } from '../api/publishing-types';
import { STANDING_COLUMN_CODES } from '../api/publishing-types';
import { articleDate } from './ArticleDate';

const LATEST_COUNT = 5;

/** The home page's news area: the latest five articles of each standing column, then the special columns (专栏). */
export function LatestArticles() {
  const columns = usePublicColumns();
  const standing = STANDING_COLUMN_CODES.map((code) =>
    columns.data?.items.find((column) => column.code === code),
  ).filter((column): column is ColumnDto => column !== undefined);
  const special = columns.data?.items.filter((column) => column.kind === 'special') ?? [];
  const latest = useQueries({
    queries: standing.map((column) => ({
      queryKey: ['publishing', 'articles', { column: columnKey(column), page: 1, pageSize: LATEST_COUNT }],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiGet<ArticleListDto>(
          '/api/public/articles',
          { column: columnKey(column), page: 1, pageSize: LATEST_COUNT },
          signal,
        ),
    })),
  });

  if (columns.error) {
    return (
      <section className="portal-container home-news" aria-label="信息公开">
        <PortalAlert type="error" title={`栏目加载失败：${columns.error.message}`} />
      </section>
    );
  }

  return (
    <section className="portal-container home-news" aria-label="信息公开">
      <div className="home-news-grid">
        {columns.isPending
          ? STANDING_COLUMN_CODES.map((code) => (
              <div key={code} className="news-card">
                <PortalSkeleton rows={4} />
              </div>
            ))
          : standing.map((column, index) => {
              const result = latest[index];
              const headingId = `news-card-${columnKey(column)}`;
              return (
                <section key={column.id} className="news-card" aria-labelledby={headingId}>
                  <header className="news-card-header">
                    <h2 id={headingId}>{column.name}</h2>
                    <Link
                      to={`/columns/${columnKey(column)}`}
                      className="news-card-more"
                      aria-label={`${column.name}：更多`}
                    >
                      更多 <span aria-hidden="true">›</span>
                    </Link>
                  </header>
                  {result?.isPending ? (
                    <PortalSkeleton rows={4} title={false} />
                  ) : result?.error ? (
                    <p className="news-empty">加载失败：{result.error.message}</p>
                  ) : result?.data?.items.length ? (
                    <ul className="news-list" aria-label={`${column.name}最新信息`}>
                      {result.data.items.map((article) => (
                        <li key={article.id}>
                          <Link to={`/articles/${article.id}`} title={article.title}>
                            {article.title}
                          </Link>
                          <time dateTime={articleDate(article)}>{articleDate(article)}</time>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="news-empty">暂无信息</p>
                  )}
                </section>
              );
            })}
      </div>
      {special.length > 0 && (
        <nav className="special-columns" aria-label="专题专栏">
          <h2>专题专栏</h2>
          <ul>
            {special.map((column) => (
              <li key={column.id}>
                <Link to={`/columns/${columnKey(column)}`}>{column.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
