import { PlusOutlined } from '@ant-design/icons';
import { PERMISSION_LABELS, type Permission } from '@gzcredit/domain';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type AccountFilters,
  useAccounts,
  useAgencies,
  useDisableAccount,
  useEnableAccount,
  useUpdatePermissions,
} from '../api/account-queries';
import type { AccountDto } from '../api/account-types';
import { CreateAccountModal } from './CreateAccountModal';
import { OneTimePasswordModal } from './OneTimePasswordModal';
import { PermissionsField } from './PermissionsField';

function accountStatus(account: AccountDto) {
  if (account.disabled) return <Tag color="default">已停用</Tag>;
  if (account.lockedUntil && new Date(account.lockedUntil) > new Date()) return <Tag color="error">已锁定</Tag>;
  if (account.mustChangePassword) return <Tag color="warning">待修改密码</Tag>;
  return <Tag color="success">正常</Tag>;
}

export function AccountsPage() {
  useDocumentTitle('账户管理');
  const { message } = App.useApp();
  const [filters, setFilters] = useState<AccountFilters>({ page: 1 });
  const accounts = useAccounts(filters);
  const agencies = useAgencies();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<{ username: string; password: string }>();
  const [editing, setEditing] = useState<AccountDto>();
  const disable = useDisableAccount();
  const enable = useEnableAccount();
  const [disableReason, setDisableReason] = useState('');

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          账户管理
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建账户
        </Button>
      </div>
      <Space wrap className="console-filters" role="search" aria-label="筛选账户">
        <Select
          aria-label="按机构筛选"
          allowClear
          placeholder="全部机构"
          style={{ minWidth: 240 }}
          showSearch={{ optionFilterProp: 'label' }}
          options={agencies.data?.items.map((agency) => ({ value: agency.id, label: agency.name }))}
          value={filters.agencyId}
          onChange={(agencyId?: number) => setFilters((current) => ({ ...current, agencyId, page: 1 }))}
        />
        <Input.Search
          aria-label="用户名或姓名"
          placeholder="用户名或姓名"
          allowClear
          enterButton="查询"
          onSearch={(q) => setFilters((current) => ({ ...current, q: q.trim() || undefined, page: 1 }))}
        />
      </Space>
      {accounts.error && <Alert type="error" showIcon title={accounts.error.message} style={{ marginBottom: 16 }} />}
      {(disable.error || enable.error) && (
        <Alert type="error" showIcon title={(disable.error ?? enable.error)?.message} style={{ marginBottom: 16 }} />
      )}
      <Table<AccountDto>
        rowKey="id"
        loading={accounts.isFetching}
        dataSource={accounts.data?.items}
        scroll={{ x: 1000 }}
        pagination={tablePagination({
          page: filters.page,
          pageSize: 20,
          total: accounts.data?.total,
          onChange: (page) => setFilters((current) => ({ ...current, page })),
          unit: '个账户',
        })}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '所属机构', dataIndex: ['agency', 'name'] },
          {
            title: '管理人员',
            dataIndex: 'manager',
            render: (manager: AccountDto['manager']) => (manager ? `${manager.name}（${manager.post}）` : '—'),
          },
          {
            title: '权限',
            dataIndex: 'permissions',
            render: (permissions: Permission[]) =>
              permissions.length === 0
                ? '—'
                : permissions.map((permission) => <Tag key={permission}>{PERMISSION_LABELS[permission]}</Tag>),
          },
          { title: '状态', key: 'status', render: (_, account) => accountStatus(account) },
          { title: '创建时间', dataIndex: 'createdAt', render: formatDateTime },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, account) => (
              <Space wrap>
                <Button size="small" onClick={() => setEditing(account)}>
                  编辑权限
                </Button>
                {account.disabled ? (
                  <Popconfirm
                    title={`启用账户 ${account.username}？`}
                    okText="启用"
                    cancelText="取消"
                    onConfirm={() =>
                      enable.mutateAsync(account.id).then(() => void message.success(`已启用 ${account.username}`))
                    }
                  >
                    <Button size="small">启用</Button>
                  </Popconfirm>
                ) : (
                  <Popconfirm
                    title={`停用账户 ${account.username}？`}
                    description={
                      <Input.TextArea
                        aria-label="停用原因"
                        placeholder="停用原因（必填）"
                        rows={2}
                        maxLength={200}
                        value={disableReason}
                        onChange={(event) => setDisableReason(event.target.value)}
                      />
                    }
                    okText="停用"
                    okButtonProps={{ danger: true, disabled: disableReason.trim() === '' }}
                    cancelText="取消"
                    onOpenChange={(open) => open && setDisableReason('')}
                    onConfirm={() =>
                      disable
                        .mutateAsync({ id: account.id, reason: disableReason.trim() })
                        .then(() => void message.success(`已停用 ${account.username}，其会话已全部结束`))
                    }
                  >
                    <Button size="small" danger>
                      停用
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CreateAccountModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(account, password) => setIssued({ username: account.username, password })}
      />
      <OneTimePasswordModal
        password={issued?.password}
        username={issued?.username}
        onClose={() => setIssued(undefined)}
      />
      <EditPermissionsModal account={editing} onClose={() => setEditing(undefined)} />
    </Card>
  );
}

function EditPermissionsModal({ account, onClose }: { account: AccountDto | undefined; onClose: () => void }) {
  const [form] = Form.useForm<{ permissions: Permission[] }>();
  const update = useUpdatePermissions();
  const { message } = App.useApp();
  const close = () => {
    update.reset();
    onClose();
  };
  return (
    <Modal
      title={account ? `编辑权限：${account.username}` : '编辑权限'}
      open={account !== undefined}
      onCancel={close}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={update.isPending}
      width={640}
      destroyOnHidden
    >
      {update.error && <Alert type="error" showIcon title={update.error.message} style={{ marginBottom: 16 }} />}
      {account && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ permissions: account.permissions }}
          onFinish={({ permissions }) =>
            update.mutate(
              { id: account.id, permissions },
              {
                onSuccess: () => {
                  void message.success('权限已更新');
                  close();
                },
              },
            )
          }
        >
          <Form.Item label="权限" name="permissions">
            <PermissionsField />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
