export { generateDemoEnterprises, organizationCode, randomSource } from './demo-enterprises';
export { countEnterprises, insertEnterprises, type NewEnterprise } from './enterprises.repository';
export { enterprisesPublicRoutes } from './enterprises.routes';
export { createEnterprisesService, type EnterprisesService } from './enterprises.service';
