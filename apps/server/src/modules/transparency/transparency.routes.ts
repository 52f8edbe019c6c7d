import {
  CheckpointHistoryResponseSchema,
  ConsistencyProofSchema,
  ConsistencyQuerySchema,
  InclusionProofSchema,
  InclusionQuerySchema,
  ListCheckpointsQuerySchema,
  LogCheckpointResponseSchema,
  SignCheckpointBodySchema,
  SignedCheckpointSchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import type { TransparencyService } from './transparency.service';

/** Public, anonymous routes of the verifiable log (issue 23), under the public API's rate limit. */
export const transparencyPublicRoutes: FastifyPluginAsyncZod<{ service: TransparencyService }> = async (
  app,
  { service },
) => {
  app.get(
    '/log/checkpoint',
    {
      schema: {
        tags: ['可验证日志'],
        summary: '可验证日志的最新检查点（树大小、树根、时间，SM2 签名）及平台签名公钥',
        ...operation({
          operationId: 'getLogCheckpoint',
          security: SECURITY.none,
          ok: jsonResponse('最新的已签名检查点', LogCheckpointResponseSchema),
          errors: ['RATE_LIMITED'],
        }),
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.latestCheckpoint();
    },
  );

  app.get(
    '/log/checkpoints',
    {
      schema: {
        tags: ['可验证日志'],
        summary: '已签名检查点的历史（新的在前，按 before 翻页）',
        querystring: ListCheckpointsQuerySchema,
        ...operation({
          operationId: 'listLogCheckpoints',
          security: SECURITY.none,
          ok: jsonResponse('检查点历史', CheckpointHistoryResponseSchema),
          errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.checkpointHistory(request.query),
  );

  app.get(
    '/log/inclusion',
    {
      schema: {
        tags: ['可验证日志'],
        summary: '包含证明：某叶子在某大小的树中（RFC 9162 审计路径）',
        querystring: InclusionQuerySchema,
        ...operation({
          operationId: 'getLogInclusionProof',
          security: SECURITY.none,
          ok: jsonResponse('包含证明', InclusionProofSchema),
          errors: ['VALIDATION_FAILED', 'LOG_LEAF_NOT_FOUND', 'LOG_TREE_SIZE_INVALID', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.inclusion(request.query),
  );

  app.get(
    '/log/consistency',
    {
      schema: {
        tags: ['可验证日志'],
        summary: '一致性证明：较大的树包含较小的树且未改写（RFC 9162）',
        querystring: ConsistencyQuerySchema,
        ...operation({
          operationId: 'getLogConsistencyProof',
          security: SECURITY.none,
          ok: jsonResponse('一致性证明', ConsistencyProofSchema),
          errors: ['VALIDATION_FAILED', 'LOG_TREE_SIZE_INVALID', 'RATE_LIMITED'],
        }),
      },
    },
    async (request) => service.consistency(request.query),
  );
};

/** The operator signs a checkpoint on demand (besides the scheduled ones), e.g. before shipping the witness. */
export function registerTransparencyRoutes(router: ConsoleRouter, options: { service: TransparencyService }): void {
  router.route(
    {
      method: 'POST',
      url: '/log/checkpoints',
      permission: 'platform.operator',
      scope: 'all',
      audit: 'transparency.checkpoint-signed',
      operationId: 'signLogCheckpoint',
      errors: [],
      summary: '立即签发可验证日志检查点',
      exampleBody: {},
    },
    {
      body: SignCheckpointBodySchema,
      response: SignedCheckpointSchema,
      handler: async ({ db, audit }) => {
        const checkpoint = await options.service.signCheckpoint('on-demand', db);
        audit.details = { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash };
        return checkpoint;
      },
    },
  );
}
