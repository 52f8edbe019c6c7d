import { TimelinessQuerySchema, TimelinessSchema } from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { ConsoleRouter } from '../../platform/console-routes';
import { getTimeliness } from './timeliness.service';

/**
 * 及时性 timeliness figures (Art. 12) of the agency's own records. Those of the agencies an overseer oversees (Art. 5,
 * 27, 28) are the statistics module's accountability ranking, built on `listAgencyReporting`.
 */
export function registerTimelinessRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/timeliness',
      permission: RECORD_PERMISSIONS,
      scope: 'own',
      operationId: 'getOwnTimeliness',
      errors: [],
      summary: '本单位报送及时性',
    },
    {
      query: TimelinessQuerySchema,
      response: TimelinessSchema,
      handler: async ({ db, actor, query }) => getTimeliness(db, actor, query),
    },
  );
}
