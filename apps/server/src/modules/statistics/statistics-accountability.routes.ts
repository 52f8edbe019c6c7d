import {
  AgencyTimelinessListSchema,
  type AgencyTimelinessQuery,
  AgencyTimelinessQuerySchema,
  ArticleSchema,
  DraftTimelinessNoticeBodySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, streamDownload } from '../../platform/files';
import { fileResponse, MEDIA_TYPES } from '../../platform/openapi';
import {
  draftTimelinessNotice,
  exportAgencyTimeliness,
  listAgencyTimeliness,
} from './statistics-accountability.service';

/** What the audit row says of a ranking read or download: the period (not a `from`/`to` change) and the order. */
const auditedPeriod = (query: AgencyTimelinessQuery) => ({
  period: `${query.from ?? '不限'} 至 ${query.to ?? '不限'}`,
  sort: query.sort === 'volume' ? '按报送量' : '按及时率',
});

/**
 * 考核 (Rules Art. 27, 28; issue 19 item 4): the agencies an overseer oversees (Art. 5), ranked, as a workbook, and the
 * provincial bureau's monthly 通报 drafted from the figures. The URLs stay under `/timeliness`, beside each agency's own
 * timeliness (records module).
 */
export function registerAccountabilityRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/timeliness/agencies',
      permission: ['platform.operator', 'oversight'],
      scope: 'jurisdiction',
      audit: 'timeliness.agencies-viewed',
      operationId: 'listAgencyTimeliness',
      errors: [],
      summary:
        '管辖范围内各单位报送考核情况（Art. 27、28）：报送量、及时率、超期、更正、撤销、校验拒收、接口错误，期间内收到的异议和信用修复申请及其处理（已处理、平均处理工作日、超期），未报送的单位也列出；按及时率或报送量排名（县级发展改革部门：本县；市级：本市及所辖县；省级：全省）',
    },
    {
      query: AgencyTimelinessQuerySchema,
      response: AgencyTimelinessListSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.details = auditedPeriod(query);
        return listAgencyTimeliness(db, actor, query);
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/timeliness/agencies/export',
      permission: ['platform.operator', 'oversight'],
      scope: 'jurisdiction',
      audit: 'timeliness.agencies-exported',
      operationId: 'exportAgencyTimeliness',
      errors: [],
      summary: '下载管辖范围内各单位报送考核排名（XLSX，与列表同一期间和排序，未报送的单位标注“未报送”）',
    },
    {
      query: AgencyTimelinessQuerySchema,
      response: fileResponse('各单位报送考核排名（XLSX）', [MEDIA_TYPES.xlsx]),
      handler: async ({ db, actor, query, reply, audit }) => {
        audit.details = auditedPeriod(query);
        const file = await exportAgencyTimeliness(db, actor, query);
        return asDownload(reply, file.download, streamDownload(file.write));
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/timeliness/notices',
      permission: 'platform.operator',
      scope: 'all',
      audit: 'timeliness.notice-drafted',
      operationId: 'draftTimelinessNotice',
      errors: ['COLUMN_NOT_FOUND'],
      summary:
        '按月份的各单位报送考核情况起草报送情况通报（Art. 27）：在“通知公告”栏目生成本单位的草稿，由省局审核、修改后发布',
      exampleBody: { month: '2026-11' },
    },
    {
      body: DraftTimelinessNoticeBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, body, audit }) => {
        const draft = await draftTimelinessNotice(db, actor, body.month);
        Object.assign(audit, {
          objectType: 'article',
          objectId: draft.article.id,
          details: { month: body.month, agencies: draft.agencies, silent: draft.silent },
        });
        return draft.article;
      },
    },
  );
}
