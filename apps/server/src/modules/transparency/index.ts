// The verifiable log (issue 23): other features append their changes' leaves in their own transactions.
export { scheduleTransparencyJobs, transparencyJobs } from './transparency.jobs';
export { registerTransparencyRoutes, transparencyPublicRoutes } from './transparency.routes';
export {
  type AppendedLeaves,
  appendLogLeaves,
  createTransparencyService,
  findLoggedContent,
  findSignedDocument,
  type LogKeys,
  type LogLeafInput,
  logKeysOf,
  signDocument,
  type TransparencyService,
} from './transparency.service';
