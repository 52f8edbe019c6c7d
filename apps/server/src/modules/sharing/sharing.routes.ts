import {
  ExchangeFloorPageSchema,
  ExchangeFloorSchema,
  ExchangeSettingSchema,
  ExchangeSettingsSchema,
  IdParamsSchema,
  SharedExportQuerySchema,
  SharedRecordListSchema,
  SharedRecordsQuerySchema,
  UpdateExchangeFloorBodySchema,
  UpdateExchangeSettingBodySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, streamDownload } from '../../platform/files';
import { fileResponse, MEDIA_TYPES } from '../../platform/openapi';
import {
  configureExchange,
  configureExchangeFloor,
  getExchangeFloor,
  listExchangeSettings,
} from './exchange-settings.service';
import { openSharedExport, querySharedRecords } from './sharing-export.service';

/**
 * 设定信息交换内容 (Rules Art. 22(四)) and 查询和下载 (Art. 22(二)): the providers' exchange settings, the provincial
 * bureau's floor, and the shared query with its exports.
 */
export function registerSharingRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/exchange-settings',
      permission: 'exchange.configure',
      scope: 'own',
      operationId: 'listExchangeSettings',
      errors: [],
      summary: '本单位的信息交换设定（按信息项），及省局设定的交换底线',
    },
    {
      response: ExchangeSettingsSchema,
      handler: async ({ db, actor }) => listExchangeSettings(db, actor),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/exchange-settings/:id',
      permission: 'exchange.configure',
      scope: 'own',
      // `:id` is a current catalogue item the caller's kind of agency provides; the setting is always its own agency's.
      objectType: 'exchange-item',
      audit: 'sharing.configured',
      operationId: 'configureExchange',
      errors: ['CATALOGUE_ITEM_NOT_FOUND'],
      summary: '设定本单位某一信息项的内部共享、授权查询对象及可见数据项',
      exampleBody: { sharedRestricted: false, shared: [], authorised: [{ audience: 'kind', value: 'judicial' }] },
    },
    {
      params: IdParamsSchema,
      body: UpdateExchangeSettingBodySchema,
      response: ExchangeSettingSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        // The row names the catalogue item (the router supplies `:id`); `exchange-item` is the matrix's builder.
        audit.objectType = 'catalogue-item';
        audit.details = { ...body };
        const setting = await configureExchange(db, actor, params.id, body);
        audit.details = {
          itemCode: setting.itemCode,
          sharedRestricted: setting.sharedRestricted,
          shared: setting.shared,
          authorised: setting.authorised,
        };
        return setting;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/exchange-floor',
      permission: 'platform.operator',
      scope: 'all',
      operationId: 'getExchangeFloor',
      errors: [],
      summary: '交换底线：各提供单位的设定不得低于的共享范围（省市场监管局设定）',
    },
    {
      response: ExchangeFloorPageSchema,
      handler: async ({ db }) => getExchangeFloor(db),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/exchange-floor',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'exchange-floor',
      audit: 'sharing.floor-configured',
      operationId: 'configureExchangeFloor',
      errors: [],
      summary: '设定交换底线（整体替换）',
      exampleBody: { rules: [{ audience: 'all', dishonestyLevel: 'severe' }] },
    },
    {
      body: UpdateExchangeFloorBodySchema,
      response: ExchangeFloorSchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.details = { rules: body.rules };
        return configureExchangeFloor(db, actor, body);
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/shared-records',
      permission: 'record.query',
      scope: 'own',
      audit: 'sharing.queried',
      operationId: 'listSharedRecords',
      errors: [],
      summary: '共享查询：本单位可见的全部信息（本单位的，及其他单位按交换设定提供的），逐项按可见数据项',
    },
    {
      query: SharedRecordsQuerySchema,
      response: SharedRecordListSchema,
      handler: async ({ db, actor, query, audit }) => {
        const result = await querySharedRecords(db, actor, query);
        audit.details = { query, count: result.items.length };
        return result;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/shared-records/export',
      permission: 'record.query',
      scope: 'own',
      audit: 'sharing.exported',
      operationId: 'exportSharedRecords',
      errors: [],
      summary: '下载共享查询结果（format=xlsx 或 csv；含非公示信息时须填写下载用途 purpose）',
    },
    {
      query: SharedExportQuerySchema,
      response: fileResponse(
        '共享信息（XLSX 或 CSV，按 format；末行与文档属性注明导出编号、导出人、单位、时间和用途）',
        [MEDIA_TYPES.xlsx, MEDIA_TYPES.csv],
      ),
      handler: async ({ db, actor, query, reply, audit }) => {
        audit.details = { query };
        const file = await openSharedExport(db, actor, query);
        Object.assign(audit, {
          objectType: 'exchange-batch',
          objectId: file.batchId,
          details: { query, exportNo: file.exportNo },
        });
        reply.header('x-export-number', file.exportNo);
        return asDownload(reply, file.download, streamDownload(file.write));
      },
    },
  );
}
