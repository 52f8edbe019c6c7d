import { FileOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Result, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../lib/api-client';
import { formatFileSize } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { usePublicArticle, usePublicColumns } from '../api/public-queries';
import { ArticleView } from './ArticleView';
import { ColumnNav } from './ColumnNav';

/** /articles/:id — a published article with its attachments to download. */
export function ArticlePage() {
  const { id = '' } = useParams();
  const article = usePublicArticle(id);
  const columns = usePublicColumns();
  useDocumentTitle(article.data?.title ?? '信息公开');
  const column = columns.data?.items.find((candidate) => candidate.id === article.data?.column.id);

  if (article.error) {
    const missing = article.error instanceof ApiError && article.error.status === 404;
    return (
      <div className="portal-container content-page">
        {missing ? (
          <Result status="404" title="信息不存在或已撤回" extra={<Link to="/">返回首页</Link>} />
        ) : (
          <Alert type="error" showIcon title={article.error.message} />
        )}
      </div>
    );
  }

  return (
    <div className="portal-container content-page">
      <Breadcrumb
        className="content-breadcrumb"
        items={[
          { title: <Link to="/">首页</Link> },
          {
            title: article.data ? (
              <Link to={`/columns/${column?.code ?? article.data.column.id}`}>{article.data.column.name}</Link>
            ) : (
              '信息公开'
            ),
          },
          { title: '正文' },
        ]}
      />
      <div className="content-layout">
        <aside className="content-aside">{columns.data && <ColumnNav columns={columns.data.items} />}</aside>
        <div className="content-main">
          {article.data ? (
            <ArticleView article={article.data}>
              {article.data.attachments.length > 0 && (
                <section className="article-attachments" aria-labelledby="article-attachments-title">
                  <h2 id="article-attachments-title">附件</h2>
                  <ol>
                    {article.data.attachments.map((file) => (
                      <li key={file.id}>
                        <FileOutlined aria-hidden="true" />{' '}
                        <a href={file.url} download={file.name}>
                          {file.name}
                        </a>{' '}
                        <span className="article-attachment-size">（{formatFileSize(file.size)}）</span>
                      </li>
                    ))}
                  </ol>
                </section>
              )}
            </ArticleView>
          ) : (
            <Skeleton active paragraph={{ rows: 12 }} />
          )}
        </div>
      </div>
    </div>
  );
}
