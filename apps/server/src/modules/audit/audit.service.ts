import type { AuditRowDto, AuditVerificationDto, ListAuditQuery, ListAuditResponse } from '@gzcredit/contracts';
import { verifyAuditChain } from '../../platform/audit';
import type { Db } from '../../platform/database';
import { type AuditLogRow, listAuditRows } from './audit.repository';

function toAuditRowDto(row: AuditLogRow): AuditRowDto {
  return {
    id: Number(row.id),
    occurredAt: new Date(row.occurredAt).toISOString(),
    username: row.username,
    agencyId: row.agencyId === null ? null : Number(row.agencyId),
    ip: row.ip,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    result: row.result,
    requestId: row.requestId,
    details: (row.details ?? {}) as Record<string, unknown>,
  };
}

export async function searchAuditTrail(db: Db, filters: ListAuditQuery): Promise<ListAuditResponse> {
  const { rows, total } = await listAuditRows(db, filters);
  return { items: rows.map(toAuditRowDto), total };
}

/** Walks the whole SM3 chain (platform/audit.ts) and names the first broken row. */
export async function verifyAuditTrail(db: Db): Promise<AuditVerificationDto> {
  return verifyAuditChain(db);
}
