import { PublicStatisticsSchema, StatisticsBreakdownQuerySchema, StatisticsBreakdownSchema } from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonResponse, operation, RATE_LIMITED, SECURITY } from '../../platform/openapi';
import type { StatisticsService } from './statistics.service';

/** Public aggregates only (SPEC C14, Rules Art. 7(六)): no entity or record leaves through these routes. */
export const statisticsPublicRoutes: FastifyPluginAsyncZod<{ service: StatisticsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/statistics',
    {
      schema: {
        tags: ['统计'],
        summary: '平台概况：市场主体数、公示信息条数、黑名单主体数（缓存 60 秒）',
        ...operation({
          operationId: 'getPublicStatistics',
          security: SECURITY.none,
          ok: jsonResponse('平台概况', PublicStatisticsSchema),
          errors: RATE_LIMITED,
        }),
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return service.getPublicStatistics();
    },
  );

  app.get(
    '/statistics/breakdown',
    {
      schema: {
        tags: ['统计'],
        summary: '分类统计：按地区（省 → 市州 → 区县）、行业（门类 → 大类）、主体类型、失信等级或月份（缓存 60 秒）',
        description:
          '只有汇总数，没有主体或信息明细；由统计汇总表计算，不扫描信息表。市场主体数、黑名单主体数、经营异常名录主体数为当前状态；' +
          '填写统计期间时，主体按进入平台的月份、信息按收到的月份计入。参数有误（未知维度、不是可下钻的地区代码、结束月份早于开始月份）' +
          '时返回 400 及中文说明。',
        querystring: StatisticsBreakdownQuerySchema,
        ...operation({
          operationId: 'getPublicStatisticsBreakdown',
          security: SECURITY.none,
          ok: jsonResponse('分类统计', StatisticsBreakdownSchema),
          errors: ['VALIDATION_FAILED', ...RATE_LIMITED],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return service.getBreakdown(request.query);
    },
  );
};
