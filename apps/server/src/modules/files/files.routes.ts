import { FileSchema, IdParamsSchema } from '@gzcredit/contracts';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, mediaTypesOf, readStoredFile } from '../../platform/files';
import { BinarySchema, fileResponse } from '../../platform/openapi';
import { findOwnFile, toFileDto, UPLOAD_PURPOSES, type UploadPurpose, uploadFile } from './files.service';

export const consoleFileUrl = (id: number | string) => `/api/console/files/${id}`;

export function registerFileRoutes(router: ConsoleRouter, deps: { dataDir: string }): void {
  router.route(
    {
      method: 'POST',
      url: '/files',
      permission: 'authenticated',
      scope: 'own',
      audit: 'file.uploaded',
      operationId: 'uploadFile',
      errors: ['FILE_REJECTED', 'PAYLOAD_TOO_LARGE'],
      summary:
        '上传文件（multipart/form-data，字段 file；purpose：attachment 附件、image 正文图片、screenshot 故障截图）',
    },
    {
      query: z.object({ purpose: z.enum(Object.keys(UPLOAD_PURPOSES) as [UploadPurpose, ...UploadPurpose[]]) }),
      multipart: z.object({ file: BinarySchema.meta({ description: '文件（类型与大小上限取决于 purpose）' }) }),
      response: FileSchema,
      handler: async ({ db, actor, request, query, audit }) => {
        const file = await uploadFile(db, deps.dataDir, actor, query.purpose, await request.file());
        audit.objectType = 'file';
        audit.objectId = file.id;
        audit.details = { name: file.originalName, size: file.size, kind: file.kind, purpose: query.purpose };
        return toFileDto(file, consoleFileUrl(file.id));
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/files/:id',
      permission: 'authenticated',
      scope: 'own',
      objectType: 'file',
      audit: 'file.downloaded',
      operationId: 'downloadOwnFile',
      errors: ['FILE_NOT_FOUND'],
      summary: '下载本单位上传的文件',
    },
    {
      params: IdParamsSchema,
      response: fileResponse(
        '文件内容（Content-Disposition 给出原文件名）',
        mediaTypesOf(Object.values(UPLOAD_PURPOSES).flatMap((purpose) => purpose.kinds)),
      ),
      handler: async ({ db, actor, params, reply }) => {
        const file = await findOwnFile(db, actor, params.id);
        return asDownload(reply, file, await readStoredFile(deps.dataDir, file.storageKey));
      },
    },
  );
}
