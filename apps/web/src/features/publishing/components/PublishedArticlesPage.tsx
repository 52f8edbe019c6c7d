import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { CONSOLE_PAGE_SIZE, useOperatorWithdraw, usePublishedArticles } from '../api/console-queries';
import type { ArticleSummaryDto } from '../api/publishing-types';
import { WithdrawModal } from './WithdrawModal';

/**
 * /console/published-articles — every agency's published articles for the provincial operator, whose only action is
 * to withdraw one with a traced reason: nobody edits or deletes another agency's article (Art. 24).
 */
export function PublishedArticlesPage() {
  useDocumentTitle('信息管理');
  const [query, setQuery] = useState<{ q?: string; page: number }>({ page: 1 });
  const articles = usePublishedArticles(query);
  const withdraw = useOperatorWithdraw();
  const [withdrawing, setWithdrawing] = useState<ArticleSummaryDto>();

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          信息管理
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">
        各单位已发布的信息。省局不能修改或删除其他单位的信息，仅可在必要时说明理由后撤回，撤回记入审计日志。
      </Typography.Paragraph>
      <Space wrap className="console-filters" role="search" aria-label="查询信息">
        <Input.Search
          aria-label="按标题查询"
          placeholder="按标题查询"
          allowClear
          enterButton="查询"
          onSearch={(q) => setQuery({ q: q.trim() || undefined, page: 1 })}
        />
      </Space>
      {articles.error && <Alert type="error" showIcon title={articles.error.message} style={{ marginBottom: 16 }} />}
      <Table<ArticleSummaryDto>
        rowKey="id"
        loading={articles.isFetching}
        dataSource={articles.data?.items}
        scroll={{ x: 900 }}
        pagination={tablePagination({
          page: query.page,
          pageSize: CONSOLE_PAGE_SIZE,
          total: articles.data?.total,
          onChange: (page) => setQuery((current) => ({ ...current, page })),
        })}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (title: string, article) => (
              <a href={`/articles/${article.id}`} target="_blank" rel="noreferrer">
                {title}
              </a>
            ),
          },
          { title: '栏目', dataIndex: ['column', 'name'], width: 150 },
          { title: '发布单位', dataIndex: ['agency', 'name'], width: 200 },
          { title: '发布时间', dataIndex: 'publishedAt', width: 180, render: formatDateTime },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 90,
            render: (_, article) => (
              <Button size="small" danger onClick={() => setWithdrawing(article)}>
                撤回
              </Button>
            ),
          },
        ]}
      />
      <WithdrawModal
        article={withdrawing}
        withdraw={withdraw}
        successMessage="已撤回，撤回理由已记入审计日志"
        onClose={() => setWithdrawing(undefined)}
      />
    </Card>
  );
}
