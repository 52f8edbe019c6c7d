import {
  AssignFaultBodySchema,
  FaultCommentBodySchema,
  FaultListSchema,
  FaultSchema,
  FaultsQuerySchema,
  IdParamsSchema,
  ReportFaultBodySchema,
  ResolveFaultBodySchema,
} from '@gzcredit/contracts';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, mediaTypesOf, readStoredFile } from '../../platform/files';
import { fileResponse } from '../../platform/openapi';
import { UPLOAD_PURPOSES } from '../files';
import {
  assignFault,
  closeFault,
  commentOnFault,
  findTicketFile,
  getFault,
  listVisibleFaults,
  reportFault,
  resolveFault,
} from './faults.service';

/**
 * Art. 26: agencies report faults to the provincial bureau, which removes them. Agency users reach their own agency's
 * tickets under /faults; the bureau's operators reach every ticket under /fault-queue.
 */
export function registerFaultRoutes(router: ConsoleRouter, deps: { dataDir: string }): void {
  router.route(
    {
      method: 'POST',
      url: '/faults',
      permission: 'authenticated',
      scope: 'own',
      audit: 'fault.reported',
      operationId: 'reportFault',
      errors: ['FILE_REJECTED', 'FILE_NOT_FOUND'],
      summary: '报告平台故障',
      exampleBody: {
        title: '上传页面无响应',
        description: '点击上传后页面一直转圈',
        location: '数据上传',
        occurredAt: '2026-11-30T09:00:00+08:00',
        severity: 'high',
      },
    },
    {
      body: ReportFaultBodySchema,
      response: FaultSchema,
      handler: async ({ db, actor, body, audit }) => {
        const fault = await reportFault(db, actor, body);
        Object.assign(audit, { objectType: 'fault', objectId: fault.id, details: { severity: fault.severity } });
        return fault;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/faults',
      permission: 'authenticated',
      scope: 'own',
      operationId: 'listOwnFaults',
      errors: [],
      summary: '本单位报告的故障及处理状态',
    },
    {
      query: FaultsQuerySchema,
      response: FaultListSchema,
      handler: async ({ db, actor, query }) => listVisibleFaults(db, actor, 'agency', query.status),
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/faults/:id',
      permission: 'authenticated',
      scope: 'own',
      objectType: 'fault',
      audit: 'fault.viewed',
      operationId: 'getOwnFault',
      errors: ['FAULT_NOT_FOUND'],
      summary: '本单位的故障报告',
    },
    {
      params: IdParamsSchema,
      response: FaultSchema,
      handler: async ({ db, actor, params }) => getFault(db, actor, params.id, 'agency'),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/faults/:id/comments',
      permission: 'authenticated',
      scope: 'own',
      objectType: 'fault',
      audit: 'fault.commented',
      operationId: 'commentOnOwnFault',
      errors: ['FAULT_NOT_FOUND', 'FAULT_STATE_CONFLICT'],
      summary: '补充说明',
      exampleBody: { body: '刷新后仍然出现' },
    },
    {
      params: IdParamsSchema,
      body: FaultCommentBodySchema,
      response: FaultSchema,
      handler: async ({ db, actor, params, body }) => {
        return commentOnFault(db, actor, params.id, body.body, 'agency');
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/fault-queue',
      permission: 'platform.operator',
      scope: 'all',
      operationId: 'listFaultQueue',
      errors: [],
      summary: '故障处理队列（省局）',
    },
    {
      query: FaultsQuerySchema,
      response: FaultListSchema,
      handler: async ({ db, actor, query }) => listVisibleFaults(db, actor, 'operator', query.status),
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/fault-queue/:id',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'fault',
      operationId: 'getQueuedFault',
      errors: ['FAULT_NOT_FOUND'],
      summary: '故障报告详情（省局）',
    },
    {
      params: IdParamsSchema,
      response: FaultSchema,
      handler: async ({ db, actor, params }) => getFault(db, actor, params.id, 'operator'),
    },
  );
  const operatorAction = {
    method: 'POST',
    permission: 'platform.operator',
    scope: 'all',
    objectType: 'fault',
  } as const;
  router.route(
    {
      ...operatorAction,
      url: '/fault-queue/:id/assign',
      audit: 'fault.assigned',
      operationId: 'assignFault',
      errors: ['FAULT_NOT_FOUND', 'FAULT_STATE_CONFLICT'],
      summary: '指派处理人',
      exampleBody: { assigneeId: 1 },
    },
    {
      params: IdParamsSchema,
      body: AssignFaultBodySchema,
      response: FaultSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { assigneeId: body.assigneeId };
        return assignFault(db, actor, params.id, body.assigneeId);
      },
    },
  );
  router.route(
    {
      ...operatorAction,
      url: '/fault-queue/:id/comments',
      audit: 'fault.commented',
      operationId: 'commentOnQueuedFault',
      errors: ['FAULT_NOT_FOUND', 'FAULT_STATE_CONFLICT'],
      summary: '处理意见',
      exampleBody: { body: '正在排查' },
    },
    {
      params: IdParamsSchema,
      body: FaultCommentBodySchema,
      response: FaultSchema,
      handler: async ({ db, actor, params, body }) => {
        return commentOnFault(db, actor, params.id, body.body, 'operator');
      },
    },
  );
  router.route(
    {
      ...operatorAction,
      url: '/fault-queue/:id/resolve',
      audit: 'fault.resolved',
      operationId: 'resolveFault',
      errors: ['FAULT_NOT_FOUND', 'FAULT_STATE_CONFLICT'],
      summary: '标记已解决',
      exampleBody: { resolution: '已修复' },
    },
    {
      params: IdParamsSchema,
      body: ResolveFaultBodySchema,
      response: FaultSchema,
      handler: async ({ db, actor, params, body }) => {
        return resolveFault(db, actor, params.id, body.resolution);
      },
    },
  );
  router.route(
    {
      ...operatorAction,
      url: '/fault-queue/:id/close',
      audit: 'fault.closed',
      operationId: 'closeFault',
      errors: ['FAULT_NOT_FOUND', 'FAULT_STATE_CONFLICT'],
      summary: '关闭',
      exampleBody: {},
    },
    {
      params: IdParamsSchema,
      response: FaultSchema,
      handler: async ({ db, actor, params }) => {
        return closeFault(db, actor, params.id);
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/fault-queue/:id/files/:fileId',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'fault',
      operationId: 'downloadFaultScreenshot',
      errors: ['FAULT_NOT_FOUND', 'FILE_NOT_FOUND'],
      summary: '下载故障截图（省局）',
    },
    {
      params: z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() }),
      response: fileResponse('故障截图', mediaTypesOf(UPLOAD_PURPOSES.screenshot.kinds)),
      handler: async ({ db, actor, params, reply }) => {
        const file = await findTicketFile(db, actor, params.id, params.fileId);
        return asDownload(reply, file, await readStoredFile(deps.dataDir, file.storageKey));
      },
    },
  );
}
