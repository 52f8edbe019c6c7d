import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../lib/api-client';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useSignIn } from '../api/account-queries';
import { PasswordResetRequestModal } from './PasswordResetRequestModal';

interface SignInValues {
  username: string;
  password: string;
  otp?: string;
}

/** Only a path inside the console may be the target after sign-in (no open redirect). */
export function safeNextPath(next: string | null): string {
  return next?.startsWith('/console') && !next.startsWith('/console/login') ? next : '/console';
}

export function SignInPage() {
  useDocumentTitle('管理控制台登录');
  const [form] = Form.useForm<SignInValues>();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const signIn = useSignIn();
  const [otpStep, setOtpStep] = useState(false);
  const [resetOpen, setResetOpen] = useState(false);
  const redirectMessage = (location.state as { message?: string } | null)?.message;

  const error = signIn.error instanceof ApiError ? signIn.error : undefined;
  const errorMessage = error && error.code !== 'OTP_REQUIRED' ? error.message : undefined;

  const submit = (values: SignInValues) => {
    signIn.mutate(
      { username: values.username.trim(), password: values.password, otp: otpStep ? values.otp : undefined },
      {
        onSuccess: () => navigate(safeNextPath(searchParams.get('next')), { replace: true }),
        onError: (failure) => {
          if (failure instanceof ApiError && failure.code === 'OTP_REQUIRED') {
            setOtpStep(true);
            setTimeout(() => form.getFieldInstance('otp')?.focus?.(), 0);
          }
          if (failure instanceof ApiError && failure.code === 'OTP_INVALID') form.setFieldValue('otp', '');
        },
      },
    );
  };

  return (
    <main className="console-sign-in">
      <Card className="console-sign-in-card">
        <Typography.Title level={1} className="console-sign-in-title">
          管理控制台登录
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          贵州省企业公共信用信息平台 · 各级国家机关工作人员使用
        </Typography.Paragraph>
        {redirectMessage && !signIn.isPending && !error && (
          <Alert type="warning" showIcon title={redirectMessage} className="console-sign-in-alert" />
        )}
        {errorMessage && (
          <Alert type="error" showIcon title={errorMessage} className="console-sign-in-alert" role="alert" />
        )}
        {otpStep && !errorMessage && (
          <Alert
            type="info"
            showIcon
            title="请输入动态口令"
            description="打开已绑定的身份验证器应用，输入其显示的 6 位数字。"
            className="console-sign-in-alert"
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={signIn.isPending}>
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus readOnly={otpStep} />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" readOnly={otpStep} />
          </Form.Item>
          {otpStep && (
            <Form.Item
              label="动态口令"
              name="otp"
              rules={[
                { required: true, message: '请输入动态口令' },
                { pattern: /^\d{6}$/, message: '动态口令为 6 位数字' },
              ]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                placeholder="6 位数字"
              />
            </Form.Item>
          )}
          <Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {otpStep ? '验证并登录' : '登录'}
            </Button>
          </Form.Item>
        </Form>
        <div className="console-sign-in-links">
          {otpStep ? (
            <Button
              type="link"
              onClick={() => {
                setOtpStep(false);
                signIn.reset();
                form.resetFields(['otp']);
              }}
            >
              更换账户
            </Button>
          ) : (
            <Link to="/">返回门户首页</Link>
          )}
          <Button type="link" onClick={() => setResetOpen(true)}>
            忘记密码？
          </Button>
        </div>
      </Card>
      <PasswordResetRequestModal open={resetOpen} onClose={() => setResetOpen(false)} />
    </main>
  );
}
