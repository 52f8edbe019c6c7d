import { sql } from 'kysely';
import { sm3Hex } from './crypto';
import type { Db } from './database';

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  accountId?: number | null;
  username?: string | null;
  agencyId?: number | null;
  ip?: string | null;
  /** Past tense, `<feature>.<verb>ed`: `account.created`, `session.signed-in`. */
  action: string;
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

/** Appends one audit row. Call it inside the transaction of the change it describes. */
export async function appendAudit(trx: Db, entry: AuditEntry): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
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

/** Appends an audit row in its own transaction: for events with no change to share one (sign-in failures, refusals). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.transaction().execute((trx) => appendAudit(trx, entry));
}

export type AuditVerification =
  | { intact: true; checked: number }
  | { intact: false; checked: number; brokenRowId: number; problem: AuditChainProblem; reason: string };

/** `broken-link`: the row does not chain to the row before it (that row was deleted or altered); `altered-row`: its own content changed. */
export type AuditChainProblem = 'broken-link' | 'altered-row';

/** Walks the whole chain in id order and names the first row whose hash or link does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 5_000): Promise<AuditVerification> {
  let previousHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await sql<AuditRow>`
      SELECT * FROM audit_log WHERE id > ${afterId} ORDER BY id LIMIT ${batchSize}`.execute(db);
    if (rows.length === 0) return { intact: true, checked };
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
      previousHash = row.hash;
      afterId = id;
      checked += 1;
    }
  }
}
