import type { DishonestyLevel, EntityBadge } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { listSupervisoryStandings } from './enterprises.repository';

/** 监管信用状况 (SPEC §3, Art. 17): the level and badges of every record in force, whatever its use scope. */
export interface SupervisoryStanding {
  creditCode: string;
  dishonestyLevel: DishonestyLevel | null;
  badges: EntityBadge[];
}

/**
 * The supervisory standing of entities by id, for what agencies do with an entity (credit checks, watch-lists): never
 * for a public page, which shows the public standing only. An id that names no entity is absent from the map.
 */
export async function getSupervisoryStanding(
  db: Db,
  enterpriseIds: number[],
): Promise<Map<number, SupervisoryStanding>> {
  const rows = await listSupervisoryStandings(db, enterpriseIds);
  return new Map(rows.map(({ id, ...standing }) => [id, standing]));
}
