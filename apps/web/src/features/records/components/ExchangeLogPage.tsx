import {
  EXCHANGE_CHANNEL_LABELS,
  EXCHANGE_CHANNELS,
  type ExchangeChannel,
  type ExchangeLogDto,
} from '@gzcredit/contracts';
import { Alert, Card, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatCount, formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useExchangeLog } from '../api/record-queries';

const PAGE_SIZE = 20;
type LogRow = ExchangeLogDto['items'][number];

const isOutgoing = (row: LogRow) => row.channel === 'download' || row.channel === 'pull';

const CHANNEL_COLORS: Record<ExchangeChannel, string> = {
  api: 'blue',
  upload: 'cyan',
  form: 'geekblue',
  correction: 'orange',
  revocation: 'red',
  annotation: 'volcano',
  download: 'purple',
  pull: 'green',
  removal: 'gold',
  check: 'magenta',
  sync: 'lime',
};

/** /console/exchange-log — 交换日志 (Art. 14): every exchange of the agency, logged automatically. */
export function ExchangeLogPage() {
  useDocumentTitle('交换日志');
  const [channel, setChannel] = useState<ExchangeChannel>();
  const [page, setPage] = useState(1);
  const log = useExchangeLog({ channel, page, pageSize: PAGE_SIZE });

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          交换日志
        </Typography.Title>
        <Select<ExchangeChannel>
          aria-label="按交换方式筛选"
          allowClear
          placeholder="全部交换方式"
          style={{ minWidth: 160 }}
          value={channel}
          onChange={(next) => {
            setChannel(next ?? undefined);
            setPage(1);
          }}
          options={EXCHANGE_CHANNELS.map((value) => ({ value, label: EXCHANGE_CHANNEL_LABELS[value] }))}
        />
      </div>
      <Typography.Paragraph type="secondary">
        本单位的接口推送、文件上传、在线填报、更正、撤销、失信等级标注、下载和接口拉取，均由平台自动记录。
      </Typography.Paragraph>
      {log.error && <Alert type="error" showIcon title={log.error.message} style={{ marginBottom: 16 }} />}
      <Table<LogRow>
        rowKey="id"
        size="small"
        loading={log.isFetching}
        dataSource={log.data?.items}
        scroll={{ x: 900 }}
        locale={{ emptyText: '暂无交换记录' }}
        pagination={tablePagination({ page, pageSize: PAGE_SIZE, total: log.data?.total, onChange: setPage })}
        columns={[
          { title: '时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
          {
            title: '交换方式',
            dataIndex: 'channel',
            width: 120,
            render: (value: ExchangeChannel) => (
              <Tag color={CHANNEL_COLORS[value]}>{EXCHANGE_CHANNEL_LABELS[value]}</Tag>
            ),
          },
          { title: '信息项', dataIndex: 'itemName', render: (name: string | null) => name ?? '—' },
          {
            title: '操作人 / 接入系统',
            dataIndex: 'actor',
            width: 180,
            render: (actor: string | null) => actor ?? '—',
          },
          { title: '条数', dataIndex: 'received', width: 80, render: formatCount },
          // A download or a pull moves records out: it has no accepted or rejected ones.
          {
            title: '成功',
            dataIndex: 'accepted',
            width: 80,
            render: (accepted: number, entry: LogRow) => (isOutgoing(entry) ? '—' : formatCount(accepted)),
          },
          {
            title: '失败',
            dataIndex: 'rejected',
            width: 80,
            render: (rejected: number, entry: LogRow) =>
              isOutgoing(entry) ? (
                '—'
              ) : rejected > 0 ? (
                <Typography.Text type="danger">{formatCount(rejected)}</Typography.Text>
              ) : (
                rejected
              ),
          },
        ]}
      />
    </Card>
  );
}
