import { Alert, App, Form, Input, Modal } from 'antd';
import type { useWithdrawArticle } from '../api/console-queries';
import type { ArticleSummaryDto } from '../api/publishing-types';

interface WithdrawModalProps {
  /** The article being withdrawn; the modal is open while it is set. */
  article: ArticleSummaryDto | undefined;
  /** The agency's own withdrawal or the operator's: both take `{ id, reason }`. */
  withdraw: ReturnType<typeof useWithdrawArticle>;
  successMessage: string;
  onClose: () => void;
}

/** Asks for the reason a published article is withdrawn and withdraws it; the reason is traced (Art. 24). */
export function WithdrawModal({ article, withdraw, successMessage, onClose }: WithdrawModalProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const close = () => {
    withdraw.reset();
    onClose();
  };
  const confirm = (reason: string) =>
    article &&
    withdraw.mutate(
      { id: article.id, reason },
      {
        onSuccess: () => {
          onClose();
          void message.success(successMessage);
        },
      },
    );
  return (
    <Modal
      title={`撤回：${article?.title ?? ''}`}
      open={article !== undefined}
      onCancel={close}
      onOk={() => form.submit()}
      okText="确认撤回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={withdraw.isPending}
      destroyOnHidden
    >
      {withdraw.error && <Alert type="error" showIcon title={withdraw.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={({ reason }) => confirm(reason.trim())}>
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
