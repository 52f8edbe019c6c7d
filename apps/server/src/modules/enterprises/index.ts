export { enterprisesJobs, REFRESH_NAME_STATISTICS_JOB, scheduleEnterprisesJobs } from './enterprises.jobs';
// Row types only: the repository's functions stay inside the feature (.dependency-cruiser.cjs).
export type { EntityRegistration, NewEnterprise } from './enterprises.repository';
export { enterprisesPublicRoutes } from './enterprises.routes';
export { createEnterprisesService, type EnterprisesService, lastApprovedRepairs } from './enterprises.service';
export {
  addEnterprises,
  findEntity,
  hasEnterprises,
  matchWaitingRecords,
  recomputeStanding,
  refreshNameStatistics,
  registerEntities,
} from './enterprises-registry.service';
export {
  getSupervisoryStanding,
  type StandingRecord,
  type SupervisoryStanding,
  standingOfRecords,
} from './enterprises-standing.service';
