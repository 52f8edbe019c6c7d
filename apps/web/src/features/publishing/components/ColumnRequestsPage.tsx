import { Alert, App, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useConsoleColumns, useRequestColumn } from '../api/console-queries';
import type { ColumnDto, ColumnStatus } from '../api/publishing-types';
import { COLUMN_STATUS_COLORS, COLUMN_STATUS_LABELS } from './publishing-labels';

/** /console/column-requests — an agency asks for a special column (专栏) and follows its requests (Art. 18). */
export function ColumnRequestsPage() {
  useDocumentTitle('专栏申请');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; purpose: string }>();
  const me = useCurrentAccount();
  const columns = useConsoleColumns();
  const request = useRequestColumn();
  const mine = columns.data?.items.filter(
    (column) => column.kind === 'special' && column.ownerAgency?.id === me.data?.agency.id,
  );

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={1} className="console-page-title">
          专栏申请
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          专栏由本单位申请、省市场监管局审批后开设，审批时可能调整名称和位置。开设后本单位可在专栏中发布信息。
        </Typography.Paragraph>
        {request.error && <Alert type="error" showIcon title={request.error.message} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 640 }}
          onFinish={(values) =>
            request.mutate(
              { name: values.name.trim(), purpose: values.purpose.trim() },
              {
                onSuccess: (column) => {
                  form.resetFields();
                  void message.success(`已提交专栏申请：${column.name}`);
                },
                onError: (error) => applyFieldErrors(form, error),
              },
            )
          }
        >
          <Form.Item
            label="专栏名称"
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请输入专栏名称' },
              { min: 2, max: 40, message: '专栏名称为 2–40 个字' },
            ]}
          >
            <Input maxLength={40} placeholder="如：信用修复专栏" />
          </Form.Item>
          <Form.Item
            label="开设用途"
            name="purpose"
            rules={[
              { required: true, whitespace: true, message: '请说明开设专栏的用途' },
              { min: 4, message: '请说明开设专栏的用途（至少 4 个字）' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={request.isPending}>
            提交申请
          </Button>
        </Form>
      </Card>
      <Card>
        <Typography.Title level={2} className="console-section-title">
          本单位的专栏
        </Typography.Title>
        {columns.error && <Alert type="error" showIcon title={columns.error.message} />}
        <Table<ColumnDto>
          rowKey="id"
          loading={columns.isFetching}
          dataSource={mine}
          pagination={false}
          scroll={{ x: 700 }}
          locale={{ emptyText: '尚未申请专栏' }}
          columns={[
            { title: '专栏名称', dataIndex: 'name' },
            { title: '用途', dataIndex: 'purpose' },
            {
              title: '状态',
              dataIndex: 'status',
              width: 100,
              render: (status: ColumnStatus) => (
                <Tag color={COLUMN_STATUS_COLORS[status]}>{COLUMN_STATUS_LABELS[status]}</Tag>
              ),
            },
            { title: '申请时间', dataIndex: 'requestedAt', width: 180, render: formatDateTime },
            { title: '审批意见', dataIndex: 'decisionNote', render: (note: string | null) => note ?? '—' },
          ]}
        />
      </Card>
    </>
  );
}
