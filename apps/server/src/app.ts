import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { isPortalPage } from '@gzcredit/contracts';
import { sm2GenerateKeyPair } from '@gzcredit/verify';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { z } from 'zod';
import type { Config } from './config';
import { passwordResetRequestRoutes, registerAccountRoutes, signInRoutes } from './modules/accounts';
import { registerAuditRoutes, registerSecurityEventRoutes } from './modules/audit';
import { nextYearProvisional, registerCalendarRoutes } from './modules/calendar';
import { registerCatalogueRoutes } from './modules/catalogue';
import { checksPublicRoutes, createCheckVerifier, registerCheckRoutes, registerMeasureRoutes } from './modules/checks';
import { createEnterprisesService, enterprisesPublicRoutes } from './modules/enterprises';
import {
  EXCHANGE_REQUESTS_PER_MINUTE,
  exchangeDocumentation,
  exchangeRateLimitKey,
  exchangeRoutes,
  registerApiClientRoutes,
} from './modules/exchange';
import { registerFaultRoutes } from './modules/faults';
import { MAX_UPLOAD_BYTES, registerFileRoutes } from './modules/files';
import { registerIngestionRoutes } from './modules/ingestion';
import {
  applicantPublicRoutes,
  createApplicantsDependencies,
  createRepairsPublicService,
  objectionPublicRoutes,
  type RepairSettings,
  registerApplicantConsoleRoutes,
  registerObjectionConsoleRoutes,
  registerRepairRoutes,
  repairsPublicRoutes,
} from './modules/objections';
import { createPublicListsService, publicListsRoutes, registerPublicityRoutes } from './modules/publicity';
import { publishingPublicRoutes, registerPublishingRoutes } from './modules/publishing';
import { registerRecordRoutes } from './modules/records';
import { createReportsService, reportsPublicRoutes } from './modules/reports';
import { registerSharingRoutes } from './modules/sharing';
import { createStatisticsService, registerStatisticsConsoleRoutes, statisticsPublicRoutes } from './modules/statistics';
import { registerSyncRoutes } from './modules/sync';
import { registerTodoRoutes } from './modules/todos';
import {
  createTransparencyService,
  logKeysOf,
  registerTransparencyRoutes,
  transparencyPublicRoutes,
} from './modules/transparency';
import { registerWatchlistRoutes } from './modules/watchlists';
import { createConsoleRouter } from './platform/console-routes';
import type { DatabaseHandle } from './platform/database';
import { installErrorHandler, RETRY_AFTER_SECONDS, replyRouteNotFound } from './platform/errors';
import { checkReadiness } from './platform/health';
import { installMetrics } from './platform/metrics';
import { SWAGGER_OPTIONS } from './platform/openapi';
import { loadPageShells } from './platform/page-shells';
import { auditRateLimited, auditRefusedRequests, installRequestEdge } from './platform/request-edge';
import { installRequestLog } from './platform/request-log';
import { compileResponseSerializer } from './platform/response-serializer';

// Chinese validation messages for every schema (SPEC §1: every message in Simplified Chinese).
z.config(z.locales.zhCN());

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** SM4 key for personal data at rest (platform/secrets.ts). */
  dataKey: Buffer;
  /**
   * SM2 private key of the verifiable log (platform/secrets.ts `loadLogSigningKey`); absent, LOG_SIGNING_KEY, else a
   * key generated for this app's lifetime (tests, the OpenAPI document, benchmarks).
   */
  logSigningKey?: string;
  /** Built portal to serve (apps/web/dist); absent in route tests. */
  webRoot?: string;
}

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '../../web/dist');

/**
 * The portal's files under assets/ carry a hash of their content in their names (Vite): cached for a year and never
 * asked again. Anything else (index.html, favicon.svg) is checked with the server on every use, so that a new build
 * shows at once.
 */
