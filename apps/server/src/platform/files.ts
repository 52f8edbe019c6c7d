import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { AppError } from './errors';

/**
 * Uploaded files (article attachments, fault screenshots): the type is decided by the content's magic bytes, never by
 * the name alone; files live under DATA_DIR/files, outside the web root, and leave only as downloads with a safe name.
 */
export const FILE_KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['.pdf'], label: 'PDF' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
    label: 'Word',
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
    label: 'Excel',
  },
  doc: { mediaType: 'application/msword', extensions: ['.doc'], label: 'Word 97-2003' },
  xls: { mediaType: 'application/vnd.ms-excel', extensions: ['.xls'], label: 'Excel 97-2003' },
  png: { mediaType: 'image/png', extensions: ['.png'], label: 'PNG 图片' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], label: 'JPEG 图片' },
  gif: { mediaType: 'image/gif', extensions: ['.gif'], label: 'GIF 图片' },
  webp: { mediaType: 'image/webp', extensions: ['.webp'], label: 'WebP 图片' },
  // Uploaded record files (ingestion): text, so never recognised by sniffFileKind; checked by the ingestion module.
  csv: { mediaType: 'text/csv', extensions: ['.csv'], label: 'CSV' },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

/** The media types of some kinds, each once: what a download of such a file may be sent as. */
export function mediaTypesOf(kinds: readonly FileKind[]): string[] {
  return [...new Set(kinds.map((kind) => FILE_KINDS[kind].mediaType))];
}

const startsWith = (content: Buffer, bytes: number[], offset = 0) =>
  bytes.every((byte, i) => content[offset + i] === byte);

