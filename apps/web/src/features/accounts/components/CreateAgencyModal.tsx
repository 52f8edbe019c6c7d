import type { MeDto } from '@gzcredit/contracts';
import { AGENCY_KIND_LABELS, AGENCY_KINDS, AGENCY_LEVEL_LABELS, AGENCY_LEVELS } from '@gzcredit/domain';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useCreateAgency } from '../api/account-queries';
import type { CreateAgencyBody } from '../api/account-types';
import { regionChoices } from './account-labels';

export function CreateAgencyModal({ open, me, onClose }: { open: boolean; me: MeDto; onClose: () => void }) {
  const [form] = Form.useForm<CreateAgencyBody>();
  const create = useCreateAgency();
  const { message } = App.useApp();
  const choices = useMemo(() => regionChoices(me.agency.regionCode, me.agency.level), [me.agency]);

  const close = () => {
    form.resetFields();
    create.reset();
    onClose();
  };
  const submit = (values: CreateAgencyBody) =>
    create.mutate(
      { ...values, name: values.name.trim() },
      {
        onSuccess: (agency) => {
          void message.success(`已创建机构：${agency.name}`);
          close();
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    );

  return (
    <Modal
      title="新建机构"
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {create.error && <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Partial<CreateAgencyBody>) => {
          const choice = changed.regionCode ? choices.find((item) => item.value === changed.regionCode) : undefined;
          if (choice) form.setFieldValue('level', choice.level);
        }}
      >
        <Form.Item
          label="机构名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入机构名称' }]}
        >
          <Input maxLength={100} placeholder="例如：遵义市市场监督管理局" />
        </Form.Item>
        <Form.Item label="行政区划" name="regionCode" rules={[{ required: true, message: '请选择行政区划' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={choices.map(({ value, label }) => ({ value, label }))}
            placeholder="本级或下一级行政区划"
          />
        </Form.Item>
        <Form.Item label="层级" name="level" rules={[{ required: true, message: '请选择层级' }]}>
          <Select options={AGENCY_LEVELS.map((level) => ({ value: level, label: AGENCY_LEVEL_LABELS[level] }))} />
        </Form.Item>
        <Form.Item label="机构类别" name="kind" rules={[{ required: true, message: '请选择机构类别' }]}>
          <Select options={AGENCY_KINDS.map((kind) => ({ value: kind, label: AGENCY_KIND_LABELS[kind] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
