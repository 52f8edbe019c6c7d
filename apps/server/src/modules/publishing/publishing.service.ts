import type {
  ArticleDto,
  ArticleSummaryDto,
  ColumnDto,
  DecideColumnBodySchema,
  PortalSiteDto,
  RequestColumnBodySchema,
  SaveArticleBody,
} from '@gzcredit/contracts';
import { chinaToday } from '@gzcredit/domain';
import type { z } from 'zod';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { consoleFileUrl, getFiles, listOwnFiles, toFileDto } from '../files';
import {
  type ArticleRow,
  type ColumnRow,
  countColumns,
  findArticle,
  findColumn,
  findColumnByCode,
  insertArticle,
  insertColumn,
  isPubliclyAttached,
  listAgencyArticles,
  listAttachmentIds,
  listColumns,
  listPublishedArticles,
  replaceAttachments,
  updateArticle,
  updateColumn,
} from './publishing.repository';
import { sanitizeArticleBody } from './sanitize';

export interface PublishingDependencies {
  db: Db;
  dataDir: string;
  /** The footer's registration marks, from configuration. */
  site: PortalSiteDto;
}

export const publicFileUrl = (id: number | string) => `/api/public/files/${id}`;

function toColumnDto(row: ColumnRow): ColumnDto {
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    kind: row.kind,
    purpose: row.purpose,
    ownerAgency: row.ownerAgencyId === null ? null : { id: Number(row.ownerAgencyId), name: row.ownerAgencyName ?? '' },
    status: row.status,
    sortOrder: row.sortOrder,
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
  };
}

function toSummary(row: ArticleRow): ArticleSummaryDto {
  return {
    id: Number(row.id),
    column: { id: Number(row.columnId), name: row.columnName },
    agency: { id: Number(row.agencyId), name: row.agencyName },
    title: row.title,
    source: row.source,
    publishDate: row.publishDate,
    status: row.status,
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    withdrawReason: row.withdrawReason,
  };
}

async function toArticleDto(db: Db, row: ArticleRow, fileUrl: (id: number) => string): Promise<ArticleDto> {
  const ids = await listAttachmentIds(db, Number(row.id));
  const attachments = (await getFiles(db, ids)).map((file) => toFileDto(file, fileUrl(Number(file.id))));
  return { ...toSummary(row), bodyHtml: row.bodyHtml, attachments };
}

/** The standing columns and the approved special ones, plus the caller's own agency's requests. */
export async function listConsoleColumns(db: Db, actor: Actor): Promise<ColumnDto[]> {
  const rows = await listColumns(db, { statuses: ['approved'], orOwnerAgencyId: actor.agency.id });
  return rows.map(toColumnDto);
}

export async function listColumnRequests(db: Db): Promise<ColumnDto[]> {
  return (await listColumns(db, {})).map(toColumnDto);
}

/** The special-column requests awaiting the provincial bureau's decision (专栏审批), for its to-do count. */
export async function countColumnRequestsAwaitingDecision(db: Db): Promise<number> {
  return countColumns(db, { status: 'requested' });
}

/** Art. 18: an agency asks the provincial bureau for a special column, with its own agency as owner. */
export async function requestColumn(
  db: Db,
  actor: Actor,
  body: z.infer<typeof RequestColumnBodySchema>,
): Promise<ColumnDto> {
  const id = await insertColumn(db, {
    name: body.name,
    purpose: body.purpose,
    kind: 'special',
    status: 'requested',
    ownerAgencyId: actor.agency.id,
    requestedBy: actor.accountId,
  });
  return toColumnDto((await findColumn(db, id))!);
}

