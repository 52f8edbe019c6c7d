export { publicListsRoutes } from './public-lists.routes';
export { createPublicListsService, type PublicListsService } from './public-lists.service';
export { publicityJobs, schedulePublicityJobs } from './publicity.jobs';
export { registerPublicityRoutes } from './publicity.routes';
export { EXPIRE_RECORDS_JOB, expireEndedPublicity } from './publicity.service';
