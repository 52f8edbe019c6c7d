import {
  CreditCodeParamsSchema,
  EnterpriseProfileSchema,
  ErrorBodySchema,
  SearchEnterprisesQuerySchema,
  SearchEnterprisesResponseSchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
        querystring: SearchEnterprisesQuerySchema,
        response: { 200: SearchEnterprisesResponseSchema, 400: ErrorBodySchema, 429: ErrorBodySchema },
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
        response: { 200: EnterpriseProfileSchema, 400: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request) => service.getPublicProfile(request.params.creditCode),
  );
};
