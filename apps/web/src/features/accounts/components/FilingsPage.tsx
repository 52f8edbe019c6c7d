import { Alert, App, Button, Card, Form, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useAgency, useFilings, useReviewFiling, useSubmitFiling } from '../api/account-queries';
import type { FilingDto, ManagerInput } from '../api/account-types';
import { FILING_STATUS_LABELS } from './account-labels';
import { ManagerListFields } from './ManagerListFields';
import { ManagersTable } from './ManagersTable';
import { NoteModal } from './NoteModal';

const statusTag = (status: FilingDto['status']) => (
  <Tag color={FILING_STATUS_LABELS[status].color}>{FILING_STATUS_LABELS[status].text}</Tag>
);

/** 管理人员备案 (Rules Art. 20): the own agency's current list, its history, and a new list to submit. */
export function FilingsPage() {
  useDocumentTitle('管理人员备案');
  const { data: me } = useCurrentAccount();
  if (!me) return null;
  return <OwnAgencyFilings agencyId={me.agency.id} agencyName={me.agency.name} />;
}

/** 备案审核: the filings made with this bureau that wait for account.admin to accept or return them. */
export function FilingReviewsPage() {
  useDocumentTitle('备案审核');
  return <FilingQueue />;
}

function OwnAgencyFilings({ agencyId, agencyName }: { agencyId: number; agencyName: string }) {
  const agency = useAgency(agencyId);
  const filings = useFilings();
  const submit = useSubmitFiling();
  const [form] = Form.useForm<{ managers: ManagerInput[] }>();
  const { message } = App.useApp();
  const history = filings.data?.items.filter((filing) => filing.agency.id === agencyId);

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        管理人员备案 · {agencyName}
      </Typography.Title>
      <Typography.Title level={2} className="console-section-title">
        当前备案名单
      </Typography.Title>
      {agency.error && <Alert type="error" showIcon title={agency.error.message} />}
      <ManagersTable managers={agency.data?.managers} loading={agency.isPending} />
      <Typography.Title level={2} className="console-section-title">
        备案历史
      </Typography.Title>
      <Table<FilingDto>
        rowKey="id"
        size="small"
        loading={filings.isPending}
        dataSource={history}
        pagination={false}
        scroll={{ x: 640 }}
        expandable={{ expandedRowRender: (filing) => <ManagersTable managers={filing.managers} /> }}
        columns={[
          { title: '提交时间', dataIndex: 'submittedAt', render: formatDateTime },
          { title: '提交人', dataIndex: 'submittedBy', render: (by: string | null) => by ?? '管理员录入' },
          { title: '状态', dataIndex: 'status', render: statusTag },
          { title: '审核时间', dataIndex: 'reviewedAt', render: formatDateTime },
          { title: '审核意见', dataIndex: 'reviewNote', render: (note: string | null) => note ?? '—' },
        ]}
      />
      <Typography.Title level={2} className="console-section-title">
        报送新的管理人员名单
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        每次变更均须报送完整名单，经同级市场监管部门审核后生效，原名单保留在备案历史中。
      </Typography.Paragraph>
      {submit.error && <Alert type="error" showIcon title={submit.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ managers: [{}] }}
        onFinish={(values) =>
          submit.mutate(values.managers, {
            onSuccess: () => {
              void message.success('备案已提交，等待审核');
              form.resetFields();
            },
            onError: (error) => applyFieldErrors(form, error),
          })
        }
      >
        <ManagerListFields />
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          提交备案
        </Button>
      </Form>
    </Card>
  );
}

function FilingQueue() {
  const filings = useFilings('submitted');
  const review = useReviewFiling();
  const { message } = App.useApp();
  const [returning, setReturning] = useState<FilingDto>();

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        备案审核
      </Typography.Title>
      {(filings.error ?? review.error) && (
        <Alert type="error" showIcon title={(filings.error ?? review.error)?.message} style={{ marginBottom: 16 }} />
      )}
      <Table<FilingDto>
        rowKey="id"
        loading={filings.isPending}
        dataSource={filings.data?.items}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: '暂无待审核的备案' }}
        expandable={{ expandedRowRender: (filing) => <ManagersTable managers={filing.managers} /> }}
        columns={[
          { title: '机构', dataIndex: ['agency', 'name'] },
          { title: '提交时间', dataIndex: 'submittedAt', render: formatDateTime },
          { title: '提交人', dataIndex: 'submittedBy', render: (by: string | null) => by ?? '—' },
          { title: '人数', key: 'count', render: (_, filing) => filing.managers.length },
          {
            title: '操作',
            key: 'actions',
            render: (_, filing) => (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  onClick={() =>
                    review.mutate(
                      { id: filing.id, accept: true },
                      { onSuccess: () => void message.success(`已通过 ${filing.agency.name} 的备案`) },
                    )
                  }
                >
                  通过
                </Button>
                <Button size="small" onClick={() => setReturning(filing)}>
                  退回
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <NoteModal
        title={returning ? `退回备案：${returning.agency.name}` : '退回备案'}
        open={returning !== undefined}
        okText="退回"
        label="退回意见"
        pending={review.isPending}
        onCancel={() => setReturning(undefined)}
        onConfirm={(note) =>
          returning &&
          review.mutate(
            { id: returning.id, accept: false, note },
            {
              onSuccess: () => {
                void message.success('已退回');
                setReturning(undefined);
              },
            },
          )
        }
      />
    </Card>
  );
}
