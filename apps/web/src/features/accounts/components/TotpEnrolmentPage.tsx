import { Alert, App, Button, Card, Form, Input, Space, Steps, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../lib/api-client';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useBeginTotp, useConfirmTotp } from '../api/account-queries';

/** /console/totp: an administrator binds an authenticator app before using the console (SPEC §6, 等保 2.0). */
export function TotpEnrolmentPage() {
  useDocumentTitle('绑定动态口令');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: me } = useCurrentAccount();
  const begin = useBeginTotp();
  const confirm = useConfirmTotp();
  const [form] = Form.useForm<{ otp: string }>();
  const enrolment = begin.data;

  const submit = ({ otp }: { otp: string }) => {
    confirm.mutate(otp, {
      onSuccess: () => {
        void message.success('动态口令已绑定，今后登录须输入动态口令');
        navigate('/console', { replace: true });
      },
      onError: (error) => {
        if (!applyFieldErrors(form, error)) {
          form.setFields([{ name: 'otp', errors: [error instanceof ApiError ? error.message : '绑定失败，请重试'] }]);
        }
      },
    });
  };

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        绑定动态口令
      </Typography.Title>
      {me?.totpRequired && !me.totpEnabled && (
        <Alert
          type="warning"
          showIcon
          title="管理员账户须先绑定动态口令（双因素认证）"
          description="绑定前控制台的其他功能暂不可用。"
          style={{ marginBottom: 16 }}
        />
      )}
      {me?.totpEnabled && !enrolment && (
        <Alert
          type="success"
          showIcon
          title="已绑定动态口令"
          description="重新绑定将使原身份验证器中的口令失效。"
          style={{ marginBottom: 16 }}
        />
      )}
      <Steps
        direction="vertical"
        size="small"
        current={enrolment ? 1 : 0}
        items={[
          {
            title: '生成密钥',
            description: (
              <Space direction="vertical">
                <span>在手机上安装身份验证器应用（如 Microsoft Authenticator、Google 身份验证器等）。</span>
                <Button
                  type={enrolment ? 'default' : 'primary'}
                  onClick={() => begin.mutate()}
                  loading={begin.isPending}
                >
                  {enrolment ? '重新生成二维码' : '生成绑定二维码'}
                </Button>
                {begin.error && <Alert type="error" showIcon title={begin.error.message} />}
              </Space>
            ),
          },
          {
            title: '扫描二维码',
            description: enrolment && (
              <Space direction="vertical">
                <img src={enrolment.qrDataUrl} alt="动态口令绑定二维码" width={200} height={200} className="totp-qr" />
                <span>
                  无法扫描时，在应用中手动输入密钥：
                  <Typography.Text
                    code
                    copyable={{ text: enrolment.secret, tooltips: ['复制密钥', '已复制'] }}
                    data-testid="totp-secret"
                  >
                    {enrolment.secret}
                  </Typography.Text>
                </span>
              </Space>
            ),
          },
          {
            title: '输入验证码',
            description: enrolment && (
              <Form form={form} layout="vertical" onFinish={submit} className="console-narrow-form">
                <Form.Item
                  label="6 位动态口令"
                  name="otp"
                  rules={[
                    { required: true, message: '请输入动态口令' },
                    { pattern: /^\d{6}$/, message: '动态口令为 6 位数字' },
                  ]}
                >
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                  完成绑定
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </Card>
  );
}
