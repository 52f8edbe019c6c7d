import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { ArticlesTable, ColumnsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type ColumnRow = Selectable<ColumnsTable> & { ownerAgencyName: string | null };
export type ArticleRow = Selectable<ArticlesTable> & { columnName: string; agencyName: string };

function columnsQuery(db: Db) {
  return db
    .selectFrom('columns as c')
    .leftJoin('agencies as a', 'a.id', 'c.ownerAgencyId')
    .selectAll('c')
    .select('a.name as ownerAgencyName');
}

export async function listColumns(
  db: Db,
  filter: { statuses?: ColumnRow['status'][]; orOwnerAgencyId?: number },
): Promise<ColumnRow[]> {
  let query = columnsQuery(db);
  const { statuses, orOwnerAgencyId } = filter;
  if (statuses && orOwnerAgencyId !== undefined) {
    query = query.where((eb) => eb.or([eb('c.status', 'in', statuses), eb('c.ownerAgencyId', '=', orOwnerAgencyId)]));
  } else if (statuses) {
    query = query.where('c.status', 'in', statuses);
  }
  return query.orderBy('c.sortOrder').orderBy('c.id').execute();
}

export async function countColumns(db: Db, filter: { status: ColumnRow['status'] }): Promise<number> {
  const row = await db
    .selectFrom('columns')
    .where('status', '=', filter.status)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findColumn(db: Db, id: number): Promise<ColumnRow | undefined> {
  return columnsQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export async function findColumnByCode(db: Db, code: string): Promise<ColumnRow | undefined> {
  return columnsQuery(db).where('c.code', '=', code).executeTakeFirst();
}

export async function insertColumn(db: Db, column: Insertable<ColumnsTable>): Promise<number> {
  const row = await db.insertInto('columns').values(column).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateColumn(db: Db, id: number, changes: Updateable<ColumnsTable>): Promise<void> {
  await db.updateTable('columns').set(changes).where('id', '=', id).execute();
}

function articlesQuery(db: Db) {
  return db
    .selectFrom('articles as r')
    .innerJoin('columns as c', 'c.id', 'r.columnId')
    .innerJoin('agencies as a', 'a.id', 'r.agencyId')
    .selectAll('r')
    .select(['c.name as columnName', 'a.name as agencyName']);
}

export async function findArticle(db: Db, id: number): Promise<ArticleRow | undefined> {
  return articlesQuery(db).where('r.id', '=', id).executeTakeFirst();
}

export async function listAgencyArticles(
  db: Db,
  agencyId: number,
  filter: { status?: ArticleRow['status']; columnId?: number; limit: number; offset: number },
): Promise<{ rows: ArticleRow[]; total: number }> {
  let query = articlesQuery(db).where('r.agencyId', '=', agencyId);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.columnId) query = query.where('r.columnId', '=', filter.columnId);
  const [rows, count] = await Promise.all([
    query.orderBy('r.updatedAt', 'desc').orderBy('r.id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** Published articles, newest first; a title fragment of 2+ characters uses the bigram index like entity search. */
export async function listPublishedArticles(
  db: Db,
  filter: { columnId?: number; titleFragment?: string; limit: number; offset: number },
): Promise<{ rows: ArticleRow[]; total: number }> {
  let query = articlesQuery(db).where('r.status', '=', 'published').where('c.status', '=', 'approved');
  if (filter.columnId) query = query.where('r.columnId', '=', filter.columnId);
  if (filter.titleFragment) {
    const pattern = `%${filter.titleFragment.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where(sql<boolean>`r.title LIKE ${pattern}`);
    if ([...filter.titleFragment].length >= 2)
      query = query.where(sql<boolean>`bigrams(r.title) @> bigrams(${filter.titleFragment})`);
  }
  const [rows, count] = await Promise.all([
    query.orderBy('r.publishedAt', 'desc').orderBy('r.id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function insertArticle(db: Db, article: Insertable<ArticlesTable>): Promise<number> {
  const row = await db.insertInto('articles').values(article).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateArticle(db: Db, id: number, changes: Updateable<ArticlesTable>): Promise<void> {
  await db
    .updateTable('articles')
    .set({ ...changes, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function replaceAttachments(db: Db, articleId: number, fileIds: readonly number[]): Promise<void> {
  await db.deleteFrom('articleAttachments').where('articleId', '=', articleId).execute();
  if (fileIds.length === 0) return;
  await db
    .insertInto('articleAttachments')
    .values(fileIds.map((fileId, position) => ({ articleId, fileId, position })))
    .execute();
}

export async function listAttachmentIds(db: Db, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articleAttachments')
    .select('fileId')
    .where('articleId', '=', articleId)
    .orderBy('position')
    .execute();
  return rows.map((row) => Number(row.fileId));
}

/** A file is public only while it is attached to a published article. */
export async function isPubliclyAttached(db: Db, fileId: number): Promise<boolean> {
  const row = await db
    .selectFrom('articleAttachments as t')
    .innerJoin('articles as r', 'r.id', 't.articleId')
    .select('t.fileId')
    .where('t.fileId', '=', fileId)
    .where('r.status', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}
