import {
  CreditCodeParamsSchema,
  EnterpriseProfileSchema,
  SEARCH_RESULT_CAP,
  SearchEnterprisesQuerySchema,
  SearchEnterprisesResponseSchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import type { EnterprisesService } from './enterprises.service';

/** Public, anonymous routes: only publicised information leaves through them (Rules Art. 7(八), 24). */
export const enterprisesPublicRoutes: FastifyPluginAsyncZod<{ service: EnterprisesService }> = async (
  app,
  { service },
) => {
  app.get(
    '/enterprises',
    {
      schema: {
        tags: ['公示查询'],
        summary: '查询市场主体（企业名称片段、统一社会信用代码或注册号）',
        description:
          `排序：统一社会信用代码完全一致 > 名称完全一致 > 名称前缀 > 名称包含 > 曾用名包含；最多返回前 ${SEARCH_RESULT_CAP} 条。` +
          '未加筛选条件的名称查询，同一关键词和页码在 SEARCH_CACHE_SECONDS（默认 30 秒）内复用命中列表，' +
          '新登记或更名的主体可能在此时间后才出现在该关键词的结果中；每条结果的名称、登记状态和信用标识均为实时数据。',
        querystring: SearchEnterprisesQuerySchema,
        ...operation({
          operationId: 'searchEnterprises',
          security: SECURITY.none,
          ok: jsonResponse('查询结果（按相关程度排序）', SearchEnterprisesResponseSchema),
          errors: ['VALIDATION_FAILED', 'SEARCH_QUERY_TOO_SHORT', 'SEARCH_PAGE_OUT_OF_RANGE', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.searchPublic(request.query),
  );

  app.get(
    '/enterprises/:creditCode',
    {
      schema: {
        tags: ['公示查询'],
        summary: '市场主体公示信息',
        params: CreditCodeParamsSchema,
        ...operation({
          operationId: 'getEnterpriseProfile',
          security: SECURITY.none,
          ok: jsonResponse('市场主体的登记信息与公示的信用信息', EnterpriseProfileSchema),
          errors: ['VALIDATION_FAILED', 'ENTERPRISE_NOT_FOUND', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.getPublicProfile(request.params.creditCode),
  );
};
