import { resolve } from 'node:path';
import type { AuditAction } from '@gzcredit/contracts';
import { sql } from 'kysely';
import { z } from 'zod';
import { sm3Hex } from './crypto';
import type { Db } from './database';
import { readWitness, type WitnessFiles, writeWitness } from './files';

export type AuditResult = 'success' | 'failure' | 'denied';

/** A refused call to a console read that declares no action is named by its route: `GET /faults`. */
export type RouteAction = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} ${string}`;

export interface AuditEntry {
  accountId?: number | null;
  username?: string | null;
  agencyId?: number | null;
  ip?: string | null;
  action: AuditAction | RouteAction;
  objectType?: string | null;
  objectId?: string | number | null;
  result: AuditResult;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  occurredAt: Date;
  accountId: number | null;
  username: string | null;
  agencyId: number | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  requestId: string | null;
  details: unknown;
  previousHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends so each row chains to the one before it (Rules Art. 14, 25: traces nobody can quietly alter). */
const AUDIT_CHAIN_LOCK = 5_202_014;

/** JSON with sorted keys, so jsonb's reordering does not change the digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function rowDigest(row: Omit<AuditRow, 'id' | 'hash'>): string {
  return sm3Hex(
    canonical([
      row.previousHash,
      row.occurredAt.toISOString(),
      row.accountId === null ? null : Number(row.accountId),
      row.username,
      row.agencyId === null ? null : Number(row.agencyId),
      row.ip,
      row.action,
      row.objectType,
      row.objectId,
      row.result,
      row.requestId,
      row.details,
    ]),
  );
}

/**
 * Takes the audit chain's lock for the rest of the transaction (re-entrant). The verifiable log's appends take it
 * before their own head, so that the two serial points are always taken in this order and never deadlock.
 */
export async function lockAuditChain(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
}

/** Appends one audit row. Call it inside the transaction of the change it describes. */
export async function appendAudit(trx: Db, entry: AuditEntry): Promise<void> {
  await lockAuditChain(trx);
  const last = await sql<{ hash: string }>`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`.execute(trx);
  const row = {
    occurredAt: new Date(),
    accountId: entry.accountId ?? null,
    username: entry.username ?? null,
    agencyId: entry.agencyId ?? null,
    ip: entry.ip ?? null,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
    result: entry.result,
    requestId: entry.requestId ?? null,
    details: JSON.parse(canonical(entry.details ?? {})) as unknown,
    previousHash: last.rows[0]?.hash ?? GENESIS_HASH,
  };
  await sql`
    INSERT INTO audit_log (occurred_at, account_id, username, agency_id, ip, action, object_type, object_id, result,
      request_id, details, previous_hash, hash)
    VALUES (${row.occurredAt}, ${row.accountId}, ${row.username}, ${row.agencyId}, ${row.ip}, ${row.action},
      ${row.objectType}, ${row.objectId}, ${row.result}, ${row.requestId}, ${JSON.stringify(row.details)}::jsonb,
      ${row.previousHash}, ${rowDigest(row)})`.execute(trx);
}

/**
 * Appends an audit row in its own transaction, for events with no change to share one (sign-in failures, refusals);
 * given a transaction, in it (Kysely opens none inside another, and PGlite's one connection is the caller's).
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  if (db.isTransaction) await appendAudit(db, entry);
  else await db.transaction().execute((trx) => appendAudit(trx, entry));
}

/**
 * The chain head seen at one moment, kept outside the table (DATA_DIR and the log): the chain alone cannot show that
 * its newest rows were deleted, since what remains still chains (issue 14 item 5).
 */
export interface AuditWitness {
  /** ISO 8601. */
  witnessedAt: string;
  /** Id of the newest row then; 0 for an empty table. */
  lastId: number;
  /** How many rows the table held up to and including `lastId`. */
  rows: number;
  /** Hash of row `lastId` (GENESIS_HASH for an empty table). */
  hash: string;
}

const AuditWitnessSchema = z.object({
  witnessedAt: z.iso.datetime(),
  lastId: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** The latest witness, replaced atomically (write a temporary file, then rename). */
export const AUDIT_WITNESS_FILE = 'audit-witness.json';
/** Every witness, one JSON object a line, appended. */
export const AUDIT_WITNESS_HISTORY_FILE = 'audit-witness.jsonl';

const auditWitnessFiles = (dataDir: string): WitnessFiles => ({
  directory: dataDir,
  latest: AUDIT_WITNESS_FILE,
  history: AUDIT_WITNESS_HISTORY_FILE,
});

/**
 * The newest row, the rows after the previous witness's up to it, and the hash the previous witness's row has now
 * (null when it is gone), read in one statement so that all come from the same snapshot. Counting only the rows since
 * the previous witness keeps each run short on a large trail (a full count takes ~0.8 s per million rows on
 * PostgreSQL); the rows before are the previous witness's count, which the chain walk of audit:verify checks.
 */
async function readAuditHead(
  db: Db,
  previous: AuditWitness | undefined,
): Promise<{ head: Omit<AuditWitness, 'witnessedAt'>; previousHash: string | null }> {
  const after = previous?.lastId ?? 0;
  const { rows } = await sql<{ id: number | null; hash: string | null; added: number; previousHash: string | null }>`
    SELECT newest.id, newest.hash,
      (SELECT count(*)::int FROM audit_log WHERE id > ${after} AND id <= newest.id) AS added,
      (SELECT hash FROM audit_log WHERE id = ${after}) AS previous_hash
    FROM (SELECT 1) one LEFT JOIN (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1) newest ON true`.execute(db);
  const row = rows[0]!;
  return {
    head:
      row.id === null
        ? { lastId: 0, rows: 0, hash: GENESIS_HASH }
        : { lastId: Number(row.id), rows: (previous?.rows ?? 0) + Number(row.added), hash: row.hash! },
    previousHash: after === 0 ? GENESIS_HASH : row.previousHash,
  };
}

/**
 * Writes the chain head to DATA_DIR: the latest witness atomically (temporary file, then rename) and a line of the
 * history. A head that no longer extends the previous witness (its row gone or changed) is not written: the previous
 * witness stays as the evidence `npm run audit:verify` reports, and this throws.
 */
export async function witnessAuditHead(db: Db, dataDir: string): Promise<AuditWitness> {
  const previous = await readAuditWitness(dataDir);
  const { head, previousHash } = await readAuditHead(db, previous);
  if (previous && previousHash !== previous.hash) {
    throw new Error(
      `audit row ${previous.lastId} witnessed at ${previous.witnessedAt} is missing or altered; the witness is kept ` +
        'for npm run audit:verify',
    );
  }
  const witness: AuditWitness = { witnessedAt: new Date().toISOString(), ...head };
  await writeWitness(auditWitnessFiles(dataDir), witness);
  return witness;
}

/** The latest witness in DATA_DIR, or undefined when none was ever written there. */
export async function readAuditWitness(dataDir: string): Promise<AuditWitness | undefined> {
  const witness = await readWitness(auditWitnessFiles(dataDir));
  if (witness === undefined) return undefined;
  const parsed = AuditWitnessSchema.safeParse(witness);
  if (!parsed.success) {
    throw new Error(`${resolve(dataDir, AUDIT_WITNESS_FILE)} is not an audit witness: ${parsed.error.message}`);
  }
  return parsed.data;
}

export type AuditVerification =
  | { intact: true; checked: number }
  | { intact: false; checked: number; brokenRowId: number; problem: AuditChainProblem; reason: string };

/**
 * `broken-link`: the row does not chain to the row before it (that row was deleted or altered); `altered-row`: its
 * own content changed; `rows-missing`: rows the witness saw are gone from the end of the chain (`brokenRowId` is the
 * last row left of them, 0 when none is); `witness-mismatch`: the witnessed row is there but is not the row witnessed
 * (the chain was rebuilt).
 */
export type AuditChainProblem = 'broken-link' | 'altered-row' | 'rows-missing' | 'witness-mismatch';

/**
 * Walks the whole chain in id order and names the first row whose hash or link does not hold; then, given the latest
 * witness, checks that the chain still holds the rows it saw.
 */
export async function verifyAuditChain(
  db: Db,
  options: { witness?: AuditWitness; batchSize?: number } = {},
): Promise<AuditVerification> {
  const { witness, batchSize = 5_000 } = options;
  let previousHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  // The rows up to the witnessed one: how many, the last id among them and its hash.
  let witnessedRows = 0;
  let lastWitnessedId = 0;
  let lastWitnessedHash = GENESIS_HASH;
  for (;;) {
    const { rows } = await sql<AuditRow>`
      SELECT * FROM audit_log WHERE id > ${afterId} ORDER BY id LIMIT ${batchSize}`.execute(db);
    if (rows.length === 0) break;
    for (const row of rows) {
      const id = Number(row.id);
      if (row.previousHash !== previousHash) {
        return {
          intact: false,
          checked,
          brokenRowId: id,
          problem: 'broken-link',
          reason: 'the previous row is missing or was altered (chain link broken)',
        };
      }
      if (rowDigest(row) !== row.hash) {
        return {
          intact: false,
          checked,
          brokenRowId: id,
          problem: 'altered-row',
          reason: 'the row content does not match its hash (row altered)',
        };
      }
      if (witness && id <= witness.lastId) {
        witnessedRows += 1;
        lastWitnessedId = id;
        lastWitnessedHash = row.hash;
      }
      previousHash = row.hash;
      afterId = id;
      checked += 1;
    }
  }
  if (!witness) return { intact: true, checked };
  if (lastWitnessedId < witness.lastId) {
    return {
      intact: false,
      checked,
      brokenRowId: lastWitnessedId,
      problem: 'rows-missing',
      reason:
        `${witness.rows - witnessedRows} rows missing after row ${lastWitnessedId} ` +
        `(the witness of ${witness.witnessedAt} saw ${witness.rows} rows up to row ${witness.lastId})`,
    };
  }
  if (lastWitnessedHash !== witness.hash || witnessedRows !== witness.rows) {
    return {
      intact: false,
      checked,
      brokenRowId: witness.lastId,
      problem: 'witness-mismatch',
      reason:
        `row ${witness.lastId} is not the row witnessed at ${witness.witnessedAt} ` +
        `(${witness.rows} rows ending in hash ${witness.hash}): the chain was rebuilt`,
    };
  }
  return { intact: true, checked };
}
