import type { Insertable, Selectable } from 'kysely';
import type { FilesTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type FileRow = Selectable<FilesTable>;

export async function insertFile(db: Db, file: Insertable<FilesTable>): Promise<FileRow> {
  return db.insertInto('files').values(file).returningAll().executeTakeFirstOrThrow();
}

export async function findFile(db: Db, id: number): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listFiles(db: Db, ids: readonly number[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('files').selectAll().where('id', 'in', ids).execute();
}
