import { Alert, Button, Descriptions, Form, Image, Input, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../../lib/format';
import type { FaultDto } from '../api/fault-queries';
import {
  FAULT_EVENT_LABELS,
  FAULT_SEVERITY_COLORS,
  FAULT_SEVERITY_LABELS,
  FAULT_STATUS_COLORS,
  FAULT_STATUS_LABELS,
} from './fault-labels';

/** A fault ticket: what, where, when, how severe, its screenshots and the timeline of every step (Art. 26). */
export function FaultDetail({ fault }: { fault: FaultDto }) {
  return (
    <>
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          {
            key: 'status',
            label: '状态',
            children: <Tag color={FAULT_STATUS_COLORS[fault.status]}>{FAULT_STATUS_LABELS[fault.status]}</Tag>,
          },
          {
            key: 'severity',
            label: '严重程度',
            children: <Tag color={FAULT_SEVERITY_COLORS[fault.severity]}>{FAULT_SEVERITY_LABELS[fault.severity]}</Tag>,
          },
          { key: 'agency', label: '报告单位', children: `${fault.agency.name}（${fault.reporter}）` },
          { key: 'location', label: '故障位置', children: fault.location },
          { key: 'occurredAt', label: '发生时间', children: formatDateTime(fault.occurredAt) },
          { key: 'createdAt', label: '报告时间', children: formatDateTime(fault.createdAt) },
          { key: 'assignee', label: '处理人', children: fault.assignee ?? '未受理' },
          {
            key: 'description',
            label: '故障描述',
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {fault.description}
              </Typography.Paragraph>
            ),
          },
          ...(fault.resolution
            ? [
                {
                  key: 'resolution',
                  label: '处理结果',
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{fault.resolution}</span>,
                },
              ]
            : []),
        ]}
      />
      {fault.screenshots.length > 0 && (
        <section style={{ marginTop: 16 }} aria-label="故障截图">
          <Typography.Title level={5}>截图</Typography.Title>
          <Image.PreviewGroup>
            <div className="fault-screenshots">
              {fault.screenshots.map((file) => (
                <Image
                  key={file.id}
                  src={file.url}
                  alt={file.name}
                  width={120}
                  height={90}
                  style={{ objectFit: 'cover' }}
                />
              ))}
            </div>
          </Image.PreviewGroup>
        </section>
      )}
      <section className="fault-timeline" aria-label="处理过程">
        <Typography.Title level={5}>处理过程</Typography.Title>
        <Timeline
          items={fault.events.map((event) => ({
            key: event.id,
            color: event.kind === 'resolved' ? 'green' : event.kind === 'closed' ? 'gray' : 'blue',
            content: (
              <>
                <Typography.Text strong>{FAULT_EVENT_LABELS[event.kind]}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {event.account} · {formatDateTime(event.createdAt)}
                </Typography.Text>
                {event.body && <div style={{ whiteSpace: 'pre-wrap' }}>{event.body}</div>}
              </>
            ),
          }))}
        />
      </section>
    </>
  );
}

/** A comment box under a ticket. */
export function CommentForm({
  pending,
  error,
  onSubmit,
}: {
  pending: boolean;
  error?: Error | null;
  onSubmit: (body: string) => Promise<unknown>;
}) {
  const [form] = Form.useForm<{ body: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={async ({ body }) => {
        await onSubmit(body.trim());
        form.resetFields();
      }}
    >
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      <Form.Item label="留言" name="body" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      <Button htmlType="submit" loading={pending}>
        发送留言
      </Button>
    </Form>
  );
}
