import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries of the Debian packages (postgresql-15 on the CI machines). */
function binaries(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** PostgreSQL refuses to run as root: as root (the CI machine), its binaries run as the postgres user. */
async function asPostgres(program: string, args: string[]): Promise<string> {
  const path = join(binaries(), program);
  const { stdout } =
    process.getuid?.() === 0 ? await run('runuser', ['-u', 'postgres', '--', path, ...args]) : await run(path, args);
  return stdout;
}

async function privateDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  return dir;
}

/**
 * A PostgreSQL server of the test's own in a temporary directory on a loopback port: never the machine's server on
 * 5432, whose configuration and life the drills leave alone.
 */
export interface PrivatePostgres {
  port: number;
  dataDir: string;
  url(database: string): string;
  start(): Promise<void>;
  /** `fast`: sessions are ended and the server shuts down cleanly, as in a restart. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

function privatePostgres(dataDir: string, port: number): PrivatePostgres {
  let running = false;
  const server: PrivatePostgres = {
    port,
    dataDir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop(mode = 'fast') {
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await server.stop('immediate').catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * A primary: initdb (UTF-8, C.UTF-8, trust on loopback), WAL for streaming replicas, a replication line in its own
 * pg_hba.conf, listening on 127.0.0.1 only, its socket in its own directory. Started.
 */
export async function startPrivatePrimary(): Promise<PrivatePostgres> {
  const dataDir = await privateDirectory('gzcredit-pg-primary-');
  const port = await freePort();
  await asPostgres('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  await appendFile(
    join(dataDir, 'postgresql.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dataDir}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'shared_buffers = 32MB',
      // A drill's throwaway server: durability is not what it tests.
      'fsync = off',
      'synchronous_commit = off',
      '',
    ].join('\n'),
  );
  await appendFile(join(dataDir, 'pg_hba.conf'), 'host replication postgres 127.0.0.1/32 trust\n');
  const server = privatePostgres(dataDir, port);
  await server.start();
  return server;
}

/** A streaming replica of `primary`: pg_basebackup into a temporary directory (standby.signal, primary_conninfo), started. */
export async function startPrivateReplica(primary: PrivatePostgres): Promise<PrivatePostgres> {
  const dataDir = await privateDirectory('gzcredit-pg-replica-');
  const port = await freePort();
  await asPostgres('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-X',
    'stream',
    '-R',
    // At once: the default, a spread checkpoint, waited minutes for the primary's next one.
    '--checkpoint=fast',
    '--no-sync',
  ]);
  await appendFile(
    join(dataDir, 'postgresql.auto.conf'),
    `port = ${port}\nunix_socket_directories = '${dataDir}'\nhot_standby = on\n`,
  );
  const server = privatePostgres(dataDir, port);
  await server.start();
  return server;
}
