export type { EntityRegistration } from '../enterprises';
export type { FeedPosition } from './change-feed.repository';
export { enterRecordExpiries, enterSharingChange, readChangeFeed, readSharedRecords } from './change-feed.service';
export { addExchangeBatchCounts, openExchangeBatch } from './exchange-log.service';
export { recordsJobs } from './records.jobs';
// Row types only: the repository's functions stay inside the feature (.dependency-cruiser.cjs).
export type { NewRecord } from './records.repository';
export { registerRecordRoutes } from './records.routes';
export {
  correctRecord,
  findRegisteredMobile,
  loadSubmissionContext,
  markUnderObjection,
  type PreparedRecord,
  prepareRecord,
  revokeRecord,
  type StoredRecord,
  type SubmissionContext,
  type Submitter,
  storePreparedRecords,
  submitRecords,
  toRecordDto,
} from './records.service';
export { countRecordsLeavingPublicity } from './records-console.service';
export { applyRemoval, type RemovalRequest, type Remover, submitRemovals } from './records-removals.service';
export {
  type ApplicantRecord,
  endPublicityByRepair,
  findApplicantRecord,
  findRepairableRecord,
  lockRepairableRecord,
  type RepairableRecord,
} from './records-repairs.service';
export { overruleRecordWithholding } from './records-withholdings.service';
export { type AgencyReporting, listAgencyReporting, timelinessFigures } from './timeliness.service';
export type { VisibleRecordFact, VisibleRecordRow, VisibleRecordsQuery } from './visible-records.repository';
export {
  readVisibleRecordFacts,
  readVisibleRecordIds,
  readVisibleRecords,
  type VisibleRecordFacts,
} from './visible-records.service';
