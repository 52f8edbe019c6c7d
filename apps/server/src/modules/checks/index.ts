export type { CheckPurposeDto } from '@gzcredit/contracts';
export { checksPublicRoutes, registerCheckRoutes } from './checks.routes';
export {
  type Checker,
  checkResultJson,
  createCheckVerifier,
  getCheck,
  runCheck,
  type StoredCheck,
} from './checks.service';
export { registerMeasureRoutes } from './measures.routes';
export {
  type ApplicableMeasure,
  findCheckPurpose,
  findMeasureEditionsInForce,
  listApplicableMeasures,
  listCheckPurposes,
  type MeasureEditionRef,
  seedMeasures,
} from './measures.service';
