import {
  IdParamsSchema,
  PublicitySettingSchema,
  PublicitySettingsSchema,
  UpdatePublicitySettingBodySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { configurePublicity, listPublicitySettings } from './publicity.service';

/** 设定公示内容 (Rules Art. 22(五)): an agency's publicity.configure holders choose what it publicises, per item and field. */
export function registerPublicityRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/publicity-settings',
      permission: 'publicity.configure',
      scope: 'own',
      summary: '本单位的公示内容设定（按信息项）',
    },
    {
      response: PublicitySettingsSchema,
      handler: async ({ db, actor }) => listPublicitySettings(db, actor),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/publicity-settings/:id',
      permission: 'publicity.configure',
      scope: 'own',
      // `:id` is a current catalogue item the caller's kind of agency provides; the setting is always its own agency's.
      objectType: 'publicity-item',
      audit: 'publicity.configured',
      summary: '设定本单位某一信息项的公示内容',
      exampleBody: { publicised: true, hiddenFields: [] },
    },
    {
      params: IdParamsSchema,
      body: UpdatePublicitySettingBodySchema,
      response: PublicitySettingSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        Object.assign(audit, {
          objectType: 'catalogue-item',
          objectId: params.id,
          details: { publicised: body.publicised, hiddenFields: body.hiddenFields },
        });
        const setting = await configurePublicity(db, actor, params.id, body);
        audit.details = {
          itemCode: setting.itemCode,
          publicised: setting.publicised,
          hiddenFields: setting.hiddenFields,
        };
        return setting;
      },
    },
  );
}
