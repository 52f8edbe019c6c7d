import {
  IdParamsSchema,
  OverruleWithholdingBodySchema,
  PublicitySettingSchema,
  PublicitySettingsSchema,
  UpdatePublicitySettingBodySchema,
  WithholdingListSchema,
  WithholdingSchema,
  WithholdingsQuerySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { configurePublicity, listPublicitySettings } from './publicity.service';
import { listWithholdings, overruleWithholding } from './publicity-review.service';

/** 设定公示内容 (Rules Art. 22(五)): an agency's publicity.configure holders choose what it publicises, per item and field. */
export function registerPublicityRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/publicity-settings',
      permission: 'publicity.configure',
      scope: 'own',
      operationId: 'listPublicitySettings',
      errors: [],
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
      operationId: 'configurePublicity',
      errors: ['CATALOGUE_ITEM_NOT_FOUND', 'PUBLICITY_GROUND_REQUIRED'],
      summary: '设定本单位某一信息项的公示内容',
      exampleBody: { publicised: true, hiddenFields: [] },
    },
    {
      params: IdParamsSchema,
      body: UpdatePublicitySettingBodySchema,
      response: PublicitySettingSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        // The row names the catalogue item (the router supplies `:id`); `publicity-item` is the matrix's builder.
        audit.objectType = 'catalogue-item';
        audit.details = {
          publicised: body.publicised,
          hiddenFields: body.hiddenFields,
          ground: body.withholdingGround,
        };
        const setting = await configurePublicity(db, actor, params.id, body);
        audit.details = {
          itemCode: setting.itemCode,
          publicised: setting.publicised,
          hiddenFields: setting.hiddenFields,
          ground: setting.withholdingGround,
        };
        return setting;
      },
    },
  );
  // Art. 15, 22(五): the provincial bureau reviews every withholding of mandatory publicity and may overrule it.
  router.route(
    {
      method: 'GET',
      url: '/publicity-withholdings',
      permission: 'platform.operator',
      scope: 'all',
      operationId: 'listPublicityWithholdings',
      errors: [],
      summary: '依法应公示而不公示的事项（含法定依据），供省市场监管局审核',
    },
    {
      query: WithholdingsQuerySchema,
      response: WithholdingListSchema,
      handler: async ({ db, query }) => listWithholdings(db, query),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/publicity-withholdings/:id/overrule',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'publicity-withholding',
      audit: 'publicity.withholding-overruled',
      operationId: 'overrulePublicityWithholding',
      errors: ['WITHHOLDING_NOT_FOUND', 'WITHHOLDING_STATE_CONFLICT'],
      summary: '纠正不公示事项：该信息项或该条信息恢复公示',
      exampleBody: { reason: '所述依据不属于国家秘密，应依法公示' },
    },
    {
      params: IdParamsSchema,
      body: OverruleWithholdingBodySchema,
      response: WithholdingSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { reason: body.reason };
        const withholding = await overruleWithholding(db, actor, params.id, body.reason);
        audit.details = {
          reason: body.reason,
          agencyId: withholding.agency.id,
          itemCode: withholding.item.code,
          recordId: withholding.record?.id ?? null,
          ground: withholding.ground,
        };
        return withholding;
      },
    },
  );
}
