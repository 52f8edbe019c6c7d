import {
  RECORD_CHANNEL_LABELS,
  RECORD_DATE_LABELS,
  RECORD_EVENT_KIND_LABELS,
  RECORD_STATUS_LABELS,
  type RecordDetailDto,
  type RecordEventDto,
} from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, type DishonestyLevel, RECORD_CATEGORY_LABELS } from '@gzcredit/domain';
import { Alert, Button, Collapse, Descriptions, Drawer, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useItemDefinition } from '../../../lib/catalogue';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { type RecordDto, useRecordDetail } from '../api/record-queries';
import { AnnotationModal, CorrectionModal, RemovalModal, RevocationModal } from './RecordActionModals';
import { recordFieldRows } from './record-display';
import { CATEGORY_COLORS, LEVEL_COLORS, RECORD_STATUS_COLORS } from './record-labels';
import { VersionComparison } from './VersionComparison';

type OpenAction = 'correct' | 'annotate' | 'revoke' | 'remove';

const shown = (value: string | null | undefined) => (value ? value : '—');

const EVENT_COLORS: Record<RecordEventDto['kind'], string> = {
  annotated: 'orange',
  corrected: 'blue',
  revoked: 'red',
  removed: 'gray',
  publicity_overruled: 'purple',
  repaired: 'cyan',
};

export function LevelTag({ level }: { level: DishonestyLevel | null }) {
  if (!level) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Tag color={LEVEL_COLORS[level]}>{DISHONESTY_LEVEL_LABELS[level]}</Tag>;
}

export function StatusTag({ record }: { record: Pick<RecordDto, 'status' | 'matched'> }) {
  return (
    <Space size={4} wrap>
      <Tag color={RECORD_STATUS_COLORS[record.status]}>{RECORD_STATUS_LABELS[record.status]}</Tag>
      {!record.matched && <Tag color="gold">待匹配</Tag>}
    </Space>
  );
}

function levelName(value: unknown): string {
  return typeof value === 'string' && value in DISHONESTY_LEVEL_LABELS
    ? DISHONESTY_LEVEL_LABELS[value as DishonestyLevel]
    : '未标注';
}

function eventSummary(event: RecordEventDto, versions: readonly RecordDto[]): string {
  const version = versions.find((candidate) => candidate.id === event.recordId)?.version;
  const at = version ? `第 ${version} 版` : '';
  if (event.kind === 'annotated' && event.details)
    return `${at}：${levelName(event.details.from)} → ${levelName(event.details.to)}`;
  if (event.kind === 'corrected') return `生成${at}`;
  return at;
}

/** A record's content, versions (before/after of each correction) and traces, with the actions the account may take. */
export function RecordDetailDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const detail = useRecordDetail(id);
  const me = useCurrentAccount();
  const data = detail.data;
  const record = data?.record;
  const { definition, isPending: definitionPending } = useItemDefinition(record?.item);
  const [action, setAction] = useState<OpenAction>();
  const permissions = me.data?.permissions ?? [];
  const changeable = record?.status === 'active';

  return (
    <Drawer
      open={id !== undefined}
      onClose={() => {
        setAction(undefined);
        onClose();
      }}
      title={record ? `${record.item.name}：${record.entityName}` : '信息详情'}
      size={820}
      loading={detail.isPending && id !== undefined}
      extra={
        record &&
        changeable && (
          <Space wrap>
            {permissions.includes('record.correct') && (
              <Button type="primary" disabled={!definition} onClick={() => setAction('correct')}>
                更正
              </Button>
            )}
            {permissions.includes('record.annotate') && record.item.category === 'bad' && (
              <Button onClick={() => setAction('annotate')}>失信等级标注</Button>
            )}
            {permissions.includes('record.submit') && record.item.listing && (
              <Button onClick={() => setAction('remove')}>移出</Button>
            )}
            {record.item.category === 'bad' && (
              // 两书同达: served with the 行政处罚决定书 or 列入决定书.
              <Button href={`/api/console/records/${record.id}/repair-notice.pdf`}>信用修复告知书</Button>
            )}
            {permissions.includes('record.correct') && (
              <Button danger onClick={() => setAction('revoke')}>
                撤销
              </Button>
            )}
          </Space>
        )
      }
    >
      {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
      {data && record && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the drawer's scrolling body may hold no control; focusable, a keyboard can scroll it (WCAG 2.1.1)
        <section tabIndex={0} aria-label="信息详情" className="record-detail">
          <RecordDetail detail={data} fields={definition?.fields} definitionPending={definitionPending} />
        </section>
      )}
      {record && action === 'correct' && definition && me.data && (
        <CorrectionModal
          record={record}
          item={definition}
          providerKind={me.data.agency.kind}
          onClose={() => setAction(undefined)}
        />
      )}
      {record && action === 'annotate' && <AnnotationModal record={record} onClose={() => setAction(undefined)} />}
      {record && action === 'revoke' && <RevocationModal record={record} onClose={() => setAction(undefined)} />}
      {record && action === 'remove' && <RemovalModal record={record} onClose={() => setAction(undefined)} />}
    </Drawer>
  );
}

