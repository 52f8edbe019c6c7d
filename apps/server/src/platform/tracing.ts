import { createRequire } from 'node:module';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance } from 'fastify';

/**
 * OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/deployment.md#tracing). app.ts imports this
 * module only then, so the SDK costs nothing otherwise. One span per request (`@fastify/otel`, which continues a
 * caller's W3C `traceparent`) with children for its hooks and handler, and one per PostgreSQL query; spans leave in
 * batches over OTLP/HTTP (JSON) and the last ones when the app closes.
 */
export async function installTracing(app: FastifyInstance, options: { endpoint: string }): Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'gzcredit-server' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` }))],
  });
  // Global: the context manager that parents a query's span under its request's, and the W3C propagator.
  provider.register();

  const pgInstrumentation = new PgInstrumentation();
  pgInstrumentation.setTracerProvider(provider);
  // pg was loaded by an ESM import before tracing started, which the instrumentation's require hook never saw:
  // requiring it once now lets the hook patch pg's Client prototype in place, which the open pool's clients share.
  createRequire(import.meta.url)('pg');

  const fastifyInstrumentation = new FastifyOtelInstrumentation({
    // The orchestrator's probes, every few seconds, would fill the traces.
    ignorePaths: (route) => route.url === '/healthz' || route.url === '/readyz',
  });
  fastifyInstrumentation.setTracerProvider(provider);
  await app.register(fastifyInstrumentation.plugin());

  app.addHook('onClose', async () => {
    pgInstrumentation.disable();
    await provider.shutdown();
  });
}
