import {
  AcceptRepairBodySchema,
  DecideRepairBodySchema,
  ExtendRepairBodySchema,
  IdParamsSchema,
  MAX_REPAIR_EVIDENCE_FILES,
  PublicRepairSchema,
  RepairFileParamsSchema,
  RepairListSchema,
  RepairNoParamsSchema,
  RepairReceiptSchema,
  RepairSchema,
  RepairsQuerySchema,
  RepairTermsQuerySchema,
  RepairTermsSchema,
  SubmitRepairFieldsSchema,
} from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, mediaTypesOf, readStoredFile, safeFileName } from '../../platform/files';
import { BinarySchema, fileResponse, jsonResponse, MEDIA_TYPES, operation, SECURITY } from '../../platform/openapi';
import { requestBaseUrl } from '../reports';
import { APPLICANT_GUARD_ERRORS, applicantOf } from './applicant-session';
import { EVIDENCE, readEvidenceForm } from './evidence-form';
import {
  decideAcceptance,
  decideRepair,
  extendRepair,
  getRepair,
  getRepairFile,
  listRepairQueue,
  type RepairSettings,
  type RepairsPublicService,
  type RepairView,
} from './repairs.service';
import { renderRepairNotice } from './repairs-notice';

const EVIDENCE_MEDIA_TYPES = mediaTypesOf(EVIDENCE.kinds);

/**
 * 信用修复 in the console: the provincial bureau's acceptance queue (`/repair-queue`, 受理 within 3 working days) and the
 * providing agency's decisions (`/repairs`, 谁认定、谁修复), and the 信用修复告知书 of a record (两书同达).
 */
export function registerRepairRoutes(
  router: ConsoleRouter,
  settings: RepairSettings & { publicBaseUrl?: string | undefined },
): void {
  const queues: { view: RepairView; url: string; permission: 'platform.operator' | 'record.correct' }[] = [
    { view: 'platform', url: '/repair-queue', permission: 'platform.operator' },
    { view: 'agency', url: '/repairs', permission: 'record.correct' },
  ];
  for (const { view, url, permission } of queues) {
    const scope = view === 'platform' ? 'all' : 'own';
    const whose = view === 'platform' ? '全省' : '本单位认定的信息的';
    router.route(
      {
        method: 'GET',
        url,
        permission,
        scope,
        audit: 'repair.listed',
        operationId: view === 'platform' ? 'listRepairQueue' : 'listOwnRepairs',
        errors: [],
        summary: `${whose}信用修复申请（可按状态筛选；含受理或决定期限及是否超期）`,
      },
      {
        query: RepairsQuerySchema,
        response: RepairListSchema,
        handler: async ({ db, actor, query }) => listRepairQueue(db, actor, view, query.status),
      },
    );
    router.route(
      {
        method: 'GET',
        url: `${url}/:id`,
        permission,
        scope,
        objectType: 'repair',
        audit: 'repair.viewed',
        operationId: view === 'platform' ? 'getQueuedRepair' : 'getOwnAgencyRepair',
        errors: ['REPAIR_NOT_FOUND'],
        summary: `${whose}信用修复申请详情（证明材料、承诺书）`,
      },
      {
        params: IdParamsSchema,
        response: RepairSchema,
        handler: async ({ db, actor, params }) => getRepair(db, actor, view, params.id),
      },
    );
    router.route(
      {
        method: 'GET',
        url: `${url}/:id/files/:fileId`,
        permission,
        scope,
        objectType: 'repair',
        audit: 'repair.file-downloaded',
        operationId: view === 'platform' ? 'downloadQueuedRepairFile' : 'downloadOwnAgencyRepairFile',
        errors: ['REPAIR_NOT_FOUND', 'FILE_NOT_FOUND'],
        summary: `下载${whose}信用修复申请的证明材料`,
      },
      {
        params: RepairFileParamsSchema,
        response: fileResponse('证明材料（Content-Disposition 给出原文件名）', EVIDENCE_MEDIA_TYPES),
        handler: async ({ db, actor, params, reply, audit }) => {
          const file = await getRepairFile(db, actor, view, params.id, params.fileId);
          audit.details = { fileId: params.fileId };
          return asDownload(reply, file, await readStoredFile(settings.dataDir, file.storageKey));
        },
      },
    );
  }

  router.route(
    {
      method: 'POST',
      url: '/repair-queue/:id/acceptance',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'repair',
      audit: 'repair.acceptance-decided',
      operationId: 'decideRepairAcceptance',
      errors: ['REPAIR_NOT_FOUND', 'REPAIR_STATE_CONFLICT'],
      summary: '受理信用修复申请，或因材料不全不予受理（须说明缺少的材料；3 个工作日内）',
      exampleBody: { accepted: true },
    },
    {
      params: IdParamsSchema,
      body: AcceptRepairBodySchema,
      response: RepairSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const repair = await decideAcceptance(db, actor, params.id, body, settings);
        audit.details = { repairNo: repair.repairNo, accepted: body.accepted };
        return repair;
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/repairs/:id/extension',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'repair',
      audit: 'repair.extended',
      operationId: 'extendRepair',
      errors: ['REPAIR_NOT_FOUND', 'REPAIR_STATE_CONFLICT'],
      summary: '延长信用修复决定期限（一次，须说明理由）',
      exampleBody: { reason: '需现场核查整改情况' },
    },
    {
      params: IdParamsSchema,
      body: ExtendRepairBodySchema,
      response: RepairSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const repair = await extendRepair(db, actor, params.id, body.reason, settings);
        audit.details = { repairNo: repair.repairNo, extendedDueOn: repair.extendedDueOn };
        return repair;
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/repairs/:id/decision',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'repair',
      audit: 'repair.decided',
      operationId: 'decideRepair',
      errors: ['REPAIR_NOT_FOUND', 'REPAIR_STATE_CONFLICT'],
      summary: '准予或不予信用修复（不予修复须说明理由）；准予即终止公示、停止共享，信息留本单位和审计可查',
      exampleBody: { approved: false, reason: '罚款尚未缴清' },
    },
    {
      params: IdParamsSchema,
      body: DecideRepairBodySchema,
      response: RepairSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const repair = await decideRepair(db, actor, params.id, body);
        audit.details = { repairNo: repair.repairNo, recordId: repair.recordId, approved: body.approved };
        return repair;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/records/:id/repair-notice.pdf',
      permission: RECORD_PERMISSIONS,
      scope: 'own',
      objectType: 'record',
      audit: 'repair.notice-downloaded',
      operationId: 'downloadRepairNotice',
      errors: ['RECORD_NOT_FOUND', 'REPAIR_NOTICE_NOT_APPLICABLE'],
      summary: '下载信用修复告知书（PDF；行政处罚、列入名单等不良信息，与决定书同时送达）',
    },
    {
      params: IdParamsSchema,
      response: fileResponse('信用修复告知书 PDF', [MEDIA_TYPES.pdf]),
      handler: async ({ db, actor, params, request, reply }) => {
        const { pdf, fileName } = await renderRepairNotice(db, actor, params.id, {
          ...settings,
          baseUrl: settings.publicBaseUrl ?? requestBaseUrl(request),
        });
        return asDownload(
          reply,
          {
            mediaType: 'application/pdf',
            originalName: safeFileName(fileName),
            asciiName: `repair-notice-${params.id}.pdf`,
          },
          pdf,
        );
      },
    },
  );
}

