import {
  AUDIT_ACTIONS,
  AUDIT_DETAIL_LABELS,
  ERROR_CODES,
  FAULT_SEVERITY_LABELS,
  RECORD_CHANNEL_LABELS,
} from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, PERMISSION_LABELS, USE_SCOPE_LABELS } from '@gzcredit/domain';
import { Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';

type Labels = Readonly<Record<string, string>>;

const ERROR_MESSAGES: Labels = Object.fromEntries(
  Object.entries(ERROR_CODES).map(([code, { message }]) => [code, message]),
);

/** The tables that name the codes a detail key holds; a value found in none is shown as it is. */
const VALUE_LABELS: Record<string, readonly Labels[]> = {
  permissions: [PERMISSION_LABELS],
  permission: [PERMISSION_LABELS],
  added: [PERMISSION_LABELS],
  removed: [PERMISSION_LABELS],
  level: [DISHONESTY_LEVEL_LABELS],
  from: [DISHONESTY_LEVEL_LABELS, USE_SCOPE_LABELS],
  to: [DISHONESTY_LEVEL_LABELS, USE_SCOPE_LABELS],
  before: [DISHONESTY_LEVEL_LABELS, USE_SCOPE_LABELS],
  after: [DISHONESTY_LEVEL_LABELS, USE_SCOPE_LABELS],
  channel: [RECORD_CHANNEL_LABELS],
  severity: [FAULT_SEVERITY_LABELS],
  reason: [ERROR_MESSAGES],
  code: [ERROR_MESSAGES],
  action: [AUDIT_ACTIONS],
  result: [{ success: '成功', failure: '失败', denied: '拒绝' }],
};

export interface AuditDetailLine {
  key: string;
  label: string;
  /** The value in words; for a change, what it was. */
  value: string;
  /** Set for a change (`from`/`to`, `before`/`after`): what it became. */
  changedTo?: string;
}

function labelOf(path: readonly string[]): string {
  return path.map((key) => AUDIT_DETAIL_LABELS[key] ?? key).join(' · ');
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value))
    return value.length === 0 ? '（无）' : value.map((item) => formatValue(key, item)).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  const name = (VALUE_LABELS[key] ?? []).find((labels) => Object.hasOwn(labels, text))?.[text];
  return name ? `${name}（${text}）` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function linesOf(details: Record<string, unknown>, path: readonly string[]): AuditDetailLine[] {
  const lines: AuditDetailLine[] = [];
  const pairs: Array<[string, string]> = [
    ['from', 'to'],
    ['before', 'after'],
  ];
  const paired = new Set<string>();
  for (const [oldKey, newKey] of pairs) {
    if (!(oldKey in details) && !(newKey in details)) continue;
    paired.add(oldKey).add(newKey);
    const [before, after] = [details[oldKey], details[newKey]];
    if (isPlainObject(before) && isPlainObject(after)) {
      // Two versions of an object: one line per key that differs.
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
        lines.push({
          key: [...path, key].join('.'),
          label: labelOf([...path, key]),
          value: formatValue(key, before[key]),
          changedTo: formatValue(key, after[key]),
        });
      }
    } else {
      lines.push({
        key: [...path, oldKey].join('.'),
        label: path.length > 0 ? `${labelOf(path)} · 变更` : '变更',
        value: formatValue(oldKey, before),
        changedTo: formatValue(newKey, after),
      });
    }
  }
  for (const [key, value] of Object.entries(details)) {
    if (paired.has(key)) continue;
    if (isPlainObject(value) && Object.keys(value).length > 0) lines.push(...linesOf(value, [...path, key]));
    else lines.push({ key: [...path, key].join('.'), label: labelOf([...path, key]), value: formatValue(key, value) });
  }
  return lines;
}

/** An audit row's details as lines with Chinese labels; changes (`from`/`to`, `before`/`after`) as old → new. */
export function describeAuditDetails(details: Record<string, unknown>): AuditDetailLine[] {
  return linesOf(details, []);
}

/** The expanded audit row: its details in words rather than JSON. */
export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const lines = describeAuditDetails(details);
  if (lines.length === 0) return <Typography.Text type="secondary">无其他详情</Typography.Text>;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={lines.map((line): { key: string; label: string; children: ReactNode } => ({
        key: line.key,
        label: line.label,
        children:
          line.changedTo === undefined ? (
            line.value
          ) : (
            <span>
              <Typography.Text delete>{line.value}</Typography.Text>
              {' → '}
              <Typography.Text strong>{line.changedTo}</Typography.Text>
            </span>
          ),
      }))}
    />
  );
}
