import { SecurityEventsQuerySchema, SecurityEventsSchema } from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, streamDownload } from '../../platform/files';
import { fileResponse, MEDIA_TYPES } from '../../platform/openapi';
import { exportSecurityEvents, reportSecurityEvents } from './security-events.service';

/** 安全管理员 the security administrator's report of security events (Art. 28), read from the audit trail. */
export function registerSecurityEventRoutes(router: ConsoleRouter, options: { massDownloadPerHour: number }): void {
  router.route(
    {
      method: 'GET',
      url: '/security/events',
      permission: 'security.admin',
      scope: 'jurisdiction',
      audit: 'security.events-viewed',
      operationId: 'listSecurityEvents',
      errors: [],
      summary:
        '安全事件报告（Art. 28）：审计日志哈希链断裂、大量下载或导出、连续登录失败被锁定、接口请求因身份或权限被拒绝、越权访问被拒绝、' +
        '超过频率限制；同一来源一小时内的同类记录合为一个事件，按严重程度、类型、单位和日期筛选（省局安全管理员：全平台；其他：本机关管辖范围）',
    },
    {
      query: SecurityEventsQuerySchema,
      response: SecurityEventsSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.details = { ...query }; // the filters given: recordAudit leaves out those absent
        return reportSecurityEvents(db, actor, query, options.massDownloadPerHour);
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/security/events/export',
      permission: 'security.admin',
      scope: 'jurisdiction',
      audit: 'security.events-exported',
      operationId: 'exportSecurityEvents',
      errors: [],
      summary: '下载安全事件报告（XLSX，中文表头，与列表同一筛选条件）',
    },
    {
      query: SecurityEventsQuerySchema,
      response: fileResponse('安全事件报告（XLSX）', [MEDIA_TYPES.xlsx]),
      handler: async ({ db, actor, query, reply, audit }) => {
        audit.details = { ...query }; // the filters given: recordAudit leaves out those absent
        const file = await exportSecurityEvents(db, actor, query, options.massDownloadPerHour);
        return asDownload(reply, file.download, streamDownload(file.write));
      },
    },
  );
}
