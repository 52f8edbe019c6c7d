import { connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { openDatabase } from './database';
import { isDatabaseUnavailable } from './errors';

/**
 * Issue 14, item 12: while PostgreSQL restarts, requests answered 500. The app here reaches its database through a TCP
 * relay that the test cuts and restores, as a restart or a failover does to the server's connections.
 */

/** Relays 127.0.0.1:`port` to the database server; `cutNextQuery` drops the connection that sends the next bytes. */
class Relay {
  readonly sockets = new Set<Socket>();
  cutNextQuery = false;
  private server?: Server;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(port = 0): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk) => {
        if (this.cutNextQuery) {
          this.cutNextQuery = false;
          client.destroy();
          upstream.destroy();
        } else upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  /** Refuses new connections and breaks every open one, as a stopped server does. */
  async stop(): Promise<void> {
    const closed = new Promise((resolve) => this.server!.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe.runIf(process.env.TEST_DATABASE_URL)('database outage on PostgreSQL (issue 14, item 12)', () => {
  it('answers public search 503 with Retry-After while the database is unreachable (it answered 500), then recovers', async () => {
    const database = await createTestDatabase();
    const direct = new URL(database.url!);
    const relay = new Relay({ host: direct.hostname, port: Number(direct.port || 5432) });
    const relayed = new URL(database.url!);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(await relay.listen());
    const throughRelay = await openDatabase({ url: relayed.toString() });
    const app = await createTestApp(throughRelay, { SEARCH_CACHE_SECONDS: '0' });
    const search = () => app.inject({ method: 'GET', url: '/api/public/enterprises?q=%E8%B4%B5%E5%B7%9E' });
    try {
      expect((await search()).statusCode).toBe(200);

      // The connection breaks while a query is on its way.
      relay.cutNextQuery = true;
      const cut = await search();
      expect(cut.statusCode).toBe(503);
      expect(cut.headers['retry-after']).toBe('5');
      expect(cut.json().error).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        message: '数据库暂时无法访问，请稍后再试',
      });

      // The server is down: every connection refused.
      const port = Number(relayed.port);
      await relay.stop();
      const down = await search();
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.json().error.code).toBe('DATABASE_UNAVAILABLE');
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');

      // Back again: the pool opens new connections.
      await relay.listen(port);
      expect((await search()).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await throughRelay.close();
      await relay.stop().catch(() => {});
      await database.close();
    }
  });

  it('recognises the server ending a running query (57P01) as unavailability, and a bad query as not', async () => {
    const database = await createTestDatabase();
    const victim = new pg.Client({ connectionString: database.url });
    const admin = new pg.Client({ connectionString: database.url });
    await victim.connect();
    await admin.connect();
    victim.on('error', () => {});
    try {
      const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const running = victim.query('SELECT pg_sleep(30)').catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      const terminated = await running;
      expect(terminated).toMatchObject({ code: '57P01' });
      expect(isDatabaseUnavailable(terminated)).toBe(true);
      const syntax = await admin.query('SELEC 1').catch((error: unknown) => error);
      expect(isDatabaseUnavailable(syntax)).toBe(false);
    } finally {
      await admin.end();
      await victim.end().catch(() => {});
      await database.close();
    }
  });
});
