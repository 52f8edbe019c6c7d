import {
  CHECK_MAX_ENTITIES,
  CheckEntityListSchema,
  CheckNumberParamsSchema,
  CheckResultSchema,
  CheckVerificationSchema,
  RunCheckBodySchema,
  VerifyCheckQuerySchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { AppError } from '../../platform/errors';
import { asDownload, safeFileName } from '../../platform/files';
import { BinarySchema, fileResponse, jsonResponse, MEDIA_TYPES, operation, SECURITY } from '../../platform/openapi';
import { jsonStream } from '../../platform/response-serializer';
import { readUploadedSheet } from '../ingestion';
import { requestBaseUrl, verificationUrl } from '../reports';
import type { LogKeys } from '../transparency';
import {
  type CheckVerifier,
  checkResultJson,
  checkResultOf,
  entitiesOfSheet,
  getCheck,
  getSignedCheck,
  runCheck,
} from './checks.service';
import { renderCheckPdf } from './checks-pdf';

export interface ChecksRoutesOptions {
  dataDir: string;
  maxUploadBytes: number;
  /** PUBLIC_BASE_URL: the portal's address printed in the PDF; absent, the request's own (as for credit reports). */
  publicBaseUrl?: string;
  /** The platform's SM2 key pair (LOG_SIGNING_KEY), which signs the printed check. */
  logKeys: LogKeys;
}

/** 信用核查 (Rules Art. 17): an agency checks entities for a purpose; the result is numbered, stored and printable. */
export function registerCheckRoutes(router: ConsoleRouter, options: ChecksRoutesOptions): void {
  router.route(
    {
      method: 'POST',
      url: '/checks',
      permission: 'record.query',
      scope: 'own',
      audit: 'check.performed',
      operationId: 'runCheck',
      errors: ['CHECK_INPUT_INVALID', 'CHECK_PURPOSE_UNKNOWN'],
      summary: '信用核查：按用途核查一批主体（最多 10000 个），返回逐户结论、适用的惩戒措施及法律依据',
      exampleBody: {
        purpose: 'other',
        matter: '授权矩阵测试项目',
        entities: [{ creditCode: '91520100MA6DKQ0T7D' }],
      },
    },
    {
      body: RunCheckBodySchema,
      response: CheckResultSchema,
      handler: async ({ db, actor, body, reply, audit }) => {
        const check = await runCheck(
          db,
          { agencyId: actor.agency.id, accountId: actor.accountId, apiClientId: null },
          body,
        );
        const { content } = check;
        Object.assign(audit, {
          objectType: 'credit-check',
          objectId: content.checkNo,
          details: {
            purpose: content.purpose.code,
            matter: content.matter,
            entities: content.items.length,
            refused: content.items.filter((item) => item.verdict === 'refused').length,
          },
        });
        return jsonStream(reply, checkResultJson(check));
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/checks/entity-lists',
      permission: 'record.query',
      scope: 'own',
      audit: 'check.list-read',
      operationId: 'readCheckEntityList',
      errors: ['VALIDATION_FAILED', 'CHECK_INPUT_INVALID', 'UPLOAD_REJECTED', 'PAYLOAD_TOO_LARGE'],
      summary:
        '读取被核查主体名单（multipart/form-data，字段 file：.xlsx 或 .csv，第 1 行为表头，含“统一社会信用代码”或“名称”列；不保存文件）',
    },
    {
      multipart: z.object({
        file: BinarySchema.meta({ description: '被核查主体名单：.xlsx 或 .csv，第 1 行为表头，最多 10000 行' }),
      }),
      response: CheckEntityListSchema,
      handler: async ({ request, audit }) => {
        const part = request.isMultipart()
          ? await request.file({ limits: { fileSize: options.maxUploadBytes } })
          : undefined;
        if (!part)
          throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传 .xlsx 或 .csv 文件（字段 file）', [
            { field: 'file', message: '请选择要上传的文件' },
          ]);
        const sheet = await readUploadedSheet(options.dataDir, part, {
          maxBytes: options.maxUploadBytes,
          maxRows: CHECK_MAX_ENTITIES,
        });
        const entities = entitiesOfSheet(sheet);
        audit.details = { file: part.filename.slice(0, 200), entities: entities.length };
        return { entities };
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/checks/:checkNo',
      permission: 'record.query',
      scope: 'own',
      objectType: 'credit-check',
      audit: 'check.viewed',
      operationId: 'getOwnCheck',
      errors: ['CHECK_NOT_FOUND'],
      summary: '本单位的信用核查结果',
    },
    {
      params: CheckNumberParamsSchema,
      response: CheckResultSchema,
      handler: async ({ db, actor, params, reply, audit }) => {
        Object.assign(audit, { objectId: params.checkNo });
        return jsonStream(reply, checkResultJson(await getCheck(db, actor.agency.id, params.checkNo)));
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/checks/:checkNo/report.pdf',
      permission: 'record.query',
      scope: 'own',
      objectType: 'credit-check',
      audit: 'check.printed',
      operationId: 'printOwnCheck',
      errors: ['CHECK_NOT_FOUND'],
      summary: '打印信用核查结果（PDF，含核查编号、SM3 摘要和验证二维码）',
    },
    {
      params: CheckNumberParamsSchema,
      response: fileResponse('信用核查结果 PDF', [MEDIA_TYPES.pdf]),
      handler: async ({ db, actor, params, request, reply, audit }) => {
        Object.assign(audit, { objectId: params.checkNo });
        const { check, signed } = await getSignedCheck(db, options.logKeys, actor.agency.id, params.checkNo);
        const { digest, ...content } = checkResultOf(check);
        const url = verificationUrl(
          options.publicBaseUrl ?? requestBaseUrl(request),
          content.checkNo,
          digest,
          'checks',
        );
        const pdf = await renderCheckPdf(content, digest, url, signed);
        reply.header('x-check-number', content.checkNo).header('x-check-digest', digest);
        return asDownload(
          reply,
          {
            mediaType: 'application/pdf',
            originalName: safeFileName(`信用核查结果-${content.checkNo}.pdf`),
            asciiName: `credit-check-${content.checkNo}.pdf`,
          },
          pdf,
        );
      },
    },
  );
}

/** The public verification of a printed check, inside the public API's rate limit like the reports' verification. */
export const checksPublicRoutes: FastifyPluginAsyncZod<{ verify: CheckVerifier }> = async (app, { verify }) => {
  app.get(
    '/checks/:checkNo',
    {
      schema: {
        tags: ['信用核查'],
        summary: '验证信用核查结果：该编号是否由平台出具；摘要一致时给出核查事实和逐户结论（不含信用信息）',
        params: CheckNumberParamsSchema,
        querystring: VerifyCheckQuerySchema,
        ...operation({
          operationId: 'verifyCreditCheck',
          security: SECURITY.none,
          ok: jsonResponse('验证结果', CheckVerificationSchema),
          errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verify(request.params.checkNo, request.query.digest);
    },
  );
};
