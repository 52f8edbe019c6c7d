import {
  ApiClientListSchema,
  ApiClientSchema,
  CreateApiClientBodySchema,
  CreatedApiClientSchema,
  IdParamsSchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import {
  type ApiClientDependencies,
  createApiClient,
  listAgencyApiClients,
  revokeApiClient,
} from './api-clients.service';

/** 接口凭证: an agency's `exchange.configure` holders manage the keys its departmental systems sign with (Art. 8, 22(四)). */
export function registerApiClientRoutes(router: ConsoleRouter, deps: ApiClientDependencies): void {
  router.route(
    {
      method: 'GET',
      url: '/api-clients',
      permission: 'exchange.configure',
      scope: 'own',
      operationId: 'listApiClients',
      errors: [],
      summary: '本单位的数据交换接口凭证',
    },
    {
      response: ApiClientListSchema,
      handler: async ({ db, actor }) => ({ items: await listAgencyApiClients(db, actor) }),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/api-clients',
      permission: 'exchange.configure',
      scope: 'own',
      audit: 'api-client.created',
      operationId: 'createApiClient',
      errors: [],
      summary: '创建接口凭证（密钥仅显示一次）',
      exampleBody: { name: '行政处罚业务系统' },
    },
    {
      body: CreateApiClientBodySchema,
      response: CreatedApiClientSchema,
      handler: async ({ db, actor, body, audit }) => {
        const created = await createApiClient(db, deps, actor, body);
        Object.assign(audit, {
          objectType: 'api-client',
          objectId: created.client.id,
          details: { keyId: created.client.keyId, name: created.client.name },
        });
        return created;
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/api-clients/:id/revocation',
      permission: 'exchange.configure',
      scope: 'own',
      objectType: 'api-client',
      audit: 'api-client.revoked',
      operationId: 'revokeApiClient',
      errors: ['API_CLIENT_NOT_FOUND'],
      summary: '吊销接口凭证（立即失效）',
      exampleBody: {},
    },
    {
      params: IdParamsSchema,
      response: ApiClientSchema,
      handler: async ({ db, actor, params, audit }) => {
        const client = await revokeApiClient(db, actor, params.id);
        Object.assign(audit, { objectType: 'api-client', objectId: client.id, details: { keyId: client.keyId } });
        return client;
      },
    },
  );
}
