import {
  AgencyDetailSchema,
  AgencyListSchema,
  AgencySchema,
  CreateAgencyBodySchema,
  IdParamsSchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { createAgency, getAgency, listAgencies } from './agencies.service';

export function registerAgencyRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/agencies',
      permission: 'authenticated',
      scope: 'jurisdiction',
      operationId: 'listAgencies',
      errors: [],
      summary: '机关列表（系统管理员：本级及下一级市场监管部门；其他账户：本机关）',
    },
    {
      response: AgencyListSchema,
      handler: async ({ db, actor }) => ({ items: await listAgencies(db, actor) }),
    },
  );

  router.route(
    {
      method: 'POST',
      url: '/agencies',
      permission: 'account.admin',
      scope: 'jurisdiction',
      audit: 'agency.created',
      operationId: 'createAgency',
      errors: ['AGENCY_ALREADY_EXISTS'],
      summary: '开设机关（本级其他国家机关或下一级市场监管部门）',
      exampleBody: { name: '示例机关', regionCode: '520000', level: 'province', kind: 'administrative' },
    },
    {
      body: CreateAgencyBodySchema,
      response: AgencySchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.details = { name: body.name, regionCode: body.regionCode, level: body.level, kind: body.kind };
        const agency = await createAgency(db, actor, body);
        audit.objectId = agency.id;
        return agency;
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/agencies/:id',
      permission: 'authenticated',
      scope: 'jurisdiction',
      objectType: 'agency',
      audit: 'agency.viewed',
      operationId: 'getAgency',
      errors: ['AGENCY_NOT_FOUND'],
      summary: '机关详情及已备案管理人员（脱敏）',
    },
    {
      params: IdParamsSchema,
      response: AgencyDetailSchema,
      handler: async ({ db, actor, params, audit }) => {
        audit.objectId = params.id;
        return getAgency(db, actor, params.id);
      },
    },
  );
}
