export { registerCatalogueRoutes } from './catalogue.routes';
export {
  type CatalogueItem,
  describeFieldDictionary,
  getCatalogueItem,
  getCurrentCatalogue,
  seedCatalogue,
} from './catalogue.service';
export { CATALOGUE_2015 } from './catalogue-2015';
