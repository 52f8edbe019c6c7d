import type { ConsoleObjectionDto } from '@gzcredit/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useItemDefinition } from '../../../lib/catalogue';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useObjectionAction, useObjectionQueue, useRecordFields } from '../api/objection-queries';

type Outcome = 'upheld' | 'corrected' | 'revoked';

/** The decision form: uphold, revoke, or correct with the record's fields (a new version, as a correction). */
function DecisionForm({ objection, onDone }: { objection: ConsoleObjectionDto; onDone: () => void }) {
  const { message } = App.useApp();
  const action = useObjectionAction();
  const record = useRecordFields(objection.record.id);
  const [outcome, setOutcome] = useState<Outcome>('upheld');
  const [form] = Form.useForm();
  const { definition } = useItemDefinition(record.data?.record.item);
  const payload = record.data?.record.payload ?? {};
  // The Chinese labels of the item the record was validated with (its edition's).
  const labelOf = (key: string) => definition?.fields.find((field) => field.key === key)?.label ?? key;
  return (
    <Form
      form={form}
      name="objection-decision"
      layout="vertical"
      onFinish={(values: { reason: string; fields?: Record<string, string> }) => {
        const body =
          outcome === 'corrected'
            ? {
                outcome,
                reason: values.reason,
                record: {
                  entityName: record.data!.record.entityName,
                  ...(record.data!.record.dishonestyLevel
                    ? { dishonestyLevel: record.data!.record.dishonestyLevel }
                    : {}),
                  fields: { ...payload, ...values.fields },
                },
              }
            : { outcome, reason: values.reason };
        action.mutate(
          { id: objection.id, action: 'decision', body },
          {
            onSuccess: () => {
              message.success('已作出处理决定');
              onDone();
            },
          },
        );
      }}
    >
      <Form.Item label="处理结果">
        <Radio.Group
          value={outcome}
          onChange={(event) => setOutcome(event.target.value)}
          options={[
            { value: 'upheld', label: '维持' },
            { value: 'corrected', label: '更正' },
            { value: 'revoked', label: '撤销' },
          ]}
        />
      </Form.Item>
      {outcome === 'corrected' &&
        Object.entries(payload).map(([key, value]) => (
          <Form.Item key={key} label={labelOf(key)} name={['fields', key]} initialValue={value}>
            <Input />
          </Form.Item>
        ))}
      <Form.Item label="决定理由" name="reason" rules={[{ required: true, message: '请填写决定理由' }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      {action.error && <Alert type="error" showIcon title={action.error.message} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={action.isPending}>
        提交决定
      </Button>
    </Form>
  );
}

function ExtensionForm({ objection }: { objection: ConsoleObjectionDto }) {
  const action = useObjectionAction();
  return (
    <Form
      name="objection-extension"
      layout="inline"
      onFinish={(values: { reason: string }) =>
        action.mutate({ id: objection.id, action: 'extension', body: { reason: values.reason } })
      }
    >
      <Form.Item label="延期理由" name="reason" rules={[{ required: true, message: '请填写延期理由' }]}>
        <Input maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit" loading={action.isPending}>
        延期至 20 个工作日
      </Button>
      {action.error && <Alert type="error" showIcon title={action.error.message} />}
    </Form>
  );
}

function ObjectionDetail({
  objection,
  editable,
  onDone,
}: {
  objection: ConsoleObjectionDto;
  editable: boolean;
  onDone: () => void;
}) {
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'entity', label: '提出主体', children: `${objection.entity.name}（${objection.entity.creditCode}）` },
          { key: 'applicant', label: '申请人', children: objection.applicant.name },
          { key: 'contact', label: '联系人', children: `${objection.contactName} ${objection.contactPhone}` },
          {
            key: 'item',
            label: '异议信息',
            children: `${objection.record.itemName}（${formatDate(objection.record.aroseOn)}）`,
          },
          { key: 'reasons', label: '异议理由', children: objection.reasons },
          {
            key: 'evidence',
            label: '证明材料',
            children: objection.evidence.map((file) => file.name).join('、') || '无',
          },
          { key: 'due', label: '处理期限', children: formatDate(objection.dueOn) },
          ...(objection.extension
            ? [{ key: 'extension', label: '延期理由', children: objection.extension.reason }]
            : []),
          ...(objection.decision
            ? [
                {
                  key: 'decision',
                  label: '处理决定',
                  children: `${objection.statusLabel}：${objection.decision.reason}`,
                },
              ]
            : []),
        ]}
      />
      {editable && objection.status === 'pending' && !objection.extension && <ExtensionForm objection={objection} />}
      {editable && objection.status === 'pending' && <DecisionForm objection={objection} onDone={onDone} />}
    </Space>
  );
}

function ObjectionQueue({ queue, title }: { queue: 'agency' | 'escalated'; title: string }) {
  useDocumentTitle(title);
  const list = useObjectionQueue(queue);
  const [openId, setOpenId] = useState<number>();
  const open = list.data?.items.find((item) => item.id === openId);
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        {title}
      </Typography.Title>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<ConsoleObjectionDto>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: queue === 'agency' ? '没有异议' : '没有逾期未处理的异议' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '异议编号',
            dataIndex: 'objectionNo',
            render: (no: string, item) => (
              <Button type="link" onClick={() => setOpenId(item.id)}>
                {no}
              </Button>
            ),
          },
          { title: '主体', dataIndex: ['entity', 'name'] },
          { title: '信息', dataIndex: ['record', 'itemName'] },
          ...(queue === 'escalated' ? [{ title: '提供单位', dataIndex: ['record', 'agencyName'] }] : []),
          { title: '提出时间', dataIndex: 'filedAt', render: formatDateTime },
          { title: '处理期限', dataIndex: 'dueOn', render: formatDate },
          {
            title: '状态',
            dataIndex: 'statusLabel',
            render: (label: string, item) => (
              <Space>
                <Tag color={item.status === 'pending' ? 'processing' : 'success'}>{label}</Tag>
                {item.overdue && <Tag color="error">已逾期，省局督办</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        title={open ? `异议 ${open.objectionNo}` : '异议'}
        open={open !== undefined}
        onClose={() => setOpenId(undefined)}
        size={720}
      >
        {open && <ObjectionDetail objection={open} editable={queue === 'agency'} onDone={() => setOpenId(undefined)} />}
      </Drawer>
    </Card>
  );
}

/** /console/objections — the providing agency's objections: extend once, decide (issue 21 item 2). */
export function ObjectionQueuePage() {
  return <ObjectionQueue queue="agency" title="异议处理" />;
}

/** /console/objection-escalations — the provincial bureau's queue of overdue objections (督办). */
export function ObjectionEscalationsPage() {
  return <ObjectionQueue queue="escalated" title="异议督办" />;
}