function RecordDetail({
  detail,
  fields,
  definitionPending,
}: {
  detail: RecordDetailDto;
  fields: Parameters<typeof recordFieldRows>[1];
  definitionPending: boolean;
}) {
  const { record, versions, events } = detail;
  const corrections = versions
    .map((version, index) => ({ before: versions[index - 1], after: version }))
    .filter((pair): pair is { before: RecordDto; after: RecordDto } => pair.before !== undefined)
    .reverse();

  return (
    <>
      {record.flaggedForReview && (
        <Alert
          type="warning"
          showIcon
          title="统一社会信用代码中的组织机构代码校验未通过，已接收并标记待核查"
          style={{ marginBottom: 16 }}
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'item',
            label: '信息项',
            children: (
              <Space size={4} wrap>
                {record.item.name}
                <Tag color={CATEGORY_COLORS[record.item.category]}>{RECORD_CATEGORY_LABELS[record.item.category]}</Tag>
              </Space>
            ),
          },
          { key: 'status', label: '状态', children: <StatusTag record={record} /> },
          { key: 'creditCode', label: '统一社会信用代码', children: record.creditCode },
          { key: 'version', label: '版本', children: `第 ${record.version} 版（目录 ${record.item.editionCode}）` },
          { key: 'aroseOn', label: RECORD_DATE_LABELS.aroseOn, children: formatDate(record.aroseOn) },
          { key: 'receivedAt', label: RECORD_DATE_LABELS.receivedAt, children: formatDateTime(record.receivedAt) },
          {
            key: 'dueOn',
            label: RECORD_DATE_LABELS.dueOn,
            children: `${formatDate(record.dueOn)}${record.dueProvisional ? '（暂定：相关年份的节假日安排尚未录入）' : ''}`,
          },
          {
            key: 'daysLate',
            label: '超期天数',
            children:
              record.daysLate > 0 ? (
                <Typography.Text type="danger">{record.daysLate} 个工作日</Typography.Text>
              ) : (
                '按期报送'
              ),
          },
          {
            key: 'publicityUntil',
            label: RECORD_DATE_LABELS.publicityUntil,
            children: record.publicityUntil ?? (record.item.listing ? '至移出名单时止' : '主体存续期间'),
          },
          { key: 'channel', label: '报送方式', children: RECORD_CHANNEL_LABELS[record.channel] },
          ...(record.withholdingGround
            ? [{ key: 'ground', label: '不公示的法定依据', children: record.withholdingGround, span: 2 }]
            : []),
          ...(record.removal
            ? [
                {
                  key: 'removedOn',
                  label: RECORD_DATE_LABELS.removedOn,
                  children: formatDate(record.removal.removedOn),
                },
                { key: 'removalAuthority', label: '作出移出决定机关', children: record.removal.authority },
                { key: 'removalReason', label: '移出原因', children: record.removal.reason, span: 2 },
              ]
            : []),
        ]}
      />
      <Typography.Title level={2} className="console-section-title">
        信息内容
      </Typography.Title>
      {definitionPending && <Typography.Paragraph type="secondary">正在加载数据项名称…</Typography.Paragraph>}
      <Descriptions
        size="small"
        bordered
        column={1}
        items={recordFieldRows(record, fields).map((row) => ({
          key: row.key,
          label: row.label,
          children: (
            <span style={{ whiteSpace: 'pre-wrap' }}>
              {row.key === 'dishonestyLevel' ? <LevelTag level={record.dishonestyLevel} /> : shown(row.value)}
            </span>
          ),
        }))}
      />
      {versions.length > 1 && (
        <section aria-label="版本历史">
          <Typography.Title level={2} className="console-section-title">
            版本历史（共 {versions.length} 版）
          </Typography.Title>
          <Collapse
            defaultActiveKey={corrections[0] ? [String(corrections[0].after.id)] : []}
            items={corrections.map(({ before, after }) => ({
              key: String(after.id),
              label: (
                <Space wrap>
                  <span>
                    第 {before.version} 版 → 第 {after.version} 版
                  </span>
                  <Typography.Text type="secondary">{formatDateTime(after.createdAt)}</Typography.Text>
                  {after.reason && <Typography.Text type="secondary">原因：{after.reason}</Typography.Text>}
                </Space>
              ),
              children: <VersionComparison before={before} after={after} fields={fields} />,
            }))}
          />
        </section>
      )}
      <section aria-label="变更记录">
        <Typography.Title level={2} className="console-section-title">
          变更记录
        </Typography.Title>
        {events.length === 0 ? (
          <Typography.Paragraph type="secondary">未标注、更正或撤销过。</Typography.Paragraph>
        ) : (
          <Timeline
            items={events.map((event) => ({
              key: event.id,
              color: EVENT_COLORS[event.kind],
              content: (
                <>
                  <Typography.Text strong>{RECORD_EVENT_KIND_LABELS[event.kind]}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {eventSummary(event, versions)} · {event.accountName ?? '—'} · {formatDateTime(event.createdAt)}
                  </Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>理由：{event.reason}</div>
                </>
              ),
            }))}
          />
        )}
      </section>
    </>
  );
}
