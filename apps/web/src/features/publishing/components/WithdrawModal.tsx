import { Alert, Form, Input, Modal } from 'antd';

interface WithdrawModalProps {
  title: string | undefined;
  open: boolean;
  pending: boolean;
  error?: Error | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}

/** Asks for the reason a published article is withdrawn; the reason is traced (Art. 24). */
export function WithdrawModal({ title, open, pending, error, onCancel, onConfirm }: WithdrawModalProps) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      title={`撤回：${title ?? ''}`}
      open={open}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText="确认撤回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={pending}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={({ reason }) => onConfirm(reason.trim())}>
        <Form.Item
          label="撤回理由"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写撤回理由' },
            { min: 2, message: '撤回理由至少 2 个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder="撤回后公众将看不到该信息，理由将记入审计日志"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
