import { RECORD_DATE_LABELS, SPREADSHEET_FORMATS, type SpreadsheetFormat } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, RECORD_CATEGORIES, RECORD_CATEGORY_LABELS, USE_SCOPE_LABELS } from '@gzcredit/domain';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
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
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  downloadSharedRecords,
  type RecordDto,
  type SharedRecordsQuery,
  useSharedRecords,
} from '../api/sharing-queries';

const PAGE_SIZE = 20;

interface FilterValues {
  creditCode?: string;
  name?: string;
  itemId?: number;
  category?: SharedRecordsQuery['category'];
  level?: SharedRecordsQuery['level'];
  regionCode?: string;
  from?: string;
  to?: string;
}

type Filters = Omit<Partial<SharedRecordsQuery>, 'before' | 'pageSize'>;

/** The record's visible fields, as label：value lines (the fields the agency may not see are not there at all). */
function RecordFields({ record, labels }: { record: RecordDto; labels: Map<string, string> }) {
  const entries = Object.entries(record.payload);
  if (entries.length === 0) return <Typography.Text type="secondary">无可见数据项</Typography.Text>;
  return (
    <Descriptions size="small" column={1} bordered>
      {entries.map(([key, value]) => (
        <Descriptions.Item key={key} label={labels.get(`${record.item.id}:${key}`) ?? key}>
          {value}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

/** /console/shared-query — 共享查询 (Rules Art. 22(二)): everything the agency may see, and its download. */
export function SharedQueryPage() {
  useDocumentTitle('共享查询');
  const { message } = App.useApp();
  const catalogue = useCurrentCatalogue();
  const [filters, setFilters] = useState<Filters>({});
  // The pages seen so far, by the `before` that opened each (keyset pagination: newest first).
  const [cursors, setCursors] = useState<Array<number | undefined>>([undefined]);
  const before = cursors.at(-1);
  const records = useSharedRecords({ ...filters, ...(before ? { before } : {}), pageSize: PAGE_SIZE });
  const [exporting, setExporting] = useState<SpreadsheetFormat | null>(null);
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);

  const labels = new Map<string, string>();
  for (const item of catalogue.data?.items ?? [])
    for (const field of item.fields) labels.set(`${item.id}:${field.key}`, field.label);

  const search = (values: FilterValues) => {
    const item = catalogue.data?.items.find((each) => each.id === values.itemId);
    setFilters({
      creditCode: values.creditCode?.trim() || undefined,
      name: values.name?.trim() || undefined,
      itemCode: item?.code,
      category: values.category,
      level: values.level,
      regionCode: values.regionCode?.trim() || undefined,
      from: values.from || undefined,
      to: values.to || undefined,
    });
    setCursors([undefined]);
  };

  const download = async () => {
    if (!exporting) return;
    setBusy(true);
    try {
      const exportNo = await downloadSharedRecords({
        ...filters,
        format: exporting,
        ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      });
      message.success(`已下载，导出编号 ${exportNo}`);
      setExporting(null);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          共享查询
        </Typography.Title>
        <Space>
          {SPREADSHEET_FORMATS.map((format) => (
            <Button key={format} onClick={() => setExporting(format)}>
              下载 {format.toUpperCase()}
            </Button>
          ))}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">
        本单位可查询的全部信息：本单位传送的，其他单位的公示信息，以及其他单位按交换设定向本单位提供的内部共享、授权查询信息（只显示可见的数据项）。
        查询和下载均记入审计日志；下载含非公示信息时须说明用途，并记入交换日志。
      </Typography.Paragraph>
      <Form<FilterValues>
        layout="inline"
        className="console-filters"
        aria-label="共享查询条件"
        onFinish={search}
        onReset={() => search({})}
      >
        <Form.Item label="统一社会信用代码" name="creditCode">
          <Input allowClear maxLength={18} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="主体名称" name="name">
          <Input allowClear maxLength={100} style={{ width: 200 }} />
        </Form.Item>
        <ItemFilterField items={catalogue.data?.items} loading={catalogue.isPending} />
        <Form.Item label="类别" name="category">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 100 }}
            options={RECORD_CATEGORIES.map((category) => ({
              value: category,
              label: RECORD_CATEGORY_LABELS[category],
            }))}
          />
        </Form.Item>
        <LevelFilterField />
        <Form.Item label="地区" name="regionCode">
          <Input allowClear maxLength={6} placeholder="区划代码前缀，如 5203" style={{ width: 180 }} />
        </Form.Item>
        <DateRangeFields label={RECORD_DATE_LABELS.aroseOn} />
        <FilterButtons />
      </Form>
      {records.error && <Alert type="error" showIcon title={records.error.message} style={{ marginBottom: 16 }} />}
      <Table<RecordDto>
        rowKey="id"
        size="small"
        loading={records.isFetching}
        dataSource={records.data?.items}
        scroll={{ x: 1200 }}
        locale={{ emptyText: '没有符合条件的信息' }}
        pagination={false}
        expandable={{ expandedRowRender: (record) => <RecordFields record={record} labels={labels} /> }}
        columns={[
          RECORD_ITEM_COLUMN,
          { title: '主体名称', dataIndex: 'entityName' },
          RECORD_CREDIT_CODE_COLUMN,
          { title: '提供单位', dataIndex: ['agency', 'name'], width: 200 },
          {
            title: '使用范围',
            dataIndex: 'useScope',
            width: 100,
            render: (scope: RecordDto['useScope']) => USE_SCOPE_LABELS[scope],
          },
          {
            title: '失信等级',
            dataIndex: 'dishonestyLevel',
            width: 100,
            render: (level: RecordDto['dishonestyLevel']) => (level ? DISHONESTY_LEVEL_LABELS[level] : '—'),
          },
          { title: RECORD_DATE_LABELS.aroseOn, dataIndex: 'aroseOn', width: 120 },
          RECORD_RECEIVED_COLUMN,
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((current) => current.slice(0, -1))}>
          上一页
        </Button>
        <Typography.Text type="secondary">第 {cursors.length} 页</Typography.Text>
        <Button
          disabled={!records.data?.next}
          onClick={() => setCursors((current) => [...current, records.data!.next!])}
        >
          下一页
        </Button>
      </Space>
      <Modal
        open={exporting !== null}
        title={`下载共享信息（${exporting?.toUpperCase() ?? ''}）`}
        okText="下载"
        cancelText="取消"
        confirmLoading={busy}
        onOk={download}
        onCancel={() => setExporting(null)}
      >
        <Typography.Paragraph>按当前查询条件下载全部结果。文件注明导出人、单位、时间和导出编号。</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label="下载用途（含非公示信息时必填）">
            <Input
              value={purpose}
              maxLength={200}
              onChange={(event) => setPurpose(event.target.value)}
              placeholder="如：政府采购供应商资格审查"
              aria-label="下载用途"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
