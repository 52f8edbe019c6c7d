import {
  SYNC_EVENT_KIND_LABELS,
  SYNC_PAYLOAD_FORMAT_LABELS,
  SYNC_PAYLOAD_FORMATS,
  type SyncDestinationDto,
  type UpdateSyncDestinationBody,
} from '@gzcredit/contracts';
import { USE_SCOPE_LABELS, USE_SCOPES } from '@gzcredit/domain';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type SyncDeadLetterDto,
  useRetrySyncDeadLetters,
  useSyncDeadLetters,
  useSyncDestinations,
  useUpdateSyncDestination,
} from '../api/sync-queries';

type FormValues = Omit<UpdateSyncDestinationBody, 'secret' | 'itemCodes'> & { secret?: string; itemCodes: string[] };

function DestinationModal({ destination, onClose }: { destination: SyncDestinationDto; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const update = useUpdateSyncDestination();
  const catalogue = useCurrentCatalogue();
  const save = (values: FormValues) => {
    const { secret, itemCodes, ...rest } = values;
    const body: UpdateSyncDestinationBody = {
      ...rest,
      endpoint: rest.endpoint || null,
      keyId: rest.keyId || null,
      itemCodes: itemCodes.length > 0 ? itemCodes : null,
      ...(secret ? { secret } : {}),
    };
    update.mutate(
      { id: destination.id, body },
      {
        onSuccess: () => {
          message.success(`已保存“${values.name}”`);
          onClose();
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <Modal
      open
      title={`设置推送目的地：${destination.name}`}
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      width={640}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          name: destination.name,
          endpoint: destination.endpoint ?? '',
          keyId: destination.keyId ?? '',
          itemCodes: destination.itemCodes ?? [],
          useScopes: destination.useScopes,
          format: destination.format,
          enabled: destination.enabled,
          maxAttempts: destination.maxAttempts,
          ratePerSecond: destination.ratePerSecond,
        }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="endpoint" label="推送地址">
          <Input placeholder="https://…" />
        </Form.Item>
        <Form.Item name="keyId" label="凭证 ID">
          <Input />
        </Form.Item>
        <Form.Item
          name="secret"
          label="签名密钥（HMAC-SM3）"
          extra={destination.secretSet ? '已设置；留空则不修改' : '尚未设置；启用前必须填写'}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="itemCodes" label="推送的信息项" extra="不选则推送全部信息项">
          <Select
            mode="multiple"
            allowClear
            placeholder="全部信息项"
            options={(catalogue.data?.items ?? []).map((item) => ({ value: item.code, label: item.name }))}
          />
        </Form.Item>
        <Form.Item
          name="useScopes"
          label="推送的使用范围"
          rules={[{ required: true, message: '至少选择一个使用范围' }]}
        >
          <Select
            mode="multiple"
            options={USE_SCOPES.map((scope) => ({ value: scope, label: USE_SCOPE_LABELS[scope] }))}
          />
        </Form.Item>
        <Form.Item name="format" label="报文格式">
          <Select
            options={SYNC_PAYLOAD_FORMATS.map((format) => ({
              value: format,
              label: SYNC_PAYLOAD_FORMAT_LABELS[format],
            }))}
          />
        </Form.Item>
        <Space size="large">
          <Form.Item name="maxAttempts" label="最多尝试次数（之后转为死信）">
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="ratePerSecond" label="每秒最多推送事件数">
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="关闭" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function DeadLetters({ destination }: { destination: SyncDestinationDto }) {
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const deadLetters = useSyncDeadLetters(destination.id, page);
  const retry = useRetrySyncDeadLetters();
  const retryThese = (ids?: number[]) =>
    retry.mutate(
      { id: destination.id, ...(ids ? { ids } : {}) },
      {
        onSuccess: ({ retried }) => message.success(`已重新推送 ${formatCount(retried)} 条死信`),
        onError: (error) => message.error(error.message),
      },
    );
  return (
    <Card
      title={`死信：${destination.name}`}
      extra={
        <Button
          type="primary"
          danger
          disabled={!deadLetters.data?.total}
          loading={retry.isPending}
          onClick={() => retryThese()}
        >
          全部重试
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        死信是重试次数用尽仍未送达的事件；同一主体其后的事件排在它后面等待。目的地恢复后点“重试”，按顺序推送。
      </Typography.Paragraph>
      <Table<SyncDeadLetterDto>
        rowKey="id"
        size="small"
        loading={deadLetters.isLoading}
        dataSource={deadLetters.data?.items ?? []}
        locale={{ emptyText: '没有死信' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: deadLetters.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => `共 ${formatCount(total)} 条`,
        }}
        columns={[
          { title: '主体统一社会信用代码', dataIndex: 'entityCode' },
          { title: '序号', dataIndex: 'entitySeq', width: 70 },
          {
            title: '事件',
            dataIndex: 'kind',
            render: (kind: SyncDeadLetterDto['kind']) => SYNC_EVENT_KIND_LABELS[kind],
          },
          { title: '尝试次数', dataIndex: 'attempts', width: 90 },
          { title: '其后等待', dataIndex: 'behind', width: 90, render: formatCount },
          { title: '最近错误', dataIndex: 'lastError', ellipsis: true },
          { title: '转为死信时间', dataIndex: 'deadAt', render: formatDateTime },
          {
            title: '操作',
            key: 'retry',
            width: 80,
            render: (_: unknown, row: SyncDeadLetterDto) => (
              <Button
                size="small"
                autoInsertSpace={false}
                onClick={() => retryThese([row.id])}
                aria-label={`重试 ${row.entityCode} 第 ${row.entitySeq} 号事件`}
              >
                重试
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** /console/sync — 同步推送 (Rules Art. 9, 10): the destinations, their backlog and dead letters; the bureau's operators. */
export function SyncPage() {
  useDocumentTitle('同步推送');
  const destinations = useSyncDestinations();
  const [editing, setEditing] = useState<SyncDestinationDto>();
  const [selectedId, setSelectedId] = useState<number>();
  const items = destinations.data?.items ?? [];
  const selected = items.find((each) => each.id === selectedId);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} className="console-page-title">
          同步推送
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          信息的每一次变化（公示、更正、撤销、移出、公示期满，主体登记及变更）按主体顺序推送到下列系统，签名为
          HMAC-SM3，失败按指数退避重试。 关闭的目的地既不推送也不排队。
        </Typography.Paragraph>
        <Table<SyncDestinationDto>
          rowKey="id"
          loading={destinations.isLoading}
          dataSource={items}
          pagination={false}
          columns={[
            { title: '目的地', dataIndex: 'name' },
            { title: '推送地址', dataIndex: 'endpoint', render: (endpoint: string | null) => endpoint ?? '未设置' },
            {
              title: '状态',
              dataIndex: 'enabled',
              render: (enabled: boolean) => (enabled ? <Tag color="green">已启用</Tag> : <Tag>已关闭</Tag>),
            },
            {
              title: '待推送',
              key: 'backlog',
              render: (_: unknown, row: SyncDestinationDto) => formatCount(row.counts.pending + row.counts.waiting),
            },
            {
              title: '已送达',
              key: 'delivered',
              render: (_: unknown, row: SyncDestinationDto) => formatCount(row.counts.delivered),
            },
            {
              title: '死信',
              key: 'dead',
              render: (_: unknown, row: SyncDestinationDto) =>
                row.counts.dead > 0 ? (
                  <Typography.Text type="danger" strong>
                    {formatCount(row.counts.dead)}
                  </Typography.Text>
                ) : (
                  0
                ),
            },
            { title: '最近送达', dataIndex: 'lastDeliveredAt', render: formatDateTime },
            {
              title: '最近错误',
              dataIndex: 'lastError',
              ellipsis: true,
              render: (error: string | null) =>
                error ? <Typography.Text type="danger">{error}</Typography.Text> : '—',
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, row: SyncDestinationDto) => (
                <Space>
                  <Button
                    size="small"
                    autoInsertSpace={false}
                    onClick={() => setEditing(row)}
                    aria-label={`设置 ${row.name}`}
                  >
                    设置
                  </Button>
                  <Button
                    size="small"
                    autoInsertSpace={false}
                    onClick={() => setSelectedId(row.id)}
                    aria-label={`查看 ${row.name} 的死信`}
                  >
                    死信
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {selected ? <DeadLetters destination={selected} /> : null}
      {editing ? <DestinationModal destination={editing} onClose={() => setEditing(undefined)} /> : null}
    </Space>
  );
}
