import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { createEnterprise } from '../../test/factories';
import type { DatabaseHandle } from './database';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string } }>;
}

/** A real OTLP/HTTP receiver: keeps every POST it is sent. */
let receiver: Server;
const received: Array<{ url: string; contentType: string; body: string }> = [];
let database: DatabaseHandle;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        url: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  database = await createTestDatabase();
});

afterAll(async () => {
  receiver?.close();
  await database?.close();
});

const attribute = (span: ExportedSpan, key: string) => {
  const value = span.attributes.find((candidate) => candidate.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('exports a span per request over real HTTP to the configured OTLP endpoint, continuing the caller’s trace', async () => {
    const entity = await createEnterprise(database.db);
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const app = await createTestApp(database, { OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/` });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/public/enterprises/${entity.creditCode}`, {
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      });
      expect(response.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      // Closing the app flushes the spans still batched.
      await app.close();
    }

    expect(received.length).toBeGreaterThan(0);
    expect(received.every((post) => post.url === '/v1/traces' && post.contentType.startsWith('application/json'))).toBe(
      true,
    );
    const spans: ExportedSpan[] = received.flatMap((post) =>
      JSON.parse(post.body).resourceSpans.flatMap((resource: { scopeSpans: Array<{ spans: ExportedSpan[] }> }) =>
        resource.scopeSpans.flatMap((scope) => scope.spans),
      ),
    );
    const requestSpan = spans.find((span) => span.name === 'request');
    expect(requestSpan).toBeDefined();
    expect(requestSpan!.traceId).toBe(traceId);
    expect(attribute(requestSpan!, 'http.route')).toBe('/api/public/enterprises/:creditCode');
    expect(attribute(requestSpan!, 'http.response.status_code')).toBe(200);
    const resource = JSON.parse(received[0]!.body).resourceSpans[0].resource;
    expect(resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'gzcredit-server' } });
    // The probes are not traced.
    expect(spans.some((span) => attribute(span, 'http.route') === '/healthz')).toBe(false);
    if (database.engine === 'postgres') {
      // node-postgres is instrumented too: the profile's queries are spans of the same trace.
      const querySpans = spans.filter((span) => span.name.startsWith('pg.query'));
      expect(querySpans.length).toBeGreaterThan(0);
      expect(querySpans.every((span) => span.traceId === traceId)).toBe(true);
    }
  });
});
