export type { FileRow } from './files.repository';
export { findFile, listFiles } from './files.repository';
export { consoleFileUrl, registerFileRoutes } from './files.routes';
export { listOwnFiles, MAX_UPLOAD_BYTES, toFileDto } from './files.service';
