import { WATCHLIST_ALERT_KIND_LABELS, WATCHLIST_ALERT_KINDS } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, type DishonestyLevel } from '@gzcredit/domain';
import { Alert, App, Button, Card, Checkbox, Input, List, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatCount, formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type AlertFilters,
  useMarkAlertsRead,
  useWatchlistAlerts,
  useWatchlistDigests,
  useWatchlists,
  type WatchlistAlertDto,
  type WatchlistAlertKind,
} from '../api/watchlist-queries';

const KIND_COLORS: Record<WatchlistAlertKind, string> = {
  bad_record: 'orange',
  level_changed: 'volcano',
  listed: 'red',
  removed: 'green',
};

const levelText = (level: DishonestyLevel | null) => (level ? DISHONESTY_LEVEL_LABELS[level] : '未标注');

function changeText(alert: WatchlistAlertDto): string {
  if (alert.kind === 'level_changed') return `${levelText(alert.previousLevel)} → ${levelText(alert.dishonestyLevel)}`;
  return alert.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[alert.dishonestyLevel] : '—';
}

/** /console/watchlist-alerts — 预警提醒 (Rules Art. 17 第二款): alerts about the watched entities and the daily digests. */
export function WatchlistAlertsPage() {
  useDocumentTitle('预警提醒');
  const [tab, setTab] = useState('alerts');
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        预警提醒
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'alerts', label: '预警', children: <AlertsTab /> },
          { key: 'digests', label: '预警日报（收件箱）', children: <DigestsTab enabled={tab === 'digests'} /> },
        ]}
      />
    </Card>
  );
}

function AlertsTab() {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<AlertFilters>({ page: 1, pageSize: 20 });
  const alerts = useWatchlistAlerts(filters);
  const watchlists = useWatchlists();
  const markRead = useMarkAlertsRead();
  const filter = (change: Partial<AlertFilters>) => setFilters((current) => ({ ...current, ...change, page: 1 }));

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<WatchlistAlertKind>
          allowClear
          placeholder="预警类型"
          aria-label="预警类型"
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(kind) => filter({ kind })}
          options={WATCHLIST_ALERT_KINDS.map((kind) => ({ value: kind, label: WATCHLIST_ALERT_KIND_LABELS[kind] }))}
        />
        <Select<number>
          allowClear
          placeholder="监管名单"
          aria-label="监管名单"
          style={{ width: 200 }}
          value={filters.watchlistId}
          onChange={(watchlistId) => filter({ watchlistId })}
          options={(watchlists.data?.items ?? []).map((list) => ({ value: list.id, label: list.name }))}
        />
        <Input.Search
          allowClear
          placeholder="统一社会信用代码"
          aria-label="统一社会信用代码"
          style={{ width: 240 }}
          onSearch={(value) => filter({ creditCode: value.trim() || undefined })}
        />
        <Checkbox
          checked={filters.unread === true}
          onChange={(event) => filter({ unread: event.target.checked || undefined })}
        >
          只看未读
        </Checkbox>
        <Button
          disabled={!alerts.data || alerts.data.unread === 0}
          loading={markRead.isPending}
          onClick={() =>
            markRead.mutate(undefined, {
              onSuccess: (result) => void message.success(`已将 ${formatCount(result.marked)} 条预警标记为已读`),
            })
          }
        >
          全部标记已读
        </Button>
      </Space>
      {alerts.error && <Alert type="error" showIcon title={alerts.error.message} style={{ marginBottom: 16 }} />}
      <Table<WatchlistAlertDto>
        rowKey="id"
        loading={alerts.isFetching}
        dataSource={alerts.data?.items}
        locale={{ emptyText: '暂无预警' }}
        pagination={tablePagination({
          page: filters.page,
          pageSize: filters.pageSize,
          total: alerts.data?.total,
          onChange: (page) => setFilters((current) => ({ ...current, page })),
        })}
        columns={[
          {
            title: '类型',
            dataIndex: 'kind',
            width: 120,
            render: (kind: WatchlistAlertKind) => (
              <Tag color={KIND_COLORS[kind]}>{WATCHLIST_ALERT_KIND_LABELS[kind]}</Tag>
            ),
          },
          {
            title: '主体',
            key: 'entity',
            render: (_, row) => (
              <>
                <div>{row.entityName}</div>
                <Typography.Text type="secondary">{row.creditCode}</Typography.Text>
              </>
            ),
          },
          { title: '信息项', key: 'item', render: (_, row) => row.item.name },
          { title: '失信等级', key: 'level', render: (_, row) => changeText(row) },
          { title: '报送单位', dataIndex: 'provider' },
          { title: '监管名单', key: 'watchlist', render: (_, row) => row.watchlist.name },
          { title: '预警时间', dataIndex: 'createdAt', width: 170, render: (value: string) => formatDateTime(value) },
          {
            title: '状态',
            key: 'read',
            width: 110,
            render: (_, row) =>
              row.readAt ? (
                <Typography.Text type="secondary">已读</Typography.Text>
              ) : (
                <Button size="small" onClick={() => markRead.mutate(row.id)}>
                  标记已读
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

function DigestsTab({ enabled }: { enabled: boolean }) {
  const digests = useWatchlistDigests(enabled);
  if (digests.error) return <Alert type="error" showIcon title={digests.error.message} />;
  return (
    <List
      loading={digests.isLoading}
      dataSource={digests.data?.items}
      locale={{ emptyText: '暂无预警日报' }}
      renderItem={(digest) => (
        <List.Item>
          <List.Item.Meta
            title={digest.subject}
            description={
              digest.mailedAt
                ? `${formatDateTime(digest.createdAt)} 生成，${formatDateTime(digest.mailedAt)} 已发送至 ${digest.mailedTo}`
                : `${formatDateTime(digest.createdAt)} 生成，未发送邮件`
            }
          />
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', width: '100%' }}>{digest.body}</Typography.Paragraph>
        </List.Item>
      )}
    />
  );
}
