export { registerSharingRoutes } from './sharing.routes';
export {
  listVisibleRecords,
  maskFreeText,
  type SharingViewer,
  type VisibleRecordsFilter,
} from './sharing.service';
