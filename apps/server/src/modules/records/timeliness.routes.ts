import { AgencyTimelinessListSchema, TimelinessQuerySchema, TimelinessSchema } from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { ConsoleRouter } from '../../platform/console-routes';
import { getTimeliness, listAgencyTimeliness } from './timeliness.service';

/** 及时性 timeliness figures (Art. 12): the agency's own, and those of the agencies an overseer oversees (Art. 5). */
export function registerTimelinessRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/timeliness',
      permission: RECORD_PERMISSIONS,
      scope: 'own',
      summary: '本单位报送及时性',
    },
    {
      query: TimelinessQuerySchema,
      response: TimelinessSchema,
      handler: async ({ db, actor, query }) => getTimeliness(db, actor, query),
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/timeliness/agencies',
      permission: ['platform.operator', 'oversight'],
      scope: 'jurisdiction',
      summary: '管辖范围内各单位报送及时性（县级发展改革部门：本县；市级：本市及所辖县；省级：全省）',
    },
    {
      query: TimelinessQuerySchema,
      response: AgencyTimelinessListSchema,
      handler: async ({ db, actor, query }) => listAgencyTimeliness(db, actor, query),
    },
  );
}
