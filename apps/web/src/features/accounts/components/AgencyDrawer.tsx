import { AGENCY_KIND_LABELS, AGENCY_LEVEL_LABELS } from '@gzcredit/domain';
import { Alert, App, Button, Descriptions, Divider, Drawer, Form, Tag, Typography } from 'antd';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useAgency, useRecordFiling } from '../api/account-queries';
import type { ManagerInput } from '../api/account-types';
import { FILING_STATUS_LABELS } from './account-labels';
import { ManagerListFields } from './ManagerListFields';
import { ManagersTable } from './ManagersTable';

export function AgencyDrawer({
  agencyId,
  canRecord,
  onClose,
}: {
  agencyId: number | undefined;
  canRecord: boolean;
  onClose: () => void;
}) {
  const agency = useAgency(agencyId);
  const detail = agency.data;
  return (
    <Drawer
      title={detail?.name ?? '机构详情'}
      open={agencyId !== undefined}
      onClose={onClose}
      size="large"
      destroyOnHidden
    >
      {agency.error && <Alert type="error" showIcon title={agency.error.message} />}
      {detail && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="行政区划">{detail.regionName}</Descriptions.Item>
            <Descriptions.Item label="层级">{AGENCY_LEVEL_LABELS[detail.level]}</Descriptions.Item>
            <Descriptions.Item label="类别">{AGENCY_KIND_LABELS[detail.kind]}</Descriptions.Item>
            <Descriptions.Item label="管理人员备案">
              <Tag color={FILING_STATUS_LABELS[detail.managerFilingStatus].color}>
                {FILING_STATUS_LABELS[detail.managerFilingStatus].text}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} className="console-section-title">
            已备案管理人员
          </Typography.Title>
          <ManagersTable managers={detail.managers} />
          {canRecord && (
            <>
              <Divider />
              <RecordFilingForm agencyId={detail.id} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

/** 录入备案: the administrator records a paper filing received from the agency; it is accepted at once. */
function RecordFilingForm({ agencyId }: { agencyId: number }) {
  const [form] = Form.useForm<{ managers: ManagerInput[] }>();
  const record = useRecordFiling(agencyId);
  const { message } = App.useApp();
  return (
    <>
      <Typography.Title level={2} className="console-section-title">
        录入备案
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        录入该机构报送的纸质备案材料，录入后即为已备案，并替换原名单。
      </Typography.Paragraph>
      {record.error && <Alert type="error" showIcon title={record.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ managers: [{}] }}
        onFinish={(values) =>
          record.mutate(values.managers, {
            onSuccess: () => {
              void message.success('备案已录入');
              form.resetFields();
            },
            onError: (error) => applyFieldErrors(form, error),
          })
        }
      >
        <ManagerListFields />
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          录入备案
        </Button>
      </Form>
    </>
  );
}
