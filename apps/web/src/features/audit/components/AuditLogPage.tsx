import { SafetyCertificateOutlined } from '@ant-design/icons';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPE_LABELS } from '@gzcredit/contracts';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { formatCount, formatDateTime } from '../../../lib/format';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type AuditFilters,
  type AuditResult,
  type AuditRowDto,
  useAuditRows,
  useVerifyAuditChain,
} from '../api/audit-queries';
import { AuditDetails } from './AuditDetails';

const RESULT_LABELS: Record<AuditResult, { text: string; color: string }> = {
  success: { text: '成功', color: 'success' },
  failure: { text: '失败', color: 'error' },
  denied: { text: '拒绝', color: 'warning' },
};

const PAGE_SIZE = 50;

/** The action's Chinese name from the closed table; a refused unaudited read keeps its route (`GET /faults`). */
function actionName(action: string): string {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as keyof typeof AUDIT_ACTIONS] : action;
}

/** What an audit row names, in words: 账户 #12 (an unknown type keeps its code). */
function objectName(row: AuditRowDto): string {
  if (!row.objectType) return '—';
  const type = AUDIT_OBJECT_TYPE_LABELS[row.objectType] ?? row.objectType;
  return row.objectId != null ? `${type} #${row.objectId}` : type;
}

/**
 * Typed text filters the names and codes; a chosen entry sends its code. Typed text is sent as it is: a code, a code
 * prefix such as `account.`, or Chinese such as 登录, which the server matches against every action's name.
 */
const ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, name]) => ({ value, label: `${name}（${value}）` }));

interface FilterValues {
  range?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
  username?: string;
  action?: string;
  result?: AuditResult;
}

/** 审计日志 for audit.admin (Rules Art. 25): search the trail and check its SM3 chain. */
export function AuditLogPage() {
  useDocumentTitle('审计日志');
  const [filters, setFilters] = useState<AuditFilters>({ page: 1, pageSize: PAGE_SIZE });
  const rows = useAuditRows(filters);
  const verify = useVerifyAuditChain();

  const search = (values: FilterValues) =>
    setFilters({
      from: values.range?.[0]?.toISOString(),
      to: values.range?.[1]?.toISOString(),
      username: values.username?.trim() || undefined,
      action: values.action?.trim() || undefined,
      result: values.result,
      page: 1,
      pageSize: PAGE_SIZE,
    });

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          审计日志
        </Typography.Title>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending}>
          校验审计链
        </Button>
      </div>
      {verify.data && (
        <Alert
          role="status"
          style={{ marginBottom: 16 }}
          showIcon
          type={verify.data.intact ? 'success' : 'error'}
          title={
            verify.data.intact
              ? `完整：已校验 ${formatCount(verify.data.checked)} 行`
              : `在第 ${verify.data.brokenRowId ?? '?'} 行断裂：${verify.data.reason ?? '哈希不一致'}`
          }
        />
      )}
      {verify.error && <Alert type="error" showIcon title={verify.error.message} style={{ marginBottom: 16 }} />}
      <Form<FilterValues> layout="inline" onFinish={search} className="console-filters" aria-label="筛选审计日志">
        <Form.Item label="时间" name="range">
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Form.Item label="账户" name="username">
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <AutoComplete
            allowClear
            placeholder="如 登录、备案 或 session.signed-in"
            style={{ width: 260 }}
            options={ACTION_OPTIONS}
            showSearch={{
              filterOption: (typed, option) => option?.label.includes(typed.trim()) ?? false,
            }}
          />
        </Form.Item>
        <Form.Item label="结果" name="result">
          <Select
            allowClear
            style={{ width: 110 }}
            options={Object.entries(RESULT_LABELS).map(([value, { text }]) => ({ value, label: text }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button htmlType="reset" onClick={() => setFilters({ page: 1, pageSize: PAGE_SIZE })}>
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {rows.error && <Alert type="error" showIcon title={rows.error.message} style={{ marginBottom: 16 }} />}
      <Table<AuditRowDto>
        rowKey="id"
        size="small"
        loading={rows.isFetching}
        dataSource={rows.data?.items}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (row) => <AuditDetails details={row.details ?? {}} />,
        }}
        pagination={tablePagination({
          page: filters.page,
          pageSize: PAGE_SIZE,
          total: rows.data?.total,
          onChange: (page) => setFilters((current) => ({ ...current, page })),
        })}
        columns={[
          { title: '序号', dataIndex: 'id', width: 80 },
          { title: '时间', dataIndex: 'occurredAt', render: formatDateTime, width: 170 },
          { title: '账户', dataIndex: 'username', render: (username: string | null) => username ?? '—' },
          {
            title: '机构',
            dataIndex: 'agencyName',
            render: (name: string | null, row) => name ?? (row.agencyId === null ? '—' : `机关 #${row.agencyId}`),
          },
          { title: 'IP', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
          {
            title: '操作',
            dataIndex: 'action',
            render: (action: string) => <span title={action}>{actionName(action)}</span>,
          },
          {
            title: '对象',
            key: 'object',
            render: (_, row) => <span title={row.objectType ?? undefined}>{objectName(row)}</span>,
          },
          {
            title: '结果',
            dataIndex: 'result',
            render: (result: AuditResult) => (
              <Tag color={RESULT_LABELS[result]?.color}>{RESULT_LABELS[result]?.text ?? result}</Tag>
            ),
          },
          { title: '请求号', dataIndex: 'requestId', render: (id: string | null) => <code>{id ?? '—'}</code> },
        ]}
      />
    </Card>
  );
}
