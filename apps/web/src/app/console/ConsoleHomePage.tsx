import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { useMe } from '../../features/accounts/api/account-queries';
import { CalendarWarning } from '../../features/calendar/components/CalendarWarning';
import { useDocumentTitle } from '../../lib/use-document-title';
import { menuEntriesFor } from './console-menu';

export function ConsoleHomePage() {
  useDocumentTitle('管理控制台');
  const { data: me } = useMe();
  if (!me) return null;
  const entries = menuEntriesFor(me.permissions).filter((entry) => entry.path !== '/console');
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        您好，{me.displayName}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {me.agency.name} · 贵州省企业公共信用信息平台管理控制台
      </Typography.Paragraph>
      {me.permissions.includes('platform.operator') && <CalendarWarning />}
      <Row gutter={[16, 16]}>
        {entries.map((entry) => (
          <Col key={entry.path} xs={24} sm={12} lg={8}>
            <Link to={entry.path}>
              <Card hoverable size="small">
                {entry.label}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
