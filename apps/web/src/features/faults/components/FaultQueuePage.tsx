import {
  Alert,
  App,
  Button,
  Card,
  Divider,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type FaultSeverity,
  type FaultStatus,
  type FaultSummaryDto,
  useFaultQueue,
  useQueueAction,
  useQueuedFault,
} from '../api/fault-queries';
import { CommentForm, FaultDetail } from './FaultDetail';
import { FAULT_PROGRESS_COLUMNS, faultHeadColumns } from './fault-columns';
import { waitingTime } from './fault-labels';

type QueueView = FaultStatus | 'all';

const VIEWS: Array<{ value: QueueView; label: string }> = [
  { value: 'open', label: '待受理' },
  { value: 'assigned', label: '处理中' },
  { value: 'resolved', label: '已解决' },
  { value: 'closed', label: '已关闭' },
  { value: 'all', label: '全部' },
];

const SEVERITY_RANK: Record<FaultSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** /console/fault-queue — the provincial bureau's operators handle fault tickets (故障处理, Art. 26). */
export function FaultQueuePage() {
  useDocumentTitle('故障处理');
  const [view, setView] = useState<QueueView>('open');
  const queue = useFaultQueue(view === 'all' ? undefined : view);
  const [openId, setOpenId] = useState<number>();
  // The most severe first, then the longest waiting.
  const rows = [...(queue.data?.items ?? [])].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.minutesOpen - a.minutesOpen,
  );

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          故障处理
        </Typography.Title>
        <Segmented aria-label="按状态筛选" value={view} onChange={setView} options={VIEWS} />
      </div>
      {queue.error && <Alert type="error" showIcon title={queue.error.message} style={{ marginBottom: 16 }} />}
      <Table<FaultSummaryDto>
        rowKey="id"
        loading={queue.isFetching && !queue.data}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: '没有故障报告' }}
        onRow={(fault) => ({ onClick: () => setOpenId(fault.id), style: { cursor: 'pointer' } })}
        columns={[
          ...faultHeadColumns(setOpenId),
          { title: '报告单位', dataIndex: ['agency', 'name'], width: 200 },
          { title: '报告时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
          {
            title: '等待时间',
            dataIndex: 'minutesOpen',
            width: 170,
            render: (minutes: number, fault) =>
              fault.status === 'open' || fault.status === 'assigned' ? (
                <Typography.Text type={minutes >= 24 * 60 ? 'danger' : undefined}>
                  {waitingTime(minutes)}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {formatDateTime(fault.resolvedAt ?? fault.closedAt)} 解决
                </Typography.Text>
              ),
          },
          ...FAULT_PROGRESS_COLUMNS,
        ]}
      />
      <FaultDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </Card>
  );
}

function FaultDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const me = useCurrentAccount();
  const detail = useQueuedFault(id);
  const act = useQueueAction();
  const [resolveForm] = Form.useForm<{ resolution: string }>();
  const fault = detail.data;
  const active = fault && (fault.status === 'open' || fault.status === 'assigned');

  return (
    <Drawer
      open={id !== undefined}
      onClose={() => {
        act.reset();
        onClose();
      }}
      title={fault ? `故障 ${fault.id}：${fault.title}` : '故障详情'}
      size={680}
      loading={detail.isPending && id !== undefined}
      extra={
        fault && (
          <Space>
            {active && fault.assignee !== me.data?.username && (
              <Button
                type="primary"
                loading={act.isPending && act.variables?.action.kind === 'assign'}
                disabled={!me.data}
                onClick={() =>
                  me.data &&
                  act.mutate(
                    { id: fault.id, action: { kind: 'assign', assigneeId: me.data.id } },
                    { onSuccess: () => void message.success('已受理，由您处理') },
                  )
                }
              >
                由我处理
              </Button>
            )}
            {fault.status === 'resolved' && (
              <Popconfirm
                title="关闭这张故障单？"
                okText="关闭"
                cancelText="取消"
                onConfirm={() =>
                  act
                    .mutateAsync({ id: fault.id, action: { kind: 'close' } })
                    .then(() => void message.success('已关闭'))
                }
              >
                <Button>关闭</Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {act.error && <Alert type="error" showIcon title={act.error.message} style={{ marginBottom: 16 }} />}
      {fault && (
        <>
          {active && (
            <Alert
              type={fault.minutesOpen >= 24 * 60 ? 'warning' : 'info'}
              showIcon
              title={waitingTime(fault.minutesOpen)}
              style={{ marginBottom: 16 }}
            />
          )}
          <FaultDetail fault={fault} />
          {fault.status !== 'closed' && (
            <>
              <Divider />
              <CommentForm
                pending={act.isPending && act.variables?.action.kind === 'comment'}
                onSubmit={(body) => act.mutateAsync({ id: fault.id, action: { kind: 'comment', body } })}
              />
            </>
          )}
          {active && (
            <>
              <Divider />
              <Form
                form={resolveForm}
                layout="vertical"
                onFinish={({ resolution }) =>
                  act.mutate(
                    { id: fault.id, action: { kind: 'resolve', resolution: resolution.trim() } },
                    {
                      onSuccess: () => {
                        resolveForm.resetFields();
                        void message.success('已标记为解决，报告人可看到处理结果');
                      },
                    },
                  )
                }
              >
                <Form.Item
                  label="处理结果"
                  name="resolution"
                  rules={[{ required: true, whitespace: true, min: 2, message: '请填写处理结果' }]}
                >
                  <Input.TextArea rows={3} maxLength={5000} />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={act.isPending && act.variables?.action.kind === 'resolve'}
                >
                  标记为已解决
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
