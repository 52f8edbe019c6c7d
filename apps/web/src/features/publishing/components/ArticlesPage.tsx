import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type ArticleFilters,
  CONSOLE_PAGE_SIZE,
  useConsoleColumns,
  useOwnArticles,
  usePublishArticle,
  useWithdrawArticle,
} from '../api/console-queries';
import type { ArticleStatus, ArticleSummaryDto } from '../api/publishing-types';
import { ARTICLE_STATUS_COLORS, ARTICLE_STATUS_LABELS } from './publishing-labels';
import { WithdrawModal } from './WithdrawModal';

/** /console/articles — the agency's own articles (信息发布), with their status. */
export function ArticlesPage() {
  useDocumentTitle('信息发布');
  const { message } = App.useApp();
  const [filters, setFilters] = useState<ArticleFilters>({ page: 1 });
  const articles = useOwnArticles(filters);
  const columns = useConsoleColumns();
  const publish = usePublishArticle();
  const withdraw = useWithdrawArticle();
  const [withdrawing, setWithdrawing] = useState<ArticleSummaryDto>();

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          信息发布
        </Typography.Title>
        <Link to="/console/articles/new">
          <Button type="primary" icon={<PlusOutlined />}>
            新建信息
          </Button>
        </Link>
      </div>
      <Space wrap className="console-filters" role="search" aria-label="筛选信息">
        <Select<ArticleStatus>
          aria-label="按状态筛选"
          allowClear
          placeholder="全部状态"
          style={{ minWidth: 140 }}
          value={filters.status}
          options={Object.entries(ARTICLE_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(status) => setFilters((current) => ({ ...current, status, page: 1 }))}
        />
        <Select<number>
          aria-label="按栏目筛选"
          allowClear
          placeholder="全部栏目"
          style={{ minWidth: 200 }}
          value={filters.columnId}
          options={columns.data?.items
            .filter((column) => column.status === 'approved')
            .map((column) => ({ value: column.id, label: column.name }))}
          onChange={(columnId) => setFilters((current) => ({ ...current, columnId, page: 1 }))}
        />
      </Space>
      {articles.error && <Alert type="error" showIcon title={articles.error.message} style={{ marginBottom: 16 }} />}
      {publish.error && <Alert type="error" showIcon title={publish.error.message} style={{ marginBottom: 16 }} />}
      <Table<ArticleSummaryDto>
        rowKey="id"
        loading={articles.isFetching}
        dataSource={articles.data?.items}
        scroll={{ x: 900 }}
        pagination={tablePagination({
          page: filters.page,
          pageSize: CONSOLE_PAGE_SIZE,
          total: articles.data?.total,
          onChange: (page) => setFilters((current) => ({ ...current, page })),
        })}
        locale={{ emptyText: '还没有信息，点击“新建信息”开始撰写' }}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (title: string, article) => <Link to={`/console/articles/${article.id}`}>{title}</Link>,
          },
          { title: '栏目', dataIndex: ['column', 'name'], width: 160 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (status: ArticleStatus, article) => (
              <Tag color={ARTICLE_STATUS_COLORS[status]} title={article.withdrawReason ?? undefined}>
                {ARTICLE_STATUS_LABELS[status]}
              </Tag>
            ),
          },
          { title: '发布日期', dataIndex: 'publishDate', width: 120, render: (date: string | null) => date ?? '—' },
          { title: '最后修改', dataIndex: 'updatedAt', width: 180, render: formatDateTime },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 200,
            render: (_, article) => (
              <Space wrap>
                <Link to={`/console/articles/${article.id}`}>编辑</Link>
                {article.status === 'published' ? (
                  <>
                    <a href={`/articles/${article.id}`} target="_blank" rel="noreferrer">
                      查看
                    </a>
                    <Button size="small" danger onClick={() => setWithdrawing(article)}>
                      撤回
                    </Button>
                  </>
                ) : (
                  <Button
                    size="small"
                    loading={publish.isPending && publish.variables === article.id}
                    onClick={() =>
                      publish.mutate(article.id, { onSuccess: () => void message.success(`已发布：${article.title}`) })
                    }
                  >
                    发布
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <WithdrawModal
        article={withdrawing}
        withdraw={withdraw}
        successMessage="已撤回"
        onClose={() => setWithdrawing(undefined)}
      />
    </Card>
  );
}
