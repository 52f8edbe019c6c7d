import {
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  type EntityBadge,
  type ItemRole,
  type RecordCategory,
} from '@gzcredit/domain';
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

/** One record in force, as far as a standing needs it. */
export interface StandingRecord {
  category: RecordCategory;
  /** The catalogue item's role (`serious_illegal_list`, `abnormal_list`, …); undefined for an item no longer current. */
  role: ItemRole | undefined;
  dishonestyLevel: DishonestyLevel | null;
}

/**
 * The standing that a set of records in force makes, by the rule refreshEntityStanding applies in SQL
 * (enterprises.repository.ts, badgesOf): the highest 失信等级 of the 不良 records; 黑名单 is a listing on 严重违法失信名单
 * whatever its level, a 严重失信 record of another item is 有严重失信记录, a listing on 经营异常名录 is 经营异常, and 良好
 * records with no 失信等级 are 守信. Credit checks show it over the records the checking agency may see (Art. 22(四)),
 * so that it reveals none that the agency may not see.
 */
export function standingOfRecords(records: readonly StandingRecord[]): Omit<SupervisoryStanding, 'creditCode'> {
  let rank = -1;
  for (const record of records)
    if (record.category === 'bad' && record.dishonestyLevel)
      rank = Math.max(rank, DISHONESTY_LEVELS.indexOf(record.dishonestyLevel));
  const dishonestyLevel = rank < 0 ? null : DISHONESTY_LEVELS[rank]!;
  const badges: EntityBadge[] = [];
  if (records.some((record) => record.role === 'serious_illegal_list')) badges.push('blacklisted');
  if (
    records.some(
      (record) =>
        record.category === 'bad' && record.role !== 'serious_illegal_list' && record.dishonestyLevel === 'severe',
    )
  )
    badges.push('severe_record');
  if (records.some((record) => record.role === 'abnormal_list')) badges.push('abnormal');
  if (dishonestyLevel === null && records.some((record) => record.category === 'good')) badges.push('trustworthy');
  return { dishonestyLevel, badges };
}
