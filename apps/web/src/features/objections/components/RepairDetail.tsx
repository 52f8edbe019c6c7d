import { DISHONESTY_LEVEL_LABELS, REPAIR_STATUS_LABELS } from '@gzcredit/domain';
import { Descriptions, Tag, Typography } from 'antd';
import { formatDate, formatDateTime, formatFileSize } from '../../../lib/format';
import type { RepairDto } from '../api/repair-queries';

export const REPAIR_STATUS_COLORS: Record<RepairDto['status'], string> = {
  submitted: 'processing',
  incomplete: 'default',
  accepted: 'blue',
  approved: 'success',
  refused: 'error',
};

/** The deadline of the stage an application is in, red once passed (working days from the calendar). */
export function RepairDue({ repair }: { repair: RepairDto }) {
  if (!repair.dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text type={repair.overdue ? 'danger' : undefined}>
      {formatDate(repair.dueOn)}
      {repair.overdue ? '（已超期）' : ''}
    </Typography.Text>
  );
}

/** A 信用修复 application: the record, the applicant, the evidence and the signed 承诺书, and each step's dates. */
export function RepairDetail({ repair }: { repair: RepairDto }) {
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      items={[
        {
          key: 'status',
          label: '状态',
          children: <Tag color={REPAIR_STATUS_COLORS[repair.status]}>{REPAIR_STATUS_LABELS[repair.status]}</Tag>,
        },
        { key: 'repairNo', label: '申请编号', children: repair.repairNo },
        { key: 'entity', label: '申请主体', children: `${repair.entityName}（${repair.creditCode}）` },
        {
          key: 'record',
          label: '申请修复的信息',
          children: `${repair.itemName}${repair.dishonestyLevel ? `（${DISHONESTY_LEVEL_LABELS[repair.dishonestyLevel]}）` : ''}，${repair.agency.name} ${formatDate(repair.aroseOn)} 认定，信息 ID ${repair.recordId}`,
        },
        { key: 'applicant', label: '申请人', children: repair.applicantName },
        { key: 'submittedAt', label: '申请时间', children: formatDateTime(repair.submittedAt) },
        { key: 'acceptDueOn', label: '受理期限', children: formatDate(repair.acceptDueOn) },
        ...(repair.decideDueOn
          ? [{ key: 'decideDueOn', label: '决定期限', children: formatDate(repair.decideDueOn) }]
          : []),
        ...(repair.extensionReason ? [{ key: 'extension', label: '延期理由', children: repair.extensionReason }] : []),
        {
          key: 'correction',
          label: '纠正失信行为、履行义务情况',
          children: <span style={{ whiteSpace: 'pre-wrap' }}>{repair.correction}</span>,
        },
        {
          key: 'files',
          label: '证明材料',
          children: (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {repair.files.map((file) => (
                <li key={file.id}>
                  <a href={file.url}>{file.name}</a>（{formatFileSize(file.size)}）
                </li>
              ))}
            </ul>
          ),
        },
        {
          key: 'commitment',
          label: '信用修复承诺书',
          children: (
            <>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {repair.commitmentText}
              </Typography.Paragraph>
              <Typography.Text strong>承诺人签署：{repair.commitmentSignedBy}</Typography.Text>
            </>
          ),
        },
        ...(repair.reason
          ? [
              {
                key: 'reason',
                label: '处理意见',
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{repair.reason}</span>,
              },
            ]
          : []),
        ...(repair.decidedAt
          ? [{ key: 'decidedAt', label: '决定时间', children: formatDateTime(repair.decidedAt) }]
          : []),
      ]}
    />
  );
}
