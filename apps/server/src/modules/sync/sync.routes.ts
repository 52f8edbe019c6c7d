import {
  IdParamsSchema,
  RetrySyncDeadLettersBodySchema,
  RetrySyncDeadLettersResultSchema,
  SyncDeadLetterListSchema,
  SyncDeadLettersQuerySchema,
  SyncDestinationListSchema,
  SyncDestinationSchema,
  UpdateSyncDestinationBodySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { changeSyncDestination, listSyncDeadLetters, listSyncDestinations, retrySyncDeadLetters } from './sync.service';

/** 同步推送 (Rules Art. 9, 10): the provincial bureau's operators configure the destinations and work their dead letters. */
export function registerSyncRoutes(router: ConsoleRouter, deps: { dataKey: Buffer }): void {
  router.route(
    {
      method: 'GET',
      url: '/sync/destinations',
      permission: 'platform.operator',
      scope: 'all',
      audit: 'sync.destinations-viewed',
      auditReads: 'refusals',
      operationId: 'listSyncDestinations',
      errors: [],
      summary: '同步推送目的地及其推送情况',
    },
    {
      response: SyncDestinationListSchema,
      handler: async ({ db }) => ({ items: await listSyncDestinations(db) }),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/sync/destinations/:id',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'sync-destination',
      audit: 'sync.destination-changed',
      operationId: 'updateSyncDestination',
      errors: ['SYNC_DESTINATION_NOT_FOUND', 'SYNC_DESTINATION_INCOMPLETE'],
      summary: '设置同步推送目的地（地址、凭证、推送范围、格式、启停）',
      exampleBody: {
        name: '贵州诚信网',
        endpoint: 'https://sync.example.gov.cn/receive',
        keyId: 'gzcx-sync',
        secret: 'a-shared-secret-of-32-characters',
        itemCodes: null,
        useScopes: ['public'],
        format: 'json',
        enabled: false,
        maxAttempts: 8,
        ratePerSecond: 50,
      },
    },
    {
      params: IdParamsSchema,
      body: UpdateSyncDestinationBodySchema,
      response: SyncDestinationSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const destination = await changeSyncDestination(db, deps, actor, params.id, body);
        Object.assign(audit, {
          objectType: 'sync-destination',
          objectId: destination.id,
          details: {
            name: destination.name,
            endpoint: destination.endpoint,
            enabled: destination.enabled,
            secretChanged: body.secret !== undefined,
          },
        });
        return destination;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/sync/destinations/:id/dead-letters',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'sync-destination',
      audit: 'sync.dead-letters-viewed',
      auditReads: 'refusals',
      operationId: 'listSyncDeadLetters',
      errors: ['SYNC_DESTINATION_NOT_FOUND'],
      summary: '同步推送死信（重试次数用尽的事件）',
    },
    {
      params: IdParamsSchema,
      query: SyncDeadLettersQuerySchema,
      response: SyncDeadLetterListSchema,
      handler: async ({ db, params, query }) => listSyncDeadLetters(db, params.id, query),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/sync/destinations/:id/retries',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'sync-destination',
      audit: 'sync.dead-letters-retried',
      operationId: 'retrySyncDeadLetters',
      errors: ['SYNC_DESTINATION_NOT_FOUND'],
      summary: '重试同步推送死信（指定的或全部）',
      exampleBody: {},
    },
    {
      params: IdParamsSchema,
      body: RetrySyncDeadLettersBodySchema,
      response: RetrySyncDeadLettersResultSchema,
      handler: async ({ db, params, body, audit }) => {
        const retried = await retrySyncDeadLetters(db, params.id, body.ids);
        Object.assign(audit, { objectType: 'sync-destination', objectId: params.id, details: { retried } });
        return { retried };
      },
    },
  );
}
