import type { AgencyDetailDto, AgencyDto, CreateAgencyBody } from '@gzcredit/contracts';
import { regionName } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { isUniqueViolation } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { agencyCreationRefusal, isInJurisdiction } from './accounts.policy';
import { insertAgency } from './accounts.repository';
import { type AgencyWithFilingRow, findAgencyWithFiling, listJurisdictionAgencies } from './agencies.repository';
import { listLatestAcceptedManagers } from './filings.repository';
import { toManagerDto } from './filings.service';
import { administeredBureau, toAgencyRef } from './jurisdiction';

function toAgencyDto(row: AgencyWithFilingRow): AgencyDto {
  return {
    id: Number(row.id),
    name: row.name,
    regionCode: row.regionCode,
    regionName: regionName(row.regionCode) ?? row.regionCode,
    level: row.level,
    kind: row.kind,
    parentId: row.parentId === null ? null : Number(row.parentId),
    managerFilingStatus: row.filingStatus ?? 'none',
  };
}

/** An administrator sees its jurisdiction; everyone else their own agency. */
export async function listAgencies(db: Db, actor: Actor): Promise<AgencyDto[]> {
  if (actor.permissions.has('account.admin') && actor.agency.kind === 'market_regulation') {
    return (await listJurisdictionAgencies(db, actor.agency)).map(toAgencyDto);
  }
  const own = await findAgencyWithFiling(db, actor.agency.id);
  return own ? [toAgencyDto(own)] : [];
}

export async function getAgency(db: Db, actor: Actor, agencyId: number): Promise<AgencyDetailDto> {
  const row = await findAgencyWithFiling(db, agencyId);
  const isAdmin = actor.permissions.has('account.admin') && actor.agency.kind === 'market_regulation';
  const visible =
    row !== undefined &&
    (Number(row.id) === actor.agency.id || (isAdmin && isInJurisdiction(actor.agency, toAgencyRef(row))));
  if (!row || !visible) throw new AppError('AGENCY_NOT_FOUND');
  const managers = await listLatestAcceptedManagers(db, agencyId);
  return { ...toAgencyDto(row), managers: managers.map(toManagerDto) };
}

/** Art. 19: same-level agencies and the next lower bureaus, with the creating bureau as parent. */
export async function createAgency(db: Db, actor: Actor, body: CreateAgencyBody): Promise<AgencyDto> {
  const bureau = administeredBureau(actor);
  const refusal = agencyCreationRefusal(bureau, body);
  if (refusal) {
    throw new AppError(
      refusal.code,
      refusal.message,
      refusal.code === 'VALIDATION_FAILED' ? [{ field: 'regionCode', message: refusal.message }] : undefined,
    );
  }
  try {
    const row = await insertAgency(db, { ...body, parentId: bureau.id });
    return toAgencyDto({ ...row, filingStatus: null });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('AGENCY_ALREADY_EXISTS');
    throw error;
  }
}
