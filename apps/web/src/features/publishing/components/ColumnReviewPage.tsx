import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type ColumnDecision, useColumnRequests, useDecideColumn } from '../api/console-queries';
import type { ColumnDto, ColumnStatus } from '../api/publishing-types';
import { COLUMN_STATUS_COLORS, COLUMN_STATUS_LABELS } from './publishing-labels';

type Deciding = { column: ColumnDto; decision: ColumnDecision['decision'] };

/** The columns the portal shows (standing and approved special ones), in the portal's order. */
function portalOrder(columns: readonly ColumnDto[]): ColumnDto[] {
  return columns
    .filter((column) => column.status === 'approved')
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
}

/** Where a column stands on the portal, in words (第 3 栏), rather than its sort value. */
export function portalPosition(column: ColumnDto, columns: readonly ColumnDto[]): string {
  const index = portalOrder(columns).findIndex((shown) => shown.id === column.id);
  return index < 0 ? '未显示' : `第 ${index + 1} 栏`;
}

/** /console/column-reviews — the provincial bureau approves (adjusting name and position) or rejects 专栏 (Art. 18). */
export function ColumnReviewPage() {
  useDocumentTitle('专栏审批');
  const [view, setView] = useState<'requested' | 'all'>('requested');
  const columns = useColumnRequests();
  const [deciding, setDeciding] = useState<Deciding>();
  const rows = columns.data?.items.filter((column) => view === 'all' || column.status === 'requested');

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          专栏审批
        </Typography.Title>
        <Segmented
          aria-label="显示范围"
          value={view}
          onChange={setView}
          options={[
            { value: 'requested', label: '待审批' },
            { value: 'all', label: '全部栏目' },
          ]}
        />
      </div>
      {columns.error && <Alert type="error" showIcon title={columns.error.message} style={{ marginBottom: 16 }} />}
      <Table<ColumnDto>
        rowKey="id"
        loading={columns.isFetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: view === 'requested' ? '没有待审批的专栏申请' : '暂无栏目' }}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (name: string, column) => (
              <>
                {name} {column.kind === 'standard' && <Tag>常设栏目</Tag>}
              </>
            ),
          },
          { title: '申请单位', dataIndex: ['ownerAgency', 'name'], render: (name?: string) => name ?? '—' },
          { title: '用途', dataIndex: 'purpose', render: (purpose: string | null) => purpose ?? '—' },
          {
            title: '门户位置',
            key: 'position',
            width: 90,
            render: (_, column) => portalPosition(column, columns.data?.items ?? []),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (status: ColumnStatus) => (
              <Tag color={COLUMN_STATUS_COLORS[status]}>{COLUMN_STATUS_LABELS[status]}</Tag>
            ),
          },
          { title: '申请时间', dataIndex: 'requestedAt', width: 170, render: formatDateTime },
          { title: '审批意见', dataIndex: 'decisionNote', render: (note: string | null) => note ?? '—' },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 150,
            render: (_, column) =>
              column.status === 'requested' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => setDeciding({ column, decision: 'approve' })}>
                    批准
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ column, decision: 'reject' })}>
                    驳回
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <DecisionModal
        deciding={deciding}
        shown={portalOrder(columns.data?.items ?? [])}
        onClose={() => setDeciding(undefined)}
      />
    </Card>
  );
}

function DecisionModal({
  deciding,
  shown,
  onClose,
}: {
  deciding: Deciding | undefined;
  /** The columns the portal shows now, in order: the sort values a new one goes between. */
  shown: readonly ColumnDto[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ name: string; sortOrder: number; note?: string }>();
  const decide = useDecideColumn();
  const { message } = App.useApp();
  const approving = deciding?.decision === 'approve';
  const close = () => {
    decide.reset();
    onClose();
  };
  return (
    <Modal
      title={`${approving ? '批准' : '驳回'}专栏申请：${deciding?.column.name ?? ''}`}
      open={deciding !== undefined}
      onCancel={close}
      onOk={() => form.submit()}
      okText={approving ? '批准开设' : '驳回'}
      okButtonProps={{ danger: !approving }}
      cancelText="取消"
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      {decide.error && <Alert type="error" showIcon title={decide.error.message} style={{ marginBottom: 16 }} />}
      {deciding && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ name: deciding.column.name, sortOrder: deciding.column.sortOrder }}
          onFinish={(values) => {
            const note = values.note?.trim() || undefined;
            const body: ColumnDecision = approving
              ? { decision: 'approve', name: values.name.trim(), sortOrder: values.sortOrder, note }
              : { decision: 'reject', note };
            decide.mutate(
              { id: deciding.column.id, ...body },
              {
                onSuccess: (column) => {
                  void message.success(approving ? `已开设专栏：${column.name}` : `已驳回：${column.name}`);
                  close();
                },
              },
            );
          }}
        >
          <Typography.Paragraph type="secondary">用途：{deciding.column.purpose ?? '—'}</Typography.Paragraph>
          {approving && (
            <>
              <Form.Item
                label="专栏名称"
                name="name"
                extra="可根据实际情况调整名称"
                rules={[{ required: true, whitespace: true, min: 2, max: 40, message: '专栏名称为 2–40 个字' }]}
              >
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item
                label="显示位置（排序值）"
                name="sortOrder"
                extra={`排序值越小越靠前。门户现有栏目依次为：${shown.map((column) => `${column.name}（${column.sortOrder}）`).join('、') || '无'}`}
              >
                <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
              </Form.Item>
            </>
          )}
          <Form.Item
            label={approving ? '审批意见' : '驳回理由'}
            name="note"
            rules={approving ? [] : [{ required: true, whitespace: true, message: '请填写驳回理由' }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
