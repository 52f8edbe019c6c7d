import {
  ArticleListSchema,
  ArticleSchema,
  ColumnListSchema,
  ColumnSchema,
  ConsoleArticlesQuerySchema,
  DecideColumnBodySchema,
  ErrorBodySchema,
  IdParamsSchema,
  PublicArticlesQuerySchema,
  RequestColumnBodySchema,
  SaveArticleBodySchema,
  WithdrawArticleBodySchema,
} from '@gzcredit/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConsoleRouter } from '../../platform/console-routes';
import { readStoredFile, sendDownload } from '../../platform/files';
import { getFile } from '../files';
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
      summary: '批准（可调整名称与位置）或驳回专栏申请',
      exampleBody: { decision: 'reject', note: '请与现有栏目合并' },
    },
    {
      params: IdParamsSchema,
      body: DecideColumnBodySchema,
      response: ColumnSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        Object.assign(audit, { objectType: 'column', objectId: params.id, details: { ...body } });
        return decideColumn(db, actor, params.id, body);
      },
    },
  );

  router.route(
    { method: 'GET', url: '/articles', permission: 'content.publish', scope: 'own', summary: '本单位发布的信息' },
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
      summary: '撤回本单位已发布的信息',
      exampleBody: { reason: '内容已过时' },
    },
    {
      params: IdParamsSchema,
      body: WithdrawArticleBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        Object.assign(audit, { objectType: 'article', objectId: params.id, details: { reason: body.reason } });
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
      summary: '省局撤回任一单位已发布的信息（须说明理由，不能修改或删除）',
      exampleBody: { reason: '含有不应公开的内容' },
    },
    {
      params: IdParamsSchema,
      body: WithdrawArticleBodySchema,
      response: ArticleSchema,
      handler: async ({ db, actor, params, body, audit }) => {
        Object.assign(audit, { objectType: 'article', objectId: params.id, details: { reason: body.reason } });
        return withdrawArticle(db, actor, params.id, body.reason, 'operator');
      },
    },
  );
}

/** The public side: published articles of approved columns, and their attachments as downloads. */
export const publishingPublicRoutes: FastifyPluginAsyncZod<PublishingDependencies> = async (app, { db, dataDir }) => {
  app.get(
    '/columns',
    {
      schema: {
        tags: ['信息发布'],
        summary: '栏目（法律法规、政策文件、工作动态、通知公告及专栏）',
        response: { 200: ColumnListSchema },
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
        response: { 200: ArticleListSchema, 400: ErrorBodySchema, 404: ErrorBodySchema },
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
        response: { 200: ArticleSchema, 404: ErrorBodySchema },
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
        response: { 200: z.unknown(), 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      await assertPublicFile(db, request.params.id);
      const file = await getFile(db, request.params.id);
      return sendDownload(reply, file, await readStoredFile(dataDir, file.storageKey));
    },
  );
};
