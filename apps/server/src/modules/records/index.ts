export type { EntityRegistration } from '../enterprises';
export { addBatchCounts, insertBatch } from './exchange-log.repository';
export { recordsJobs } from './records.jobs';
export {
  insertRecordChanges,
  type NewRecord,
  type RecordRow,
  recordsQuery,
} from './records.repository';
export { registerRecordRoutes } from './records.routes';
export {
  loadSubmissionContext,
  type PreparedRecord,
  prepareRecord,
  type StoredRecord,
  type SubmissionContext,
  type Submitter,
  storePreparedRecords,
  submitRecords,
  toRecordDto,
} from './records.service';
export { applyRemoval, type RemovalRequest, type Remover, submitRemovals } from './records-removals.service';
export { overruleRecordWithholding } from './records-withholdings.service';
