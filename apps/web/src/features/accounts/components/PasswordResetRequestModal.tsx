import { Alert, Form, Input, Modal, Typography } from 'antd';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useRequestPasswordReset } from '../api/account-queries';

interface ResetValues {
  username: string;
  reason: string;
}

/** 密码重置申请 (Rules Art. 21): filed from the sign-in page, handled by the same-level bureau's administrator. */
export function PasswordResetRequestModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ResetValues>();
  const request = useRequestPasswordReset();
  const close = () => {
    form.resetFields();
    request.reset();
    onClose();
  };
  const done = request.data;

  return (
    <Modal
      title="申请重置密码"
      open={open}
      onCancel={close}
      okText={done ? '关闭' : '提交申请'}
      cancelButtonProps={{ hidden: Boolean(done) }}
      onOk={done ? close : () => form.submit()}
      confirmLoading={request.isPending}
      destroyOnHidden
    >
      {done ? (
        <Alert type="success" showIcon title={done.message} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            申请将提交本级市场监管部门的系统管理员审核，审核通过后由管理员线下告知一次性密码。
          </Typography.Paragraph>
          {request.error && !applyFieldErrors(form, request.error) && (
            <Alert type="error" showIcon title={request.error.message} style={{ marginBottom: 16 }} />
          )}
          <Form
            form={form}
            name="password-reset"
            layout="vertical"
            onFinish={(values) => request.mutate({ username: values.username.trim(), reason: values.reason.trim() })}
          >
            <Form.Item
              label="用户名"
              name="username"
              rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
            >
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item
              label="申请原因"
              name="reason"
              rules={[{ required: true, whitespace: true, message: '请填写申请原因' }]}
            >
              <Input.TextArea rows={3} maxLength={200} showCount placeholder="例如：忘记密码、账户被锁定" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
