import { ErrorBodySchema, PublicStatisticsSchema } from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
        response: { 200: PublicStatisticsSchema, 429: ErrorBodySchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return service.getPublicStatistics();
    },
  );
};
