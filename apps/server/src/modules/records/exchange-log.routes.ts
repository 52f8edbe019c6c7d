import { ExchangeLogQuerySchema, ExchangeLogSchema } from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { ConsoleRouter } from '../../platform/console-routes';
import { listExchangeLog } from './exchange-log.service';

/** 交换日志 the exchange log (Art. 14): every exchange of the agency, by whichever way in. */
export function registerExchangeLogRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/exchange-log',
      permission: [...RECORD_PERMISSIONS, 'exchange.configure'],
      scope: 'own',
      operationId: 'listExchangeLog',
      errors: [],
      summary: '本单位交换日志',
    },
    {
      query: ExchangeLogQuerySchema,
      response: ExchangeLogSchema,
      handler: async ({ db, actor, query }) => listExchangeLog(db, actor, query),
    },
  );
}
