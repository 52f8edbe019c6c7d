export { addBatchCounts, type EntityRegistration, insertBatch, type NewRecord } from './records.repository';
export {
  loadSubmissionContext,
  type PreparedRecord,
  prepareRecord,
  type SubmissionContext,
  type Submitter,
  storePreparedRecords,
  submitRecords,
} from './records.service';
