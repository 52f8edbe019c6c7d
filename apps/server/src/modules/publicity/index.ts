export { publicityJobs, schedulePublicityJobs } from './publicity.jobs';
export { registerPublicityRoutes } from './publicity.routes';
export { EXPIRE_RECORDS_JOB, expireEndedPublicity } from './publicity.service';
