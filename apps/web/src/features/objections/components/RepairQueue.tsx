import { REPAIR_STATUS_LABELS, REPAIR_STATUSES } from '@gzcredit/domain';
import { Alert, App, Button, Card, Divider, Drawer, Form, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type RepairDto,
  type RepairStatus,
  type RepairView,
  useRepair,
  useRepairAction,
  useRepairs,
} from '../api/repair-queries';
import { REPAIR_STATUS_COLORS, RepairDetail, RepairDue } from './RepairDetail';

type Filter = RepairStatus | 'all';

const TITLES: Record<RepairView, string> = { platform: '信用修复受理', agency: '信用修复决定' };
const INTRO: Record<RepairView, string> = {
  platform: '申请材料齐全的，自收到申请之日起 3 个工作日内受理；材料不全的，说明需要补正的材料，不予受理。',
  agency:
    '谁认定、谁修复：对本单位认定的失信信息，自受理之日起在期限内决定是否准予修复；情况复杂的可延期一次并说明理由。准予修复后该信息终止公示、停止共享。',
};

/** The queue of 信用修复 applications: the provincial bureau's acceptance, or the providing agency's decisions. */
export function RepairQueue({ view }: { view: RepairView }) {
  useDocumentTitle(TITLES[view]);
  const [filter, setFilter] = useState<Filter>(view === 'platform' ? 'submitted' : 'accepted');
  const list = useRepairs(view, filter === 'all' ? undefined : filter);
  const [openId, setOpenId] = useState<number>();
  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          {TITLES[view]}
        </Typography.Title>
        <Segmented
          aria-label="按状态筛选"
          value={filter}
          onChange={setFilter}
          options={[
            ...REPAIR_STATUSES.map((status) => ({ value: status, label: REPAIR_STATUS_LABELS[status] })),
            { value: 'all' as const, label: '全部' },
          ]}
        />
      </div>
      <Typography.Paragraph type="secondary">{INTRO[view]}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<RepairDto>
        rowKey="id"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '没有信用修复申请' }}
        columns={[
          {
            title: '申请编号',
            dataIndex: 'repairNo',
            width: 200,
            render: (repairNo: string, repair) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(repair.id)}>
                {repairNo}
              </Button>
            ),
          },
          { title: '申请主体', dataIndex: 'entityName', width: 220 },
          { title: '信息', dataIndex: 'itemName', width: 140 },
          ...(view === 'platform' ? [{ title: '认定单位', dataIndex: ['agency', 'name'], width: 180 }] : []),
          { title: '申请时间', dataIndex: 'submittedAt', width: 160, render: formatDateTime },
          {
            title: '状态',
            dataIndex: 'status',
            width: 170,
            render: (status: RepairStatus) => (
              <Tag color={REPAIR_STATUS_COLORS[status]}>{REPAIR_STATUS_LABELS[status]}</Tag>
            ),
          },
          { title: '期限', key: 'due', width: 150, render: (_: unknown, repair) => <RepairDue repair={repair} /> },
        ]}
      />
      <RepairDrawer view={view} id={openId} onClose={() => setOpenId(undefined)} />
    </Card>
  );
}

function RepairDrawer({ view, id, onClose }: { view: RepairView; id: number | undefined; onClose: () => void }) {
  const detail = useRepair(view, id);
  const act = useRepairAction(view);
  const repair = detail.data;
  return (
    <Drawer
      open={id !== undefined}
      onClose={() => {
        act.reset();
        onClose();
      }}
      title={repair ? `信用修复申请 ${repair.repairNo}` : '信用修复申请'}
      size={720}
      loading={detail.isPending && id !== undefined}
    >
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {act.error && <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 16 }} />}
      {repair && (
        <>
          {repair.dueOn && (
            <Alert
              type={repair.overdue ? 'warning' : 'info'}
              showIcon
              title={`${repair.status === 'submitted' ? '受理' : '决定'}期限：${formatDate(repair.dueOn)}${repair.overdue ? '，已超期' : ''}`}
              style={{ marginBottom: 16 }}
            />
          )}
          <RepairDetail repair={repair} />
          {view === 'platform' && repair.status === 'submitted' && (
            <ActionForm
              pending={act.isPending}
              reasonLabel="不予受理的理由（需补正的材料）"
              choices={[
                { label: '受理', value: true, needsReason: false },
                { label: '材料不全，不予受理', value: false, needsReason: true },
              ]}
              onSubmit={(accepted, reason) =>
                act.mutateAsync({
                  id: repair.id,
                  action: { kind: 'acceptance', accepted, ...(reason ? { reason } : {}) },
                })
              }
            />
          )}
          {view === 'agency' && repair.status === 'accepted' && (
            <>
              <ActionForm
                pending={act.isPending}
                reasonLabel="决定理由（不予修复时必填）"
                choices={[
                  { label: '准予修复', value: true, needsReason: false },
                  { label: '不予修复', value: false, needsReason: true },
                ]}
                onSubmit={(approved, reason) =>
                  act.mutateAsync({
                    id: repair.id,
                    action: { kind: 'decision', approved, ...(reason ? { reason } : {}) },
                  })
                }
              />
              {!repair.extendedDueOn && (
                <ExtensionForm
                  pending={act.isPending}
                  onSubmit={(reason) => act.mutateAsync({ id: repair.id, action: { kind: 'extension', reason } })}
                />
              )}
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

interface Choice {
  label: string;
  value: boolean;
  needsReason: boolean;
}

function ActionForm({
  pending,
  reasonLabel,
  choices,
  onSubmit,
}: {
  pending: boolean;
  reasonLabel: string;
  choices: Choice[];
  onSubmit: (value: boolean, reason: string | undefined) => Promise<RepairDto>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const submit = async (choice: Choice) => {
    const { reason } = choice.needsReason
      ? await form.validateFields()
      : (form.getFieldsValue() as { reason?: string });
    await onSubmit(choice.value, reason?.trim() || undefined);
    form.resetFields();
    void message.success(`已${choice.label}`);
  };
  return (
    <>
      <Divider />
      <Form form={form} name="repair-action" layout="vertical">
        <Form.Item
          label={reasonLabel}
          name="reason"
          rules={[{ whitespace: true, min: 2, message: '请填写理由（至少 2 个字）' }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space>
          {choices.map((choice) => (
            <Button
              key={choice.label}
              type={choice.needsReason ? 'default' : 'primary'}
              danger={choice.needsReason}
              loading={pending}
              onClick={() =>
                void submit(choice).catch(() => {
                  // Field errors show on the form; a refused request shows above it.
                })
              }
            >
              {choice.label}
            </Button>
          ))}
        </Space>
      </Form>
    </>
  );
}

function ExtensionForm({ pending, onSubmit }: { pending: boolean; onSubmit: (reason: string) => Promise<RepairDto> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <>
      <Divider />
      <Form
        form={form}
        name="repair-extension"
        layout="inline"
        onFinish={({ reason }) =>
          onSubmit(reason.trim()).then(() => {
            form.resetFields();
            void message.success('已延期，申请人可看到延期理由');
          })
        }
      >
        <Form.Item
          label="延期理由"
          name="reason"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写延期理由' }]}
        >
          <Input style={{ width: 360 }} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" loading={pending}>
          延期一次
        </Button>
      </Form>
    </>
  );
}

/** /console/repair-queue — the provincial bureau accepts applications (3 working days). */
export function RepairAcceptancePage() {
  return <RepairQueue view="platform" />;
}

/** /console/repairs — the providing agency decides (谁认定、谁修复). */
export function RepairDecisionsPage() {
  return <RepairQueue view="agency" />;
}
