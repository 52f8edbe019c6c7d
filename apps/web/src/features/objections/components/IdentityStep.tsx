import { APPLICANT_ROLE_LABELS, APPLICANT_ROLES } from '@gzcredit/contracts';
import { Alert, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useIdentityOptions, useRequestCode, useSignInWithCode } from '../api/objection-queries';

/**
 * Step one of an objection or a repair application: who applies (issue 21 item 1), by a code to the registered mobile
 * or the unified identity service, which brings the browser back to `returnTo`.
 */
export function IdentityStep({
  initialCode,
  purpose,
  returnTo,
}: {
  initialCode: string | undefined;
  purpose: string;
  returnTo: string;
}) {
  const options = useIdentityOptions();
  const requestCode = useRequestCode();
  const signIn = useSignInWithCode();
  const [form] = Form.useForm<{ creditCode: string; role: string; name: string; code: string }>();
  const sent = requestCode.data;
  return (
    <Card title="第一步：验证申请人身份">
      <Typography.Paragraph>
        {purpose}由主体的法定代表人（负责人）或经授权的经办人提出。验证码发送到该主体登记信息中的联系电话。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ creditCode: initialCode, role: 'legal_representative' }}
        onFinish={(values) =>
          // The portal has no antd App (no toast): a wrong or expired code shows under the field.
          signIn.mutate({ creditCode: values.creditCode, code: values.code })
        }
      >
        <Form.Item
          label="统一社会信用代码"
          name="creditCode"
          rules={[{ required: true, message: '请填写统一社会信用代码' }]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item label="申请人身份" name="role">
          <Radio.Group options={APPLICANT_ROLES.map((role) => ({ value: role, label: APPLICANT_ROLE_LABELS[role] }))} />
        </Form.Item>
        <Form.Item label="申请人姓名" name="name" rules={[{ required: true, message: '请填写申请人姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        {requestCode.error && (
          <Alert type="error" showIcon title={requestCode.error.message} style={{ marginBottom: 16 }} />
        )}
        {sent && (
          <Alert
            type="success"
            showIcon
            title={`验证码已发送至登记的联系电话 ${sent.maskedMobile}，5 分钟内有效`}
            style={{ marginBottom: 16 }}
          />
        )}
        <Space wrap>
          <Button
            disabled={options.data?.sms === false}
            loading={requestCode.isPending}
            onClick={async () => {
              const values = await form.validateFields(['creditCode', 'role', 'name']);
              requestCode.mutate({ creditCode: values.creditCode, role: values.role as never, name: values.name });
            }}
          >
            获取验证码
          </Button>
          {options.data?.oidc && (
            <Button href={`/api/public/applicant/oidc/start?returnTo=${encodeURIComponent(returnTo)}`}>
              使用统一身份认证
            </Button>
          )}
        </Space>
        {sent && (
          <>
            <Form.Item
              label="短信验证码"
              name="code"
              rules={[{ required: true, message: '请填写验证码' }]}
              style={{ marginTop: 16 }}
            >
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" />
            </Form.Item>
            {signIn.error && <Alert type="error" showIcon title={signIn.error.message} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" loading={signIn.isPending}>
              验证
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}
