import { MatchingQueueQuerySchema, MatchingQueueSchema } from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { ConsoleRouter } from '../../platform/console-routes';
import { listMatchingQueue } from './matching-queue.service';

/** 待匹配队列 the matching queue (Art. 29): the agency's records whose entity is not registered yet. */
export function registerMatchingQueueRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/matching-queue',
      permission: RECORD_PERMISSIONS,
      scope: 'own',
      operationId: 'listMatchingQueue',
      errors: [],
      summary: '待匹配队列：主体尚未登记的信息',
    },
    {
      query: MatchingQueueQuerySchema,
      response: MatchingQueueSchema,
      handler: async ({ db, actor, query }) => listMatchingQueue(db, actor, query),
    },
  );
}