/** The kind of a file from its first bytes; undefined when it is none we accept. */
export function sniffFileKind(content: Buffer): FileKind | undefined {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(content, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(content, [0x52, 0x49, 0x46, 0x46]) && startsWith(content, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML is a ZIP whose entries name the part it is; a plain ZIP is not accepted.
    const head = content.subarray(0, Math.min(content.length, 64 * 1024)).toString('latin1');
    if (head.includes('word/')) return 'docx';
    if (head.includes('xl/')) return 'xlsx';
    return undefined;
  }
  if (startsWith(content, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'doc';
  return undefined;
}

export interface StoredFile {
  sha256: string;
  kind: FileKind;
  mediaType: string;
  size: number;
  originalName: string;
  storageKey: string;
}

/** A display name safe in a download header and on any file system: no path, no control characters. */
export function safeFileName(name: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    .replace(/["<>:|?*]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .trim();
  return (base || '附件').slice(0, 120);
}

/**
 * The store's layout under DATA_DIR, in this one place: `files/<first two hex digits>/<sha256>`, addressed by content
 * (a file uploaded twice is kept once), and `files/.incoming` for uploads still arriving (swept when abandoned).
 */
export function storageKeyOf(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}

export function storedFilePath(dataDir: string, storageKey: string): string {
  return resolve(dataDir, 'files', storageKey);
}

export function incomingDirectory(dataDir: string): string {
  return resolve(dataDir, 'files', '.incoming');
}

/**
 * Checks an uploaded file without storing it. Refused (400, Chinese, naming the file) when the content is not one of
 * `allowed`, when the name's extension contradicts the content (a `.pdf` that is HTML), or when it exceeds `maxBytes`.
 * A feature that takes several files at once checks them all before it stores any.
 */
export function checkFile(input: { content: Buffer; name: string; allowed: readonly FileKind[]; maxBytes: number }): {
  kind: FileKind;
  originalName: string;
} {
  const originalName = safeFileName(input.name);
  if (input.content.length === 0) throw new AppError('FILE_REJECTED', `文件“${originalName}”为空`);
  if (input.content.length > input.maxBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件“${originalName}”超过 ${Math.round(input.maxBytes / 1024 / 1024)} MB 的大小限制`,
    );
  }
  const sniffed = sniffFileKind(input.content);
  const allowedLabels = input.allowed.map((kind) => FILE_KINDS[kind].label).join('、');
  let kind = sniffed;
  // The OLE2 container is shared by .doc and .xls: the extension tells which.
  if (kind === 'doc' && extname(originalName).toLowerCase() === '.xls') kind = 'xls';
  if (!kind || !input.allowed.includes(kind)) {
    throw new AppError('FILE_REJECTED', `文件“${originalName}”的内容不是允许的类型（${allowedLabels}）`);
  }
  const extension = extname(originalName).toLowerCase();
  if (!(FILE_KINDS[kind].extensions as readonly string[]).includes(extension)) {
    throw new AppError('FILE_REJECTED', `文件“${originalName}”的扩展名与其内容（${FILE_KINDS[kind].label}）不符`);
  }
  return { kind, originalName };
}

/** Checks ({@link checkFile}) and stores an uploaded file. */
export async function storeFile(
  dataDir: string,
  input: { content: Buffer; name: string; allowed: readonly FileKind[]; maxBytes: number },
): Promise<StoredFile> {
  const { kind, originalName } = checkFile(input);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const storageKey = storageKeyOf(sha256);
  const target = storedFilePath(dataDir, storageKey);
  await mkdir(dirname(target), { recursive: true });
  const temporary = resolve(dirname(target), `.${randomUUID()}`);
  await writeFile(temporary, input.content, { mode: 0o600 });
  await rename(temporary, target);
  return { sha256, kind, mediaType: FILE_KINDS[kind].mediaType, size: input.content.length, originalName, storageKey };
}

/** Several files taken at once: checks every one ({@link checkFile}) before it stores any, so a refused file leaves none stored. */
export async function storeFiles(
  dataDir: string,
  files: readonly { content: Buffer; name: string }[],
  rules: { allowed: readonly FileKind[]; maxBytes: number },
): Promise<StoredFile[]> {
  for (const file of files) checkFile({ ...file, ...rules });
  const stored: StoredFile[] = [];
  for (const file of files) stored.push(await storeFile(dataDir, { ...file, ...rules }));
  return stored;
}

export async function readStoredFile(dataDir: string, storageKey: string): Promise<Buffer> {
  return readFile(storedFilePath(dataDir, storageKey));
}

/** A download's name: shown as it is (UTF-8), and an ASCII one for clients that cannot read `filename*`. */
export interface DownloadName {
  originalName: string;
  /** E.g. `penalty-template.xlsx`; by default the ASCII characters of the original name (`download.pdf` if none). */
  asciiName?: string;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 §4.3: the ASCII `filename` for old clients beside the
 * RFC 8187 `filename*`, which wins where understood). The ASCII name keeps letters, digits, `.`, `-` and `_` only.
 */
export function contentDisposition(name: DownloadName): string {
  const ascii = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.-]+|[_.-]+$/g, '');
  const extension = ascii(extname(name.originalName));
  const fallback =
    name.asciiName ?? `${ascii(basename(name.originalName, extname(name.originalName))) || 'download'}.${extension}`;
  // encodeURIComponent leaves ' ( ) * ! unescaped, which RFC 8187's attr-char does not allow.
  const encoded = encodeURIComponent(name.originalName).replace(
    /['()*!]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii(fallback)}"; filename*=UTF-8''${encoded}`;
}

/**
 * A stored or generated file (a buffer or a stream) as a download, never rendered inline, never sniffed: sets the
 * headers and gives the content back for the handler to return. Fastify sends it only once the handler has returned,
 * so the console route's audit row of the download is written before the first byte leaves (platform/console-routes).
 */
export function asDownload(
  reply: FastifyReply,
  file: DownloadName & { mediaType: string },
  content: Buffer | Readable,
): Buffer | Readable {
  reply
    .header('content-type', file.mediaType)
    .header('content-disposition', contentDisposition(file))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
  return content;
}

/** A stream a file is written into while the reply sends it; a failure midway ends the download with an error. */
export function streamDownload(write: (output: Writable) => Promise<void>): PassThrough {
  const output = new PassThrough();
  write(output).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

async function writeDurably(file: string, flags: 'w' | 'a', text: string): Promise<void> {
  const handle = await open(file, flags, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A witness kept outside the database: its newest copy and its history, two files of one directory. */
export interface WitnessFiles {
  directory: string;
  /** The newest, replaced atomically. */
  latest: string;
  /** Every one, a JSON object a line, appended. */
  history: string;
}

/**
 * Writes a witness (the audit chain's head, a checkpoint of the verifiable log) so that it survives a power loss: the
 * newest to a uniquely named temporary file (nodes may share the directory), flushed, then renamed over the old one;
 * then a line appended to the history, flushed.
 */
export async function writeWitness(files: WitnessFiles, witness: unknown): Promise<void> {
  await mkdir(files.directory, { recursive: true });
  const line = `${JSON.stringify(witness)}\n`;
  const file = resolve(files.directory, files.latest);
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeDurably(temporary, 'w', line);
  await rename(temporary, file);
  await writeDurably(resolve(files.directory, files.history), 'a', line);
}

/** The newest witness, parsed JSON, or undefined when none was written there. */
export async function readWitness(files: Pick<WitnessFiles, 'directory' | 'latest'>): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(files.directory, files.latest), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text);
}
