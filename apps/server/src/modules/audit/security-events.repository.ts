import type { SecurityEventKind } from '@gzcredit/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/database';

/** The audit actions that hand data out (downloads, exports, pulls, printed results): counted for mass downloads. */
export const DOWNLOAD_ACTIONS = [
  'sharing.exported',
  'file.downloaded',
  'upload.error-report-downloaded',
  'exchange.records-pulled',
  'check.printed',
  'timeliness.agencies-exported',
  'statistics.analysis-exported',
  'security.events-exported',
] as const;

export interface SecurityEventRow {
  kind: SecurityEventKind;
  firstId: number;
  firstAt: Date;
  lastAt: Date;
  count: number;
  username: string | null;
  agencyId: number | null;
  agencyName: string | null;
  ip: string | null;
  /** What the kind's rows say beyond their count: actions, reasons, the chain's problem. */
  detail: string | null;
}

export interface SecurityEventFilters {
  kinds: readonly SecurityEventKind[];
  /** Start of the first day and of the day after the last (China time). */
  from: Date;
  to: Date;
  /** The agencies whose rows are read; `all`: every row, those of no agency included. */
  agencyIds: readonly number[] | 'all';
  agencyId?: number;
  massDownloadPerHour: number;
  limit: number;
}

const HOUR = sql`date_trunc('hour', occurred_at)`;

/** Each kind as a grouping of the scoped audit rows: its condition, its grouping key and what its detail says. */
function kindQuery(kind: SecurityEventKind, threshold: number): RawBuilder<unknown> {
  const columns = (group: RawBuilder<unknown>, detail: RawBuilder<unknown>, having = sql`true`) => sql`
    SELECT ${kind}::text AS kind, min(id) AS first_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at,
      count(*) AS count, max(username) AS username, max(agency_id) AS agency_id, max(ip) AS ip, ${detail} AS detail
    FROM scoped WHERE ${group} HAVING ${having}`;
  switch (kind) {
    // Every verification that found the chain broken is one event (Art. 28: 篡改).
    case 'audit-chain-broken':
      return columns(
        sql`action = 'audit.verified' AND details->>'intact' = 'false' GROUP BY id`,
        sql`max(concat_ws('：', details->>'problem', details->>'brokenRowId'))`,
      );
    case 'mass-download':
      return columns(
        sql`action IN (${sql.join(DOWNLOAD_ACTIONS.map((action) => sql`${action}`))})
          GROUP BY account_id, agency_id, ${HOUR}`,
        sql`string_agg(DISTINCT action, ',')`,
        sql`count(*) >= ${threshold}`,
      );
    // The attempt that locked an account or network, and the attempts refused while it was locked.
    case 'sign-in-locked':
      return columns(
        sql`action = 'session.signed-in' AND ((result = 'failure' AND details->>'locked' = 'true')
          OR (result = 'denied' AND details->>'reason' = 'locked')) GROUP BY username, ip, ${HOUR}`,
        sql`NULL::text`,
      );
    // Refused for who it claimed to be (a bad signature, a revoked or unknown key, no grant), not for its content.
    case 'api-refused':
      return columns(
        sql`action = 'exchange.request-refused' AND details->>'status' IN ('401', '403')
          GROUP BY agency_id, details->>'keyId', ${HOUR}`,
        sql`string_agg(DISTINCT details->>'reason', ',')`,
      );
    // A signed-in account refused by a permission or aimed at another agency's object.
    case 'access-denied':
      return columns(
        sql`result = 'denied' AND account_id IS NOT NULL AND action <> 'session.signed-in'
          GROUP BY account_id, agency_id, ${HOUR}`,
        sql`string_agg(DISTINCT action, ',')`,
      );
    // The verifiable log's monitor found the log broken against its witnessed checkpoint (篡改): an event an hour, its
    // runs counted (the job runs every LOG_CHECKPOINT_MINUTES while the log stays broken).
    case 'log-inconsistent':
      return columns(
        sql`action = 'transparency.log-inconsistent' GROUP BY ${HOUR}`,
        sql`string_agg(DISTINCT details->>'reason', '；')`,
      );
    // Checkpoints signed but not written to LOG_WITNESS_DIR: tampering after them could go unnoticed (灭失 of evidence).
    case 'witness-failed':
      return columns(
        sql`action = 'transparency.witness-failed' GROUP BY ${HOUR}`,
        sql`string_agg(DISTINCT details->>'reason', '；')`,
      );
    case 'rate-limited':
      return columns(
        sql`action = 'request.rate-limited' GROUP BY ip, details->>'limiter', ${HOUR}`,
        sql`string_agg(DISTINCT details->>'limiter', ',')`,
      );
  }
}

/** The security events of the period, newest first, at most `limit` (the caller asks one more to know it truncated). */
export async function listSecurityEvents(db: Db, filters: SecurityEventFilters): Promise<SecurityEventRow[]> {
  if (filters.kinds.length === 0 || (filters.agencyIds !== 'all' && filters.agencyIds.length === 0)) return [];
  const scope = [
    sql`occurred_at >= ${filters.from}`,
    sql`occurred_at < ${filters.to}`,
    ...(filters.agencyIds === 'all' ? [] : [sql`agency_id = ANY(${filters.agencyIds.map(Number)}::bigint[])`]),
    ...(filters.agencyId ? [sql`agency_id = ${filters.agencyId}`] : []),
  ];
  const { rows } = await sql<SecurityEventRow>`
    WITH scoped AS (SELECT * FROM audit_log WHERE ${sql.join(scope, sql` AND `)})
    SELECT e.*, a.name AS agency_name
    FROM (${sql.join(
      filters.kinds.map((kind) => kindQuery(kind, filters.massDownloadPerHour)),
      sql` UNION ALL `,
    )}) e
    LEFT JOIN agencies a ON a.id = e.agency_id
    ORDER BY e.first_at DESC, e.first_id DESC
    LIMIT ${filters.limit}`.execute(db);
  return rows.map((row) => ({
    ...row,
    firstId: Number(row.firstId),
    firstAt: new Date(row.firstAt),
    lastAt: new Date(row.lastAt),
    count: Number(row.count),
    agencyId: row.agencyId === null ? null : Number(row.agencyId),
  }));
}
