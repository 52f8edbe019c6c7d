import { PERMISSION_LABELS } from '@gzcredit/domain';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { ChangePasswordForm } from './ChangePasswordForm';

export function MyAccountPage() {
  useDocumentTitle('我的账户');
  const { data: me } = useCurrentAccount();
  if (!me) return null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} className="console-page-title">
          我的账户
        </Typography.Title>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
          <Descriptions.Item label="姓名">{me.displayName}</Descriptions.Item>
          <Descriptions.Item label="所属机构">{me.agency.name}</Descriptions.Item>
          <Descriptions.Item label="权限">
            {me.permissions.length === 0
              ? '—'
              : me.permissions.map((permission) => <Tag key={permission}>{PERMISSION_LABELS[permission]}</Tag>)}
          </Descriptions.Item>
          <Descriptions.Item label="动态口令">
            <Space>
              {me.totpEnabled ? <Tag color="success">已绑定</Tag> : <Tag>未绑定</Tag>}
              <Link to="/console/totp">{me.totpEnabled ? '重新绑定' : '绑定动态口令'}</Link>
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Typography.Title level={2} className="console-section-title">
          修改密码
        </Typography.Title>
        <ChangePasswordForm username={me.username} />
      </Card>
    </Space>
  );
}
