export { consoleFileUrl, registerFileRoutes } from './files.routes';
export {
  getFile,
  getFiles,
  listOwnFiles,
  MAX_UPLOAD_BYTES,
  registerStoredFile,
  toFileDto,
  UPLOAD_PURPOSES,
} from './files.service';
