import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Typography } from 'antd';

/**
 * Shows a one-time password exactly once (Rules Art. 21): the server never returns it again, so the administrator
 * copies it here and hands it over in person.
 */
export function OneTimePasswordModal({
  password,
  username,
  onClose,
}: {
  password: string | undefined;
  username?: string;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const copy = async () => {
    if (!password) return;
    try {
      await navigator.clipboard.writeText(password);
      void message.success('已复制到剪贴板');
    } catch {
      void message.error('无法访问剪贴板，请手动选择并复制');
    }
  };
  return (
    <Modal
      title="一次性密码"
      open={password !== undefined}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={copy}>
          复制密码
        </Button>,
        <Button key="done" type="primary" onClick={onClose}>
          我已记下
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title="仅显示一次"
        description="关闭后无法再次查看。请当面或通过安全渠道交给使用人，对方首次登录时须修改密码。"
        style={{ marginBottom: 16 }}
      />
      {username && <Typography.Paragraph>账户：{username}</Typography.Paragraph>}
      <Typography.Paragraph>
        一次性密码：
        <Typography.Text code strong className="one-time-password" data-testid="one-time-password">
          {password}
        </Typography.Text>
      </Typography.Paragraph>
    </Modal>
  );
}
