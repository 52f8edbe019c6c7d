import {
  ArticleListSchema,
  ArticleSchema,
  ColumnListSchema,
  ColumnSchema,
  ConsoleArticlesQuerySchema,
  DecideColumnBodySchema,
  IdParamsSchema,
  PortalSiteSchema,
  PublicArticlesQuerySchema,
  RequestColumnBodySchema,
  SaveArticleBodySchema,
  WithdrawArticleBodySchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { asDownload, mediaTypesOf, readStoredFile } from '../../platform/files';
import { fileResponse, jsonResponse, operation, RATE_LIMITED, SECURITY } from '../../platform/openapi';
import { getFile, UPLOAD_PURPOSES } from '../files';
import type { PublishingDependencies } from './publishing.service';
import {
  assertPublicFile,
  createArticle,
  decideColumn,
  editArticle,
  getOwnArticle,
  getPublicArticle,
  listColumnRequests,
  listConsoleColumns,
  listOwnArticles,
  listPublicArticles,
  listPublicColumns,
  publishArticle,
  requestColumn,
  withdrawArticle,
} from './publishing.service';

const exampleArticle = {
  columnId: 3,
  title: '关于开展企业信用信息公示工作的通知',
  bodyHtml: '<p>各有关单位：</p>',
  attachmentIds: [],
};

export function registerPublishingRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/columns',
      permission: 'authenticated',
      scope: 'own',
      operationId: 'listConsoleColumns',
      errors: [],
      summary: '可发布的栏目及本单位的专栏申请',
    },
    { response: ColumnListSchema, handler: async ({ db, actor }) => ({ items: await listConsoleColumns(db, actor) }) },
  );
  router.route(
    {
      method: 'POST',
      url: '/columns',
      permission: 'content.publish',
      scope: 'own',
      audit: 'column.requested',
      operationId: 'requestColumn',
      errors: [],
      summary: '申请开设专栏（由省市场监管局审批，Rules Art. 18）',
      exampleBody: { name: '信用修复专栏', purpose: '发布信用修复政策与办理指南' },
    },
    {
      body: RequestColumnBodySchema,
      response: ColumnSchema,
      handler: async ({ db, actor, body, audit }) => {
        const column = await requestColumn(db, actor, body);
        Object.assign(audit, { objectType: 'column', objectId: column.id, details: { name: column.name } });
        return column;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/column-requests',
      permission: 'platform.operator',
      scope: 'all',
      operationId: 'listColumnRequests',
      errors: [],
      summary: '全部栏目与专栏申请（省局）',
    },
    { response: ColumnListSchema, handler: async ({ db }) => ({ items: await listColumnRequests(db) }) },
  );
  router.route(
    {
      method: 'POST',
      url: '/column-requests/:id/decision',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'column',
      audit: 'column.decided',
      operationId: 'decideColumnRequest',
      errors: ['COLUMN_NOT_FOUND', 'COLUMN_STATE_CONFLICT'],
      summary: '批准（可调整名称与位置）或驳回专栏申请',
      exampleBody: { decision: 'reject', note: '请与现有栏目合并' },
    },
    {
      params: IdParamsSchema,
      body: DecideColumnBodySchema,
      response: ColumnSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { ...body };
        return decideColumn(db, actor, params.id, body);
      },
    },
  );

  router.route(
    {
      method: 'GET',
      url: '/articles',
      permission: 'content.publish',
      scope: 'own',
      operationId: 'listOwnArticles',
      errors: [],
      summary: '本单位发布的信息',
    },
    {
      query: ConsoleArticlesQuerySchema,
      response: ArticleListSchema,
      handler: async ({ db, actor, query }) => listOwnArticles(db, actor, query),
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/articles',
      permission: 'content.publish',
      scope: 'own',
      audit: 'article.created',
      operationId: 'createArticle',
      errors: ['COLUMN_NOT_FOUND', 'FILE_NOT_FOUND'],
      summary: '新建信息（草稿）',
      exampleBody: exampleArticle,
    },
    {
      body: SaveArticleBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, body, audit }) => {
        const article = await createArticle(db, actor, body);
        Object.assign(audit, { objectType: 'article', objectId: article.id, details: { title: article.title } });
        return article;
      },
    },
  );
  router.route(
    {
      method: 'GET',
      url: '/articles/:id',
      permission: 'content.publish',
      scope: 'own',
      objectType: 'article',
      audit: 'article.viewed',
      operationId: 'getOwnArticle',
      errors: ['ARTICLE_NOT_FOUND'],
      summary: '预览本单位的信息',
    },
    {
      params: IdParamsSchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params }) => getOwnArticle(db, actor, params.id),
    },
  );
  router.route(
    {
      method: 'PUT',
      url: '/articles/:id',
      permission: 'content.publish',
      scope: 'own',
      objectType: 'article',
      audit: 'article.edited',
      operationId: 'editArticle',
      errors: ['ARTICLE_NOT_FOUND', 'COLUMN_NOT_FOUND', 'FILE_NOT_FOUND'],
      summary: '修改本单位的信息（不能修改其他单位的信息，Rules Art. 24）',
      exampleBody: exampleArticle,
    },
    {
      params: IdParamsSchema,
      body: SaveArticleBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params, body }) => {
        return editArticle(db, actor, params.id, body);
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/articles/:id/publish',
      permission: 'content.publish',
      scope: 'own',
      objectType: 'article',
      audit: 'article.published',
      operationId: 'publishArticle',
      errors: ['ARTICLE_NOT_FOUND', 'ARTICLE_STATE_CONFLICT'],
      summary: '发布',
      exampleBody: {},
    },
    {
      params: IdParamsSchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params }) => {
        return publishArticle(db, actor, params.id);
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/articles/:id/withdraw',
      permission: 'content.publish',
      scope: 'own',
      objectType: 'article',
      audit: 'article.withdrawn',
      operationId: 'withdrawOwnArticle',
      errors: ['ARTICLE_NOT_FOUND', 'ARTICLE_STATE_CONFLICT'],
      summary: '撤回本单位已发布的信息',
      exampleBody: { reason: '内容已过时' },
    },
    {
      params: IdParamsSchema,
      body: WithdrawArticleBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { reason: body.reason };
        return withdrawArticle(db, actor, params.id, body.reason, 'owner');
      },
    },
  );
  router.route(
    {
      method: 'POST',
      url: '/published-articles/:id/withdraw',
      permission: 'platform.operator',
      scope: 'all',
      objectType: 'article',
      audit: 'article.withdrawn-by-operator',
      operationId: 'withdrawPublishedArticle',
      errors: ['ARTICLE_NOT_FOUND', 'ARTICLE_STATE_CONFLICT'],
      summary: '省局撤回任一单位已发布的信息（须说明理由，不能修改或删除）',
      exampleBody: { reason: '含有不应公开的内容' },
    },
    {
      params: IdParamsSchema,
      body: WithdrawArticleBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        audit.details = { reason: body.reason };
        return withdrawArticle(db, actor, params.id, body.reason, 'operator');
      },
    },
  );
}

