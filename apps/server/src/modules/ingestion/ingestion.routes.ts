import {
  IdParamsSchema,
  SpreadsheetFormatQuerySchema,
  TemplateQuerySchema,
  UPLOAD_KINDS,
  UploadCreatedSchema,
  type UploadKind,
  UploadListSchema,
  UploadSchema,
  UploadsQuerySchema,
} from '@gzcredit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { AppError } from '../../platform/errors';
import { asDownload, streamDownload } from '../../platform/files';
import { BinarySchema, fileResponse, MEDIA_TYPES } from '../../platform/openapi';
import type { IngestionDeps } from './ingestion.import';
import {
  buildTemplate,
  createUpload,
  discardReceivedFile,
  getOwnUpload,
  listOwnUploads,
  openErrorReport,
  type ReceivedFile,
  receiveUploadFile,
  toUploadDto,
  uploadableItem,
} from './ingestion.service';
import { uploadColumns } from './ingestion.template';

export interface IngestionRouteDeps extends Pick<IngestionDeps, 'db' | 'dataDir'> {
  /** UPLOAD_MAX_BYTES: larger files are refused with 413 and leave nothing behind. */
  maxUploadBytes: number;
  /**
   * The console plugin the routes live in. The upload's file is streamed to disk in a preHandler hook, after the
   * session and permission checks but before the route's transaction opens: a slow upload never holds a database
   * connection (on PGlite, the only one).
   */
  http: FastifyInstance;
}

type Received = { itemId: number; kind: UploadKind; file: ReceivedFile } | { error: unknown };

const UPLOAD_FORM_HINT =
  '请以 multipart/form-data 上传：先提交 itemId 字段（移出名单时再提交 kind=removals），再提交 file 文件';

async function receive(
  request: FastifyRequest,
  deps: IngestionRouteDeps,
): Promise<{ itemId: number; kind: UploadKind; file: ReceivedFile }> {
  if (!request.isMultipart())
    throw new AppError('VALIDATION_FAILED', UPLOAD_FORM_HINT, [{ field: 'file', message: '请选择要上传的文件' }]);
  const part = await request.file({
    limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 5, parts: 6 },
    throwFileSizeLimit: false,
  });
  if (!part)
    throw new AppError('VALIDATION_FAILED', '请选择要上传的文件', [{ field: 'file', message: '请选择要上传的文件' }]);
  const field = part.fields.itemId;
  const value = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : '';
  const itemId = /^\d{1,9}$/.test(value) ? Number(value) : 0;
  const kindField = part.fields.kind;
  const kindValue = kindField && !Array.isArray(kindField) && kindField.type === 'field' ? String(kindField.value) : '';
  const kind = (UPLOAD_KINDS as readonly string[]).includes(kindValue) ? (kindValue as UploadKind) : 'records';
  try {
    if (kindValue !== '' && kindValue !== kind)
      throw new AppError('VALIDATION_FAILED', `上传类型 kind 应为 ${UPLOAD_KINDS.join(' 或 ')}`, [
        { field: 'kind', message: '请选择上传类型' },
      ]);
    if (itemId <= 0)
      throw new AppError('VALIDATION_FAILED', `${UPLOAD_FORM_HINT}（缺少有效的 itemId）`, [
        { field: 'itemId', message: '请选择信息项' },
      ]);
    // Refused before the file is read: nothing to upload for an item the agency may not provide.
    uploadColumns(await uploadableItem(deps.db, request.actor!, itemId), kind);
  } catch (error) {
    part.file.resume();
    throw error;
  }
  return { itemId, kind, file: await receiveUploadFile(deps.dataDir, part, deps.maxUploadBytes) };
}

