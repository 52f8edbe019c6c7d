import { passwordProblems } from '@gzcredit/domain';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useChangePassword } from '../api/account-queries';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export const PASSWORD_RULES_TEXT = '8–64 位，大写字母、小写字母、数字、符号至少三类，且不能包含用户名';

/** Current, new and confirmed password; the rules are checked here and again by the server (SPEC §6). */
export function ChangePasswordForm({ username, onChanged }: { username: string; onChanged?: () => void }) {
  const [form] = Form.useForm<PasswordValues>();
  const change = useChangePassword();
  const { message } = App.useApp();

  const submit = (values: PasswordValues) => {
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success('密码已修改');
          onChanged?.();
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    );
  };
  const showAlert = change.error && !applyFieldErrors(form, change.error);

  return (
    <Form form={form} layout="vertical" onFinish={submit} className="console-narrow-form">
      <Typography.Paragraph type="secondary" id="password-rules">
        密码规则：{PASSWORD_RULES_TEXT}。
      </Typography.Paragraph>
      {showAlert && <Alert type="error" showIcon title={change.error?.message} style={{ marginBottom: 16 }} />}
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra={PASSWORD_RULES_TEXT}
        rules={[
          { required: true, message: '请输入新密码' },
          {
            validator: async (_, value: string | undefined) => {
              const problems = value ? passwordProblems(value, username) : [];
              if (problems.length > 0) throw new Error(problems.join('；'));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" aria-describedby="password-rules" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          修改密码
        </Button>
      </Form.Item>
    </Form>
  );
}
