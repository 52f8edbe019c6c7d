import type { CatalogueItemDto, RecordDto } from '@gzcredit/contracts';
import { type AgencyKind, DISHONESTY_LEVEL_LABELS, DISHONESTY_LEVELS, type DishonestyLevel } from '@gzcredit/domain';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useRecordAction } from '../api/record-queries';
import { RecordFieldItems } from './RecordFieldItems';
import {
  applyRecordErrors,
  applyServerErrors,
  FIELD_ERRORS_TITLE,
  isPersonal,
  type RecordFailure,
  type RecordFormValues,
  recordErrors,
  toRecordInput,
  valuesFromRecord,
} from './record-form';

const reasonRules = (what: string) => [
  { required: true, whitespace: true, message: `请填写${what}` },
  { min: 2, message: `${what}至少 2 个字` },
];

function ReasonField({ label, placeholder }: { label: string; placeholder: string }) {
  return (
    <Form.Item label={label} name="reason" rules={reasonRules(label)}>
      <Input.TextArea rows={3} maxLength={500} showCount placeholder={placeholder} />
    </Form.Item>
  );
}

type CorrectionValues = RecordFormValues & { reason: string };

/**
 * 更正 (Art. 16): the form of the record's item prefilled with its current values, and the reason; the correction is a
 * new version, the old one stays visible.
 */
