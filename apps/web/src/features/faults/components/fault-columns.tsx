import { Button, type TableColumnsType, Tag } from 'antd';
import type { FaultSeverity, FaultStatus, FaultSummaryDto } from '../api/fault-queries';
import { FAULT_SEVERITY_COLORS, FAULT_SEVERITY_LABELS, FAULT_STATUS_COLORS, FAULT_STATUS_LABELS } from './fault-labels';

/** The columns the reporter's list and the operators' queue share: number, title (opens the ticket), severity. */
export function faultHeadColumns(onOpen: (id: number) => void): TableColumnsType<FaultSummaryDto> {
  return [
    { title: '编号', dataIndex: 'id', width: 70 },
    {
      title: '标题',
      dataIndex: 'title',
      render: (title: string, fault) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(fault.id)}>
          {title}
        </Button>
      ),
    },
    {
      title: '严重程度',
      dataIndex: 'severity',
      width: 150,
      render: (severity: FaultSeverity) => (
        <Tag color={FAULT_SEVERITY_COLORS[severity]}>{FAULT_SEVERITY_LABELS[severity]}</Tag>
      ),
    },
  ];
}

/** Status and assignee, shared by both lists. */
export const FAULT_PROGRESS_COLUMNS: TableColumnsType<FaultSummaryDto> = [
  {
    title: '状态',
    dataIndex: 'status',
    width: 100,
    render: (status: FaultStatus) => <Tag color={FAULT_STATUS_COLORS[status]}>{FAULT_STATUS_LABELS[status]}</Tag>,
  },
  { title: '处理人', dataIndex: 'assignee', width: 120, render: (name: string | null) => name ?? '—' },
];
