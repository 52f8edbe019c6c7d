import { Alert, App, Button, Card, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useIssueOneTimePassword, useRejectResetRequest, useResetRequests } from '../api/account-queries';
import type { ResetRequestDto } from '../api/account-types';
import { NoteModal } from './NoteModal';
import { OneTimePasswordModal } from './OneTimePasswordModal';

/** 密码重置申请 queue (Rules Art. 21). */
export function ResetRequestsPage() {
  useDocumentTitle('密码重置申请');
  const requests = useResetRequests('pending');
  const issue = useIssueOneTimePassword();
  const reject = useRejectResetRequest();
  const { message } = App.useApp();
  const [issued, setIssued] = useState<{ username: string; password: string }>();
  const [rejecting, setRejecting] = useState<ResetRequestDto>();
  const failure = requests.error ?? issue.error ?? reject.error;

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        密码重置申请
      </Typography.Title>
      {failure && <Alert type="error" showIcon title={failure.message} style={{ marginBottom: 16 }} />}
      <Table<ResetRequestDto>
        rowKey="id"
        loading={requests.isPending}
        dataSource={requests.data?.items}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: '暂无待处理的申请' }}
        columns={[
          { title: '申请时间', dataIndex: 'createdAt', render: formatDateTime },
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '所属机构', dataIndex: ['agency', 'name'] },
          { title: '申请原因', dataIndex: 'reason' },
          {
            title: '操作',
            key: 'actions',
            render: (_, request) => (
              <Space wrap>
                <Popconfirm
                  title={`为 ${request.username} 签发一次性密码？`}
                  description="原密码立即失效，其会话全部结束。"
                  okText="签发"
                  cancelText="取消"
                  onConfirm={() =>
                    issue
                      .mutateAsync(request.id)
                      .then(({ oneTimePassword }) =>
                        setIssued({ username: request.username, password: oneTimePassword }),
                      )
                  }
                >
                  <Button size="small" type="primary">
                    签发一次性密码
                  </Button>
                </Popconfirm>
                <Button size="small" onClick={() => setRejecting(request)}>
                  驳回
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <OneTimePasswordModal
        password={issued?.password}
        username={issued?.username}
        onClose={() => setIssued(undefined)}
      />
      <NoteModal
        title={rejecting ? `驳回申请：${rejecting.username}` : '驳回申请'}
        open={rejecting !== undefined}
        okText="驳回"
        label="驳回理由"
        pending={reject.isPending}
        onCancel={() => setRejecting(undefined)}
        onConfirm={(note) =>
          rejecting &&
          reject.mutate(
            { id: rejecting.id, note },
            {
              onSuccess: () => {
                void message.success('已驳回');
                setRejecting(undefined);
              },
            },
          )
        }
      />
    </Card>
  );
}
