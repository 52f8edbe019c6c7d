export { consoleFileUrl, registerFileRoutes } from './files.routes';
export {
  getFile,
  getFiles,
  listOwnFiles,
  MAX_UPLOAD_BYTES,
  registerStoredFile,
  toFileDto,
} from './files.service';
