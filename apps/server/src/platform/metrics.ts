import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseHandle } from './database';
import { AppError } from './errors';
import { listJobQueues } from './jobs';

/**
 * Prometheus metrics (docs/deployment.md#metrics). Counters of this process (uploads, the Node.js runtime) live in one
 * registry per process; each app adds its HTTP histogram and the gauges read from its database when scraped.
 */

/** Rows of uploaded files settled (stored or refused) per committed chunk: `rate()` of it is the rows per second. */
export const uploadRowsCommitted = new Counter({
  name: 'gzcredit_upload_rows_total',
  help: 'Rows of uploaded record files committed by the ingestion job (accepted or refused)',
  registers: [],
});

/** Leaves appended to the verifiable log (modules/transparency) by this process. */
export const logLeavesAppended = new Counter({
  name: 'gzcredit_log_leaves_total',
  help: 'Leaves appended to the verifiable log (SM3 Merkle tree) by this process',
  registers: [],
});

/** Time the changes' transactions spent on the verifiable log (reading what a leaf attests, hashing, storing). */
export const logAppendSeconds = new Counter({
  name: 'gzcredit_log_append_seconds_total',
  help: 'Seconds spent appending leaves to the verifiable log inside the transactions of the changes',
  registers: [],
});

/** 1 while the log monitor's last run found the tree inconsistent with the witnessed checkpoint (issue 23 item 6). */
export const logConsistencyBroken = new Gauge({
  name: 'gzcredit_log_consistency_broken',
  help: '1 when the last consistency check of the verifiable log against the witnessed checkpoint failed, else 0',
  registers: [],
});

let processRegistry: Registry | undefined;

/** Created on first use: the runtime's collectors start only in a process that serves metrics. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    processRegistry.registerMetric(uploadRowsCommitted);
    processRegistry.registerMetric(logLeavesAppended);
    processRegistry.registerMetric(logAppendSeconds);
    processRegistry.registerMetric(logConsistencyBroken);
  }
  return processRegistry;
}

/** Addresses that may read /metrics without the token: loopback and the private ranges (RFC 1918, RFC 4193). */
const INTERNAL_NETWORKS = new BlockList();
INTERNAL_NETWORKS.addSubnet('127.0.0.0', 8, 'ipv4');
INTERNAL_NETWORKS.addSubnet('10.0.0.0', 8, 'ipv4');
INTERNAL_NETWORKS.addSubnet('172.16.0.0', 12, 'ipv4');
INTERNAL_NETWORKS.addSubnet('192.168.0.0', 16, 'ipv4');
INTERNAL_NETWORKS.addAddress('::1', 'ipv6');
INTERNAL_NETWORKS.addSubnet('fc00::', 7, 'ipv6');

export function isInternalAddress(ip: string): boolean {
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
  const address = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return INTERNAL_NETWORKS.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export interface MetricsOptions {
  database: DatabaseHandle;
  /** Bearer token that lets any address read /metrics; unset: internal addresses only. */
  token: string | undefined;
}

/**
 * GET /metrics for Prometheus and the HTTP histogram of every request. Readable from internal addresses (the client's
 * address as `request.ip` gives it: behind TRUST_PROXY, the one the proxy reports) or with the token.
 */
export function installMetrics(app: FastifyInstance, { database, token }: MetricsOptions): void {
  const registry = new Registry();
  const requestDuration = new Histogram({
    name: 'gzcredit_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status (its _count is the request count)',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'gzcredit_job_queue_depth',
    help: 'Background jobs due and not finished, by job name',
    labelNames: ['name'],
    registers: [registry],
  });
  const queueAge = new Gauge({
    name: 'gzcredit_job_queue_oldest_age_seconds',
    help: 'How long the oldest due job has been waiting, by job name',
    labelNames: ['name'],
    registers: [registry],
  });
  const auditHead = new Gauge({
    name: 'gzcredit_audit_chain_head_id',
    help: 'Id of the newest audit row: the chain length, plus any ids left unused by rolled-back transactions',
    registers: [registry],
  });
  const pool = database.pool;
  if (pool) {
    const poolGauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    poolGauge('gzcredit_db_pool_connections', 'Open PostgreSQL connections of the pool', () => pool.totalCount);
    poolGauge('gzcredit_db_pool_idle_connections', 'Idle PostgreSQL connections of the pool', () => pool.idleCount);
    poolGauge('gzcredit_db_pool_waiting_requests', 'Queries waiting for a connection', () => pool.waitingCount);
  }
  const merged = Registry.merge([processMetrics(), registry]);

  /** Two index-only reads per scrape; on a database outage the scrape still answers, without these series. */
  async function readDatabaseGauges(request: FastifyRequest): Promise<void> {
    queueDepth.reset();
    queueAge.reset();
    auditHead.reset();
    try {
      for (const queue of await listJobQueues(database.db)) {
        queueDepth.set({ name: queue.name }, queue.due);
        queueAge.set({ name: queue.name }, queue.oldestAgeSeconds);
      }
      const { rows } = await sql<{ head: number | null }>`SELECT max(id) AS head FROM audit_log`.execute(database.db);
      auditHead.set(Number(rows[0]?.head ?? 0));
    } catch (error) {
      request.log.warn({ err: error }, 'metrics: could not read the database gauges');
    }
  }

  const expectedToken = token === undefined ? undefined : digest(`Bearer ${token}`);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const authorization = request.headers.authorization;
    const tokenMatches =
      expectedToken !== undefined &&
      authorization !== undefined &&
      timingSafeEqual(digest(authorization), expectedToken);
    if (!tokenMatches && !isInternalAddress(request.ip))
      throw new AppError(
        'FORBIDDEN',
        `监控指标（/metrics）仅限内网地址访问，其他地址须携带 METRICS_TOKEN 令牌（Authorization: Bearer …）；当前客户端地址 ${request.ip}`,
      );
    await readDatabaseGauges(request);
    return reply.type(merged.contentType).send(await merged.metrics());
  });

  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: one series per route however many ids and queries are requested.
    requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
