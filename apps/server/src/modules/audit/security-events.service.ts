import type { Writable } from 'node:stream';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  SECURITY_EVENT_KIND_LABELS,
  SECURITY_EVENT_KINDS,
  SECURITY_EVENT_SEVERITIES,
  SECURITY_EVENTS_MAX,
  SECURITY_SEVERITY_LABELS,
  type SecurityEventDto,
  type SecurityEventsDto,
  type SecurityEventsQuery,
} from '@gzcredit/contracts';
import { addDays, chinaDayStart, chinaToday } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { DownloadName } from '../../platform/files';
import { MEDIA_TYPES } from '../../platform/openapi';
import type { Actor } from '../../platform/sessions';
import { writeXlsx } from '../../platform/spreadsheet';
import { auditedAgencyIds } from './audit.service';
import { listSecurityEvents, type SecurityEventRow } from './security-events.repository';

/** The period a report covers when none is given: the last 30 days. */
const DEFAULT_DAYS = 30;

const PROBLEMS: Record<string, string> = {
  'broken-link': '与前一行的链接断裂',
  'altered-row': '记录内容被篡改',
  'rows-missing': '链尾记录缺失',
  'witness-mismatch': '与链头见证记录不符',
};

const LIMITERS: Record<string, string> = { public: '公众接口', exchange: '交换接口', 'sign-in': '登录' };

const actionNames = (detail: string | null) =>
  (detail ?? '')
    .split(',')
    .filter(Boolean)
    .map((action) => AUDIT_ACTIONS[action as AuditAction] ?? action)
    .join('、');

function describe(row: SecurityEventRow): string {
  switch (row.kind) {
    case 'audit-chain-broken': {
      const [problem, rowId] = (row.detail ?? '').split('：');
      return `核验审计日志发现${PROBLEMS[problem ?? ''] ?? '哈希链断裂'}${rowId ? `（第 ${rowId} 行）` : ''}，请立即按应急预案处置`;
    }
    case 'mass-download':
      return `一小时内下载或导出 ${row.count} 次：${actionNames(row.detail)}`;
    case 'sign-in-locked':
      return `连续登录失败导致锁定，相关登录尝试 ${row.count} 次`;
    case 'api-refused':
      return `接口请求因身份或权限被拒绝 ${row.count} 次（${row.detail ?? '未知原因'}）`;
    case 'access-denied':
      return `越权或超出管辖范围的操作被拒绝 ${row.count} 次：${actionNames(row.detail)}`;
    case 'log-inconsistent':
      return `可验证日志与已见证的检查点不一致${row.count > 1 ? `（一小时内 ${row.count} 次校验）` : ''}：${row.detail ?? '原因未知'}；已停止签发检查点，请立即按应急预案处置`;
    case 'witness-failed':
      return `${row.count} 个可验证日志检查点未能写入见证目录（${row.detail ?? '原因未知'}），此后的篡改可能无法被发现，请检查 LOG_WITNESS_DIR`;
    case 'rate-limited':
      return `${(row.detail ?? '')
        .split(',')
        .map((limiter) => LIMITERS[limiter] ?? limiter)
        .join('、')}请求超过频率限制，一小时内 ${row.count} 个时间窗口（每分钟记一次）`;
  }
}

/**
 * 安全事件报告 (Art. 28; issue 19 item 4): the audit trail read as events for the security administrator, of the agencies
 * the caller's bureau covers (the provincial bureau's: every row, those of no agency included). Rows of one source in
 * one clock hour make one event; mass downloads count from `massDownloadPerHour` up.
 */
export async function reportSecurityEvents(
  db: Db,
  actor: Actor,
  query: SecurityEventsQuery,
  massDownloadPerHour: number,
): Promise<SecurityEventsDto> {
  const to = query.to ?? chinaToday();
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const kinds = SECURITY_EVENT_KINDS.filter(
    (kind) =>
      (!query.kind || kind === query.kind) && (!query.severity || SECURITY_EVENT_SEVERITIES[kind] === query.severity),
  );
  const rows = await listSecurityEvents(db, {
    kinds,
    from: chinaDayStart(from),
    to: chinaDayStart(addDays(to, 1)),
    agencyIds: await auditedAgencyIds(db, actor),
    ...(query.agency ? { agencyId: query.agency } : {}),
    massDownloadPerHour,
    limit: SECURITY_EVENTS_MAX + 1,
  });
  const items: SecurityEventDto[] = rows.slice(0, SECURITY_EVENTS_MAX).map((row) => ({
    kind: row.kind,
    kindName: SECURITY_EVENT_KIND_LABELS[row.kind],
    severity: SECURITY_EVENT_SEVERITIES[row.kind],
    occurredAt: row.firstAt.toISOString(),
    lastAt: row.lastAt.toISOString(),
    count: row.count,
    username: row.username,
    agency: row.agencyId === null ? null : { id: row.agencyId, name: row.agencyName ?? String(row.agencyId) },
    ip: row.ip,
    description: describe(row),
    auditId: row.firstId,
  }));
  return { from, to, massDownloadPerHour, items, truncated: rows.length > SECURITY_EVENTS_MAX };
}

/** China time as `YYYY-MM-DD HH:mm:ss`. */
const chinaTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** The report as a workbook: one row an event, Chinese headers, streamed. */
export async function exportSecurityEvents(
  db: Db,
  actor: Actor,
  query: SecurityEventsQuery,
  massDownloadPerHour: number,
): Promise<{ download: DownloadName & { mediaType: string }; write: (output: Writable) => Promise<void> }> {
  const report = await reportSecurityEvents(db, actor, query, massDownloadPerHour);
  return {
    download: {
      originalName: `安全事件报告_${report.from}_${report.to}.xlsx`,
      asciiName: 'security-events.xlsx',
      mediaType: MEDIA_TYPES.xlsx,
    },
    write: (output) =>
      writeXlsx(
        output,
        [
          {
            name: '安全事件',
            columns: [
              { header: '开始时间', width: 20 },
              { header: '最后时间', width: 20 },
              { header: '严重程度', width: 10 },
              { header: '事件类型', width: 30 },
              { header: '次数' },
              { header: '操作者', width: 18 },
              { header: '单位', width: 30 },
              { header: 'IP 地址', width: 18 },
              { header: '说明', width: 60 },
              { header: '审计记录编号' },
            ],
            rows: report.items.map((event) => [
              chinaTime(event.occurredAt),
              chinaTime(event.lastAt),
              SECURITY_SEVERITY_LABELS[event.severity],
              event.kindName,
              event.count,
              event.username ?? '—',
              event.agency?.name ?? '—',
              event.ip ?? '—',
              event.description,
              event.auditId,
            ]),
          },
        ],
        {
          title: `安全事件报告（${report.from} 至 ${report.to}${report.truncated ? `，仅最新 ${SECURITY_EVENTS_MAX} 个` : ''}）`,
          subject: '信息安全事件（运行管理规则第二十八条）',
          creator: actor.username,
          created: new Date(),
        },
      ),
  };
}
