import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ReceiverState {
  requests: number;
  applied: number;
  duplicates: number;
  failedOnPurpose: number;
  signatureRefused: number;
  orderViolations: number;
  entities: number;
  failRate: number;
  delayMs: number;
  down: boolean;
  port: number;
  /** The senders (User-Agent) of the requests the receiver is holding while it answers slowly. */
  inFlight: string[];
}

export interface RunningReceiver {
  /** Where the platform delivers: http://127.0.0.1:<port>/receive. */
  endpoint: string;
  keyId: string;
  secret: string;
  process: ChildProcess;
  state(): Promise<ReceiverState>;
  set(change: Partial<Pick<ReceiverState, 'failRate' | 'delayMs' | 'down'>>): Promise<ReceiverState>;
  stop(): Promise<void>;
}

/** Starts the receiver simulator (`npm run sync:receiver`) as its own process, on free ports. */
export async function startReceiver(options: {
  secret: string;
  state?: string;
  keyId?: string;
}): Promise<RunningReceiver> {
  const keyId = options.keyId ?? 'sync-receiver';
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/server/src/cli/sync-receiver.ts',
      '--secret',
      options.secret,
      '--key-id',
      keyId,
      ...(options.state ? ['--state', options.state] : []),
    ],
    { cwd: new URL('../../../', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)));
  });
  const { port, controlPort } = JSON.parse(first) as { port: number; controlPort: number };
  const control = `http://127.0.0.1:${controlPort}/state`;
  return {
    endpoint: `http://127.0.0.1:${port}/receive`,
    keyId,
    secret: options.secret,
    process: child,
    state: async () => (await fetch(control)).json() as Promise<ReceiverState>,
    set: async (change) =>
      (await fetch(control, { method: 'POST', body: JSON.stringify(change) })).json() as Promise<ReceiverState>,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