function cacheControlOf(root: string, path: string): string {
  return relative(root, path).startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** 信用修复's settings from the configuration (modules/objections). */
function repairSettings(config: Config): RepairSettings {
  return {
    dataDir: config.DATA_DIR,
    decisionWorkingDays: config.REPAIR_DECISION_WORKING_DAYS,
    extensionWorkingDays: config.REPAIR_EXTENSION_WORKING_DAYS,
  };
}

const KIB = 1024;
const MIB = 1024 * KIB;
/**
 * Largest JSON body of any route not listed below: every console form (sign-in included) fits, and a body the public
 * API or an unknown address receives is never needed (issue 14, item 1: the smallest limit that fits each route).
 */
const DEFAULT_BODY_LIMIT = 64 * KIB;
/** Console routes whose bodies may be larger; the exchange push sets its own 10 MiB (exchange.routes.ts). */
const LARGER_BODY_LIMITS: Record<string, number> = {
  // A record's fields hold up to 10,000 characters each (catalogue maxLength, CreateRecordBodySchema).
  'POST /api/console/records': MIB,
  'POST /api/console/records/:id/corrections': MIB,
  // A catalogue item has up to 60 fields, each with up to 200 values of a code list.
  'POST /api/console/catalogue/editions/:id/items': MIB,
  'PUT /api/console/catalogue/items/:id': MIB,
  // An article's HTML holds up to 500,000 characters (SaveArticleBodySchema): 1.5 MB of UTF-8 Chinese.
  'POST /api/console/articles': 2 * MIB,
  'PUT /api/console/articles/:id': 2 * MIB,
  // A credit check names up to 10,000 entities (codes, or names of up to 200 characters).
  'POST /api/console/checks': 4 * MIB,
};

/** Builds the Fastify instance without listening: main.ts listens, tests use `inject`. */
export async function buildApp({
  config,
  database,
  dataKey,
  logSigningKey,
  webRoot,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    // One line per request instead of two (platform/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    // The client is the address TRUST_PROXY hops from the right of X-Forwarded-For, never one further left (config.ts).
    trustProxy: config.TRUST_PROXY > 0 ? (_address: string, hop: number) => hop < config.TRUST_PROXY : false,
    bodyLimit: DEFAULT_BODY_LIMIT,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorate('responseSchemas', []);
  app.setSerializerCompiler<z.ZodType>((route) => {
    app.responseSchemas.push(route.schema);
    return compileResponseSerializer(route);
  });
  installErrorHandler(app);
  installRequestLog(app);
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    // Loaded only when switched on: the OpenTelemetry SDK costs nothing otherwise.
    const { installTracing } = await import('./platform/tracing');
    await installTracing(app, { endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  }
  // Security headers (CSP and the rest), built once: @fastify/helmet rebuilt the middleware, parsing the CSP again, on
  // every request (~5 % of a search's server time, bench/README.md).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.NODE_ENV === 'production',
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    securityHeaders(request.raw, reply.raw, () => done());
  });
  installRequestEdge(app, config.PUBLIC_BASE_URL ? {} : { allowedHosts: config.PUBLIC_HOSTS });
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= LARGER_BODY_LIMITS[`${route.method} ${route.url}`];
  });
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  app.decorate('consoleRoutes', []);

  await app.register(swagger, SWAGGER_OPTIONS);
  // The document carries the current catalogue's field dictionary (issue 17 item 5), read at each request of it.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, ...exchangeDocumentation(database.db) });

  const healthResponse = z.object({
    status: z.enum(['ok', 'unavailable']),
    engine: z.string().optional(),
    /** With DATABASE_REPLICA_URL: whether the public reads go to the replica now or back to the primary. */
    replica: z.enum(['in-use', 'fallback']).optional(),
    // From 1 November while next year's holidays are not entered (Art. 12: its due dates are provisional); still 200.
    details: z.object({ calendar: z.object({ nextYear: z.number(), nextYearProvisional: z.boolean() }) }).optional(),
  });
  app.get('/healthz', { schema: { hide: true, response: { 200: healthResponse } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: healthResponse, 503: healthResponse } } },
    async (_request, reply) => {
      const ready = await checkReadiness(database.db);
      if (!ready) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      const calendar = ready ? await nextYearProvisional(database.db) : undefined;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ok' : 'unavailable',
        engine: database.engine,
        ...(database.replica ? { replica: database.replica.inUse ? ('in-use' as const) : ('fallback' as const) } : {}),
        ...(calendar?.provisional
          ? { details: { calendar: { nextYear: calendar.nextYear, nextYearProvisional: true } } }
          : {}),
      });
    },
  );

  installMetrics(app, { database, token: config.METRICS_TOKEN });

  const applicants = createApplicantsDependencies(database.db, dataKey, config, app.log);
  const logKeys = logKeysOf(logSigningKey ?? config.LOG_SIGNING_KEY?.toLowerCase() ?? sm2GenerateKeyPair().privateKey);
  const transparency = createTransparencyService(database.db, {
    keys: logKeys,
    ...(config.LOG_WITNESS_DIR ? { witnessDir: config.LOG_WITNESS_DIR } : {}),
  });

  await app.register(
    async (publicApi) => {
      await publicApi.register(rateLimit, {
        max: config.PUBLIC_RATE_LIMIT_PER_MINUTE,
        timeWindow: '1 minute',
        onExceeded: auditRateLimited(database.db, 'public'),
      });
      // The public reads go to the streaming replica while it is in use (platform/database.ts, DATABASE_REPLICA_URL).
      const readDb = database.readDb ?? database.db;
      const enterprises = createEnterprisesService(readDb, { searchCacheMs: config.SEARCH_CACHE_SECONDS * 1000 });
      await publicApi.register(enterprisesPublicRoutes, { service: enterprises });
      await publicApi.register(reportsPublicRoutes, {
        service: createReportsService(database.db, enterprises, logKeys, readDb),
        publicBaseUrl: config.PUBLIC_BASE_URL,
        reportsPerMinute: config.REPORT_RATE_LIMIT_PER_MINUTE,
      });
      await publicApi.register(checksPublicRoutes, { verify: createCheckVerifier(readDb) });
      await publicApi.register(publishingPublicRoutes, {
        db: database.db,
        dataDir: config.DATA_DIR,
        site: {
          siteIdentifier: config.SITE_IDENTIFIER ?? null,
          icpRecord: config.ICP_RECORD ?? null,
          psbRecord: config.PSB_RECORD ?? null,
        },
      });
      await publicApi.register(statisticsPublicRoutes, { service: createStatisticsService(readDb) });
      await publicApi.register(publicListsRoutes, { service: createPublicListsService(database.db) });
      await publicApi.register(applicantPublicRoutes, {
        deps: applicants,
        signInsPerMinute: config.SIGN_IN_RATE_LIMIT_PER_MINUTE,
        publicBaseUrl: config.PUBLIC_BASE_URL,
      });
      await publicApi.register(transparencyPublicRoutes, { service: transparency });
      await publicApi.register(repairsPublicRoutes, {
        service: createRepairsPublicService(database.db, repairSettings(config)),
      });
      await publicApi.register(objectionPublicRoutes, { deps: applicants, dataDir: config.DATA_DIR });
    },
    { prefix: '/api/public' },
  );

  // Departmental systems (Art. 8, 13(一)): signed requests, rate-limited per key.
  await app.register(
    async (exchangeApi) => {
      await exchangeApi.register(rateLimit, {
        max: EXCHANGE_REQUESTS_PER_MINUTE,
        timeWindow: '1 minute',
        keyGenerator: exchangeRateLimitKey({ db: database.db }),
        onExceeded: auditRateLimited(database.db, 'exchange'),
      });
      await exchangeApi.register(exchangeRoutes, { db: database.db, dataKey });
    },
    { prefix: '/api/exchange/v1' },
  );

  const accounts = { db: database.db, dataKey, dataDir: config.DATA_DIR, sessionTimeouts: config };
  await app.register(
    async (consoleApi) => {
      auditRefusedRequests(consoleApi, database.db, ['POST /session', 'POST /password-reset-requests']);
      await consoleApi.register(signInRoutes, {
        deps: accounts,
        signInsPerMinute: config.SIGN_IN_RATE_LIMIT_PER_MINUTE,
      });
      await consoleApi.register(passwordResetRequestRoutes, { deps: accounts });
      const router = createConsoleRouter(consoleApi, database.db);
      registerAccountRoutes(router, accounts);
      registerAuditRoutes(router, { dataDir: config.DATA_DIR });
      registerSecurityEventRoutes(router, { massDownloadPerHour: config.SECURITY_MASS_DOWNLOAD_PER_HOUR });
      registerTransparencyRoutes(router, { service: transparency });
      registerFileRoutes(router, { dataDir: config.DATA_DIR });
      registerPublishingRoutes(router);
      registerFaultRoutes(router, { dataDir: config.DATA_DIR });
      registerPublicityRoutes(router);
      registerIngestionRoutes(router, {
        db: database.db,
        dataDir: config.DATA_DIR,
        maxUploadBytes: config.UPLOAD_MAX_BYTES,
        http: consoleApi,
      });
      registerCatalogueRoutes(router);
      registerMeasureRoutes(router);
      registerCalendarRoutes(router);
      registerRecordRoutes(router, { dataKey });
      registerSharingRoutes(router);
      registerApiClientRoutes(router, accounts);
      registerTodoRoutes(router);
      registerApplicantConsoleRoutes(router, applicants);
      registerStatisticsConsoleRoutes(router);
      registerObjectionConsoleRoutes(router, applicants);
      registerWatchlistRoutes(router, { mailConfigured: config.SMTP_URL !== undefined, dataKey });
      registerSyncRoutes(router, { dataKey });
      registerCheckRoutes(router, {
        logKeys,
        dataDir: config.DATA_DIR,
        maxUploadBytes: config.UPLOAD_MAX_BYTES,
        ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
      });
      registerRepairRoutes(router, {
        ...repairSettings(config),
        ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
      });
    },
    { prefix: '/api/console' },
  );

  const root = webRoot ?? DEFAULT_WEB_ROOT;
  const serveWeb = existsSync(resolve(root, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      // `/` is a page address like any other (below): its shell may carry the home page's preloads.
      index: false,
      // scripts/build.mjs writes a .br and a .gz beside each text file: sent as they are, by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (response, path) => {
        response.setHeader('vary', 'Accept-Encoding');
        response.setHeader('cache-control', cacheControlOf(root, path));
      },
    });
  }
  const pageShell = serveWeb ? loadPageShells(root) : () => undefined;
  app.setNotFoundHandler((request, reply) => {
    // The portal is a single-page app: any other address outside the APIs is answered with its shell (`/api?x` is an
    // API address), with 404 unless it is one of the portal's pages (the shell then shows 页面不存在).
    const isPage = request.method === 'GET' && !/^\/(api|healthz|readyz|metrics)([/?]|$)/.test(request.url);
    if (serveWeb && isPage) {
      const path = request.url.split('?', 1)[0]!;
      const status = isPortalPage(path) ? 200 : 404;
      const shell = status === 200 ? pageShell(request.url) : undefined;
      if (!shell) return reply.code(status).type('text/html').sendFile('index.html');
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
      if (encoding) reply.header('content-encoding', encoding);
      return reply
        .code(status)
        .header('vary', 'Accept-Encoding')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(encoding === 'br' ? shell.brotli : encoding === 'gzip' ? shell.gzip : shell.html);
    }
    return replyRouteNotFound(request, reply);
  });

  return app;
}
