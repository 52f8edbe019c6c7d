import { Alert, Card, Table, Typography } from 'antd';
import { ApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useSmsSink } from '../api/objection-queries';

/**
 * /console/sms-sink — 开发环境短信: the codes the development sink took while no SMS gateway is configured. With a gateway, or
 * in production, the server has no such route (404).
 */
export function SmsSinkPage() {
  useDocumentTitle('开发环境短信');
  const sink = useSmsSink();
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        开发环境短信
      </Typography.Title>
      {sink.error instanceof ApiError && sink.error.status === 404 ? (
        <Alert
          type="info"
          showIcon
          title="开发环境短信未启用：已配置短信网关（验证码直接发送到手机）或为生产环境"
          style={{ marginBottom: 16 }}
        />
      ) : sink.error ? (
        <Alert type="error" showIcon title={sink.error.message} style={{ marginBottom: 16 }} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title="未配置短信网关：以下为最近一小时本应发送的短信，仅供开发和测试"
          style={{ marginBottom: 16 }}
        />
      )}
      <Table
        rowKey="id"
        loading={sink.isLoading}
        dataSource={sink.data?.messages ?? []}
        locale={{ emptyText: '没有短信' }}
        pagination={false}
        columns={[
          { title: '时间', dataIndex: 'sentAt', render: formatDateTime, width: 170 },
          { title: '统一社会信用代码', dataIndex: 'creditCode', width: 200 },
          { title: '手机号', dataIndex: 'maskedMobile', width: 130 },
          { title: '内容', dataIndex: 'text' },
        ]}
      />
    </Card>
  );
}
