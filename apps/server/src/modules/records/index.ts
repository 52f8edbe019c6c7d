export { seedDemoRecords } from './demo-records';
export {
  addBatchCounts,
  type EntityRegistration,
  insertBatch,
  type NewRecord,
  type RecordRow,
  recordsQuery,
  refreshEntityStanding,
} from './records.repository';
export { registerRecordRoutes } from './records.routes';
export {
  loadSubmissionContext,
  type PreparedRecord,
  prepareRecord,
  type SubmissionContext,
  type Submitter,
  storePreparedRecords,
  submitRecords,
  toRecordDto,
} from './records.service';
