import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type ApiClientDto,
  type CreatedApiClientDto,
  useApiClients,
  useCreateApiClient,
  useRevokeApiClient,
} from '../api/api-client-queries';

const COPY_TOOLTIPS = ['复制', '已复制'];

/** /console/api-clients — 接口凭证 (Art. 8, 22(四)): the keys the agency's systems sign exchange requests with. */
export function ApiClientsPage() {
  useDocumentTitle('接口凭证');
  const { message } = App.useApp();
  const clients = useApiClients();
  const revoke = useRevokeApiClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiClientDto>();

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          接口凭证
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          创建接口凭证
        </Button>
      </div>
      <Typography.Paragraph type="secondary">
        本单位的业务系统通过数据交换接口自动推送信息、拉取共享信息，每个请求须用凭证 ID 和密钥签名（HMAC-SM3 或
        HMAC-SHA256）。每个接入系统单独创建一个凭证；密钥只在创建时显示一次。密钥泄露或系统停用时立即吊销。接口说明和字段定义见{' '}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          接口文档（OpenAPI）
        </a>
        。
      </Typography.Paragraph>
      {clients.error && <Alert type="error" showIcon title={clients.error.message} style={{ marginBottom: 16 }} />}
      {revoke.error && <Alert type="error" showIcon title={revoke.error.message} style={{ marginBottom: 16 }} />}
      <Table<ApiClientDto>
        rowKey="id"
        size="small"
        loading={clients.isFetching && !clients.data}
        dataSource={clients.data?.items}
        scroll={{ x: 900 }}
        pagination={false}
        locale={{ emptyText: '尚未创建接口凭证' }}
        columns={[
          { title: '接入系统', dataIndex: 'name' },
          {
            title: '凭证 ID',
            dataIndex: 'keyId',
            render: (keyId: string) => <Typography.Text code>{keyId}</Typography.Text>,
          },
          { title: '创建人', dataIndex: 'createdBy', width: 110 },
          { title: '创建时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
          {
            title: '最近使用',
            dataIndex: 'lastUsedAt',
            width: 170,
            render: (at: string | null) => (at ? formatDateTime(at) : '从未使用'),
          },
          {
            title: '状态',
            dataIndex: 'revokedAt',
            width: 190,
            render: (revokedAt: string | null) =>
              revokedAt ? <Tag>已吊销 {formatDateTime(revokedAt)}</Tag> : <Tag color="success">有效</Tag>,
          },
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_, client) =>
              !client.revokedAt && (
                <Popconfirm
                  title={`吊销“${client.name}”的凭证？`}
                  description="吊销立即生效，之后用该凭证签名的请求一律被拒绝，且不能恢复。"
                  okText="吊销"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() =>
                    revoke.mutateAsync(client.id).then(() => void message.success(`已吊销“${client.name}”的凭证`))
                  }
                >
                  <Button danger size="small">
                    吊销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && (
        <CreateModal
          onClose={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
          }}
        />
      )}
      {created && <SecretModal created={created} onClose={() => setCreated(undefined)} />}
    </Card>
  );
}

function CreateModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: CreatedApiClientDto) => void;
}) {
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateApiClient();
  return (
    <Modal
      open
      title="创建接口凭证"
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {create.error && <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        name="api-client"
        onFinish={({ name }) =>
          create.mutate(
            { name: name.trim() },
            { onSuccess: onCreated, onError: (error) => applyFieldErrors(form, error) },
          )
        }
      >
        <Form.Item
          label="接入系统名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请填写接入系统名称' },
            { min: 2, message: '接入系统名称至少 2 个字符' },
          ]}
        >
          <Input maxLength={100} placeholder="如：行政处罚业务系统" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The new key's id and secret, once: closing the dialog loses the secret for good. */
function SecretModal({ created, onClose }: { created: CreatedApiClientDto; onClose: () => void }) {
  return (
    <Modal
      open
      title="接口凭证已创建"
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          我已妥善保存密钥
        </Button>
      }
      onCancel={onClose}
    >
      <Alert
        type="warning"
        showIcon
        title="密钥只显示这一次，关闭后任何人（包括平台管理员）都无法再查看。"
        description="请立即复制并保存到接入系统的密钥配置中，不要写入代码仓库或通过即时通讯发送。遗失后只能吊销此凭证并重新创建。"
        style={{ marginBottom: 16 }}
      />
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'name', label: '接入系统', children: created.client.name },
          {
            key: 'keyId',
            label: '凭证 ID',
            children: (
              <Typography.Text code copyable={{ text: created.client.keyId, tooltips: COPY_TOOLTIPS }}>
                {created.client.keyId}
              </Typography.Text>
            ),
          },
          {
            key: 'secret',
            label: '密钥',
            children: (
              <Typography.Text
                code
                className="api-client-secret"
                copyable={{ text: created.secret, tooltips: COPY_TOOLTIPS }}
              >
                {created.secret}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Modal>
  );
}
