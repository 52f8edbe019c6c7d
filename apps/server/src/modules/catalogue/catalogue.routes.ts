import {
  CatalogueItemBodySchema,
  CatalogueItemSchema,
  CatalogueSchema,
  CreateEditionBodySchema,
  EditionListSchema,
  IdParamsSchema,
} from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import {
  addCatalogueItem,
  createDraftEdition,
  editCatalogueItem,
  getCurrentCatalogue,
  getEditionCatalogue,
  listCatalogueEditions,
  publishEdition,
} from './catalogue.service';
import { CATALOGUE_2015 } from './catalogue-2015';

/** A valid new item, for the API documentation and the authorization matrix. */
const EXAMPLE_ITEM = {
  code: 'volunteer_service',
  name: '志愿服务信息',
  category: 'good',
  providerKinds: ['administrative', 'market_regulation'],
  fields: [
    { key: 'serviceDate', label: '服务日期', type: 'date', required: true },
    { key: 'serviceContent', label: '服务内容', type: 'text', required: true, maxLength: 200 },
  ],
  aroseField: 'serviceDate',
  defaultUseScope: 'public',
  publicity: { kind: 'validity', months: 12 },
  requiresLevel: false,
  role: 'record',
};
const EXAMPLE_CHANGED_ITEM = {
  ...CATALOGUE_2015.find((item) => item.code === 'honour')!,
  name: '荣誉表彰信息（修订）',
};

/**
 * 征集目录 (Art. 11): every signed-in user reads the catalogue and its editions; the provincial bureau (platform
 * operator) prepares a new edition as a draft, edits its items and publishes it. Published items never change.
 */
export function registerCatalogueRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/catalogue',
      permission: 'authenticated',
      scope: 'all',
      operationId: 'getCurrentCatalogue',
      errors: ['CATALOGUE_EDITION_NOT_FOUND'],
      summary: '现行征集目录及信息项',
    },
    { response: CatalogueSchema, handler: async ({ db }) => getCurrentCatalogue(db) },
  );
  router.route(
    {
      method: 'GET',
      url: '/catalogue/editions',
      permission: 'authenticated',
      scope: 'all',
      operationId: 'listCatalogueEditions',
      errors: [],
      summary: '征集目录各版本',
    },
    { response: EditionListSchema, handler: async ({ db }) => listCatalogueEditions(db) },
  );
  router.route(
    {
      method: 'GET',
      url: '/catalogue/editions/:id',
      permission: 'authenticated',
      scope: 'all',
      objectType: 'catalogue-edition',
      operationId: 'getCatalogueEdition',
      errors: ['CATALOGUE_EDITION_NOT_FOUND'],
      summary: '某一版本的征集目录',
    },
    {
      params: IdParamsSchema,
      response: CatalogueSchema,
      handler: async ({ db, params }) => getEditionCatalogue(db, params.id),
    },
  );

  const operator = { permission: 'platform.operator', scope: 'all' } as const;
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/catalogue/editions',
      audit: 'catalogue.edition-created',
      operationId: 'createDraftEdition',
      errors: ['CATALOGUE_EDITION_NOT_FOUND', 'CATALOGUE_ITEM_CODE_TAKEN'],
      summary: '新建征集目录草稿版本（复制现行版本）',
      exampleBody: { code: '2027版', name: '贵州省企业公共信用信息征集目录（2027版）' },
    },
    {
      body: CreateEditionBodySchema,
      response: CatalogueSchema,
      handler: async ({ db, actor, body, audit }) => {
        const catalogue = await createDraftEdition(db, actor, body);
        Object.assign(audit, {
          objectType: 'catalogue-edition',
          objectId: catalogue.edition.id,
          details: { code: catalogue.edition.code },
        });
        return catalogue;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/catalogue/editions/:id/items',
      objectType: 'catalogue-edition',
      audit: 'catalogue.item-added',
      operationId: 'addCatalogueItem',
      errors: [
        'CATALOGUE_ITEM_INVALID',
        'CATALOGUE_EDITION_NOT_FOUND',
        'CATALOGUE_EDITION_STATE_CONFLICT',
        'CATALOGUE_ITEM_CODE_TAKEN',
      ],
      summary: '在草稿版本中新增信息项',
      exampleBody: EXAMPLE_ITEM,
    },
    {
      params: IdParamsSchema,
      body: CatalogueItemBodySchema,
      response: CatalogueItemSchema,
      handler: async ({ db, params, body, audit }) => {
        const item = await addCatalogueItem(db, params.id, body);
        audit.details = { itemId: item.id, code: item.code };
        return item;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'PUT',
      url: '/catalogue/items/:id',
      objectType: 'catalogue-item',
      audit: 'catalogue.item-changed',
      operationId: 'editCatalogueItem',
      errors: [
        'CATALOGUE_ITEM_INVALID',
        'CATALOGUE_ITEM_NOT_FOUND',
        'CATALOGUE_EDITION_NOT_FOUND',
        'CATALOGUE_EDITION_STATE_CONFLICT',
        'CATALOGUE_ITEM_CODE_TAKEN',
      ],
      summary: '修改草稿版本中的信息项',
      exampleBody: EXAMPLE_CHANGED_ITEM,
    },
    {
      params: IdParamsSchema,
      body: CatalogueItemBodySchema,
      response: CatalogueItemSchema,
      handler: async ({ db, params, body, audit }) => {
        const item = await editCatalogueItem(db, params.id, body);
        audit.details = { editionId: item.editionId, code: item.code };
        return item;
      },
    },
  );
  router.route(
    {
      ...operator,
      method: 'POST',
      url: '/catalogue/editions/:id/publish',
      objectType: 'catalogue-edition',
      audit: 'catalogue.edition-published',
      operationId: 'publishCatalogueEdition',
      errors: ['CATALOGUE_EDITION_NOT_FOUND', 'CATALOGUE_EDITION_STATE_CONFLICT'],
      summary: '发布草稿版本为现行征集目录',
      exampleBody: {},
    },
    {
      params: IdParamsSchema,
      response: CatalogueSchema,
      handler: async ({ db, params, audit }) => {
        const catalogue = await publishEdition(db, params.id);
        audit.details = { code: catalogue.edition.code };
        return catalogue;
      },
    },
  );
}
