/**
 * objections — 异议与信用修复 (issue 21). The applicant identity is shared by objections and repairs: guard a route
 * with `requireApplicant(db)` (a preHandler: the `gzc_applicant` session, and the CSRF header on changes) and read
 * the entity it acts for with `applicantOf(request)`; declare `APPLICANT_GUARD_ERRORS` and `SECURITY.applicant` /
 * `SECURITY.applicantMutation` (platform/openapi.ts) in its OpenAPI operation. An objection's or a repair
 * application's due date, and whether it is overdue or was decided late, is `caseDeadline` (accountability reads it
 * too, with the rows it reads: `listCaseDeadlines`). See README.md.
 */
export {
  APPLICANT_COOKIE,
  APPLICANT_GUARD_ERRORS,
  type Applicant,
  applicantOf,
  authenticateApplicant,
  requireApplicant,
} from './applicant-session';
export { applicantPublicRoutes, registerApplicantConsoleRoutes } from './applicants.routes';
export { type ApplicantsDependencies, createApplicantsDependencies } from './applicants.service';
export { caseDeadline } from './deadlines';
export { listCaseDeadlines } from './deadlines.service';
export { objectionPublicRoutes, registerObjectionConsoleRoutes } from './objections.routes';
export { registerRepairRoutes, repairsPublicRoutes } from './repairs.routes';
export { createRepairsPublicService, type RepairApplicant, type RepairSettings } from './repairs.service';