/** The public side: published articles of approved columns, and their attachments as downloads. */
export const publishingPublicRoutes: FastifyPluginAsyncZod<PublishingDependencies> = async (
  app,
  { db, dataDir, site },
) => {
  app.get(
    '/site',
    {
      schema: {
        tags: ['信息发布'],
        summary: '门户页脚的网站标识码、ICP 备案号与公安机关备案号（运维配置，未配置为 null；缓存 300 秒）',
        ...operation({
          operationId: 'getPortalSite',
          security: SECURITY.none,
          ok: jsonResponse('门户页脚信息', PortalSiteSchema),
          errors: RATE_LIMITED,
        }),
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return site;
    },
  );
  app.get(
    '/columns',
    {
      schema: {
        tags: ['信息发布'],
        summary: '栏目（法律法规、政策文件、工作动态、通知公告及专栏）',
        ...operation({
          operationId: 'listPublicColumns',
          security: SECURITY.none,
          ok: jsonResponse('栏目列表', ColumnListSchema),
          errors: RATE_LIMITED,
        }),
      },
    },
    async () => ({ items: await listPublicColumns(db) }),
  );
  app.get(
    '/articles',
    {
      schema: {
        tags: ['信息发布'],
        summary: '已发布的信息，按栏目与标题查询',
        querystring: PublicArticlesQuerySchema,
        ...operation({
          operationId: 'listPublicArticles',
          security: SECURITY.none,
          ok: jsonResponse('已发布的信息列表', ArticleListSchema),
          errors: ['VALIDATION_FAILED', 'COLUMN_NOT_FOUND', ...RATE_LIMITED],
        }),
      },
    },
    async (request) => listPublicArticles(db, request.query),
  );
  app.get(
    '/articles/:id',
    {
      schema: {
        tags: ['信息发布'],
        summary: '信息正文与附件',
        params: IdParamsSchema,
        ...operation({
          operationId: 'getPublicArticle',
          security: SECURITY.none,
          ok: jsonResponse('信息正文与附件', ArticleSchema),
          errors: ['VALIDATION_FAILED', 'ARTICLE_NOT_FOUND', ...RATE_LIMITED],
        }),
      },
    },
    async (request) => getPublicArticle(db, request.params.id),
  );
  app.get(
    '/files/:id',
    {
      schema: {
        tags: ['信息发布'],
        summary: '下载已发布信息的附件',
        params: IdParamsSchema,
        ...operation({
          operationId: 'downloadPublicFile',
          security: SECURITY.none,
          ok: fileResponse('附件（Content-Disposition 给出原文件名）', mediaTypesOf(UPLOAD_PURPOSES.attachment.kinds)),
          errors: ['VALIDATION_FAILED', 'FILE_NOT_FOUND', ...RATE_LIMITED],
        }),
      },
    },
    async (request, reply) => {
      await assertPublicFile(db, request.params.id);
      const file = await getFile(db, request.params.id);
      return asDownload(reply, file, await readStoredFile(dataDir, file.storageKey));
    },
  );
};
