import {
  ConsoleObjectionListSchema,
  ConsoleObjectionSchema,
  CreateObjectionFieldsSchema,
  CreateObjectionMultipartSchema,
  DecideObjectionBodySchema,
  ExtendObjectionBodySchema,
  IdParamsSchema,
  OBJECTION_MAX_FILES,
  ObjectionListSchema,
  ObjectionNumberParamsSchema,
  ObjectionQueueQuerySchema,
  ObjectionSchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import { APPLICANT_GUARD_ERRORS, applicantOf, requireApplicant } from './applicant-session';
import { readEvidenceForm, storeEvidence } from './evidence-form';
import {
  decideObjection,
  extendObjection,
  fileObjection,
  getConsoleObjection,
  getOwnObjection,
  listObjectionQueue,
  listOwnObjections,
  type ObjectionsDependencies,
} from './objections.service';

const TAG = '异议与信用修复';

/** 异议 for the entity's applicant, under /api/public, behind the applicant session (issue 21 item 2). */
export const objectionPublicRoutes: FastifyPluginAsyncZod<{ deps: ObjectionsDependencies; dataDir: string }> = async (
  app,
  { deps, dataDir },
) => {
  const guard = requireApplicant(deps.db);
  app.post(
    '/objections',
    {
      preHandler: guard,
      schema: {
        tags: [TAG],
        summary: '对本主体的一条公示信息提出异议（联系人、理由、证明材料）：应答异议编号；该信息随即显示“异议处理中”',
        multipart: CreateObjectionMultipartSchema,
        ...operation({
          operationId: 'fileObjection',
          security: SECURITY.applicantMutation,
          ok: jsonResponse('已受理：异议编号与处理期限', ObjectionSchema),
          errors: [
            'VALIDATION_FAILED',
            'FILE_REJECTED',
            'PAYLOAD_TOO_LARGE',
            ...APPLICANT_GUARD_ERRORS,
            'OBJECTION_RECORD_NOT_FOUND',
            'OBJECTION_PENDING',
            'RATE_LIMITED',
          ],
        }),
      },
    },
    async (request) => {
      const applicant = applicantOf(request);
      const form = await readEvidenceForm(request, CreateObjectionFieldsSchema, {
        maxFiles: OBJECTION_MAX_FILES,
        invalidCode: 'VALIDATION_FAILED',
        messagePrefix: '',
      });
      const evidence = await storeEvidence(dataDir, form.evidence);
      return fileObjection(deps, applicant, form.fields, evidence, { ip: request.ip, requestId: request.id });
    },
  );
  app.get(
    '/objections',
    {
      preHandler: guard,
      schema: {
        tags: [TAG],
        summary: '本主体提出的异议及处理结果',
        ...operation({
          operationId: 'listOwnObjections',
          security: SECURITY.applicant,
          ok: jsonResponse('本主体的异议', ObjectionListSchema),
          errors: ['APPLICANT_UNAUTHENTICATED', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: await listOwnObjections(deps.db, applicantOf(request)) };
    },
  );
  app.get(
    '/objections/:objectionNo',
    {
      preHandler: guard,
      schema: {
        tags: [TAG],
        summary: '按编号查看异议的处理进度和决定（仅限本主体的申请人会话）',
        params: ObjectionNumberParamsSchema,
        ...operation({
          operationId: 'getOwnObjection',
          security: SECURITY.applicant,
          ok: jsonResponse('异议及其处理决定', ObjectionSchema),
          errors: ['VALIDATION_FAILED', 'APPLICANT_UNAUTHENTICATED', 'OBJECTION_NOT_FOUND', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getOwnObjection(deps.db, applicantOf(request), request.params.objectionNo);
    },
  );
};

/** The console's queues: the providing agency's (record.correct) and the provincial bureau's escalations (platform.operator). */
export function registerObjectionConsoleRoutes(router: ConsoleRouter, deps: ObjectionsDependencies): void {
  router.route(
    {
      method: 'GET',
      url: '/objections',
      permission: ['record.correct', 'platform.operator'],
      scope: 'own',
      audit: 'objection.listed',
      operationId: 'listObjectionQueue',
      summary: '异议处理队列：本单位信息的异议（queue=agency），或逾期提交省局督办的异议（queue=escalated，省局）',
      errors: ['FORBIDDEN'],
    },
    {
      query: ObjectionQueueQuerySchema,
      response: ConsoleObjectionListSchema,
      handler: async ({ db, actor, query }) => listObjectionQueue(db, actor, query),
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/objections/:id',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'objection',
      audit: 'objection.viewed',
      operationId: 'getObjection',
      summary: '查看本单位信息的异议',
      errors: ['OBJECTION_NOT_FOUND'],
    },
    {
      params: IdParamsSchema,
      response: ConsoleObjectionSchema,
      handler: async ({ db, actor, params }) => getConsoleObjection(db, actor, params.id),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/objections/:id/extension',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'objection',
      audit: 'objection.extended',
      operationId: 'extendObjection',
      summary: '异议处理延期（一次，延至受理后 20 个工作日，须说明理由）',
      errors: ['OBJECTION_NOT_FOUND', 'OBJECTION_STATE_CONFLICT', 'OBJECTION_ALREADY_EXTENDED'],
      exampleBody: { reason: '需向执法大队调取原始案卷核实' },
    },
    {
      params: IdParamsSchema,
      body: ExtendObjectionBodySchema,
      response: ConsoleObjectionSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { reason: body.reason };
        return extendObjection(db, actor, params.id, body.reason);
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/objections/:id/decision',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'objection',
      audit: 'objection.decided',
      operationId: 'decideObjection',
      summary: '作出异议处理决定：维持、更正（生成新版本）或撤销，附理由和决定文书',
      errors: [
        'OBJECTION_NOT_FOUND',
        'OBJECTION_STATE_CONFLICT',
        'FILE_NOT_FOUND',
        'RECORD_NOT_FOUND',
        'RECORD_STATE_CONFLICT',
        'RECORD_INVALID',
        'RECORD_UNCHANGED',
      ],
      exampleBody: { outcome: 'upheld', reason: '经核查原始案卷，处罚信息无误' },
    },
    {
      params: IdParamsSchema,
      body: DecideObjectionBodySchema,
      response: ConsoleObjectionSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const decided = await decideObjection(db, deps, actor, params.id, body);
        audit.details = {
          objectionNo: decided.objectionNo,
          outcome: body.outcome,
          reason: body.reason,
          ...(decided.decision?.correctedRecordId ? { newRecordId: decided.decision.correctedRecordId } : {}),
        };
        return decided;
      },
    },
  );
}
