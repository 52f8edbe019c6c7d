import {
  FilingListQuerySchema,
  FilingListSchema,
  FilingSchema,
  IdParamsSchema,
  ReturnFilingBodySchema,
  SubmitFilingBodySchema,
} from '@gzcredit/contracts';
import type { FastifyRequest } from 'fastify';
import type { ConsoleRouter } from '../../platform/console-routes';
import type { Actor } from '../../platform/sessions';
import type { AccountsDependencies } from './accounts.service';
import {
  type FilingReviewer,
  getFiling,
  listFilings,
  recordFiling,
  reviewFiling,
  submitFiling,
} from './filings.service';

const EXAMPLE_FILING = {
  managers: [{ name: '张三', post: '信用科科长', mobile: '13800000000', idCardNumber: '11010519491231002X' }],
};

/** 管理人员备案 manager filings (Rules Art. 20). */
export function registerFilingRoutes(router: ConsoleRouter, deps: AccountsDependencies): void {
  const reviewerOf = (actor: Actor, request: FastifyRequest): FilingReviewer => ({
    actor,
    origin: { ip: request.ip, requestId: request.id },
    dataKey: deps.dataKey,
  });
  router.route(
    {
      method: 'GET',
      url: '/filings',
      permission: 'authenticated',
      scope: 'jurisdiction',
      audit: 'filing.listed',
      operationId: 'listFilings',
      errors: [],
      summary: '管理人员备案列表（系统管理员：报本局的备案；其他账户：本机关的备案）',
    },
    {
      query: FilingListQuerySchema,
      response: FilingListSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.objectType = 'filing';
        audit.details = { status: query.status ?? null };
        return { items: await listFilings(db, actor, query) };
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/filings/:id',
      permission: 'authenticated',
      scope: 'jurisdiction',
      objectType: 'filing',
      audit: 'filing.viewed',
      operationId: 'getFiling',
      errors: ['FILING_NOT_FOUND'],
      summary: '管理人员备案详情',
    },
    {
      params: IdParamsSchema,
      response: FilingSchema,
      handler: async ({ db, actor, params, audit }) => {
        audit.objectId = params.id;
        return getFiling(db, actor, params.id);
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/filings',
      permission: 'authenticated',
      scope: 'own',
      audit: 'filing.submitted',
      operationId: 'submitFiling',
      errors: ['AGENCY_NOT_FOUND', 'BUREAU_NOT_FOUND'],
      summary: '报送本机关管理人员名单（每次变动重新备案）',
      exampleBody: EXAMPLE_FILING,
    },
    {
      body: SubmitFilingBodySchema,
      response: FilingSchema,
      handler: async ({ db, actor, body, audit }) => {
        const filing = await submitFiling(db, deps.dataKey, actor, body);
        audit.objectType = 'filing';
        audit.objectId = filing.id;
        audit.details = { agencyId: filing.agency.id, bureauId: filing.bureau.id, managers: body.managers.length };
        return filing;
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/agencies/:id/filings',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'agency',
      audit: 'filing.recorded',
      operationId: 'recordFiling',
      errors: ['AGENCY_NOT_FOUND'],
      summary: '录入机关报送的纸质管理人员备案（录入即通过）',
      exampleBody: EXAMPLE_FILING,
    },
    {
      params: IdParamsSchema,
      body: SubmitFilingBodySchema,
      response: FilingSchema,
      handler: async ({ db, actor, request, params, body, audit }) => {
        audit.details = { agencyId: params.id, managers: body.managers.length };
        const filing = await recordFiling(db, reviewerOf(actor, request), params.id, body);
        audit.objectType = 'filing';
        audit.objectId = filing.id;
        return filing;
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/filings/:id/accept',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'filing',
      audit: 'filing.accepted',
      operationId: 'acceptFiling',
      errors: ['FILING_NOT_FOUND', 'FILING_ALREADY_REVIEWED'],
      summary: '通过管理人员备案',
    },
    {
      params: IdParamsSchema,
      response: FilingSchema,
      handler: async ({ db, actor, request, params, audit }) => {
        audit.objectId = params.id;
        return reviewFiling(db, reviewerOf(actor, request), params.id, { status: 'accepted', note: null });
      },
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/filings/:id/return',
      permission: 'account.admin',
      scope: 'jurisdiction',
      objectType: 'filing',
      audit: 'filing.returned',
      operationId: 'returnFiling',
      errors: ['FILING_NOT_FOUND', 'FILING_ALREADY_REVIEWED'],
      summary: '退回管理人员备案（须注明原因）',
      exampleBody: { note: '名单不完整，请补充' },
    },
    {
      params: IdParamsSchema,
      body: ReturnFilingBodySchema,
      response: FilingSchema,
      handler: async ({ db, actor, request, params, body, audit }) => {
        audit.objectId = params.id;
        audit.details = { note: body.note };
        return reviewFiling(db, reviewerOf(actor, request), params.id, { status: 'returned', note: body.note });
      },
    },
  );
}
