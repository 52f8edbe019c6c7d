import { Card, Col, Row, Typography } from 'antd';
import { Link, useOutletContext } from 'react-router';
import { CalendarWarning } from '../../features/calendar/components/CalendarWarning';
import { TodoCards } from '../../features/todos/components/TodoCards';
import { useCurrentAccount } from '../../lib/session';
import { useDocumentTitle } from '../../lib/use-document-title';

/** What the console frame hands the page inside it: the menu it shows, which the home page repeats as shortcuts. */
export interface ConsoleOutletContext {
  menu: readonly { path: string; label: string }[];
}

export function ConsoleHomePage() {
  useDocumentTitle('管理控制台');
  const { data: me } = useCurrentAccount();
  const { menu } = useOutletContext<ConsoleOutletContext>();
  if (!me) return null;
  const entries = menu.filter((entry) => entry.path !== '/console');
  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        您好，{me.displayName}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {me.agency.name} · 贵州省企业公共信用信息平台管理控制台
      </Typography.Paragraph>
      {me.permissions.includes('platform.operator') && <CalendarWarning />}
      <TodoCards />
      <Typography.Title level={2} className="console-section-title">
        常用功能
      </Typography.Title>
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
