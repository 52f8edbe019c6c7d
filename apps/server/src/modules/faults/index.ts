export { registerFaultRoutes } from './faults.routes';