export function CorrectionModal({
  record,
  item,
  providerKind,
  onClose,
}: {
  record: RecordDto;
  item: CatalogueItemDto;
  providerKind: AgencyKind;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionValues>();
  const act = useRecordAction();
  const [failure, setFailure] = useState<RecordFailure>();
  const masked = Object.fromEntries(
    item.fields
      .filter((field) => isPersonal(field) && record.payload[field.key] !== undefined)
      .map((field) => [field.key, record.payload[field.key]!]),
  );

  const submit = ({ reason, ...values }: CorrectionValues) => {
    setFailure(undefined);
    const errors = recordErrors(item, values, providerKind, record);
    if (errors.length > 0) {
      setFailure({ title: FIELD_ERRORS_TITLE, details: applyRecordErrors(form, errors, item) });
      return;
    }
    const { entityName, dishonestyLevel, useScope, withholdingGround, fields } = toRecordInput(item, values);
    act.mutate(
      {
        id: record.id,
        action: {
          kind: 'correct',
          body: {
            reason: reason.trim(),
            record: {
              entityName,
              fields,
              ...(dishonestyLevel ? { dishonestyLevel } : {}),
              ...(useScope ? { useScope } : {}),
              ...(withholdingGround ? { withholdingGround } : {}),
            },
          },
        },
      },
      {
        onSuccess: (corrected) => {
          void message.success(`已更正，生成第 ${corrected.version} 版`);
          onClose();
        },
        onError: (error) => setFailure(applyServerErrors(form, error, item, ['reason'])),
      },
    );
  };

  return (
    <Modal
      open
      title={`更正：${record.item.name}`}
      width={860}
      okText="提交更正"
      cancelText="取消"
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        更正生成新版本，原版本保留并可对比查看；统一社会信用代码不能更正，代码报错的信息请撤销后重新报送。
        {Object.keys(masked).length > 0 && '脱敏显示的个人信息不修改即保留原值。'}
      </Typography.Paragraph>
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={failure.title}
          description={failure.details.length > 0 ? failure.details.join('；') : undefined}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<CorrectionValues>
        form={form}
        layout="vertical"
        name={`correct-${record.id}`}
        initialValues={{ ...valuesFromRecord(record), reason: '' }}
        onFinish={submit}
        scrollToFirstError
      >
        <RecordFieldItems
          item={item}
          providerKind={providerKind}
          fixedCreditCode={record.creditCode}
          maskedValues={masked}
        />
        <ReasonField label="更正原因" placeholder="如：处罚决定书文号录入错误，依据原决定书更正" />
      </Form>
    </Modal>
  );
}

/** 失信等级标注 (Art. 22(七)): a 不良 record's level, with the reason; traced as from → to. */
export function AnnotationModal({ record, onClose }: { record: RecordDto; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ level: DishonestyLevel; reason: string }>();
  const act = useRecordAction();
  return (
    <Modal
      open
      title={`失信等级标注：${record.entityName}`}
      okText="确认标注"
      cancelText="取消"
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        当前等级：{record.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[record.dishonestyLevel] : '未标注'}
        。调整等级会按新等级重新计算公示期限。
      </Typography.Paragraph>
      {act.error && <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        name={`annotate-${record.id}`}
        initialValues={{ level: record.dishonestyLevel ?? undefined }}
        onFinish={({ level, reason }) =>
          act.mutate(
            { id: record.id, action: { kind: 'annotate', body: { level, reason: reason.trim() } } },
            {
              onSuccess: () => {
                void message.success(`已标注为${DISHONESTY_LEVEL_LABELS[level]}`);
                onClose();
              },
              onError: (error) => applyFieldErrors(form, error),
            },
          )
        }
      >
        <Form.Item label="失信等级" name="level" rules={[{ required: true, message: '请选择失信等级' }]}>
          <Select
            options={DISHONESTY_LEVELS.map((level) => ({ value: level, label: DISHONESTY_LEVEL_LABELS[level] }))}
          />
        </Form.Item>
        <ReasonField label="标注理由" placeholder="如：经复核，违法情节较重，调整为较重失信" />
      </Form>
    </Modal>
  );
}

interface RemovalValues {
  removedOn: string;
  reason: string;
  authority: string;
}

/**
 * 移出 (SPEC §3): a listing (经营异常名录, 严重违法失信名单) lasts until the deciding authority removes it; the removal's
 * date, reason and authority are published with the listing in the entity's history. The server checks the date
 * against the listing and today, and answers each field's error in Chinese.
 */
export function RemovalModal({ record, onClose }: { record: RecordDto; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RemovalValues>();
  const act = useRecordAction();
  return (
    <Modal
      open
      title={`移出名单：${record.entityName}`}
      okText="确认移出"
      cancelText="取消"
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        列入日期：{record.aroseOn}
        。移出后，该记录不再列为在列名单，在主体公示页和信用报告的“已移出的名单记录”中连同移出信息继续公示；误报的记录请撤销。
      </Typography.Paragraph>
      {act.error && <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 16 }} />}
      <Form<RemovalValues>
        form={form}
        layout="vertical"
        name={`remove-${record.id}`}
        onFinish={(values) =>
          act.mutate(
            {
              id: record.id,
              action: {
                kind: 'remove',
                body: { removedOn: values.removedOn, reason: values.reason.trim(), authority: values.authority.trim() },
              },
            },
            {
              onSuccess: () => {
                void message.success('已移出名单');
                onClose();
              },
              onError: (error) => applyFieldErrors(form, error),
            },
          )
        }
      >
        <Form.Item
          label="移出日期"
          name="removedOn"
          rules={[
            { required: true, message: '请填写移出日期' },
            { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD，如 2026-03-15' },
          ]}
        >
          <Input placeholder="YYYY-MM-DD，不早于列入日期、不晚于今天" maxLength={10} />
        </Form.Item>
        <Form.Item label="移出原因" name="reason" rules={reasonRules('移出原因')}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：已补报年度报告并公示" />
        </Form.Item>
        <Form.Item
          label="作出移出决定机关"
          name="authority"
          rules={[{ required: true, whitespace: true, message: '请填写作出移出决定机关' }]}
        >
          <Input maxLength={200} placeholder="如：贵阳市市场监督管理局" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 撤销 (Art. 16, 24): the record leaves every view at once; its history stays. */
export function RevocationModal({ record, onClose }: { record: RecordDto; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const act = useRecordAction();
  return (
    <Modal
      open
      title={`撤销：${record.item.name}`}
      okText="确认撤销"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={act.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title={`撤销后，“${record.entityName}”的这条信息将立即从公示、共享和查询中移除，且不能恢复；历史记录保留备查。`}
        style={{ marginBottom: 16 }}
      />
      {act.error && <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        name={`revoke-${record.id}`}
        onFinish={({ reason }) =>
          act.mutate(
            { id: record.id, action: { kind: 'revoke', body: { reason: reason.trim() } } },
            {
              onSuccess: () => {
                void message.success('已撤销');
                onClose();
              },
              onError: (error) => applyFieldErrors(form, error),
            },
          )
        }
      >
        <ReasonField label="撤销原因" placeholder="如：该处罚决定已被行政复议撤销" />
      </Form>
    </Modal>
  );
}
