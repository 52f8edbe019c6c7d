import { type MatchingQueueDto, RECORD_DATE_LABELS } from '@gzcredit/contracts';
import { Alert, Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useMatchingQueue } from '../api/record-queries';

const PAGE_SIZE = 20;
type QueueRow = MatchingQueueDto['items'][number];

/** /console/matching-queue — 待匹配队列 (Art. 29): records whose entity the platform does not know yet. */
export function MatchingQueuePage() {
  useDocumentTitle('待匹配队列');
  const [page, setPage] = useState(1);
  const queue = useMatchingQueue(page, PAGE_SIZE);

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        待匹配队列
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        title="这些信息已接收并保存，但平台中还没有对应统一社会信用代码的市场主体。"
        description="市场监管部门报送该主体的登记注册信息后，队列中的信息会自动归集到主体名下，无需重新报送。如代码填写有误，请在“本单位信息”中撤销后重新报送。"
        style={{ marginBottom: 16 }}
      />
      {queue.error && <Alert type="error" showIcon title={queue.error.message} style={{ marginBottom: 16 }} />}
      <Table<QueueRow>
        rowKey="recordId"
        size="small"
        loading={queue.isFetching}
        dataSource={queue.data?.items}
        scroll={{ x: 900 }}
        locale={{ emptyText: '没有待匹配的信息' }}
        pagination={tablePagination({ page, pageSize: PAGE_SIZE, total: queue.data?.total, onChange: setPage })}
        columns={[
          { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
          {
            title: '主体名称',
            dataIndex: 'entityName',
            render: (name: string, row) => <Link to={`/console/records?record=${row.recordId}`}>{name}</Link>,
          },
          { title: '信息项', dataIndex: ['item', 'name'], width: 180 },
          { title: RECORD_DATE_LABELS.receivedAt, dataIndex: 'receivedAt', width: 170, render: formatDateTime },
          {
            title: '已等待',
            dataIndex: 'daysWaiting',
            width: 100,
            render: (days: number) => (
              <Typography.Text type={days >= 30 ? 'warning' : undefined}>{days} 天</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
