import {
  CheckPurposeListSchema,
  CheckPurposeSchema,
  CreateCheckPurposeBodySchema,
  CreateMeasureEditionBodySchema,
  IdParamsSchema,
  MeasureBodySchema,
  MeasureEditionDetailSchema,
  MeasureEditionListSchema,
  MeasureSchema,
  UpdateCheckPurposeBodySchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import {
  addCheckPurpose,
  addMeasure,
  changeCheckPurpose,
  createMeasureEdition,
  editMeasure,
  getMeasureEdition,
  listCheckPurposes,
  listMeasureEditions,
  publishMeasureEdition,
  removeMeasure,
} from './measures.service';
import { NATIONAL_STARTING_EDITION } from './measures-starting-set';

/** A valid measure, for the API documentation and the authorization matrix (its code is new in any seeded draft). */
const EXAMPLE_MEASURE = {
  ...NATIONAL_STARTING_EDITION.measures[0]!,
  code: 'GZ1-99',
  name: '限制参加政府采购活动（示例）',
};

/**
 * 核查事项 and 失信惩戒措施 (Rules Art. 17; SPEC C12): every signed-in user reads the purposes and every edition of the
 * lists (a check shows the measures it applied); the provincial bureau (`platform.operator`, granted only by the
 * provincial market-regulation bureau to its own accounts) edits the purposes and the draft editions and publishes them.
 */
export function registerMeasureRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/check-purposes',
      permission: 'authenticated',
      scope: 'all',
      operationId: 'listCheckPurposes',
      errors: [],
      summary: '核查事项',
    },
    { response: CheckPurposeListSchema, handler: async ({ db }) => ({ items: await listCheckPurposes(db) }) },
  );
  router.route(
    {
      method: 'GET',
      url: '/measure-editions',
      permission: 'authenticated',
      scope: 'all',
      operationId: 'listMeasureEditions',
      errors: [],
      summary: '失信惩戒措施清单各版本（全国基础清单、贵州省补充清单）',
    },
    { response: MeasureEditionListSchema, handler: async ({ db }) => listMeasureEditions(db) },
  );
  router.route(
    {
      method: 'GET',
      url: '/measure-editions/:id',
      permission: 'authenticated',
      scope: 'all',
      objectType: 'measure-edition',
      operationId: 'getMeasureEdition',
      errors: ['MEASURE_EDITION_NOT_FOUND'],
      summary: '某一版本的失信惩戒措施清单',
    },
    {
      params: IdParamsSchema,
      response: MeasureEditionDetailSchema,
      handler: async ({ db, params }) => getMeasureEdition(db, params.id),
    },
  );

  const operator = { permission: 'platform.operator', scope: 'all' } as const;
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/check-purposes',
      audit: 'checks.purpose-added',
      operationId: 'addCheckPurpose',
      errors: ['CHECK_PURPOSE_CODE_TAKEN'],
      summary: '新增核查事项',
      exampleBody: { code: 'qualification', name: '资质评定' },
    },
    {
      body: CreateCheckPurposeBodySchema,
      response: CheckPurposeSchema,
      handler: async ({ db, body, audit }) => {
        const purpose = await addCheckPurpose(db, body);
        Object.assign(audit, { objectType: 'check-purpose', objectId: purpose.id, details: { code: purpose.code } });
        return purpose;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'PUT',
      url: '/check-purposes/:id',
      objectType: 'check-purpose',
      audit: 'checks.purpose-changed',
      operationId: 'changeCheckPurpose',
      errors: ['CHECK_PURPOSE_NOT_FOUND', 'CHECK_PURPOSE_CODE_TAKEN'],
      summary: '修改核查事项名称或停用、启用核查事项（代码不变）',
      exampleBody: { name: '其他事项', active: true },
    },
    {
      params: IdParamsSchema,
      body: UpdateCheckPurposeBodySchema,
      response: CheckPurposeSchema,
      handler: async ({ db, params, body, audit }) => {
        const purpose = await changeCheckPurpose(db, params.id, body);
        audit.details = { code: purpose.code, name: purpose.name, active: purpose.active };
        return purpose;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/measure-editions',
      audit: 'checks.measure-edition-created',
      operationId: 'createMeasureEdition',
      errors: ['MEASURE_EDITION_STATE_CONFLICT'],
      summary: '新建失信惩戒措施清单草稿版本（复制该清单现行版本）',
      exampleBody: { list: 'provincial', label: '2027年版' },
    },
    {
      body: CreateMeasureEditionBodySchema,
      response: MeasureEditionDetailSchema,
      handler: async ({ db, actor, body, audit }) => {
        const detail = await createMeasureEdition(db, actor, body);
        Object.assign(audit, {
          objectType: 'measure-edition',
          objectId: detail.edition.id,
          details: { list: detail.edition.list, label: detail.edition.label, basedOnId: detail.edition.basedOnId },
        });
        return detail;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/measure-editions/:id/measures',
      objectType: 'measure-edition',
      audit: 'checks.measure-added',
      operationId: 'addMeasure',
      errors: ['MEASURE_EDITION_NOT_FOUND', 'MEASURE_EDITION_STATE_CONFLICT', 'MEASURE_INVALID', 'MEASURE_CODE_TAKEN'],
      summary: '在草稿版本中新增失信惩戒措施',
      exampleBody: EXAMPLE_MEASURE,
    },
    {
      params: IdParamsSchema,
      body: MeasureBodySchema,
      response: MeasureSchema,
      handler: async ({ db, params, body, audit }) => {
        const measure = await addMeasure(db, params.id, body);
        audit.details = { measureId: measure.id, code: measure.code };
        return measure;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'PUT',
      url: '/measures/:id',
      objectType: 'measure',
      audit: 'checks.measure-changed',
      operationId: 'changeMeasure',
      errors: ['MEASURE_NOT_FOUND', 'MEASURE_EDITION_STATE_CONFLICT', 'MEASURE_INVALID', 'MEASURE_CODE_TAKEN'],
      summary: '修改草稿版本中的失信惩戒措施',
      exampleBody: EXAMPLE_MEASURE,
    },
    {
      params: IdParamsSchema,
      body: MeasureBodySchema,
      response: MeasureSchema,
      handler: async ({ db, params, body, audit }) => {
        const measure = await editMeasure(db, params.id, body);
        audit.details = { editionId: measure.editionId, code: measure.code };
        return measure;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'DELETE',
      url: '/measures/:id',
      objectType: 'measure',
      audit: 'checks.measure-deleted',
      operationId: 'deleteMeasure',
      errors: ['MEASURE_NOT_FOUND', 'MEASURE_EDITION_STATE_CONFLICT'],
      summary: '删除草稿版本中的失信惩戒措施',
    },
    {
      params: IdParamsSchema,
      response: MeasureSchema,
      handler: async ({ db, params, audit }) => {
        const measure = await removeMeasure(db, params.id);
        audit.details = { editionId: measure.editionId, code: measure.code, name: measure.name };
        return measure;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/measure-editions/:id/publish',
      objectType: 'measure-edition',
      audit: 'checks.measure-edition-published',
      operationId: 'publishMeasureEdition',
      errors: ['MEASURE_EDITION_NOT_FOUND', 'MEASURE_EDITION_STATE_CONFLICT'],
      summary: '发布草稿版本为现行失信惩戒措施清单（原现行版本转为已替代，仍可查阅）',
      exampleBody: {},
    },
    {
      params: IdParamsSchema,
      response: MeasureEditionDetailSchema,
      handler: async ({ db, params, audit }) => {
        const detail = await publishMeasureEdition(db, params.id);
        audit.details = { list: detail.edition.list, label: detail.edition.label };
        return detail;
      },
    },
  );
}