/** The provincial bureau's operator approves (possibly adjusting name and position) or rejects a request. */
export async function decideColumn(
  db: Db,
  actor: Actor,
  id: number,
  body: z.infer<typeof DecideColumnBodySchema>,
): Promise<ColumnDto> {
  const column = await findColumn(db, id);
  if (!column) throw new AppError('COLUMN_NOT_FOUND');
  if (column.status !== 'requested')
    throw new AppError(
      'COLUMN_STATE_CONFLICT',
      `该专栏申请已处理（${column.status === 'approved' ? '已开设' : '未批准'}）`,
    );
  await updateColumn(db, id, {
    status: body.decision === 'approve' ? 'approved' : 'rejected',
    ...(body.decision === 'approve' && body.name ? { name: body.name } : {}),
    ...(body.decision === 'approve' && body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
    decidedBy: actor.accountId,
    decidedAt: new Date(),
    decisionNote: body.note ?? null,
  });
  return toColumnDto((await findColumn(db, id))!);
}

/** An agency writes into the standing columns and into the special columns it owns. */
async function assertWritableColumn(db: Db, actor: Actor, columnId: number): Promise<void> {
  const column = await findColumn(db, columnId);
  const writable =
    column?.status === 'approved' && (column.kind === 'standard' || Number(column.ownerAgencyId) === actor.agency.id);
  if (!writable) {
    throw new AppError('COLUMN_NOT_FOUND', '栏目不存在或本单位不能在该栏目发布', [
      { field: 'columnId', message: '请选择可发布的栏目' },
    ]);
  }
}

/** Art. 24: nobody edits or deletes another agency's articles; they are not even visible to it (404). */
async function findOwnArticle(db: Db, actor: Actor, id: number): Promise<ArticleRow> {
  const article = await findArticle(db, id);
  if (!article || Number(article.agencyId) !== actor.agency.id) throw new AppError('ARTICLE_NOT_FOUND');
  return article;
}

export async function createArticle(db: Db, actor: Actor, body: SaveArticleBody): Promise<ArticleDto> {
  await assertWritableColumn(db, actor, body.columnId);
  const files = await listOwnFiles(db, actor, body.attachmentIds);
  const id = await insertArticle(db, {
    columnId: body.columnId,
    agencyId: actor.agency.id,
    title: body.title,
    bodyHtml: sanitizeArticleBody(body.bodyHtml),
    source: body.source ?? null,
    publishDate: body.publishDate ?? null,
    status: 'draft',
    authorId: actor.accountId,
  });
  await replaceAttachments(
    db,
    id,
    files.map((file) => Number(file.id)),
  );
  return toArticleDto(db, (await findArticle(db, id))!, consoleFileUrl);
}

/**
 * A draft another feature writes from its figures (the monthly 报送情况通报, records): in the standard column of that
 * code, by the caller's agency, left as a draft for its publishers to review, edit and publish like any other.
 */
export async function draftArticleInColumn(
  db: Db,
  actor: Actor,
  draft: { columnCode: string; title: string; bodyHtml: string; source: string },
): Promise<ArticleDto> {
  const column = await findColumnByCode(db, draft.columnCode);
  if (!column) throw new AppError('COLUMN_NOT_FOUND');
  return createArticle(db, actor, {
    columnId: Number(column.id),
    title: draft.title,
    bodyHtml: draft.bodyHtml,
    source: draft.source,
    publishDate: null,
    attachmentIds: [],
  });
}

export async function editArticle(db: Db, actor: Actor, id: number, body: SaveArticleBody): Promise<ArticleDto> {
  await findOwnArticle(db, actor, id);
  await assertWritableColumn(db, actor, body.columnId);
  const files = await listOwnFiles(db, actor, body.attachmentIds);
  await updateArticle(db, id, {
    columnId: body.columnId,
    title: body.title,
    bodyHtml: sanitizeArticleBody(body.bodyHtml),
    source: body.source ?? null,
    publishDate: body.publishDate ?? null,
  });
  await replaceAttachments(
    db,
    id,
    files.map((file) => Number(file.id)),
  );
  return toArticleDto(db, (await findArticle(db, id))!, consoleFileUrl);
}

export async function getOwnArticle(db: Db, actor: Actor, id: number): Promise<ArticleDto> {
  return toArticleDto(db, await findOwnArticle(db, actor, id), consoleFileUrl);
}

export async function listOwnArticles(
  db: Db,
  actor: Actor,
  query: { status?: ArticleRow['status']; columnId?: number; page: number; pageSize: number },
): Promise<{ items: ArticleSummaryDto[]; total: number }> {
  const { rows, total } = await listAgencyArticles(db, actor.agency.id, {
    status: query.status,
    columnId: query.columnId,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toSummary), total };
}

export async function publishArticle(db: Db, actor: Actor, id: number): Promise<ArticleDto> {
  const article = await findOwnArticle(db, actor, id);
  if (article.status === 'published') throw new AppError('ARTICLE_STATE_CONFLICT', '该信息已发布');
  await assertWritableColumn(db, actor, Number(article.columnId));
  const now = new Date();
  await updateArticle(db, id, {
    status: 'published',
    publishedAt: now,
    // The day in China: between 00:00 and 08:00 there the UTC date is still the day before.
    publishDate: article.publishDate ?? chinaToday(now),
    withdrawnAt: null,
    withdrawnBy: null,
    withdrawReason: null,
  });
  return toArticleDto(db, (await findArticle(db, id))!, consoleFileUrl);
}

/**
 * Withdrawal: the owning agency withdraws its own; the provincial operator may withdraw anyone's, with a reason that the
 * audit trail keeps, but never edits or deletes it (Art. 24).
 */
export async function withdrawArticle(
  db: Db,
  actor: Actor,
  id: number,
  reason: string,
  as: 'owner' | 'operator',
): Promise<ArticleDto> {
  const article = as === 'owner' ? await findOwnArticle(db, actor, id) : await findArticle(db, id);
  if (!article) throw new AppError('ARTICLE_NOT_FOUND');
  if (article.status !== 'published') throw new AppError('ARTICLE_STATE_CONFLICT', '只有已发布的信息可以撤回');
  await updateArticle(db, id, {
    status: 'withdrawn',
    withdrawnAt: new Date(),
    withdrawnBy: actor.accountId,
    withdrawReason: reason,
  });
  return toArticleDto(db, (await findArticle(db, id))!, consoleFileUrl);
}

/** An article the platform publishes itself, without the console (the demo data set's, seed/demo-articles.ts). */
export interface SeedArticle {
  columnCode: string;
  title: string;
  bodyHtml: string;
  source: string;
  publishDate: string;
}

/** Publishes these articles in their standing columns as the given author's, each body through the console's sanitiser. */
export async function publishSeedArticles(
  db: Db,
  author: { accountId: number; agencyId: number },
  articles: readonly SeedArticle[],
): Promise<void> {
  for (const article of articles) {
    const column = await findColumnByCode(db, article.columnCode);
    if (!column) throw new Error(`No column ${article.columnCode}`);
    await insertArticle(db, {
      columnId: column.id,
      agencyId: author.agencyId,
      title: article.title,
      bodyHtml: sanitizeArticleBody(article.bodyHtml),
      source: article.source,
      publishDate: article.publishDate,
      status: 'published',
      authorId: author.accountId,
      publishedAt: new Date(`${article.publishDate}T09:00:00+08:00`),
    });
  }
}

export async function listPublicColumns(db: Db): Promise<ColumnDto[]> {
  return (await listColumns(db, { statuses: ['approved'] })).map(toColumnDto);
}

export async function listPublicArticles(
  db: Db,
  query: { column?: string; q?: string; page: number; pageSize: number },
): Promise<{ items: ArticleSummaryDto[]; total: number }> {
  let columnId: number | undefined;
  if (query.column) {
    const column = /^\d+$/.test(query.column)
      ? await findColumn(db, Number(query.column))
      : await findColumnByCode(db, query.column);
    if (column?.status !== 'approved') throw new AppError('COLUMN_NOT_FOUND');
    columnId = Number(column.id);
  }
  const { rows, total } = await listPublishedArticles(db, {
    columnId,
    titleFragment: query.q || undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(toSummary), total };
}

export async function getPublicArticle(db: Db, id: number): Promise<ArticleDto> {
  const article = await findArticle(db, id);
  if (article?.status !== 'published') throw new AppError('ARTICLE_NOT_FOUND');
  return toArticleDto(db, article, publicFileUrl);
}

export async function assertPublicFile(db: Db, fileId: number): Promise<void> {
  if (!(await isPubliclyAttached(db, fileId))) throw new AppError('FILE_NOT_FOUND');
}
