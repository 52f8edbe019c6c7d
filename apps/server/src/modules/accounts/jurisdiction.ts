import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { type AgencyRef, type BureauRef, filingBureauId, isInJurisdiction, oversightReach } from './accounts.policy';
import { type AgencyRow, findAgency } from './accounts.repository';
import { findMarketRegulationBureau, listJurisdictionAgencies, listRegionAgencyIds } from './agencies.repository';

/**
 * The bureau an `account.admin` acts for. Art. 19: accounts are allocated by the market-regulation departments, so an
 * administrator elsewhere allocates nothing.
 */
export function administeredBureau(actor: Actor): BureauRef {
  if (!actor.permissions.has('account.admin') || actor.agency.kind !== 'market_regulation') {
    throw new AppError('FORBIDDEN', '只有市场监管部门的系统管理员可以分配和管理账户');
  }
  return actor.agency;
}

export function toAgencyRef(row: AgencyRow): AgencyRef {
  return {
    id: Number(row.id),
    regionCode: row.regionCode,
    level: row.level,
    kind: row.kind,
    parentId: row.parentId === null ? null : Number(row.parentId),
  };
}

/** The agency when it is in the administrator's jurisdiction; otherwise it does not exist for them (404). */
export async function findAgencyInJurisdiction(db: Db, bureau: BureauRef, agencyId: number): Promise<AgencyRow> {
  const agency = await findAgency(db, agencyId);
  if (!agency || !isInJurisdiction(bureau, toAgencyRef(agency))) throw new AppError('AGENCY_NOT_FOUND');
  return agency;
}

export async function jurisdictionAgencyIds(db: Db, bureau: BureauRef): Promise<number[]> {
  return (await listJurisdictionAgencies(db, bureau)).map((agency) => Number(agency.id));
}

/**
 * The agencies whose transmissions (timeliness figures and every list or export built on them) the agency oversees,
 * by the one rule of `oversightReach` (Art. 5; a county commission its county, the province all).
 */
export async function overseenAgencyIds(db: Db, agency: AgencyRef): Promise<readonly number[] | 'all'> {
  const reach = oversightReach(agency);
  if (reach === 'all') return 'all';
  if (reach === 'jurisdiction') return jurisdictionAgencyIds(db, agency);
  return listRegionAgencyIds(db, reach.regionPrefix);
}

/** Art. 20: the bureau an agency files its managers with (and its users ask for a new password). */
export async function findFilingBureauId(db: Db, agency: AgencyRow): Promise<number | undefined> {
  const ref = toAgencyRef(agency);
  const sameRegionBureau =
    ref.kind === 'market_regulation' ? undefined : await findMarketRegulationBureau(db, agency.regionCode);
  return filingBureauId(ref, sameRegionBureau === undefined ? undefined : Number(sameRegionBureau.id));
}
