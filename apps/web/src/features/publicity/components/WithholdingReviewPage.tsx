import { USE_SCOPE_LABELS } from '@gzcredit/domain';
import { Alert, App, Button, Card, Form, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useOverruleWithholding, useWithholdings, type WithholdingDto } from '../api/publicity-queries';

const PAGE_SIZE = 20;

/** 纠正: the item or the record is publicised again; the bureau's reason is traced and audited. */
function OverruleModal({ withholding, onClose }: { withholding: WithholdingDto; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const overrule = useOverruleWithholding();
  const what = withholding.record
    ? `“${withholding.record.entityName}”的这条${withholding.item.name}将改为公示`
    : `${withholding.agency.name}的“${withholding.item.name}”将恢复公示（已设定不公示的数据项保留）`;
  return (
    <Modal
      open
      title="纠正不公示事项"
      okText="确认纠正"
      cancelText="取消"
      confirmLoading={overrule.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={`${what}。`} style={{ marginBottom: 16 }} />
      {overrule.error && <Alert type="error" showIcon title={overrule.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        name={`overrule-${withholding.id}`}
        onFinish={({ reason }) =>
          overrule.mutate(
            { id: withholding.id, reason: reason.trim() },
            {
              onSuccess: () => {
                void message.success('已纠正，恢复公示');
                onClose();
              },
              onError: (error) => applyFieldErrors(form, error),
            },
          )
        }
      >
        <Form.Item
          label="纠正理由"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写纠正理由' },
            { min: 2, message: '纠正理由至少 2 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：所述事项不属于国家秘密，应依法公示" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * /console/publicity-withholdings — 不公示事项审核 (Rules Art. 15, 22(五)) for the provincial bureau: every item switched
 * off and every record withheld although the law requires its publicity, with the legal ground recorded; 纠正 overrules.
 */
export function WithholdingReviewPage() {
  useDocumentTitle('不公示事项审核');
  const [page, setPage] = useState(1);
  const withholdings = useWithholdings(page, PAGE_SIZE);
  const [overruling, setOverruling] = useState<WithholdingDto>();
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        不公示事项审核
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        行政许可、行政处罚、经营异常名录、严重违法失信名单等依法应当公示的信息，提供单位不公示时须填写法定依据（国家秘密、商业秘密、个人隐私或法律法规的规定）。依据不成立的，可在此纠正，该信息项或该条信息随即恢复公示。
      </Typography.Paragraph>
      {withholdings.error && (
        <Alert type="error" showIcon title={withholdings.error.message} style={{ marginBottom: 16 }} />
      )}
      <Table<WithholdingDto>
        rowKey="id"
        loading={withholdings.isFetching}
        dataSource={withholdings.data?.items}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '没有依法应公示而不公示的事项' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: withholdings.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => `共 ${formatCount(total)} 项`,
        }}
        columns={[
          { title: '提供单位', dataIndex: ['agency', 'name'] },
          { title: '信息项', dataIndex: ['item', 'name'] },
          {
            title: '不公示的范围',
            key: 'scope',
            render: (_, row) =>
              row.record
                ? `${row.record.entityName}（${row.record.creditCode}）的一条信息，使用范围“${USE_SCOPE_LABELS[row.record.useScope]}”`
                : '整个信息项（公示设定）',
          },
          { title: '法定依据', dataIndex: 'ground' },
          {
            title: '填写人 / 时间',
            key: 'created',
            render: (_, row) => `${row.createdByName ?? '接口传送'} · ${formatDateTime(row.createdAt)}`,
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            width: 90,
            render: (_, row) => (
              <Button size="small" danger onClick={() => setOverruling(row)}>
                纠正
              </Button>
            ),
          },
        ]}
      />
      {overruling && <OverruleModal withholding={overruling} onClose={() => setOverruling(undefined)} />}
    </Card>
  );
}
