import { Alert, Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { ChangePasswordForm } from './ChangePasswordForm';

/** /console/password: the first sign-in and every reset end here before anything else (Rules Art. 21). */
export function FirstPasswordChangePage() {
  useDocumentTitle('修改密码');
  const navigate = useNavigate();
  const { data: me } = useCurrentAccount();
  if (!me) return null;
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        修改密码
      </Typography.Title>
      {me.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          title="首次登录或密码重置后须先修改密码"
          description="修改前控制台的其他功能暂不可用。"
          style={{ marginBottom: 16 }}
        />
      )}
      <ChangePasswordForm username={me.username} onChanged={() => navigate('/console', { replace: true })} />
    </Card>
  );
}
