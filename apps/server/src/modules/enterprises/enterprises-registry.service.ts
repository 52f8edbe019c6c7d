import type { Db } from '../../platform/database';
import {
  attachWaitingRecords,
  countEnterprises,
  type EntityRegistration,
  findEnterpriseByCreditCode,
  insertEnterprises,
  type NewEnterprise,
  refreshEntityStanding,
  refreshNameGramCounts,
  upsertEntities,
} from './enterprises.repository';

/** 主体登记 (Art. 29): registration records create or update their entities; answers the credit codes created. */
export function registerEntities(trx: Db, registrations: EntityRegistration[]): Promise<string[]> {
  return upsertEntities(trx, registrations);
}

/** The entity of a credit code (its id and current name), for features acting on behalf of one (objections). */
export async function findEntity(
  db: Db,
  creditCode: string,
): Promise<{ id: number; creditCode: string; name: string } | undefined> {
  const row = await findEnterpriseByCreditCode(db, creditCode);
  return row && { id: Number(row.id), creditCode: row.creditCode, name: row.name };
}

/** Records waiting in the matching queue for these credit codes attach to their entities; answers the entity ids. */
export function matchWaitingRecords(trx: Db, creditCodes: string[]): Promise<number[]> {
  return attachWaitingRecords(trx, creditCodes);
}

/** Recomputes the level and badges of entities whose records changed, in the caller's transaction. */
export function recomputeStanding(trx: Db, enterpriseIds: number[]): Promise<void> {
  return refreshEntityStanding(trx, enterpriseIds);
}

/** Adds entities in bulk with no registration record behind them: demo data, test factories, benchmarks. */
export function addEnterprises(db: Db, rows: NewEnterprise[]): Promise<void> {
  return insertEnterprises(db, rows);
}

export async function hasEnterprises(db: Db): Promise<boolean> {
  return (await countEnterprises(db)) > 0;
}

/** The name statistics of the search (bigram counts); answers how many grams. */
export function refreshNameStatistics(db: Db): Promise<number> {
  return refreshNameGramCounts(db);
}
