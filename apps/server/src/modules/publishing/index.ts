export { publishingPublicRoutes, registerPublishingRoutes } from './publishing.routes';
