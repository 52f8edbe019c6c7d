import {
  IdParamsSchema,
  WatchlistAlertListSchema,
  WatchlistAlertsQuerySchema,
  WatchlistAlertsReadSchema,
  WatchlistBodySchema,
  WatchlistDigestListSchema,
  WatchlistListSchema,
  WatchlistSchema,
  WatchlistSettingsBodySchema,
  WatchlistSettingsSchema,
} from '@gzcredit/contracts';
import { maskEmail, WATCHLIST_PERMISSION } from '@gzcredit/domain';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import {
  createWatchlist,
  editWatchlist,
  getDigestSettings,
  getWatchlist,
  listAgencyAlerts,
  listAgencyDigests,
  listAgencyWatchlists,
  readAlert,
  readAllAlerts,
  removeWatchlist,
  setDigestAddress,
} from './watchlists.service';

const EXAMPLE_WATCHLIST = {
  name: '南明区重点监管企业',
  description: '食品生产企业及严重违法失信名单',
  entities: [{ creditCode: '91520102MA6DKXQW6M', note: '重点监管' }],
  rules: [
    { regionCode: '520102', industryCode: 'C14' },
    { regionCode: '520100', itemCode: 'serious_illegal_list' },
  ],
};

/**
 * 监管名单与预警提醒 (Rules Art. 17 第二款): an agency's own watch-lists, the alerts they raise and the daily digests;
 * another agency's list or alert does not exist for the caller (404).
 */
export function registerWatchlistRoutes(
  router: ConsoleRouter,
  deps: { mailConfigured: boolean; dataKey: Buffer },
): void {
  router.route(
    {
      method: 'GET',
      url: '/watchlists',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      summary: '本单位的监管名单',
      operationId: 'listWatchlists',
      errors: [],
    },
    { response: WatchlistListSchema, handler: async ({ db, actor }) => listAgencyWatchlists(db, actor) },
  );
  router.route(
    {
      method: 'POST',
      url: '/watchlists',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      audit: 'watchlist.created',
      summary: '新建监管名单（主体清单或规则：行政区划、行业、主体类型、信息项）',
      operationId: 'createWatchlist',
      errors: ['WATCHLIST_INVALID', 'WATCHLIST_NAME_TAKEN'],
      exampleBody: EXAMPLE_WATCHLIST,
    },
    {
      body: WatchlistBodySchema,
      response: WatchlistSchema,
      handler: async ({ db, actor, body, audit }) => {
        const watchlist = await createWatchlist(db, actor, body);
        Object.assign(audit, {
          objectType: 'watchlist',
          objectId: watchlist.id,
          details: { name: watchlist.name, entities: watchlist.entityCount, rules: watchlist.ruleCount },
        });
        return watchlist;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/watchlists/:id',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      objectType: 'watchlist',
      audit: 'watchlist.viewed',
      auditReads: 'refusals',
      summary: '监管名单的主体与规则',
      operationId: 'getWatchlist',
      errors: ['WATCHLIST_NOT_FOUND'],
    },
    {
      params: IdParamsSchema,
      response: WatchlistSchema,
      handler: async ({ db, actor, params }) => getWatchlist(db, actor, params.id),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/watchlists/:id',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      objectType: 'watchlist',
      audit: 'watchlist.updated',
      summary: '修改监管名单（整体替换主体与规则）',
      operationId: 'updateWatchlist',
      errors: ['WATCHLIST_NOT_FOUND', 'WATCHLIST_INVALID', 'WATCHLIST_NAME_TAKEN'],
      exampleBody: { ...EXAMPLE_WATCHLIST, name: '南明区重点监管企业（修订）' },
    },
    {
      params: IdParamsSchema,
      body: WatchlistBodySchema,
      response: WatchlistSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const watchlist = await editWatchlist(db, actor, params.id, body);
        audit.details = { name: watchlist.name, entities: watchlist.entityCount, rules: watchlist.ruleCount };
        return watchlist;
      },
    },
  );
  router.route(
    {
      method: 'DELETE',
      url: '/watchlists/:id',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      objectType: 'watchlist',
      audit: 'watchlist.deleted',
      summary: '删除监管名单（连同其预警）',
      operationId: 'deleteWatchlist',
      errors: ['WATCHLIST_NOT_FOUND'],
    },
    {
      params: IdParamsSchema,
      response: z.object({ deleted: z.literal(true) }),
      handler: async ({ db, actor, params, audit }) => {
        const removed = await removeWatchlist(db, actor, params.id);
        audit.details = { name: removed.name };
        return { deleted: true as const };
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/watchlist-alerts',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      audit: 'watchlist.alerts-listed',
      summary: '预警提醒：监管名单内主体的新增不良信息、失信等级变化、列入和移出名单',
      operationId: 'listWatchlistAlerts',
      errors: [],
    },
    {
      query: WatchlistAlertsQuerySchema,
      response: WatchlistAlertListSchema,
      handler: async ({ db, actor, query }) => listAgencyAlerts(db, actor, query),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/watchlist-alerts/:id/read',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      objectType: 'watchlist-alert',
      audit: 'watchlist.alert-read',
      summary: '预警标记已读',
      operationId: 'markWatchlistAlertRead',
      errors: ['WATCHLIST_ALERT_NOT_FOUND'],
    },
    {
      params: IdParamsSchema,
      response: WatchlistAlertsReadSchema,
      handler: async ({ db, actor, params }) => readAlert(db, actor, params.id),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/watchlist-alerts/read-all',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      audit: 'watchlist.alerts-read',
      summary: '本单位的未读预警全部标记已读',
      operationId: 'markAllWatchlistAlertsRead',
      errors: [],
    },
    {
      response: WatchlistAlertsReadSchema,
      handler: async ({ db, actor, audit }) => {
        const result = await readAllAlerts(db, actor);
        audit.details = { marked: result.marked };
        return result;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/watchlist-digests',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      audit: 'watchlist.digests-listed',
      summary: '预警日报（站内收件箱，最近 60 份）',
      operationId: 'listWatchlistDigests',
      errors: [],
    },
    {
      response: WatchlistDigestListSchema,
      handler: async ({ db, actor }) => listAgencyDigests(db, actor, deps.dataKey),
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/watchlist-settings',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      summary: '预警日报的接收邮箱',
      operationId: 'getWatchlistSettings',
      errors: [],
    },
    {
      response: WatchlistSettingsSchema,
      handler: async ({ db, actor }) => getDigestSettings(db, actor, deps),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/watchlist-settings',
      permission: WATCHLIST_PERMISSION,
      scope: 'own',
      audit: 'watchlist.settings-updated',
      summary: '设定预警日报的接收邮箱（本单位）',
      operationId: 'updateWatchlistSettings',
      errors: [],
      exampleBody: { digestAddress: 'jgk@example.gov.cn' },
    },
    {
      body: WatchlistSettingsBodySchema,
      response: WatchlistSettingsSchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.details = { digestAddress: body.digestAddress === null ? null : maskEmail(body.digestAddress) };
        return setDigestAddress(db, actor, body.digestAddress, deps);
      },
    },
  );
}
