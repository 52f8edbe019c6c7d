import {
  AnnotateRecordBodySchema,
  CorrectRecordBodySchema,
  CreateRecordBodySchema,
  IdParamsSchema,
  RecordDetailSchema,
  RecordListSchema,
  RecordSchema,
  RecordsQuerySchema,
  RemoveListingBodySchema,
  RevokeRecordBodySchema,
} from '@gzcredit/contracts';
import { chinaToday, RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { ConsoleRouter } from '../../platform/console-routes';
import { registerExchangeLogRoutes } from './exchange-log.routes';
import { registerMatchingQueueRoutes } from './matching-queue.routes';
import {
  annotateRecord,
  correctRecord,
  getRecordHistory,
  loadSubmissionContext,
  revokeRecord,
} from './records.service';
import { listRecords, submitFormRecord } from './records-console.service';
import { removeListingRecord } from './records-removals.service';
import { registerTimelinessRoutes } from './timeliness.routes';

/** A valid 行政处罚 record typed into the form, for the API documentation and the authorization matrix. */
const EXAMPLE_PENALTY_FIELDS = {
  decisionNumber: '筑市监罚〔2026〕108号',
  violationType: '虚假宣传',
  violationFacts: '在门店宣传中使用“国家级”等用语',
  legalBasis: '《中华人民共和国广告法》第五十七条',
  penaltyCategory: '罚款',
  penaltyContent: '罚款人民币二万元',
  fineAmount: '2',
  decisionDate: '2026-03-02',
  authority: '贵阳市市场监督管理局',
};

/**
 * The console's records (C4(c), C5, C6, C7, C8): the agency's own records and their versions, the single-record form,
 * corrections, revocations and level annotations by the providing agency only (Art. 16, 24), and from their own files
 * the matching queue (Art. 29), the exchange log (Art. 14) and timeliness figures (Art. 12).
 */
export function registerRecordRoutes(router: ConsoleRouter, deps: { dataKey: Buffer }): void {
  router.route(
    {
      method: 'GET',
      url: '/records',
      permission: RECORD_PERMISSIONS,
      scope: 'own',
      // The list shows records that are not public (SPEC §6: reads of non-public data are audited).
      audit: 'record.listed',
      operationId: 'listRecords',
      errors: [],
      summary: '本单位报送的信息',
    },
    {
      query: RecordsQuerySchema,
      response: RecordListSchema,
      handler: async ({ db, actor, query, audit }) => {
        audit.details = { filters: query };
        return listRecords(db, actor, query);
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/records/:id',
      permission: RECORD_PERMISSIONS,
      scope: 'own',
      objectType: 'record',
      audit: 'record.viewed',
      operationId: 'getRecord',
      errors: ['RECORD_NOT_FOUND'],
      summary: '信息详情：各版本及更正、撤销、标注记录',
    },
    {
      params: IdParamsSchema,
      response: RecordDetailSchema,
      handler: async ({ db, actor, params }) => getRecordHistory(db, actor, params.id),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/records',
      permission: 'record.submit',
      scope: 'own',
      audit: 'record.submitted',
      operationId: 'submitRecord',
      errors: ['RECORD_INVALID'],
      summary: '在线填报一条信息',
      exampleBody: {
        record: {
          itemCode: 'penalty',
          creditCode: '91520102MAJ0KMNA90',
          entityName: '贵州示例科技有限公司',
          dishonestyLevel: '一般失信',
          fields: EXAMPLE_PENALTY_FIELDS,
        },
      },
    },
    {
      body: CreateRecordBodySchema,
      response: RecordSchema,
      handler: async ({ db, actor, body, audit }) => {
        audit.objectType = 'record';
        const context = await loadSubmissionContext(db, deps.dataKey);
        const record = await submitFormRecord(db, actor, context, body.record);
        Object.assign(audit, { objectId: record.id, details: { itemCode: record.item.code, channel: 'form' } });
        return record;
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/records/:id/corrections',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'record',
      audit: 'record.corrected',
      operationId: 'correctRecord',
      errors: ['RECORD_NOT_FOUND', 'RECORD_STATE_CONFLICT', 'RECORD_INVALID', 'RECORD_UNCHANGED'],
      summary: '更正信息（生成新版本）',
      exampleBody: {
        reason: '处罚决定书文号录入有误',
        record: {
          entityName: '贵州测试科技有限公司',
          dishonestyLevel: '一般失信',
          fields: { ...EXAMPLE_PENALTY_FIELDS, decisionNumber: '筑市监罚〔2026〕109号' },
        },
      },
    },
    {
      params: IdParamsSchema,
      body: CorrectRecordBodySchema,
      response: RecordSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        const context = await loadSubmissionContext(db, deps.dataKey);
        const record = await correctRecord(db, actor, context, params.id, body);
        audit.details = { newRecordId: record.id, version: record.version, reason: body.reason };
        return record;
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/records/:id/revocation',
      permission: 'record.correct',
      scope: 'own',
      objectType: 'record',
      audit: 'record.revoked',
      operationId: 'revokeRecord',
      errors: ['RECORD_NOT_FOUND', 'RECORD_STATE_CONFLICT'],
      summary: '撤销信息',
      exampleBody: { reason: '重复报送' },
    },
    {
      params: IdParamsSchema,
      body: RevokeRecordBodySchema,
      response: RecordSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { reason: body.reason };
        return revokeRecord(db, actor, params.id, body.reason);
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/records/:id/removal',
      permission: 'record.submit',
      scope: 'own',
      objectType: 'listing',
      audit: 'record.removed',
      operationId: 'removeListingRecord',
      errors: ['RECORD_NOT_FOUND', 'LISTING_NOT_FOUND', 'RECORD_STATE_CONFLICT', 'LISTING_REMOVAL_INVALID'],
      summary: '移出名单（经营异常名录、严重违法失信名单）：移出日期、原因、作出决定机关',
      exampleBody: { removedOn: '2026-04-01', reason: '已补报年度报告并公示', authority: '贵阳市市场监督管理局' },
    },
    {
      params: IdParamsSchema,
      body: RemoveListingBodySchema,
      response: RecordSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { ...body };
        return removeListingRecord(db, actor, params.id, body, chinaToday());
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/records/:id/annotation',
      permission: 'record.annotate',
      scope: 'own',
      objectType: 'record',
      audit: 'record.annotated',
      operationId: 'annotateRecord',
      errors: ['RECORD_NOT_FOUND', 'RECORD_STATE_CONFLICT', 'RECORD_INVALID', 'RECORD_UNCHANGED'],
      summary: '标注或调整失信等级',
      exampleBody: { level: 'serious', reason: '经复核，违法情节较重' },
    },
    {
      params: IdParamsSchema,
      body: AnnotateRecordBodySchema,
      response: RecordSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { level: body.level, reason: body.reason };
        return annotateRecord(db, actor, params.id, body);
      },
    },
  );
  registerMatchingQueueRoutes(router);
  registerExchangeLogRoutes(router);
  registerTimelinessRoutes(router);
}
