import {
  PUBLIC_LIST_MAX_PAGE_SIZE,
  PUBLIC_LIST_RESULT_CAP,
  PublicListFiltersSchema,
  PublicListParamsSchema,
  PublicListQuerySchema,
  PublicListResponseSchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import type { PublicListsService } from './public-lists.service';

/**
 * The portal's lists (黑名单, 经营异常名录, 双公示, 守信激励): anonymous, under the public API's rate limit, and only what
 * decidePublicity shows (Rules Art. 7(四)(八), 24). Paged as 国家企业信用信息公示系统 pages its lists, never a download.
 */
export const publicListsRoutes: FastifyPluginAsyncZod<{ service: PublicListsService }> = async (app, { service }) => {
  app.get(
    '/lists/:list',
    {
      schema: {
        tags: ['公示查询'],
        summary: '公示名单：严重失信主体名单（黑名单）、经营异常名录、行政许可、行政处罚、守信激励名单',
        description:
          'blacklist 为列入严重违法失信名单且未移出的主体，abnormal 为列入经营异常名录且未移出的主体，licences、penalties 为双公示的' +
          '行政许可和行政处罚信息，trustworthy 为良好信息。只含公示中的信息（使用范围为公示、非涉密、在公示期内、提供单位公示该信息项），' +
          '按决定（列入）日期从新到旧排列；可按地区、行业、信息项、提供单位和日期筛选。' +
          `每页最多 ${PUBLIC_LIST_MAX_PAGE_SIZE} 条，同一筛选条件最多可查看前 ${PUBLIC_LIST_RESULT_CAP} 条：名单供查阅，不提供批量下载。`,
        params: PublicListParamsSchema,
        querystring: PublicListQuerySchema,
        ...operation({
          operationId: 'listPublicListEntries',
          security: SECURITY.none,
          ok: jsonResponse('名单中的一页（按日期从新到旧）', PublicListResponseSchema),
          errors: ['VALIDATION_FAILED', 'SEARCH_PAGE_OUT_OF_RANGE', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.listEntries(request.params.list, request.query),
  );

  app.get(
    '/lists/:list/filters',
    {
      schema: {
        tags: ['公示查询'],
        summary: '公示名单的筛选项：名单包含的信息项和可提供这些信息项的单位',
        params: PublicListParamsSchema,
        ...operation({
          operationId: 'getPublicListFilters',
          security: SECURITY.none,
          ok: jsonResponse('名单的筛选项', PublicListFiltersSchema),
          errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.listFilters(request.params.list),
  );
};
