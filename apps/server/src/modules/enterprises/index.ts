export { enterprisesJobs, REFRESH_NAME_STATISTICS_JOB, scheduleEnterprisesJobs } from './enterprises.jobs';
export {
  attachWaitingRecords,
  countEnterprises,
  type EntityRegistration,
  insertEnterprises,
  type NewEnterprise,
  refreshEntityStanding,
  refreshNameGramCounts,
  upsertEntities,
} from './enterprises.repository';
export { enterprisesPublicRoutes } from './enterprises.routes';
export { createEnterprisesService, type EnterprisesService } from './enterprises.service';
export { getSupervisoryStanding, type SupervisoryStanding } from './enterprises-standing.service';
