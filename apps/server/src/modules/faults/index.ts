export { registerFaultRoutes } from './faults.routes';
export { countUnacceptedFaults } from './faults.service';