/**
 * The entity's side (令第36号: the platform is the front window): the terms of a public record, the application after
 * the identity step, and following it by number from the same applicant session only.
 */
export const repairsPublicRoutes: FastifyPluginAsyncZod<{ service: RepairsPublicService }> = async (
  app,
  { service },
) => {
  app.get(
    '/repairs/terms',
    {
      schema: {
        tags: ['信用修复'],
        summary: '某条公示信息能否申请信用修复、何时可以申请，以及平台生成的信用修复承诺书',
        querystring: RepairTermsQuerySchema,
        ...operation({
          operationId: 'getRepairTerms',
          security: SECURITY.none,
          ok: jsonResponse('修复条件', RepairTermsSchema),
          errors: ['VALIDATION_FAILED', 'RECORD_NOT_FOUND', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.terms(request.query.recordId);
    },
  );
  app.post(
    '/repairs',
    {
      preHandler: service.guard,
      schema: {
        tags: ['信用修复'],
        summary:
          '申请信用修复（身份核验后；multipart/form-data：recordId、correction、commitmentSignedBy 和 1–5 份 evidence 证明材料），返回申请编号',
        multipart: SubmitRepairFieldsSchema.extend({
          evidence: BinarySchema.meta({ description: '证明材料（PDF、Word、Excel、PNG、JPEG，每份 ≤ 20 MB，1–5 份）' }),
        }),
        ...operation({
          operationId: 'submitRepair',
          security: SECURITY.applicantMutation,
          ok: jsonResponse('申请编号', RepairReceiptSchema),
          errors: [
            ...APPLICANT_GUARD_ERRORS,
            'REPAIR_INVALID',
            'FILE_REJECTED',
            'REPAIR_RECORD_NOT_OWN',
            'RECORD_NOT_FOUND',
            'REPAIR_NOT_ALLOWED',
            'REPAIR_ALREADY_OPEN',
            'PAYLOAD_TOO_LARGE',
            'RATE_LIMITED',
          ],
        }),
      },
    },
    async (request, reply) => {
      const applicant = applicantOf(request);
      const form = await readEvidenceForm(request, SubmitRepairFieldsSchema, {
        maxFiles: MAX_REPAIR_EVIDENCE_FILES,
        invalidCode: 'REPAIR_INVALID',
        messagePrefix: '信用修复申请有误：',
      });
      reply.header('cache-control', 'no-store');
      return service.submit(applicant, { ...form, ip: request.ip, requestId: request.id });
    },
  );
  app.get(
    '/repairs/:no',
    {
      preHandler: service.guard,
      schema: {
        tags: ['信用修复'],
        summary: '凭申请编号查询本人提交的信用修复申请的进度和结果（仅限提交申请的身份核验会话）',
        params: RepairNoParamsSchema,
        ...operation({
          operationId: 'getOwnRepair',
          security: SECURITY.applicant,
          ok: jsonResponse('申请进度', PublicRepairSchema),
          errors: ['VALIDATION_FAILED', ...APPLICANT_GUARD_ERRORS, 'REPAIR_NOT_FOUND', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      const applicant = applicantOf(request);
      const repair = await service.follow(applicant, request.params.no, { ip: request.ip, requestId: request.id });
      reply.header('cache-control', 'no-store');
      return repair;
    },
  );
};
