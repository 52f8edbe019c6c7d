export { publishingPublicRoutes, registerPublishingRoutes } from './publishing.routes';
export {
  countColumnRequestsAwaitingDecision,
  draftArticleInColumn,
  publishSeedArticles,
  type SeedArticle,
} from './publishing.service';
