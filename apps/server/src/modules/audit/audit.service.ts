import {
  type AuditRowDto,
  type AuditVerificationDto,
  auditActionsNamed,
  type ListAuditQuery,
  type ListAuditResponse,
} from '@gzcredit/contracts';
import { readAuditWitness, verifyAuditChain } from '../../platform/audit';
import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import { jurisdictionAgencyIds } from '../accounts';
import { type AuditLogRow, listAuditRows } from './audit.repository';

function toAuditRowDto(row: AuditLogRow): AuditRowDto {
  return {
    id: Number(row.id),
    occurredAt: new Date(row.occurredAt).toISOString(),
    username: row.username,
    agencyId: row.agencyId === null ? null : Number(row.agencyId),
    agencyName: row.agencyName,
    ip: row.ip,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    result: row.result,
    requestId: row.requestId,
    details: (row.details ?? {}) as Record<string, unknown>,
  };
}

/**
 * Whose rows an auditor reads (Rules Art. 19, 25; issue 14 item 6): the auditor of the provincial market-regulation
 * bureau the whole platform, rows of no agency (anonymous refusals) included; any other auditor the agencies of its
 * agency's jurisdiction (Art. 19: its own level in its region and the market-regulation bureaus directly below).
 */
export async function auditedAgencyIds(db: Db, actor: Actor): Promise<readonly number[] | 'all'> {
  if (actor.agency.kind === 'market_regulation' && actor.agency.level === 'province') return 'all';
  return jurisdictionAgencyIds(db, actor.agency);
}

export async function searchAuditTrail(db: Db, actor: Actor, filters: ListAuditQuery): Promise<ListAuditResponse> {
  // Codes are ASCII; text with any other character is a Chinese name, matched against every action's name.
  const action =
    filters.action && /[^\x20-\x7e]/.test(filters.action) ? auditActionsNamed(filters.action) : filters.action;
  const { rows, total } = await listAuditRows(db, { ...filters, action }, await auditedAgencyIds(db, actor));
  return { items: rows.map(toAuditRowDto), total };
}

/** Walks the whole SM3 chain (platform/audit.ts) and names the first broken row. */
/** The whole chain, and the rows after the latest witness of its head (rows deleted at the end show as missing). */
export async function verifyAuditTrail(db: Db, dataDir: string): Promise<AuditVerificationDto> {
  return verifyAuditChain(db, { witness: await readAuditWitness(dataDir) });
}
