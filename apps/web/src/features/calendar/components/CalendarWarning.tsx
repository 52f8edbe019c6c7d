import { Alert } from 'antd';
import { Link } from 'react-router';
import { useCalendar } from '../api/calendar-queries';

/** From 1 November, tells the provincial bureau that next year's holidays are still to be entered (Art. 12). */
export function CalendarWarning({ showLink = true }: { showLink?: boolean }) {
  const calendar = useCalendar();
  if (!calendar.data?.nextYearProvisional) return null;
  const { nextYear } = calendar.data;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${nextYear} 年的节假日安排尚未录入`}
      description={
        <>
          报送期限延伸到 {nextYear} 年的信息，其应报送日期和迟报天数目前只按周末计算，均为暂定。请在国务院办公厅发布
          {nextYear} 年节假日安排通知后录入并确认。
          {showLink && (
            <>
              {' '}
              <Link to="/console/calendar">前往工作日历</Link>
            </>
          )}
        </>
      }
    />
  );
}