/** 数据上传 (Rules Art. 13(二)): templates, uploads, their progress and error reports. */
export function registerIngestionRoutes(router: ConsoleRouter, deps: IngestionRouteDeps): void {
  const uploadsUrl = `${deps.http.prefix}/uploads`;
  const received = new WeakMap<FastifyRequest, Received>();
  deps.http.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || request.routeOptions.url !== uploadsUrl) return;
    // Failures are handed to the handler, so that they are answered and audited like any failed mutation.
    received.set(request, await receive(request, deps).catch((error: unknown) => ({ error })));
  });

  router.route(
    {
      method: 'GET',
      url: '/catalogue/items/:id/template',
      permission: 'record.submit',
      scope: 'all',
      objectType: 'catalogue-item',
      operationId: 'downloadUploadTemplate',
      errors: ['CATALOGUE_ITEM_NOT_FOUND'],
      summary:
        '下载信息项的导入模板（format=xlsx：数据表含表头和示例行，另附填写说明；format=csv：UTF-8 带 BOM；kind=removals：名单信息项的移出模板）',
    },
    {
      params: IdParamsSchema,
      query: TemplateQuerySchema,
      response: fileResponse('导入模板（XLSX 或 CSV，按 format）', [MEDIA_TYPES.xlsx, MEDIA_TYPES.csv]),
      handler: async ({ db, params, query, reply }) => {
        const template = await buildTemplate(db, params.id, query.format, query.kind);
        return asDownload(reply, template, template.content);
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/uploads',
      permission: 'record.submit',
      scope: 'own',
      audit: 'upload.created',
      operationId: 'createUpload',
      errors: ['CATALOGUE_ITEM_NOT_FOUND', 'UPLOAD_REJECTED'],
      summary:
        '上传 CSV 或 XLSX 数据文件（multipart/form-data：先 itemId 字段，再 file 文件）；后台逐行校验导入，同一文件重复上传不重复计入',
    },
    {
      multipart: z.object({
        itemId: z.string().meta({ description: '信息项 ID（现行征集目录中本单位可提供的信息项），须在 file 之前提交' }),
        kind: z
          .enum(UPLOAD_KINDS)
          .optional()
          .meta({ description: 'records（缺省）上传信息；removals 上传名单信息项的移出信息' }),
        file: BinarySchema.meta({ description: 'CSV（UTF-8）或 XLSX 数据文件，按下载的模板填写' }),
      }),
      response: UploadCreatedSchema,
      handler: async ({ db, actor, request, audit }) => {
        const outcome = received.get(request);
        if (!outcome) throw new AppError('VALIDATION_FAILED', UPLOAD_FORM_HINT);
        if ('error' in outcome) throw outcome.error;
        audit.details = {
          itemId: outcome.itemId,
          kind: outcome.kind,
          fileName: outcome.file.originalName,
          size: outcome.file.size,
        };
        try {
          const upload = await createUpload(db, deps.dataDir, actor, outcome.itemId, outcome.file, outcome.kind);
          Object.assign(audit, {
            objectType: 'upload',
            objectId: upload.id,
            details: { ...audit.details, sha256: outcome.file.sha256, duplicate: upload.duplicate },
          });
          return upload;
        } finally {
          await discardReceivedFile(outcome.file);
        }
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/uploads',
      permission: 'record.submit',
      scope: 'own',
      operationId: 'listUploads',
      errors: [],
      summary: '本单位的上传记录（最新在前），含处理状态与进度',
    },
    {
      query: UploadsQuerySchema,
      response: UploadListSchema,
      handler: async ({ db, actor, query }) => listOwnUploads(db, actor, query),
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/uploads/:id',
      permission: 'record.submit',
      scope: 'own',
      objectType: 'upload',
      audit: 'upload.viewed',
      auditReads: 'refusals',
      operationId: 'getUpload',
      errors: ['UPLOAD_NOT_FOUND'],
      summary: '本单位的一次上传：处理状态、进度（0–100）与导入结果',
    },
    {
      params: IdParamsSchema,
      response: UploadSchema,
      handler: async ({ db, actor, params }) => toUploadDto(await getOwnUpload(db, actor, params.id)),
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/uploads/:id/error-report',
      permission: 'record.submit',
      scope: 'own',
      objectType: 'upload',
      audit: 'upload.error-report-downloaded',
      operationId: 'downloadUploadErrorReport',
      errors: ['UPLOAD_NOT_FOUND', 'UPLOAD_NOT_FINISHED'],
      summary: '下载上传的错误报告：行号、模板各列（原样）与错误说明（format=xlsx 或 csv）',
    },
    {
      params: IdParamsSchema,
      query: SpreadsheetFormatQuerySchema,
      response: fileResponse('错误报告（XLSX 或 CSV，按 format）', [MEDIA_TYPES.xlsx, MEDIA_TYPES.csv]),
      handler: async ({ db, actor, params, query, reply, audit }) => {
        const report = await openErrorReport(db, actor, params.id, query.format);
        audit.details = { rows: report.rows, format: query.format };
        return asDownload(reply, report.download, streamDownload(report.write));
      },
    },
  );
}
