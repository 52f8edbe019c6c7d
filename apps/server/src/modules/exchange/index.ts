export { registerApiClientRoutes } from './api-clients.routes';
export { EXCHANGE_REQUESTS_PER_MINUTE, exchangeRateLimitKey, exchangeRoutes } from './exchange.routes';
export { exchangeDocumentation } from './exchange-openapi';
export { bodyDigest, signatureMatches, signatureOf } from './signatures';
