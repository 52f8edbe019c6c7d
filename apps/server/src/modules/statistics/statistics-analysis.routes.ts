import { AnalysisQuerySchema, AnalysisSchema } from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, streamDownload } from '../../platform/files';
import { fileResponse, MEDIA_TYPES } from '../../platform/openapi';
import { registerAccountabilityRoutes } from './statistics-accountability.routes';
import { analyseRecords, exportAnalysis } from './statistics-analysis.service';

/** Who analyses (issue 19 item 3): whoever queries records (Art. 22(二)), the lead departments and the operator. */
const ANALYSIS_PERMISSIONS = ['record.query', 'oversight', 'platform.operator'] as const;

/**
 * 统计分析 in the console: one dimension of the record rollups at a time, with cross-filters, and its workbook; and the
 * agencies' accountability ranking (考核, `statistics-accountability.routes.ts`).
 */
export function registerStatisticsConsoleRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/statistics/analysis',
      permission: ANALYSIS_PERMISSIONS,
      scope: 'jurisdiction',
      audit: 'statistics.analysis-viewed',
      operationId: 'analyseRecords',
      errors: [],
      summary:
        '统计分析：按地区（省 → 市州 → 区县）、行业（门类 → 大类）、主体类型、信息类别、信息项、失信等级、提供单位或收到月份汇总信息条数，' +
        '其他维度可作筛选（交叉筛选）；范围为本单位所在地区（省级单位为全省）中本单位按共享规则可见的信息，由统计汇总表计算，不扫描信息表',
    },
    {
      query: AnalysisQuerySchema,
      response: AnalysisSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.details = { ...query }; // the filters given: recordAudit leaves out those absent
        return analyseRecords(db, actor, query);
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/statistics/analysis/export',
      permission: ANALYSIS_PERMISSIONS,
      scope: 'jurisdiction',
      audit: 'statistics.analysis-exported',
      operationId: 'exportAnalysis',
      errors: [],
      summary: '下载统计分析的一个视图（XLSX，中文表头，与页面同一维度和筛选条件，末行为合计）',
    },
    {
      query: AnalysisQuerySchema,
      response: fileResponse('统计分析（XLSX）', [MEDIA_TYPES.xlsx]),
      handler: async ({ db, actor, query, reply, audit }) => {
        audit.details = { ...query }; // the filters given: recordAudit leaves out those absent
        const file = await exportAnalysis(db, actor, query);
        return asDownload(reply, file.download, streamDownload(file.write));
      },
    },
  );
  registerAccountabilityRoutes(router);
}
