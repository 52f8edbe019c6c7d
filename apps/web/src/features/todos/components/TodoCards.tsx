import { TODO_LABELS, TODO_PUBLICITY_ENDING_DAYS } from '@gzcredit/contracts';
import { addDays, chinaToday } from '@gzcredit/domain';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { formatCount } from '../../../lib/format';
import { type TodoKind, useTodos } from '../api/todo-queries';

/** The page that works each queue, opened with the filter its count was made with. */
function todoLink(kind: TodoKind): string {
  switch (kind) {
    case 'filing-reviews':
      return '/console/filing-reviews';
    case 'reset-requests':
      return '/console/reset-requests';
    case 'open-faults':
      return '/console/fault-queue';
    case 'column-requests':
      return '/console/column-reviews';
    case 'upload-errors':
      return '/console/uploads?withErrors=true';
    case 'publicity-ending':
      return `/console/records?publicityEndsBy=${addDays(chinaToday(), TODO_PUBLICITY_ENDING_DAYS)}`;
  }
}

/** 待办事项: how many items wait in each queue the account works; each card opens the page that handles them. */
export function TodoCards() {
  const todos = useTodos();
  if (todos.error) return <Alert type="warning" showIcon title={`待办事项暂时无法读取：${todos.error.message}`} />;
  const items = todos.data?.items ?? [];
  if (!todos.isPending && items.length === 0) return null;
  return (
    <section aria-labelledby="console-todos-title" className="console-todos">
      <Typography.Title level={2} id="console-todos-title" className="console-section-title">
        待办事项
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {todos.isPending && (
          <Col xs={24}>
            <Card size="small" loading />
          </Col>
        )}
        {items.map((item) => (
          <Col key={item.kind} xs={24} sm={12} lg={8}>
            <Link to={todoLink(item.kind)}>
              <Card hoverable size="small">
                <Statistic
                  title={TODO_LABELS[item.kind]}
                  value={formatCount(item.count)}
                  suffix="项"
                  styles={item.count > 0 ? { content: { color: '#ad4e00' } } : undefined}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </section>
  );
}
