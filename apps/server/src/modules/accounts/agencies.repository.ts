import type { AgencyLevel } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { AgencyRow } from './accounts.repository';

export type AgencyWithFilingRow = AgencyRow & { filingStatus: 'submitted' | 'accepted' | 'returned' | null };

function selectAgenciesWithFiling(db: Db) {
  return db
    .selectFrom('agencies as a')
    .selectAll('a')
    .select((eb) =>
      eb
        .selectFrom('managerFilings as f')
        .select('f.status')
        .whereRef('f.agencyId', '=', 'a.id')
        .orderBy('f.id', 'desc')
        .limit(1)
        .as('filingStatus'),
    );
}

/** Art. 19: the agencies of the bureau's region and level, and the bureaus one level below whose parent it is. */
export async function listJurisdictionAgencies(
  db: Db,
  bureau: { id: number; regionCode: string; level: AgencyLevel },
): Promise<AgencyWithFilingRow[]> {
  return selectAgenciesWithFiling(db)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.regionCode', '=', bureau.regionCode), eb('a.level', '=', bureau.level)]),
        eb.and([eb('a.kind', '=', 'market_regulation'), eb('a.parentId', '=', bureau.id)]),
      ]),
    )
    .orderBy('a.id')
    .execute();
}

/** The agencies whose region code starts with the prefix (a region and the regions below it, GB/T 2260). */
export async function listRegionAgencyIds(db: Db, regionPrefix: string): Promise<number[]> {
  const rows = await db.selectFrom('agencies').select('id').where('regionCode', 'like', `${regionPrefix}%`).execute();
  return rows.map((row) => Number(row.id));
}

export async function findAgencyWithFiling(db: Db, id: number): Promise<AgencyWithFilingRow | undefined> {
  return selectAgenciesWithFiling(db).where('a.id', '=', id).executeTakeFirst();
}

export async function findMarketRegulationBureau(db: Db, regionCode: string): Promise<AgencyRow | undefined> {
  return db
    .selectFrom('agencies')
    .selectAll()
    .where('regionCode', '=', regionCode)
    .where('kind', '=', 'market_regulation')
    .executeTakeFirst();
}
