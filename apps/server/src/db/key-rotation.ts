import { existsSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { sql } from 'kysely';
import { appendAudit } from '../platform/audit';
import { sm3Hex, sm4Decrypt, sm4Encrypt } from '../platform/crypto';
import type { Db } from '../platform/database';

/**
 * Every SM4-encrypted column (bytea, named `*_cipher`) by table, in the order a rotation takes them.
 * key-rotation.test.ts compares this list with the database's columns: a new cipher column must be added here.
 */
export const CIPHER_COLUMNS: ReadonlyArray<{
  table: string;
  columns: readonly string[];
  /** The table's numeric key, when it is not `id`. */
  key?: string;
}> = [
  { table: 'accounts', columns: ['totp_secret_cipher'] },
  { table: 'managers', columns: ['mobile_cipher', 'id_card_cipher'] },
  { table: 'api_clients', columns: ['secret_cipher'] },
  { table: 'records', columns: ['personal_cipher'] },
  { table: 'watchlist_settings', columns: ['digest_address_cipher'], key: 'agency_id' },
  { table: 'watchlist_digests', columns: ['mailed_to_cipher'] },
  { table: 'sync_destinations', columns: ['secret_cipher'] },
  { table: 'objections', columns: ['contact_phone_cipher'] },
];

/**
 * Progress of a rotation, kept in a file outside the database. `pending` is written before a batch commits and names
 * one value the batch writes (the SM3 of its new cipher, unique by its random IV): a resumed run reads that value to
 * learn whether the batch committed before the previous run stopped.
 */
interface Checkpoint {
  /** SM3 of each key, so that a resumed run is the same rotation. */
  fromKey: string;
  toKey: string;
  /** Index into CIPHER_COLUMNS of the table in progress, and the last id rotated there. */
  tableIndex: number;
  afterId: number;
  pending?: { throughId: number; values: number; probe: { id: number; column: string; digest: string } };
  /** Values re-encrypted by the committed batches. */
  values: number;
  completedAt?: string;
}

export class KeyRotationError extends Error {}

export interface RotationOperator {
  osUser: string;
  host: string;
}

export interface RotationResult {
  /** Values re-encrypted by the whole rotation, this run and the runs it resumed. */
  values: number;
  resumed: boolean;
  /** The checkpoint said the rotation had completed: nothing was done. */
  alreadyComplete: boolean;
}

const keyDigest = (key: Buffer) => sm3Hex(key);

async function readCheckpoint(file: string): Promise<Checkpoint | undefined> {
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as Checkpoint;
}

/** Replaces the checkpoint so that it survives a power loss: written, flushed, then renamed over the old one. */
async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

function reencrypt(from: Buffer, to: Buffer, sealed: Buffer, where: string): Buffer {
  let plaintext: string;
  try {
    plaintext = sm4Decrypt(from, sealed);
  } catch {
    throw new KeyRotationError(
      `${where} 无法用原密钥解密：原密钥不对，或该值已用其他密钥加密；本批未作修改 (cannot be decrypted with the old key; this batch was not changed)`,
    );
  }
  return sm4Encrypt(to, plaintext);
}

/**
 * Re-encrypts every SM4 column from one key to another (issue 17 item 1), `batchSize` rows per transaction, the
 * checkpoint file recording each committed batch, so that a run stopped anywhere (Ctrl-C, a crash, a failed batch)
 * resumes where it stopped when started again with the same keys. Every server must be stopped meanwhile: a row a
 * server writes with the old key behind the rotation would stay unreadable under the new one (docs/deployment.md).
 * `onBatch` runs after each batch commits, before the checkpoint records it.
 */
export async function rotateDataKey(
  db: Db,
  options: {
    from: Buffer;
    to: Buffer;
    checkpointFile: string;
    operator: RotationOperator;
    batchSize?: number;
    onBatch?: (progress: { table: string; throughId: number; values: number }) => void;
  },
): Promise<RotationResult> {
  const { from, to, checkpointFile, batchSize = 500 } = options;
  if (from.equals(to)) throw new KeyRotationError('新旧密钥相同 (the old and the new key are the same)');
  const previous = await readCheckpoint(checkpointFile);
  if (previous && (previous.fromKey !== keyDigest(from) || previous.toKey !== keyDigest(to))) {
    throw new KeyRotationError(
      `${checkpointFile} 记录的是另一次密钥轮换（密钥不同）；若确已放弃那次轮换，请移走该文件 (the checkpoint belongs to a rotation with other keys)`,
    );
  }
  if (previous?.completedAt) return { values: previous.values, resumed: true, alreadyComplete: true };
  const checkpoint: Checkpoint = previous ?? {
    fromKey: keyDigest(from),
    toKey: keyDigest(to),
    tableIndex: 0,
    afterId: 0,
    values: 0,
  };
  if (checkpoint.pending) {
    const { table, key = 'id' } = CIPHER_COLUMNS[checkpoint.tableIndex] ?? { table: '' };
    const { id, column, digest } = checkpoint.pending.probe;
    const probe = await sql<{ value: Buffer | null }>`
      SELECT ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE ${sql.ref(key)} = ${id}`.execute(db);
    const value = probe.rows[0]?.value;
    if (value && sm3Hex(Buffer.from(value)) === digest) {
      checkpoint.afterId = checkpoint.pending.throughId;
      checkpoint.values += checkpoint.pending.values;
    }
    checkpoint.pending = undefined;
    await writeCheckpoint(checkpointFile, checkpoint);
  }

  while (checkpoint.tableIndex < CIPHER_COLUMNS.length) {
    const { table, columns, key = 'id' } = CIPHER_COLUMNS[checkpoint.tableIndex] as (typeof CIPHER_COLUMNS)[number];
    const anyValue = sql.join(
      columns.map((column) => sql`${sql.ref(column)} IS NOT NULL`),
      sql` OR `,
    );
    // Positional aliases (c0, c1, …): the CamelCasePlugin would rename the columns in the result.
    const batch = await sql<Record<string, Buffer | null> & { id: number | string }>`
      SELECT ${sql.ref(key)} AS id, ${sql.join(columns.map((column, index) => sql`${sql.ref(column)} AS ${sql.raw(`c${index}`)}`))}
      FROM ${sql.table(table)}
      WHERE ${sql.ref(key)} > ${checkpoint.afterId} AND (${anyValue}) ORDER BY ${sql.ref(key)} LIMIT ${batchSize}`.execute(
      db,
    );
    if (batch.rows.length === 0) {
      checkpoint.tableIndex += 1;
      checkpoint.afterId = 0;
      await writeCheckpoint(checkpointFile, checkpoint);
      continue;
    }
    const updates = batch.rows.map((row) => {
      const id = Number(row.id);
      const values = columns.flatMap((column, index) => {
        const old = row[`c${index}`];
        if (!old) return [];
        const sealed = Buffer.from(old);
        return [{ column, old: sealed, sealed: reencrypt(from, to, sealed, `${table}.${column}（id ${id}）`) }];
      });
      return { id, values };
    });
    const throughId = updates.at(-1)?.id ?? checkpoint.afterId;
    const rotated = updates.reduce((sum, update) => sum + update.values.length, 0);
    // The query selected rows with at least one value: the first row has one.
    const [probeRow] = updates as [(typeof updates)[number]];
    const [probeValue] = probeRow.values as [(typeof probeRow.values)[number]];
    checkpoint.pending = {
      throughId,
      values: rotated,
      probe: { id: probeRow.id, column: probeValue.column, digest: sm3Hex(probeValue.sealed) },
    };
    await writeCheckpoint(checkpointFile, checkpoint);
    await db.transaction().execute(async (trx) => {
      for (const { id, values } of updates) {
        // Only if unchanged since it was read: a change means a server is running, which would mix the keys.
        const result = await sql`
          UPDATE ${sql.table(table)}
          SET ${sql.join(values.map(({ column, sealed }) => sql`${sql.ref(column)} = ${sealed}`))}
          WHERE ${sql.ref(key)} = ${id} AND ${sql.join(
            values.map(({ column, old }) => sql`${sql.ref(column)} = ${old}`),
            sql` AND `,
          )}`.execute(trx);
        if (Number(result.numAffectedRows ?? 0) !== 1) {
          throw new KeyRotationError(
            `${table} id ${id} 在轮换期间被修改：请先停止所有服务器节点再轮换 (changed during the rotation: stop every server first)`,
          );
        }
      }
    });
    checkpoint.values += rotated;
    options.onBatch?.({ table, throughId, values: checkpoint.values });
    checkpoint.afterId = throughId;
    checkpoint.pending = undefined;
    await writeCheckpoint(checkpointFile, checkpoint);
  }

  checkpoint.completedAt = new Date().toISOString();
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      username: 'cli',
      action: 'platform.data-key-rotated',
      result: 'success',
      details: { ...options.operator, values: checkpoint.values, resumed: previous !== undefined },
    }),
  );
  await writeCheckpoint(checkpointFile, checkpoint);
  return { values: checkpoint.values, resumed: previous !== undefined, alreadyComplete: false };
}
