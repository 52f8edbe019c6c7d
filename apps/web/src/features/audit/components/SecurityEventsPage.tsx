import { DownloadOutlined } from '@ant-design/icons';
import {
  SECURITY_EVENT_KIND_LABELS,
  SECURITY_EVENT_KINDS,
  SECURITY_SEVERITIES,
  SECURITY_SEVERITY_LABELS,
  type SecurityEventDto,
  type SecurityEventKind,
  type SecuritySeverity,
} from '@gzcredit/contracts';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type SecurityEventFilters, securityEventsExportUrl, useSecurityEvents } from '../api/audit-queries';

const SEVERITY_COLORS: Record<SecuritySeverity, string> = { high: 'red', medium: 'orange', low: 'default' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 安全事件 (Rules Art. 28) for the security administrator: the audit trail read as events (a broken chain, mass downloads,
 * lockouts, refused API requests, denied calls, rate limits), filtered and downloadable as Excel.
 */
export function SecurityEventsPage() {
  useDocumentTitle('安全事件');
  const [filters, setFilters] = useState<SecurityEventFilters>({});
  const [dates, setDates] = useState({ from: '', to: '' });
  const events = useSecurityEvents(filters);
  const datesValid = (!dates.from || DATE.test(dates.from)) && (!dates.to || DATE.test(dates.to));
  const data = events.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} className="console-page-title">
        安全事件
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        由审计日志归纳的信息安全事件（运行管理规则第二十八条）：同一来源一小时内的同类记录合为一个事件。
        {data && `大量下载的阈值：同一账户一小时内下载或导出 ${data.massDownloadPerHour} 次。`}
      </Typography.Paragraph>
      <Space wrap>
        <Input
          aria-label="开始日期（YYYY-MM-DD）"
          placeholder="开始日期，如 2026-12-01"
          style={{ width: 190 }}
          value={dates.from}
          status={dates.from && !DATE.test(dates.from) ? 'error' : undefined}
          onChange={(event) => setDates({ ...dates, from: event.target.value.trim() })}
        />
        <Input
          aria-label="结束日期（YYYY-MM-DD）"
          placeholder="结束日期，如 2026-12-31"
          style={{ width: 190 }}
          value={dates.to}
          status={dates.to && !DATE.test(dates.to) ? 'error' : undefined}
          onChange={(event) => setDates({ ...dates, to: event.target.value.trim() })}
        />
        <Button
          disabled={!datesValid}
          onClick={() => {
            const { from: _from, to: _to, ...rest } = filters;
            setFilters({ ...rest, ...(dates.from ? { from: dates.from } : {}), ...(dates.to ? { to: dates.to } : {}) });
          }}
        >
          应用日期
        </Button>
        <Select<SecuritySeverity>
          aria-label="严重程度"
          placeholder="全部严重程度"
          allowClear
          style={{ width: 150 }}
          value={filters.severity}
          onChange={(severity) => {
            const { severity: _severity, ...rest } = filters;
            setFilters(severity ? { ...rest, severity } : rest);
          }}
          options={SECURITY_SEVERITIES.map((severity) => ({
            value: severity,
            label: SECURITY_SEVERITY_LABELS[severity],
          }))}
        />
        <Select<SecurityEventKind>
          aria-label="事件类型"
          placeholder="全部事件类型"
          allowClear
          style={{ width: 300 }}
          value={filters.kind}
          onChange={(kind) => {
            const { kind: _kind, ...rest } = filters;
            setFilters(kind ? { ...rest, kind } : rest);
          }}
          options={SECURITY_EVENT_KINDS.map((kind) => ({ value: kind, label: SECURITY_EVENT_KIND_LABELS[kind] }))}
        />
        <Button icon={<DownloadOutlined />} href={securityEventsExportUrl(filters)} download>
          下载报告（XLSX）
        </Button>
      </Space>
      {events.error && <Alert type="error" showIcon title="安全事件暂不可用" description={events.error.message} />}
      {data?.truncated && (
        <Alert type="warning" showIcon title="事件过多，只列出最新的 1,000 个，请缩小日期范围或筛选。" />
      )}
      <Table<SecurityEventDto>
        size="small"
        rowKey={(event) => `${event.kind}-${event.auditId}`}
        loading={events.isFetching}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        title={() => (data ? `${data.from} 至 ${data.to}：${formatCount(data.items.length)} 个事件` : '安全事件')}
        locale={{ emptyText: '期间内没有安全事件' }}
        columns={[
          { key: 'occurredAt', title: '时间', dataIndex: 'occurredAt', render: formatDateTime },
          {
            key: 'severity',
            title: '严重程度',
            dataIndex: 'severity',
            render: (severity: SecuritySeverity) => (
              <Tag color={SEVERITY_COLORS[severity]}>{SECURITY_SEVERITY_LABELS[severity]}</Tag>
            ),
          },
          { key: 'kindName', title: '事件类型', dataIndex: 'kindName' },
          { key: 'count', title: '次数', dataIndex: 'count', align: 'right', render: formatCount },
          { key: 'username', title: '操作者', dataIndex: 'username', render: (name: string | null) => name ?? '—' },
          {
            key: 'agency',
            title: '单位',
            dataIndex: 'agency',
            render: (agency: SecurityEventDto['agency']) => agency?.name ?? '—',
          },
          { key: 'ip', title: 'IP 地址', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
          { key: 'description', title: '说明', dataIndex: 'description' },
          { key: 'auditId', title: '审计记录编号', dataIndex: 'auditId', align: 'right' },
        ]}
      />
    </Space>
  );
}
