export { registerAccountRoutes, signInRoutes } from './accounts.routes';
export {
  type AccountsDependencies,
  resetSecondFactor,
  type ShellOperator,
  unlockSignIn,
} from './accounts.service';
export {
  bootstrapAdministrator,
  ensureProvincialAgencies,
  findInitialAdministrator,
  INITIAL_ADMIN_USERNAME,
  INITIAL_PASSWORD_FILE,
} from './bootstrap';
export { countFilingsAwaitingReview } from './filings.service';
export { jurisdictionAgencyIds, overseenAgencyIds } from './jurisdiction';
export { generateOneTimePassword, hashPassword } from './passwords';
export { passwordResetRequestRoutes } from './reset-requests.routes';
export { countPendingResetRequests } from './reset-requests.service';
export { type AttemptCounter, admitAttempt, FORGET_AFTER_MS, PER_NETWORK } from './sign-in-attempts.policy';
