import { Alert, Form, Input, Modal, Select } from 'antd';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useAgencies, useAgency, useCreateAccount } from '../api/account-queries';
import type { AccountDto, CreateAccountBody } from '../api/account-types';
import { PermissionsField } from './PermissionsField';

export function CreateAccountModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (account: AccountDto, oneTimePassword: string) => void;
}) {
  const [form] = Form.useForm<CreateAccountBody>();
  const create = useCreateAccount();
  const agencies = useAgencies();
  const agencyId = Form.useWatch('agencyId', form);
  const agency = useAgency(agencyId);

  const close = () => {
    form.resetFields();
    create.reset();
    onClose();
  };
  const submit = (values: CreateAccountBody) =>
    create.mutate(
      {
        ...values,
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        permissions: values.permissions ?? [],
      },
      {
        onSuccess: ({ account, oneTimePassword }) => {
          close();
          onCreated(account, oneTimePassword);
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    );

  return (
    <Modal
      title="新建账户"
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={create.isPending}
      width={640}
      destroyOnHidden
    >
      {create.error && <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ permissions: [] }}
        onValuesChange={(changed: Partial<CreateAccountBody>) => {
          if ('agencyId' in changed) form.setFieldValue('managerId', undefined);
        }}
      >
        <Form.Item
          label="用户名"
          name="username"
          extra="以字母开头，3–32 位小写字母、数字或 _ . -"
          rules={[
            { required: true, whitespace: true, message: '请输入用户名' },
            {
              pattern: /^[a-z][a-z0-9_.-]{2,31}$/,
              message: '用户名须以字母开头，由 3–32 位小写字母、数字或 _ . - 组成',
            },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label="所属机构" name="agencyId" rules={[{ required: true, message: '请选择所属机构' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={agencies.isPending}
            options={agencies.data?.items.map((item) => ({ value: item.id, label: item.name }))}
          />
        </Form.Item>
        <Form.Item
          label="对应管理人员"
          name="managerId"
          extra={
            agencyId && agency.data?.managers.length === 0
              ? '该机构尚无已备案的管理人员，请先完成管理人员备案'
              : undefined
          }
          rules={[{ required: true, message: '请选择已备案的管理人员' }]}
        >
          <Select
            disabled={!agencyId}
            loading={agency.isFetching}
            placeholder={agencyId ? '选择已备案的管理人员' : '请先选择所属机构'}
            options={agency.data?.managers.map((manager) => ({
              value: manager.id,
              label: `${manager.name}（${manager.post}）`,
            }))}
          />
        </Form.Item>
        <Form.Item label="权限" name="permissions">
          <PermissionsField />
        </Form.Item>
      </Form>
    </Modal>
  );
}
