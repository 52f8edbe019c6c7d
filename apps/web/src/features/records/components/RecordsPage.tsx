import { RECORD_DATE_LABELS, RECORD_STATUS_LABELS, RECORD_STATUSES } from '@gzcredit/contracts';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  DateRangeFields,
  FilterButtons,
  ItemFilterField,
  LevelFilterField,
  RECORD_CREDIT_CODE_COLUMN,
  RECORD_ITEM_COLUMN,
  RECORD_RECEIVED_COLUMN,
} from '../../../components/RecordQueryFilters';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { useCurrentAccount } from '../../../lib/session';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type RecordDto, type RecordFilters, useRecords } from '../api/record-queries';
import { LevelTag, RecordDetailDrawer, StatusTag } from './RecordDetailDrawer';

const PAGE_SIZE = 20;

interface FilterValues {
  itemId?: number;
  status?: RecordDto['status'];
  level?: RecordDto['dishonestyLevel'];
  late?: boolean;
  unmatched?: boolean;
  q?: string;
  from?: string;
  to?: string;
}

function toFilters(values: FilterValues): RecordFilters {
  return {
    itemId: values.itemId,
    status: values.status,
    level: values.level ?? undefined,
    late: values.late || undefined,
    matched: values.unmatched ? false : undefined,
    q: values.q?.trim() || undefined,
    from: values.from || undefined,
    to: values.to || undefined,
    page: 1,
    pageSize: PAGE_SIZE,
  };
}

/** /console/records — 本单位信息: the agency's own records, their deadlines, versions and changes (Art. 12, 16). */
export function RecordsPage() {
  useDocumentTitle('本单位信息');
  const catalogue = useCurrentCatalogue();
  const me = useCurrentAccount();
  const [searchParams, setSearchParams] = useSearchParams();
  // The home page's 公示期届满 card opens the list with this filter (features/todos); the form's filters keep it.
  const publicityEndsBy = searchParams.get('publicityEndsBy') ?? undefined;
  const [filters, setFilters] = useState<RecordFilters>({ page: 1, pageSize: PAGE_SIZE });
  const records = useRecords({ ...filters, ...(publicityEndsBy ? { publicityEndsBy } : {}) });
  const clearPublicityEndsBy = () =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('publicityEndsBy');
        return next;
      },
      { replace: true },
    );
  const openId = Number(searchParams.get('record')) || undefined;
  const open = (id: number | undefined) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === undefined) next.delete('record');
        else next.set('record', String(id));
        return next;
      },
      { replace: id === undefined },
    );

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          本单位信息
        </Typography.Title>
        {me.data?.permissions.includes('record.submit') && (
          <Space>
            <Link to="/console/record-entry">在线填报</Link>
            <Link to="/console/uploads">数据上传</Link>
          </Space>
        )}
      </div>
      <Typography.Paragraph type="secondary">
        本单位报送的企业公共信用信息。信息应在产生之日起 20 个工作日内报送，超期的标红显示；更正生成新版本，原版本保留。
      </Typography.Paragraph>
      <Form<FilterValues>
        layout="inline"
        className="console-filters"
        aria-label="筛选信息"
        onFinish={(values) => setFilters(toFilters(values))}
        onReset={() => setFilters({ page: 1, pageSize: PAGE_SIZE })}
      >
        <ItemFilterField items={catalogue.data?.items} loading={catalogue.isPending} />
        <Form.Item label="状态" name="status">
          <Select
            allowClear
            placeholder="现行版本"
            style={{ width: 170 }}
            options={RECORD_STATUSES.map((status) => ({ value: status, label: RECORD_STATUS_LABELS[status] }))}
          />
        </Form.Item>
        <LevelFilterField />
        <Form.Item label="关键词" name="q">
          <Input allowClear placeholder="统一社会信用代码或主体名称" style={{ width: 220 }} maxLength={100} />
        </Form.Item>
        <DateRangeFields label="接收日期" />
        <Form.Item name="late" valuePropName="checked">
          <Checkbox>仅看超期</Checkbox>
        </Form.Item>
        <Form.Item name="unmatched" valuePropName="checked">
          <Checkbox>仅看待匹配</Checkbox>
        </Form.Item>
        <FilterButtons />
      </Form>
      {publicityEndsBy && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`仅显示仍在公示期内、公示期将于 ${publicityEndsBy} 前（含）届满的现行信息`}
          action={
            <Button size="small" onClick={clearPublicityEndsBy}>
              显示全部
            </Button>
          }
        />
      )}
      {records.error && <Alert type="error" showIcon title={records.error.message} style={{ marginBottom: 16 }} />}
      <Table<RecordDto>
        rowKey="id"
        size="small"
        loading={records.isFetching}
        dataSource={records.data?.items}
        scroll={{ x: 1300 }}
        locale={{ emptyText: '没有符合条件的信息' }}
        pagination={tablePagination({
          page: filters.page,
          pageSize: PAGE_SIZE,
          total: records.data?.total,
          onChange: (page) => setFilters((current) => ({ ...current, page })),
        })}
        columns={[
          RECORD_ITEM_COLUMN,
          {
            title: '主体名称',
            dataIndex: 'entityName',
            render: (name: string, record) => (
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => open(record.id)}
              >
                {name}
              </Button>
            ),
          },
          RECORD_CREDIT_CODE_COLUMN,
          {
            title: '失信等级',
            dataIndex: 'dishonestyLevel',
            width: 100,
            render: (level: RecordDto['dishonestyLevel']) => <LevelTag level={level} />,
          },
          { title: RECORD_DATE_LABELS.aroseOn, dataIndex: 'aroseOn', width: 120 },
          RECORD_RECEIVED_COLUMN,
          {
            title: RECORD_DATE_LABELS.dueOn,
            dataIndex: 'dueOn',
            width: 150,
            // Provisional while a year the deadline reaches into has no holiday arrangement (Art. 12, 工作日历).
            render: (dueOn: string, record) =>
              record.dueProvisional ? (
                <Space size={4}>
                  {dueOn}
                  <Tag>暂定</Tag>
                </Space>
              ) : (
                dueOn
              ),
          },
          {
            title: '超期天数',
            dataIndex: 'daysLate',
            width: 90,
            render: (days: number) =>
              days > 0 ? (
                <Typography.Text type="danger" strong>
                  {days}
                </Typography.Text>
              ) : (
                0
              ),
          },
          {
            title: '状态',
            key: 'status',
            width: 150,
            render: (_, record) => <StatusTag record={record} />,
          },
          ...(publicityEndsBy
            ? [
                {
                  title: '公示截止',
                  dataIndex: 'publicityUntil',
                  width: 110,
                  render: (until: string | null) => until ?? '—',
                },
              ]
            : []),
          { title: '版本', dataIndex: 'version', width: 70, render: (version: number) => `第 ${version} 版` },
        ]}
      />
      <RecordDetailDrawer id={openId} onClose={() => open(undefined)} />
    </Card>
  );
}
