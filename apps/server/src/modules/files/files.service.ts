import type { MultipartFile } from '@fastify/multipart';
import type { FileDto } from '@gzcredit/contracts';
import type { Insertable } from 'kysely';
import type { FilesTable } from '../../db/schema';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type FileKind, storeFile } from '../../platform/files';
import type { Actor } from '../../platform/sessions';
import { type FileRow, findFile, insertFile, listFiles } from './files.repository';

/** What each kind of upload may be: attachments are documents, screenshots are images (issue 6: checked by content). */
export const UPLOAD_PURPOSES = {
  attachment: { kinds: ['pdf', 'docx', 'doc', 'xlsx', 'xls', 'png', 'jpeg'] as FileKind[], maxBytes: 20 * 1024 * 1024 },
  image: { kinds: ['png', 'jpeg', 'gif', 'webp'] as FileKind[], maxBytes: 5 * 1024 * 1024 },
  screenshot: { kinds: ['png', 'jpeg', 'gif', 'webp'] as FileKind[], maxBytes: 5 * 1024 * 1024 },
} as const;
export type UploadPurpose = keyof typeof UPLOAD_PURPOSES;
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_PURPOSES).map((purpose) => purpose.maxBytes));

export function toFileDto(file: FileRow, url: string): FileDto {
  return { id: Number(file.id), name: file.originalName, mediaType: file.mediaType, size: file.size, url };
}

export async function uploadFile(
  db: Db,
  dataDir: string,
  actor: Actor,
  purpose: UploadPurpose,
  part: MultipartFile | undefined,
): Promise<FileRow> {
  if (!part)
    throw new AppError('VALIDATION_FAILED', '请选择要上传的文件', [{ field: 'file', message: '请选择要上传的文件' }]);
  const limits = UPLOAD_PURPOSES[purpose];
  const content = await part.toBuffer().catch(() => {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件“${part.filename}”超过 ${limits.maxBytes / 1024 / 1024} MB 的大小限制`,
    );
  });
  const stored = await storeFile(dataDir, {
    content,
    name: part.filename,
    allowed: limits.kinds,
    maxBytes: limits.maxBytes,
  });
  return insertFile(db, { ...stored, agencyId: actor.agency.id, uploadedBy: actor.accountId });
}

/** Registers a file another feature has already moved into the store (an ingestion upload), in the caller's transaction. */
export async function registerStoredFile(trx: Db, file: Insertable<FilesTable>): Promise<FileRow> {
  return insertFile(trx, file);
}

/** A stored file by id, whoever uploaded it: for callers that have checked the reader may see it. */
export async function getFile(db: Db, id: number): Promise<FileRow> {
  const file = await findFile(db, id);
  if (!file) throw new AppError('FILE_NOT_FOUND');
  return file;
}

/** The files named by ids, in the order of ids (attachments keep theirs); an id that names no file is left out. */
export async function getFiles(db: Db, ids: readonly number[]): Promise<FileRow[]> {
  const files = new Map((await listFiles(db, ids)).map((file) => [Number(file.id), file]));
  return ids.flatMap((id) => files.get(id) ?? []);
}

export async function findOwnFile(db: Db, actor: Actor, id: number): Promise<FileRow> {
  const file = await findFile(db, id);
  if (!file || Number(file.agencyId) !== actor.agency.id) throw new AppError('FILE_NOT_FOUND');
  return file;
}

/** The files named by ids, each uploaded by the actor's agency (nobody attaches another agency's upload). */
export async function listOwnFiles(db: Db, actor: Actor, ids: readonly number[]): Promise<FileRow[]> {
  const unique = [...new Set(ids)];
  const files = await listFiles(db, unique);
  const own = files.filter((file) => Number(file.agencyId) === actor.agency.id);
  if (own.length !== unique.length) throw new AppError('FILE_NOT_FOUND', '附件不存在或不属于本单位');
  return unique.map((id) => own.find((file) => Number(file.id) === id)!);
}
